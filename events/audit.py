"""Rule 1 checked over the whole record: what the public reads, and the working citations beside it.

The published facts are those of the current revisions: each must carry a supporting
citation, and each citation's quote must still stand at its offsets in its source's text (a
source edited since it was quoted is caught here, before anyone re-publishes). The working
citations are checked the same way, since a broken one blocks the next approval. Read in
batches, source by source, so it scales to millions of citations.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import orjson

from c5site.text import normalize

from .models import Citation, PublishedMeeting, PublishedPerson, Source

BATCH = 2000
MEETING_FIELDS = ("date", "place", "kind", "format", "ordinal", "summary")


@dataclass
class AuditReport:
    uncited: list = field(default_factory=list)  # published facts without a supporting citation
    broken: list = field(default_factory=list)  # published citations whose quote is no longer in their source
    broken_working: list = field(default_factory=list)  # working citations whose quote is not where they say
    checked_citations: int = 0
    checked_facts: int = 0

    @property
    def ok(self):
        return not (self.uncited or self.broken or self.broken_working)


def _stated(document, name):
    value = document[name] if name != "date" else None
    if name == "date":
        return document["date"]["precision"] != "unknown" or bool(document["date"]["not_after"])
    if name == "kind":
        return True
    if name == "format":
        return value != "unknown"
    return value not in (None, "")


def _facts(document):
    """(label, citations) of each fact a current revision shows."""
    if document["type"] == "meeting":
        by_field = defaultdict(list)
        for citation in document["citations"]:
            by_field[citation["field"]].append(citation)
        for name in MEETING_FIELDS:
            if _stated(document, name):
                yield f"meeting {document['slug']}: {name}", by_field[name]
        slug = document["slug"]
        for p in document["participants"]:
            yield f"meeting {slug}: participant {p['role']} (person {p['person']})", p["citations"]
        for d in document["countries"]:
            yield f"meeting {slug}: country {d['country']}", d["citations"]
        for t in document["topics"]:
            yield f"meeting {slug}: topic {t['topic']}", t["citations"]
        for o in document["outcomes"]:
            yield f"meeting {slug}: outcome {o['description'][:60]}", o["citations"]
    else:
        for position in document["positions"]:
            yield f"person {document['slug']}: position {position['title'][:60]}", position["citations"]


def _texts(ids):
    return dict(Source.objects.filter(pk__in=ids).values_list("pk", "text"))


def _check_published(report):
    """Every fact of every current revision cited, and every quote still in its source (batch by batch)."""
    for index in (PublishedMeeting, PublishedPerson):
        rows = index.objects.filter(is_retracted=False).order_by("pk").values_list("revision__body", flat=True)
        batch = []
        for body in rows.iterator(chunk_size=BATCH):
            batch.append(orjson.loads(body))
            if len(batch) == BATCH:
                _check_batch(report, batch)
                batch = []
        _check_batch(report, batch)


def _check_batch(report, documents):
    facts = [fact for document in documents for fact in _facts(document)]
    texts = _texts({c["source"] for _, citations in facts for c in citations})
    for label, citations in facts:
        report.checked_facts += 1
        if not any(c["stance"] == "supports" for c in citations):
            report.uncited.append(f"{label} — no supporting citation")
        for citation in citations:
            report.checked_citations += 1
            text = texts.get(citation["source"], "")
            if normalize(text[citation["start"] : citation["end"]]) != normalize(citation["quote"]):
                report.broken.append(
                    f"{label}: citation {citation['id']} (source {citation['source']}) — the published quote is no "
                    f"longer in the source: “{citation['quote'][:80]}”"
                )


def _check_working(report):
    """Every working citation's quote where it says it stands (read source by source)."""
    current, text = None, ""
    rows = Citation.objects.order_by("source_id", "pk").values_list("pk", "source_id", "quote", "start", "end")
    for pk, source_id, quote, start, end in rows.iterator(chunk_size=5 * BATCH):
        if source_id != current:
            current, text = source_id, _texts([source_id]).get(source_id, "")
        report.checked_citations += 1
        if start is None or normalize(text[start:end]) != normalize(quote):
            report.broken_working.append(f"citation {pk} (source {source_id}): quote not found — “{quote[:80]}”")


def audit():
    report = AuditReport()
    _check_published(report)
    _check_working(report)
    return report
