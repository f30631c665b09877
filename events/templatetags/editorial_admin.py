"""Template tags for the editors' admin: the review queue on the admin index."""

from django import template

from ..editing.views import review_queue as build_review_queue

register = template.Library()


@register.simple_tag
def review_queue(user):
    """What is waiting for `user`: to review, own drafts, changes requested, recently published."""
    return build_review_queue(user)
