"""How well the desk reads articles: precision and recall on the five seed articles.

The truth is the demo corpus's facts (events/demo/facts.py): for each article, the facts that
cite it with a supporting passage — participants (person and role), meeting dates, places,
topics and outcome kinds. The desk's proposals are what it ticks by default for the article:
the meeting it drafts and the other meetings it reports with their date or place (what the text
says of the founding of the format is not counted: the desk marks it and offers nothing).

Matching, per article:
- a participant: the same person, and roles that agree once lower-cased without articles,
  country names and adjectives ("US Special Representative for Afghanistan" = "Special
  Representative for Afghanistan"): the words of one within the other's;
- a date: the record's date lies within the proposed one, which is no wider than a month (a
  day, a range of days or a month), or is "on or before" a day no more than a week after it;
- places, topics and outcome kinds: equal.

Two runs: "warm", the demo record loaded (its people known and its meetings matched, as on an
editor's desk: an undated "July 27-28" is read in the year of the meeting it fits), and "cold",
only reference data and the gazetteer (a new corpus: every person is new, no meeting known).

    .venv/bin/python bench/extraction.py
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")

KINDS = ["participants", "dates", "places", "topics", "outcomes"]


def truth(facts):
    """{article key: {kind: set}} from the demo corpus's facts."""
    from c5site.partial_dates import PartialDate  # noqa: PLC0415

    result = {}

    def add(article, kind, value):
        result.setdefault(article, {k: set() for k in KINDS})[kind].add(value)

    def supporting(citations):
        return {c[0] for c in citations if len(c) < 3 or c[2] != "contradicts"}

    topics = dict(facts.TOPICS)
    for meeting in facts.MEETINGS:
        spec = meeting["date"]
        date = PartialDate(
            _day(spec.get("start")), spec.get("precision", "unknown"), _day(spec.get("end")), _day(spec.get("not_after"))
        )
        for article in supporting(meeting["citations"].get("date", [])):
            add(article, "dates", date.range())
        for article in supporting(meeting["citations"].get("place", [])):
            add(article, "places", meeting["place"])
        for part in meeting.get("participants", []):
            for article in supporting(part["citations"]):
                add(article, "participants", (part["person"], part["role"]))
        for slug, citations in meeting.get("topics", {}).items():
            for article in supporting(citations):
                add(article, "topics", topics[slug])
        for outcome in meeting.get("outcomes", []):
            for article in supporting(outcome["citations"]):
                add(article, "outcomes", outcome["kind"])
    return result


def proposals(reading, match=None):
    """{kind: set} of what the desk ticks by default for an article (with the known meeting it fits)."""
    from django.utils.text import slugify  # noqa: PLC0415

    found = {k: set() for k in KINDS}
    people = [p for p in reading.participants if p.accepted]
    meetings = [e for e in reading.other_events if e.is_meeting]
    for event in meetings:
        people += [p for p in event.participants if p.accepted]
        if event.date is not None:
            found["dates"].add(event.date.range())
        if event.place:
            found["places"].add(slugify(event.place[1]))
    for person in people:
        for role in [person.role, *person.other_roles]:
            found["participants"].add((slugify(person.person.name if person.person else person.name), role))
    date = reading.facts.get("date")
    if date and (date.value.is_known or date.value.not_after):
        found["dates"].add(date.value.range())
    if match is not None and match.date is not None and match.date.is_known:
        found["dates"].add(match.date.range())  # "July 27-28" read in the year of the meeting it fits
    if place := reading.facts.get("place"):
        found["places"].add(slugify(place.value[1]))
    found["topics"] = {t.value for t in reading.topics if t.accepted}
    found["outcomes"] = {o.value for o in reading.outcomes if o.accepted}
    return found


