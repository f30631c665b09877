"""The public website: pages read from the published record (events.published.reader) only."""
