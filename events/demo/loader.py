"""Load the demo corpus: import the seed articles, then create the facts cited from them.

Idempotent: running it again changes nothing. Everything is loaded in one
transaction and checked before it commits, so a demo that breaks rule 1 never loads.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from c5site.records import Status
from c5site.text import content_hash
from people.models import Country, Organization, Person, Position

from ..editing.importing import import_file, publisher_for, read_article
from ..models import (
    Citation,
    Delegation,
    Meeting,
    MeetingTopic,
    Outcome,
    Participation,
    Place,
    PlaceName,
    Series,
    Source,
    Topic,
    Transition,
)
from ..published import publish
from . import facts
from .spellings import load_spellings


class DemoError(Exception):
    pass


def load_demo(articles_dir=None):
    """Load (or re-load) the demo corpus, published through revisions; return a dict of counts."""
    with transaction.atomic():
        return _load_demo(articles_dir)


def _load_demo(articles_dir):
    sources = _load_sources(Path(articles_dir or settings.DEMO_CORPUS_DIR))
    countries = {
        code: Country.objects.update_or_create(code=code, defaults={"name": name, "is_c5": c5})[0]
        for code, name, c5 in facts.COUNTRIES
    }
    organizations = {
        slug: Organization.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "country": countries[country]}
        )[0]
        for slug, name, kind, country in facts.ORGANIZATIONS
    }
    series = {
        slug: Series.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})[0]
        for slug, name, description in facts.SERIES
    }
    places = {}
    for slug, name, country, names in facts.PLACES:
        place = Place.objects.update_or_create(slug=slug, defaults={"name": name, "country": countries[country]})[0]
        for other, kind, from_year, to_year in names:
            PlaceName.objects.update_or_create(
                place=place, name=other, from_year=from_year, defaults={"kind": kind, "to_year": to_year}
            )
        places[slug] = place
    topics = {slug: Topic.objects.update_or_create(slug=slug, defaults={"name": name})[0] for slug, name in facts.TOPICS}

    people = {}
    for spec in facts.PEOPLE:
        person = Person.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "sort_name": spec["sort_name"],
                "aliases": spec.get("aliases", []),
                "country": countries[spec["country"]],
            },
        )[0]
        for position_spec in spec["positions"]:
            position = Position.objects.update_or_create(
                person=person,
                title=position_spec["title"],
                defaults={
                    "country": countries.get(position_spec.get("country")),
                    "organization": organizations.get(position_spec.get("organization")),
                },
            )[0]
            _cite(position, "", position_spec["citations"], sources)
        people[spec["slug"]] = person

    for spec in facts.MEETINGS:
        meeting = _load_meeting(spec, sources, countries, series, places, topics, people)
        if problems := meeting.uncited_facts():
            raise DemoError(f"{meeting.slug}: " + "; ".join(problems))

    published = _publish([*people.values(), *Meeting.objects.filter(slug__in=[m["slug"] for m in facts.MEETINGS])])
    load_spellings()
    return {
        "sources": len(sources),
        "people": len(people),
        "meetings": len(facts.MEETINGS),
        "citations": Citation.objects.count(),
        "newly published": published,
    }


def _load_sources(directory):
    sources = {}
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise DemoError(f"No seed articles in {directory}")
    for path in files:
        key = path.name[:3]
        article = read_article(path)
        source = Source.objects.filter(content_hash=content_hash(article.text)).first()
        if source is None:
            outcome = import_file(path)
            if outcome.status != "imported":
                raise DemoError(f"{path.name}: {outcome.reason}")
            source = outcome.source
        meta = facts.SOURCES.get(key, {})
        source.attribution = meta.get("attribution", "")
        source.publisher = publisher_for(meta["publisher"]) if meta.get("publisher") else None
        source.save()
        sources[key] = source
    return sources


def _load_meeting(spec, sources, countries, series, places, topics, people):
    date = spec["date"]
    start = _day(date.get("start"))
    meeting, _ = Meeting.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "kind": spec["kind"],
            "format": spec["format"],
            "series": series.get(spec["series"]),
            "ordinal": spec.get("ordinal"),
            "place": places.get(spec.get("place")),
            "place_name_reported": spec.get("place_name_reported", ""),
            "start_date": start,
            "end_date": _day(date.get("end")),
            "date_precision": date.get("precision", "unknown"),
            "date_not_after": _day(date.get("not_after")),
            "summary": spec["summary"],
        },
    )
    for field, citations in spec.get("citations", {}).items():
        _cite(meeting, field, citations, sources)
    for part in spec.get("participants", []):
        person = people[part["person"]]
        participation = Participation.objects.update_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "role": part["role"],
                "country": countries[part["country"]],
                "position": _position_held(person, meeting),
            },
        )[0]
        _cite(participation, "role", part["citations"], sources)
    for code, citations in spec.get("countries", {}).items():
        _cite(Delegation.objects.get_or_create(meeting=meeting, country=countries[code])[0], "", citations, sources)
    for slug, citations in spec.get("topics", {}).items():
        _cite(MeetingTopic.objects.get_or_create(meeting=meeting, topic=topics[slug])[0], "", citations, sources)
    for outcome_spec in spec.get("outcomes", []):
        outcome = Outcome.objects.update_or_create(
            meeting=meeting,
            kind=outcome_spec["kind"],
            description=outcome_spec["description"],
            defaults={"amount": outcome_spec.get("amount"), "currency": outcome_spec.get("currency", "")},
        )[0]
        _cite(outcome, "", outcome_spec["citations"], sources)
    return meeting


def _position_held(person, meeting):
    held = [p for p in person.positions.all() if p.may_cover(meeting.date_lo)]
    return held[0] if len(held) == 1 else None


def _cite(record, field, citations, sources):
    content_type = ContentType.objects.get_for_model(record)
    for source_key, quote, *rest in citations:
        stance = rest[0] if rest else Citation.Stance.SUPPORTS
        note = rest[1] if len(rest) > 1 else ""
        citation = Citation(content_type=content_type, object_id=record.pk, field=field, source=sources[source_key], quote=quote)
        if citation.locate() is None:
            raise DemoError(f"{record}: quote not found in article {source_key}: {quote!r}")
        Citation.objects.update_or_create(
            content_type=content_type,
            object_id=record.pk,
            field=field,
            source=sources[source_key],
            quote=quote,
            defaults={"stance": stance, "note": note},
        )


def _publish(records):
    """Publish the demo's records: revision 1 of new ones (at once), a new revision of any whose
    facts changed since it was loaded. Returns how many records got a revision."""
    now = timezone.now()
    new = [record for record in records if publish.current_revision(record) is None]
    for record in new:
        Transition.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            from_status=record.status,
            to_status=Status.PUBLISHED,
            comment="Loaded with the demo corpus.",
        )
        type(record).objects.filter(pk=record.pk).update(status=Status.PUBLISHED, published_at=now)
    publish.publish_all(
        meetings=[r.pk for r in new if isinstance(r, Meeting)], people=[r.pk for r in new if isinstance(r, Person)], now=now
    )
    changed = 0
    for record in records:
        if record in new:
            continue
        if publish.unpublished_changes(record):
            publish.publish(record, note="Updated from the demo corpus's articles.", now=now)
            changed += 1
    return len(new) + changed


def _day(text):
    return datetime.date.fromisoformat(text) if text else None
