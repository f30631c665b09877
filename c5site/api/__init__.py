"""The pieces every endpoint of the read-only API shares.

- `pagination`: page-number pagination whose malformed parameters answer 400.
- `errors`: the JSON error body, the exception handler and the catch-all 404/405.
- `renderers`: CSV for list endpoints, safe against formula injection.
- `throttles`: the anonymous rate limit, read from settings at request time.
- `caching`: ETag, Last-Modified, 304 and Cache-Control for published data.
- `serializers`: citations and partial dates, the shapes every fact carries.
- `views`: the base viewset, the API root and the Popolo export.
"""
