"""HTTP helpers shared by the site and the API."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.http import ConditionalGetMiddleware
from django.urls import get_script_prefix, get_urlconf, reverse


class SuccessConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ETag/304 handling, for successful responses only.

    An error (400, 404, 503) must not carry an ETag: a client or shared cache would
    revalidate it and keep serving the error after the record has changed.
    """

    def needs_etag(self, response):
        return response.status_code == 200 and super().needs_etag(response)


@lru_cache(maxsize=32768)
def _reversed(viewname, args, kwargs, current_app, prefix, urlconf):
    return reverse(viewname, args=args or None, kwargs=dict(kwargs) or None, current_app=current_app)


def reverse_cached(viewname, **kwargs):
    """`reverse(viewname, kwargs=kwargs)`, remembered: a page of fifty meetings links a thousand
    sources, people and topics, and Django's reverse() costs tens of microseconds each. The
    script prefix and the URLconf in use are part of the key, so the path is the one reverse()
    would give now."""
    return paths()(viewname, **kwargs)


def paths():
    """`reverse_cached`, for the many links of one request: the script prefix and URLconf are read
    once (each read is a context-local lookup, most of a remembered path's cost)."""
    prefix, urlconf = get_script_prefix(), get_urlconf()
    return lambda viewname, **kwargs: _reversed(viewname, (), tuple(sorted(kwargs.items())), None, prefix, urlconf)


def reverse_remembered(viewname, args=(), kwargs=None, current_app=None):
    """`reverse()`, remembered as `reverse_cached` is, for the `{% url %}` tag (c5site/template_urls.py).
    Only strings and numbers are remembered: another object's text (a model's) may change."""
    kwargs = kwargs or {}
    if all(type(value) in (str, int) for value in (*args, *kwargs.values())):
        key = tuple(sorted(kwargs.items()))
        return _reversed(viewname, tuple(args), key, current_app, get_script_prefix(), get_urlconf())
    return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
