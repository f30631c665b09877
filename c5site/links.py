"""Addresses of many records at once: reverse() a URL once, then join each slug or key into it.

A page of the API or of the site links 50 to hundreds of records; reverse() per link was a
visible part of their time."""

import re

from django.urls import reverse

# Values that are the same in a URL quoted or not, and that Django's slug and int converters accept.
_PLAIN = re.compile(r"[-\w]+", re.ASCII)
_PLACEHOLDER = "00000000000000000000"  # matches the slug and the integer converters


def url_maker(name, kwarg="slug", request=None):
    """A function value -> the address of view `name` with `kwarg`=value.

    Site-relative, or absolute (as `request.build_absolute_uri` makes it) when a request is given.
    A value that reverse() would quote or refuse goes through reverse() itself."""

    def address(path):
        return request.build_absolute_uri(path) if request is not None else path

    head, _, tail = address(reverse(name, kwargs={kwarg: _PLACEHOLDER})).rpartition(_PLACEHOLDER)

    def url(value):
        text = str(value)
        if _PLAIN.fullmatch(text):
            return f"{head}{text}{tail}"
        return address(reverse(name, kwargs={kwarg: value}))

    return url
