"""The read-only API: the published record as JSON (and CSV), with filters and an OpenAPI schema."""