_DROP = {
    "the",
    "of",
    "for",
    "a",
    "us",
    "u.s.",
    "republic",
    "kazakh",
    "kazakhstan",
    "kyrgyzstan",
    "kyrgyz",
    "tajik",
    "tajikistan",
    "turkmen",
    "turkmenistan",
    "uzbek",
    "uzbekistan",
    "united",
    "states",
    "american",
}


def _words(role):
    return {w for w in re.findall(r"[\w.-]+", role.lower().replace("’", "'")) if w not in _DROP}


def matches(kind, proposed, true):
    if kind == "participants":
        (person, role), (true_person, true_role) = proposed, true
        a, b = _words(role), _words(true_role)
        return person == true_person and bool(a) and bool(b) and (a <= b or b <= a)
    if kind == "dates":
        (low, high), (true_low, true_high) = proposed, true
        if low is None:  # on or before `high`
            return high is not None and true_high is not None and 0 <= (high - true_high).days <= 7
        if true_low is None or true_high is None:
            return False
        return low <= true_low and true_high <= high and (high - low).days <= 31
    return proposed == true


def score(pairs):
    """(precision, recall, proposed, true) over [(proposed set, true set, kind)] of one kind."""
    proposed = sum(len(p) for p, _, _ in pairs)
    true = sum(len(t) for _, t, _ in pairs)
    right = found = 0
    for p, t, kind in pairs:
        right += sum(1 for x in p if any(matches(kind, x, y) for y in t))
        found += sum(1 for y in t if any(matches(kind, x, y) for x in p))
    precision = right / proposed if proposed else 1.0
    recall = found / true if true else 1.0
    return precision, recall, proposed, true


def run(label, knowledge, sources, facts, *, match_record, verbose=False):
    from events.editing.desk import match_meeting  # noqa: PLC0415
    from events.editing.extraction import read, reference_day  # noqa: PLC0415

    expected = truth(facts)
    per_kind = {kind: [] for kind in KINDS}
    for key, source in sources.items():
        reading = read(source.text, reference_day(source), knowledge, title=source.title)
        found = proposals(reading, match_meeting(reading, source) if match_record else None)
        for kind in KINDS:
            per_kind[kind].append((found[kind], expected.get(key, {}).get(kind, set()), kind))
            if verbose:
                missed = [y for y in expected.get(key, {}).get(kind, set()) if not any(matches(kind, x, y) for x in found[kind])]
                extra = [x for x in found[kind] if not any(matches(kind, x, y) for y in expected.get(key, {}).get(kind, set()))]
                if missed or extra:
                    print(f"  {key} {kind}: missed {sorted(map(str, missed))} extra {sorted(map(str, extra))}")
    print(f"\n{label}")
    print(f"{'':14}{'precision':>10}{'recall':>8}{'proposed':>10}{'true':>6}")
    for kind in KINDS:
        precision, recall, proposed, true = score(per_kind[kind])
        print(f"{kind:14}{precision:>10.2f}{recall:>8.2f}{proposed:>10}{true:>6}")


def _day(text):
    import datetime  # noqa: PLC0415

    return datetime.date.fromisoformat(text) if text else None


def main():
    import django  # noqa: PLC0415

    django.setup()
    from django.db import connection  # noqa: PLC0415

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from events.demo import facts  # noqa: PLC0415
        from events.demo.loader import load_demo  # noqa: PLC0415
        from events.editing.extraction import Knowledge  # noqa: PLC0415
        from events.models import Source  # noqa: PLC0415

        load_demo()
        sources = {s.imported_from[:3]: s for s in Source.objects.order_by("imported_from")}
        verbose = "-v" in sys.argv
        print(f"Extraction on the {len(sources)} seed articles against events/demo/facts.py")
        run(
            "warm: the demo record known (its people, and its meetings to match)",
            Knowledge.load(),
            sources,
            facts,
            match_record=True,
            verbose=verbose,
        )
        run(
            "cold: reference data and the gazetteer only",
            Knowledge.load(record_people=False),
            sources,
            facts,
            match_record=False,
            verbose=verbose,
        )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
