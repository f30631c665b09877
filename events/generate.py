"""A large, realistic, deterministic record for benchmarks: `manage.py generate_corpus`.

Every fact is cited from a generated article whose text really contains the quote at
the stored offsets, so the rules still hold and `audit_citations` passes at any scale.
Rows are written with COPY on PostgreSQL and batched INSERTs elsewhere, with explicit
ids, chunk by chunk, so memory stays flat whatever the size. Then everything generated is
published as an approval would publish it (events.published.publish.publish_all: revision 1
of each meeting and person, the index rows, the reference data they show), so the public
pages and the API, which read the published record only, show the generated corpus.
"""

import datetime
import io
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from c5site.partial_dates import PartialDate, Precision
from c5site.text import content_hash
from events.published.publish import raise_version
from people.models import Country, Organization, Person, Position

from .models import (
    Citation,
    CitationBucket,
    FacetCount,
    Meeting,
    MeetingFacet,
    MeetingTopic,
    Outcome,
    Participation,
    Place,
    PublishedCitation,
    PublishedMeeting,
    PublishedPerson,
    PublishedReference,
    Revision,
    Series,
    Source,
    Topic,
)
from .published import publish

PUBLISHED = [
    Revision,
    PublishedMeeting,
    MeetingFacet,
    FacetCount,
    PublishedPerson,
    PublishedReference,
    PublishedCitation,
    CitationBucket,
]
COUNTRIES = [
    ("KZ", "Kazakhstan", True, "Astana"),
    ("KG", "Kyrgyzstan", True, "Bishkek"),
    ("TJ", "Tajikistan", True, "Dushanbe"),
    ("TM", "Turkmenistan", True, "Ashgabat"),
    ("UZ", "Uzbekistan", True, "Tashkent"),
    ("US", "United States", False, "Washington"),
    ("JP", "Japan", False, "Tokyo"),
    ("KR", "South Korea", False, "Seoul"),
    ("CN", "China", False, "Xi'an"),
    ("IN", "India", False, "New Delhi"),
    ("DE", "Germany", False, "Berlin"),
]
SERIES = [
    ("c5-1", "C5+1", "US"),
    ("central-asia-japan", "Central Asia + Japan", "JP"),
    ("central-asia-korea", "Central Asia – Republic of Korea", "KR"),
    ("c5-china", "China–Central Asia", "CN"),
    ("india-central-asia", "India–Central Asia Dialogue", "IN"),
    ("c5-germany", "Central Asia + Germany", "DE"),
]
TOPICS = [
    "Afghanistan",
    "Security",
    "Counter-terrorism",
    "Economy and trade",
    "Energy",
    "Environment and climate",
    "Transit and transport",
    "Water management",
    "Humanitarian assistance",
    "Human rights",
    "Education",
    "Health",
    "Regional cooperation",
    "Critical minerals",
    "Digital connectivity",
    "Border management",
]
FIRST = [
    "Aibek",
    "Askar",
    "Bakyt",
    "Daniyar",
    "Erlan",
    "Farhod",
    "Gulnara",
    "Ilhom",
    "Jamshid",
    "Kairat",
    "Laura",
    "Madina",
    "Nurlan",
    "Olim",
    "Parviz",
    "Rustam",
    "Saida",
    "Timur",
    "Ulugbek",
    "Zarina",
    "John",
    "Mary",
    "Robert",
    "Linda",
    "David",
    "Susan",
    "Kenji",
    "Yuki",
    "Min-jun",
    "Ji-woo",
    "Wei",
    "Li",
    "Arjun",
    "Priya",
    "Anna",
    "Lukas",
    "Sofia",
    "Dilnoza",
    "Bahrom",
    "Azamat",
]
LAST = [
    "Abdullaev",
    "Bekov",
    "Dzhaksybekov",
    "Ergashev",
    "Ibragimov",
    "Jumabaev",
    "Karimov",
    "Kasymov",
    "Mamytov",
    "Nazarov",
    "Omarov",
    "Rahimov",
    "Saidov",
    "Tashiev",
    "Usmanov",
    "Yusupov",
    "Zhumagulov",
    "Smith",
    "Johnson",
    "Brown",
    "Miller",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Wang",
    "Zhang",
    "Sharma",
    "Gupta",
    "Schmidt",
    "Weber",
    "Alimov",
    "Berdiev",
    "Charyev",
    "Durdyev",
    "Gurbanov",
    "Hojamuradov",
    "Meredov",
    "Orazov",
    "Rejepov",
]
TITLES = [
    "Minister of Foreign Affairs",
    "Deputy Minister of Foreign Affairs",
    "Ambassador-at-Large",
    "Special Representative",
    "Director of the Department of Asia",
    "Deputy Prime Minister",
    "Minister of Economy",
    "Minister of Energy",
    "Assistant Secretary of State",
    "Envoy for Central Asia",
]
KINDS = [
    ("ministerial", 40),
    ("working_group", 20),
    ("bilateral", 15),
    ("special_session", 8),
    ("video_conference", 7),
    ("phone_call", 6),
    ("summit", 4),
]
FILLER = [
    "The format brings together the five Central Asian states and a partner country for regular consultations.",
    "Officials noted that the dialogue has become an effective platform for interaction between the countries.",
    "The parties emphasized the importance of a coordinated approach to shared regional challenges.",
    "Observers say the region remains a focus of attention for its partners in trade and security.",
    "The sides expressed readiness to continue the dialogue at the next meeting of ministers.",
    "Experts note that such formats allow the countries of the region to determine joint directions of effort.",
]


