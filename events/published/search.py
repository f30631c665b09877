"""Search over the published record: which public meetings, people and sources match what a reader typed.

A first, plain version (every word must occur in the record's `search_text`, case-insensitively);
the interface is what the site and the API call.
"""

from django.db.models import Q

MAX_QUERY_CHARS = 200


class SearchError(ValueError):
    """The query cannot be searched; the message says why, for the reader."""


def words(text):
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(f"Search for at most {MAX_QUERY_CHARS} characters.")
    return [word for word in text.split(" ") if word]


def _matching(queryset, text):
    condition = Q()
    for word in words(text):
        condition &= Q(search_text__icontains=word)
    return queryset.filter(condition)


def filter_meetings(queryset, text):
    """`queryset` (of PublishedMeeting) narrowed to the meetings that match `text`."""
    return _matching(queryset, text)


def filter_people(queryset, text):
    """`queryset` (of PublishedPerson) narrowed to the people that match `text`."""
    return _matching(queryset, text)


def filter_sources(queryset, text):
    """`queryset` (of PublishedReference of kind "source") narrowed to the sources that match `text`."""
    return _matching(queryset, text)
