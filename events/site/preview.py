"""The admin's preview of a record: its public page rendered from a document built from the working rows.

The same template and context as the published page (events.site.records), with a banner saying
it is a preview; sent with never-cache headers, to staff only (the admin's views check that).
"""

from django.template.response import TemplateResponse

from ..published.reader import resolve

TEMPLATES = {"meeting": "events/meeting_detail.html", "person": "events/person_detail.html"}


def render(request, document, names, *, review_url):
    """The public page of `document` (unpublished), its names resolved by `names`."""
    resolved = resolve(document, names.load([document]))
    context = {document["type"]: resolved, "preview": True, "review_url": review_url}
    return TemplateResponse(request, TEMPLATES[document["type"]], context)
