"""Rule 1 checked over the whole record, set by set so it scales to millions of citations."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from c5site.partial_dates import Precision
from c5site.text import normalize
from people.models import Person, Position

from .models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Source


@dataclass
class AuditReport:
    uncited: list = field(default_factory=list)  # published facts without a valid supporting citation
    broken: list = field(default_factory=list)  # citations whose quote is not where they say
    checked_citations: int = 0
    checked_facts: int = 0

    @property
    def ok(self):
        return not self.uncited and not self.broken


def audit():
    report = AuditReport()
    supported = set()
    broken_targets = set()
    source_text = {}
    current_source = None
    citations = Citation.objects.order_by("source_id", "pk").values_list(
        "pk", "source_id", "content_type_id", "object_id", "field", "quote", "start", "end", "stance"
    )
    for pk, source_id, type_id, object_id, fact_field, quote, start, end, stance in citations.iterator(chunk_size=5000):
        report.checked_citations += 1
        if source_id != current_source:
            source_text = Source.objects.filter(pk=source_id).values_list("text", flat=True).first() or ""
            current_source = source_id
        if start is None or normalize(source_text[start:end]) != normalize(quote):
            report.broken.append(f"citation {pk} (source {source_id}): quote not found — “{quote[:80]}”")
            broken_targets.add((type_id, object_id, fact_field))
        elif stance == Citation.Stance.SUPPORTS:
            supported.add((type_id, object_id, fact_field))
    supported_rows = {(t, o) for t, o, _ in supported}
    types = ContentType.objects.get_for_models(Meeting, Participation, Delegation, MeetingTopic, Outcome, Position)

    published = Meeting.objects.published()
    meeting_type = types[Meeting].pk
    rows = published.values_list("pk", "slug", "date_precision", "date_not_after", "place_id", "format", "ordinal", "summary")
    for pk, slug, precision, not_after, place_id, fmt, ordinal, summary in rows.iterator(chunk_size=5000):
        stated = {
            "date": precision != Precision.UNKNOWN or not_after is not None,
            "place": place_id is not None,
            "kind": True,
            "format": fmt != Meeting.Format.UNKNOWN,
            "ordinal": ordinal is not None,
            "summary": bool(summary.strip()),
        }
        for name, is_stated in stated.items():
            if is_stated:
                report.checked_facts += 1
                if (meeting_type, pk, name) not in supported:
                    report.uncited.append(f"meeting {slug}: {name} — no valid citation")

    children = [
        (Participation, "participation", Participation.objects.filter(meeting__in=published), "person__name"),
        (Delegation, "country", Delegation.objects.filter(meeting__in=published), "country__name"),
        (MeetingTopic, "topic", MeetingTopic.objects.filter(meeting__in=published), "topic__name"),
        (Outcome, "outcome", Outcome.objects.filter(meeting__in=published), "description"),
        (Position, "position", Position.objects.filter(person__in=Person.objects.published()), "title"),
    ]
    for model, label, queryset, name_field in children:
        type_id = types[model].pk
        for pk, slug, name in queryset.values_list("pk", _owner_slug(model), name_field).iterator(chunk_size=5000):
            report.checked_facts += 1
            if (type_id, pk) not in supported_rows:
                report.uncited.append(f"{_owner(model)} {slug}: {label}: {str(name)[:60]} — no valid citation")
    return report


def _owner(model):
    return "person" if model is Position else "meeting"


def _owner_slug(model):
    return "person__slug" if model is Position else "meeting__slug"
