"""Site-wide views: robots.txt and the error pages."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Crawlers may read the public record, not the admin or the API's interactive docs."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('events:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def site_context(request):
    """What every page's head and header need: the site's name and the page's canonical address."""
    return {
        "site_name": getattr(settings, "SITE_NAME", "C5+1 Record"),
        "canonical_url": canonical_url(request),
        "section": request.path.strip("/").split("/", 1)[0],
    }


def canonical_url(request):
    """The page's absolute address, or "" where the request's Host is not one of ALLOWED_HOSTS: the
    400 page that answers such a request is rendered with this context too, and must not fail."""
    try:
        return request.build_absolute_uri(request.path)
    except DisallowedHost:
        return ""