@dataclass
class Scale:
    meetings: int
    people: int
    sources: int

    @classmethod
    def for_meetings(cls, meetings):
        """The demo corpus's proportions: 1 person per 5 meetings, 1 source per 2 meetings."""
        return cls(meetings=meetings, people=max(meetings // 5, 8), sources=max(meetings // 2, 1))


class Writer:
    """Appends rows to tables: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts = {}

    def write(self, model, columns, rows):
        if not rows:
            return
        columns, rows = _with_defaults(model, columns, rows)
        table = model._meta.db_table
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)
        self.counts[table] = self.counts.get(table, 0) + len(rows)

    def reset_sequences(self, models):
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
                )

    def analyze(self, models):
        """Give PostgreSQL's planner the tables' new sizes. Without it, the publication that
        follows (same transaction, so autovacuum sees none of the rows) planned sequential scans
        of a million citations per batch of meetings: about half an hour instead of minutes."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models))


def _with_defaults(model, columns, rows):
    """`columns` and `rows` with the model's other NOT NULL columns added at their defaults (the
    Versioned mixin's `version`, a citation's `rank`…): SQL written here gets none from Django, and
    a field a model gains later must not break the generator. A NOT NULL column with no default
    that the caller leaves out is an error, named."""
    missing = [f for f in model._meta.concrete_fields if f.column not in columns and not f.null and not f.primary_key]
    if not missing:
        return columns, rows
    extra = []
    for field in missing:
        value = field.get_default()
        if value is None:
            raise ValueError(f"{model._meta.label}.{field.name} is required and has no default: the generator must set it.")
        value = field.get_db_prep_save(value, connection)
        extra.append(str(value) if isinstance(value, str) else value)  # a TextChoices member as a plain str
    extra = tuple(extra)
    return [*columns, *(f.column for f in missing)], [(*row, *extra) for row in rows]


def _next_id(model):
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def _reference_data():
    countries = {
        code: Country.objects.get_or_create(code=code, defaults={"name": name, "is_c5": c5})[0]
        for code, name, c5, _capital in COUNTRIES
    }
    places = {
        code: Place.objects.get_or_create(name=capital, country=countries[code], defaults={"slug": slugify(f"{capital}-{code}")})[
            0
        ]
        for code, _name, _c5, capital in COUNTRIES
    }
    series = [(Series.objects.get_or_create(slug=slug, defaults={"name": name})[0], partner) for slug, name, partner in SERIES]
    topics = [Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in TOPICS]
    publishers = [
        Organization.objects.get_or_create(
            slug=f"central-asia-wire-{i}", defaults={"name": f"Central Asia Wire {i}", "kind": Organization.Kind.MEDIA}
        )[0]
        for i in range(1, 9)
    ]
    return countries, places, series, topics, publishers


def _date_for(rng):
    """A meeting date in the demo's proportions of precision, between 2015 and 2025."""
    day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(11 * 365))
    roll = rng.random()
    if roll < 0.80:
        end = day + datetime.timedelta(days=1) if rng.random() < 0.15 else None
        return PartialDate(day, Precision.DAY, end)
    if roll < 0.88:
        return PartialDate(day.replace(day=1), Precision.MONTH)
    if roll < 0.92:
        return PartialDate(day.replace(month=1, day=1), Precision.YEAR)
    if roll < 0.96:
        return PartialDate(None, Precision.UNKNOWN, not_after=day)
    return PartialDate(None, Precision.UNKNOWN)


def _date_phrase(date):
    if date.precision == Precision.DAY:
        return f"on {date.start:%B} {date.start.day}, {date.start.year}"
    if date.precision == Precision.MONTH:
        return f"in {date.start:%B} {date.start.year}"
    if date.precision == Precision.YEAR:
        return f"in {date.start.year}"
    return "recently"


class Article:
    """Sentences of one generated article, with the offsets of each as it is built."""

    def __init__(self):
        self.buffer = io.StringIO()
        self.length = 0

    def add(self, sentence, *, paragraph=False):
        if self.length:
            sep = "\n\n" if paragraph else " "
            self.buffer.write(sep)
            self.length += len(sep)
        start = self.length
        self.buffer.write(sentence)
        self.length += len(sentence)
        return start, self.length

    def text(self):
        return self.buffer.getvalue()


def generate(meetings, *, seed=42, chunk=5000, progress=None):
    """Create a published record of `meetings` meetings in the demo's proportions; return row counts."""
    rng = random.Random(seed)
    scale = Scale.for_meetings(meetings)
    writer = Writer()
    now = timezone.now()
    types = ContentType.objects.get_for_models(Meeting, Participation, MeetingTopic, Outcome, Position)
    ct = {model: types[model].pk for model in types}
    with transaction.atomic():
        countries, places, series, topics, publishers = _reference_data()
        codes = list(countries)
        c5_codes = [c for c in codes if countries[c].is_c5]

        # People and their positions.
        person_id0, position_id0 = _next_id(Person), _next_id(Position)
        people = []  # (id, name, country code, position id, title)
        person_rows, position_rows = [], []
        for i in range(scale.people):
            pid = person_id0 + i
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            code = rng.choice(c5_codes) if rng.random() < 0.7 else rng.choice(codes)
            title = rng.choice(TITLES)
            people.append((pid, name, code, position_id0 + i, title))
            first, last = name.split(" ", 1)
            person_rows.append(
                (
                    pid,
                    "published",
                    now,
                    now,
                    now,
                    1,
                    "",
                    name,
                    f"{last}, {first}",
                    f"gen-{name.lower().replace(' ', '-')}-{pid}",
                    "[]",
                    countries[code].pk,
                    "",
                    "",
                )
            )
            position_rows.append((position_id0 + i, pid, title, countries[code].pk, "unknown", "unknown"))
        writer.write(
            Person,
            [
                "id",
                "status",
                "created_at",
                "updated_at",
                "published_at",
                "version",
                "public_notice",
                "name",
                "sort_name",
                "slug",
                "aliases",
                "country_id",
                "wikidata_id",
                "summary",
            ],
            person_rows,
        )
        writer.write(Position, ["id", "person_id", "title", "country_id", "start_precision", "end_precision"], position_rows)
        by_country = {}
        for person in people:
            by_country.setdefault(person[2], []).append(person)

        ids = {model: _next_id(model) for model in (Meeting, Participation, MeetingTopic, Outcome, Source, Citation)}
        meeting_id0 = ids[Meeting]
        kinds = [k for k, weight in KINDS for _ in range(weight)]
        meetings_per_source = max(1, -(-meetings // scale.sources))
        meeting_index = 0
        pending = []
        for source_index in range(scale.sources):
            if meeting_index >= meetings:
                break
            batch = _Batch()
            source_id = ids[Source]
            ids[Source] += 1
            article = Article()
            article.add(rng.choice(FILLER))
            # The position of the person this source speaks of, where there is one.
            if source_index < len(people):
                pid, name, code, position_id, title = people[source_index]
                start, end = article.add(f"{name} serves as {title} of {countries[code].name}.")
                batch.citation(ids, source_id, ct[Position], position_id, "", article, start, end)
            for _ in range(meetings_per_source):
                if meeting_index >= meetings:
                    break
                _one_meeting(
                    rng,
                    batch,
                    ids,
                    ct,
                    source_id,
                    article,
                    meeting_index,
                    now,
                    kinds,
                    series,
                    countries,
                    places,
                    topics,
                    by_country,
                    people,
                )
                meeting_index += 1
            article.add(rng.choice(FILLER), paragraph=True)
            article.add(rng.choice(FILLER))
            text = article.text()
            published_on = batch.latest_date or datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(4000))
            batch.sources.append(
                (
                    source_id,
                    f"Ministers meet: report {source_id}",
                    rng.choice(publishers).pk,
                    "",
                    published_on,
                    "day",
                    "en",
                    text,
                    content_hash(text),
                    "",
                    "generated",
                    now,
                    now,
                )
            )
            batch.finish(text)
            pending.append(batch)
            if len(pending) * meetings_per_source >= chunk or meeting_index >= meetings:
                _flush(writer, pending)
                if progress:
                    progress(meeting_index, meetings)
        _flush(writer, pending)
        written = [Person, Position, Meeting, Participation, MeetingTopic, Outcome, Source, Citation]
        writer.reset_sequences(written)
        writer.analyze(written)
        # What the public reads: revision 1 of each new meeting and person, their index rows and the
        # reference data they show, written by the publishing code itself (one record version).
        if progress:
            progress(meetings, meetings, "publishing")
        publish.publish_all(meetings=range(meeting_id0, ids[Meeting]), people=[p[0] for p in people], now=now)
        writer.counts["revisions"] = Revision.objects.filter(created_at=now).count()
        writer.analyze(PUBLISHED)
        transaction.on_commit(raise_version)
    return writer.counts


class _Batch:
    """The rows that one generated article and its meetings add."""

    def __init__(self):
        self.meetings, self.participations, self.topics, self.outcomes = [], [], [], []
        self.sources, self.citations = [], []
        self.latest_date = None

    def citation(self, ids, source_id, type_id, object_id, field, article, start, end):
        self.citations.append([ids[Citation], source_id, type_id, object_id, field, start, end])
        ids[Citation] += 1

    def finish(self, text, now=None):
        """Fill in each citation's quote and context from the finished article text."""
        now = now or timezone.now()
        self.citations = [
            (
                pk,
                source_id,
                type_id,
                object_id,
                field,
                text[start:end],
                text[max(0, start - 32) : start],
                text[end : end + 32],
                start,
                end,
                "supports",
                "",
                now,
            )
            for pk, source_id, type_id, object_id, field, start, end in self.citations
        ]


def _one_meeting(
    rng, batch, ids, ct, source_id, article, index, now, kinds, series, countries, places, topics, by_country, people
):
    meeting_id = ids[Meeting]
    ids[Meeting] += 1
    kind = rng.choice(kinds)
    the_series, partner = rng.choice(series) if kind != "bilateral" else (None, rng.choice(list(countries)))
    fmt = {"phone_call": "phone", "video_conference": "virtual"}.get(kind, "in_person")
    date = _date_for(rng)
    host = rng.choice([c for c in countries if countries[c].is_c5] + [partner])
    place = places[host] if fmt == "in_person" else None
    title = f"{Meeting.Kind(kind).label.capitalize()} {index + 1}" + (f" ({the_series.name})" if the_series else "")
    lo, hi = date.range()
    topic_pair = rng.sample(topics, 2)
    summary = f"The {title} discussed {topic_pair[0].name.lower()} and {topic_pair[1].name.lower()}."
    batch.meetings.append(
        (
            meeting_id,
            "published",
            now,
            now,
            now,
            1,
            "",
            title,
            f"gen-meeting-{meeting_id}",
            kind,
            fmt,
            the_series.pk if the_series else None,
            None,
            place.pk if place else None,
            place.name if place else "",
            date.start,
            date.end,
            date.precision,
            date.not_after,
            lo,
            hi,
            summary,
        )
    )
    if date.start and (batch.latest_date is None or date.start > batch.latest_date):
        batch.latest_date = hi

    def cite(type_id, object_id, field, sentence, paragraph=False):
        start, end = article.add(sentence, paragraph=paragraph)
        batch.citation(ids, source_id, type_id, object_id, field, article, start, end)

    meeting_ct = ct[Meeting]
    if date.is_known or date.not_after:
        cite(meeting_ct, meeting_id, "date", f"The {title} took place {_date_phrase(date)}.", paragraph=True)
    else:
        article.add(f"Officials reported on the {title}.", paragraph=True)
    cite(meeting_ct, meeting_id, "kind", f"Officials described it as a {Meeting.Kind(kind).label} of the format.")
    if place:
        cite(meeting_ct, meeting_id, "place", f"The {title} was hosted in {place.name}.")
    cite(
        meeting_ct,
        meeting_id,
        "format",
        {
            "in_person": "The delegations met in person.",
            "virtual": "The meeting was held by video conference.",
            "phone": "The officials spoke by telephone.",
        }[fmt]
        + f" ({title})",
    )
    cite(meeting_ct, meeting_id, "summary", summary)
    taken = set()
    for _ in range(4):
        code = rng.choice(list(by_country))
        pid, name, pcode, position_id, ptitle = rng.choice(by_country[code])
        if pid in taken:
            continue
        taken.add(pid)
        participation_id = ids[Participation]
        ids[Participation] += 1
        role = f"{ptitle} of {countries[pcode].name}"
        batch.participations.append((participation_id, meeting_id, pid, role, countries[pcode].pk, position_id))
        cite(ct[Participation], participation_id, "role", f"{name}, {role}, took part in the {title}.")
    for topic in topic_pair:
        topic_link_id = ids[MeetingTopic]
        ids[MeetingTopic] += 1
        batch.topics.append((topic_link_id, meeting_id, topic.pk))
        cite(ct[MeetingTopic], topic_link_id, "", f"Special attention at the {title} was paid to {topic.name.lower()}.")
    if rng.random() < 0.2:
        outcome_id = ids[Outcome]
        ids[Outcome] += 1
        if rng.random() < 0.5:
            amount = rng.randrange(1, 100) * 1_000_000
            description = f"{amount // 1_000_000} million US dollars for {topic_pair[0].name.lower()}"
            batch.outcomes.append((outcome_id, meeting_id, "funding", description, amount, "USD"))
            cite(ct[Outcome], outcome_id, "", f"At the {title} the sides announced {description}.")
        else:
            description = f"Joint statement of the {title}"
            batch.outcomes.append((outcome_id, meeting_id, "joint_statement", description, None, ""))
            cite(ct[Outcome], outcome_id, "", f"The {title} ended with a joint statement.")


def _flush(writer, pending):
    if not pending:
        return
    rows = {
        name: [row for batch in pending for row in getattr(batch, name)]
        for name in ("sources", "meetings", "participations", "topics", "outcomes", "citations")
    }
    writer.write(
        Source,
        [
            "id",
            "title",
            "publisher_id",
            "url",
            "published_on",
            "published_precision",
            "language",
            "text",
            "content_hash",
            "attribution",
            "imported_from",
            "created_at",
            "updated_at",
        ],
        rows["sources"],
    )
    writer.write(
        Meeting,
        [
            "id",
            "status",
            "created_at",
            "updated_at",
            "published_at",
            "version",
            "public_notice",
            "title",
            "slug",
            "kind",
            "format",
            "series_id",
            "ordinal",
            "place_id",
            "place_name_reported",
            "start_date",
            "end_date",
            "date_precision",
            "date_not_after",
            "date_lo",
            "date_hi",
            "summary",
        ],
        rows["meetings"],
    )
    writer.write(Participation, ["id", "meeting_id", "person_id", "role", "country_id", "position_id"], rows["participations"])
    writer.write(MeetingTopic, ["id", "meeting_id", "topic_id"], rows["topics"])
    writer.write(Outcome, ["id", "meeting_id", "kind", "description", "amount", "currency"], rows["outcomes"])
    writer.write(
        Citation,
        [
            "id",
            "source_id",
            "content_type_id",
            "object_id",
            "field",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "stance",
            "note",
            "created_at",
        ],
        rows["citations"],
    )
    pending.clear()
