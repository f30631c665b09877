"""The admin's preview of a record: its public page rendered from a document built from the working rows.

The same context builder and template as the published page (events.site.records), with a
banner saying it is a preview and linking back to the review; sent with never-cache headers, to
staff only (the admin's views check that).
"""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from ..published.reader import resolve
from . import records


def render(request, document, names, *, review_url):
    """The public page of `document` (unpublished), its names resolved by `names`."""
    resolved = resolve(document, names.load([document]))
    if document["type"] == "meeting":
        template = records.MEETING_TEMPLATE
        context = records.meeting_context(resolved, build_uri=request.build_absolute_uri, preview=True)
    else:
        template = records.PERSON_TEMPLATE
        context = records.person_context(resolved, preview=True)
    context.update(preview=True, review_url=review_url)
    response = TemplateResponse(request, template, context)
    add_never_cache_headers(response)
    return response
