"""Reading an article into a proposed draft: the meeting, who took part in which role, topics, outcomes.

Deterministic and offline: patterns, plus the names the record and the gazetteer know (people,
places, countries, topics, series). Every proposal carries the passage it came from — a span of
the article's own text, so a citation made from it is found by `Citation.locate()`.

`read(text, published_on, knowledge)` is pure (no database): it is what the bench measures.
`Knowledge.load()` reads the names from the record and the gazetteer.

What an article says of other events (the founding of the format in 2015, an earlier meeting)
is kept apart: such a sentence gives no date or place to this meeting; where it reports a
meeting with its date or place, that meeting is proposed separately, marked as another event.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from c5site.partial_dates import PartialDate, Precision
from c5site.text import normalize

from .dates import DateParseError, parse_date
from .suggestions import MONTHS, find_dates, find_names

# --- what the desk knows -------------------------------------------------------------------------------


# Country names and adjectives as news reports use them, in the languages the importer recognises.
COUNTRY_FORMS = {
    "KZ": ["Kazakhstan", "Kazakh", "Republic of Kazakhstan", "Казахстан", "Казахстана", "Қазақстан"],
    "KG": ["Kyrgyzstan", "Kyrgyz", "Kyrgyz Republic", "Кыргызстан", "Киргизия", "Кыргызстана"],
    "TJ": ["Tajikistan", "Tajik", "Таджикистан", "Таджикистана"],
    "TM": ["Turkmenistan", "Turkmen", "Туркменистан", "Туркменистана"],
    "UZ": ["Uzbekistan", "Uzbek", "Узбекистан", "Узбекистана", "O‘zbekiston", "Oʻzbekiston"],
    "US": ["United States", "United States of America", "U.S.", "US", "USA", "American", "США", "АҚШ", "AQSh"],
}
C5 = ["KZ", "KG", "TJ", "TM", "UZ"]


@dataclass
class KnownPerson:
    key: str  # "person:<id>" for the record's, "gazetteer:<id>" for the gazetteer's
    name: str
    names: list
    country: str  # ISO code or ""
    titles: list  # titles the record or gazetteer knows for them
    person_id: int | None = None


@dataclass
class Knowledge:
    """The names the desk looks for, with what each stands for (plain values: the bench builds one too)."""

    people: list = field(default_factory=list)  # [KnownPerson]
    places: dict = field(default_factory=dict)  # name → (key, name today, country code)
    countries: dict = field(default_factory=dict)  # name → code
    topics: dict = field(default_factory=dict)  # term → topic name
    series: dict = field(default_factory=dict)  # name → series key

    @classmethod
    def load(cls, *, record_people=True):
        """From the record and the gazetteer. `record_people=False` leaves the record's people out
        (what the desk would know of a new corpus: the bench's cold run)."""
        from people.models import Country, Person  # noqa: PLC0415 — people is below events; kept local for the pure part

        from ..models import GazetteerEntry, Place, Series, Topic  # noqa: PLC0415

        knowledge = cls()
        codes = {}
        for country in Country.objects.all():
            codes[country.pk] = country.code
            knowledge.countries[country.name] = country.code
        for code, forms in COUNTRY_FORMS.items():
            for form in forms:
                knowledge.countries.setdefault(form, code)
        seen = set()
        if record_people:
            for person in Person.objects.exclude(status="retracted").prefetch_related("positions"):
                names = [n for n in person.all_names() if n.strip()]
                knowledge.people.append(
                    KnownPerson(
                        f"person:{person.pk}",
                        person.name,
                        names,
                        codes.get(person.country_id, ""),
                        [p.title for p in person.positions.all()],
                        person.pk,
                    )
                )
                seen.update(normalize(n).lower() for n in names)
        for place in Place.objects.prefetch_related("names"):
            for name in place.all_names():
                knowledge.places[name] = (f"place:{place.pk}", place.name, codes.get(place.country_id, ""))
        for entry in GazetteerEntry.objects.all():
            names = entry.all_names()
            if entry.kind == GazetteerEntry.Kind.PERSON:
                if any(normalize(n).lower() in seen for n in names):
                    continue
                knowledge.people.append(
                    KnownPerson(
                        f"gazetteer:{entry.pk}", entry.name, names, entry.country_code, [entry.title] if entry.title else []
                    )
                )
            elif entry.kind == GazetteerEntry.Kind.PLACE:
                for name in names:
                    knowledge.places.setdefault(name, (f"gazetteer:{entry.pk}", entry.name, entry.country_code))
            else:
                for name in names:
                    knowledge.topics.setdefault(name, entry.topic)
        for topic in Topic.objects.all():
            knowledge.topics.setdefault(topic.name, topic.name)
        for series in Series.objects.all():
            knowledge.series[series.name] = f"series:{series.pk}"
        knowledge.series.setdefault("C5+1", "new:C5+1")
        return knowledge


# --- what the desk proposes ------------------------------------------------------------------------------


@dataclass
class Passage:
    """A span of the article: the words a citation will quote."""

    start: int
    end: int
    quote: str


@dataclass
class Participant:
    person: KnownPerson | None  # None: a person the desk does not know (proposed as new)
    name: str
    role: str
    country: str
    passage: Passage
    other_roles: list = field(default_factory=list)
    accepted: bool = True
    reason: str = ""  # why it is not ticked by default

    @property
    def key(self):
        return self.person.key if self.person else f"new:{self.name}"


@dataclass
class Fact:
    """One proposed fact with its value and passage: a topic, a country, an outcome, a field of the meeting."""

    kind: str  # "kind", "format", "date", "place", "series", "ordinal", "topic", "country", "outcome"
    value: object
    passage: Passage
    label: str = ""
    extra: dict = field(default_factory=dict)
    accepted: bool = True


@dataclass
class OtherEvent:
    """Something the article reports of another event: not offered as this meeting's date or place."""

    label: str
    passage: Passage
    is_meeting: bool
    date: PartialDate | None = None
    place: tuple | None = None  # (key, name today, country, name as reported)
    kind: str = ""
    participants: list = field(default_factory=list)


@dataclass
class Reading:
    """Everything the desk proposes from one article."""

    title: str = ""
    facts: dict = field(default_factory=dict)  # meeting field → Fact (kind, format, date, place, series, ordinal)
    participants: list = field(default_factory=list)
    countries: list = field(default_factory=list)  # Facts: countries named without a person
    topics: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    other_events: list = field(default_factory=list)
    about: list = field(default_factory=list)  # per sentence: is it about this meeting?

    @property
    def date(self):
        fact = self.facts.get("date")
        return fact.value if fact else PartialDate(None, Precision.UNKNOWN)


# --- sentences ------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[A-Z“\"«А-ЯЁӘҒҚҢӨҰҮҺІ])|\n+")
# "U.S. Secretary", "Antony J. Blinken", "Mr. West": a full stop that ends no sentence.
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|No|Gen|Sen|Rep|Amb|Gov|Lt|Col)\.)$")
_DATELINE = re.compile(r"^[A-ZА-Я][A-ZА-Я' .-]+(?:\.\s+[A-Z][A-Za-z]+\s+[-–—]|\s*\([^)]*\))\s*")


def sentences(text):
    """[(start, end)] of the text's sentences (a paragraph break always ends one), trimmed."""
    spans, start = [], 0
    for brk in _SENTENCE_END.finditer(text):
        if "\n" not in brk.group() and _ABBREVIATION.search(text, max(0, brk.start() - 8), brk.start()):
            continue
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


def passage(text, start, end):
    return Passage(start, end, text[start:end])


# --- other events ---------------------------------------------------------------------------------------

_OTHER_EVENT = re.compile(
    r"\b(?:[Ff]ounded|founding|established|[Ss]ince (?:its|the) (?:creation|launch|inception)|since its creation"
    r"|[Ii]n the \d+ years since|[Rr]ecall,|launched a|[Ss]ince (?:19|20)\d\d|основан|создан)\b"
)
# "The first meeting … was held in 2015": another event, unless the article opens with it ("the first C5+1
# presidential summit" in a report of that summit).
_FIRST_OF_FORMAT = re.compile(r"\b[Tt]he first (?:[\w+]+ ){0,3}(?:meeting|summit|session)\b")
LEAD_SENTENCES = 3


def _is_other_event(sentence, index):
    return bool(_OTHER_EVENT.search(sentence)) or (index >= LEAD_SENTENCES and bool(_FIRST_OF_FORMAT.search(sentence)))


_MEETING_WORD = re.compile(
    r"\b(?:meeting|summit|session|roundtable|round table|conference|talks|conversation|call|dialogue|встреч\w*"
    r"|саммит\w*|заседани\w*|переговор\w*)\b",
    re.I,
)
_HAPPENED = re.compile(r"\b(?:held|took place|met|hosted|convened|was the \d+|прош\w+|состоял\w*)\b", re.I)


# --- meeting fields --------------------------------------------------------------------------------------

KINDS = [
    # (pattern, kind, format or "")
    (
        re.compile(r"\b(?:telephone|phone) (?:conversation|call|talks?)\b|\bby (?:tele)?phone\b|телефонн\w+ разговор", re.I),
        "phone_call",
        "phone",
    ),
    (
        re.compile(r"\bvideo ?conference\b|\bvirtual(?:ly)? (?:meeting|format)\b|\bonline\b|видеоконференц", re.I),
        "ministerial",
        "virtual",
    ),
    (re.compile(r"\bspecial session\b|специальн\w+ сесси", re.I), "special_session", ""),
    (re.compile(r"\bsummit\b|саммит", re.I), "summit", ""),
    (
        re.compile(
            r"\bministerial\b|\b(?:foreign )?ministers?\b.{0,40}\bmeeting\b|\bMinisters of Foreign Affairs\b"
            r"|министр\w+ иностранных дел",
            re.I,
        ),
        "ministerial",
        "",
    ),
    (re.compile(r"\bround ?table\b", re.I), "roundtable", ""),
    (re.compile(r"\bworking group\b", re.I), "working_group", ""),
    (re.compile(r"\bwas received by\b|\breceived\b.{0,60}\bdelegation\b", re.I), "bilateral", ""),
]
_IN_PERSON = re.compile(
    r"\b(?:visited|hosted|arrived|held at|held in|met in|in the (?:Kazakh|Uzbek|Kyrgyz|Tajik|Turkmen) (?:capital|city)"
    r"|on the sidelines|in New York|in person)\b|\bmet\b.{0,60}\bin [A-Z]|(?:прош[её]л|прошла|состоял\w*)\b.{0,80}\bв [А-ЯЁ]",
)
_ORDINAL = re.compile(r"\b(?:the )?(?P<n>\d{1,2})(?:st|nd|rd|th)\b(?: [\w+-]+){0,3}? (?:meeting|since|session)", re.I)
_STATEMENT_DATE = re.compile(
    r"(?:said|says|reported|reports|announced|stated|told|noted|according to [^,.]+)[,]?\s*(?:in a statement\s*)?$", re.I
)


# --- people ---------------------------------------------------------------------------------------------

TITLE_HEADS = re.compile(
    r"\b(?:Minister|Ministers|President|Presidents|Secretary|Ambassador|Ambassador-at-Large|Representative|Envoy"
    r"|Chairman|Chair|Premier|Spokesperson|Spokesman|Spokeswoman|Adviser|Advisor|Director|Head|Chief|Deputy"
    r"|Governor|Mayor|Speaker|Senator|Administrator|Coordinator|Министр|министр|Президент|президент|Глава|глава"
    r"|Посол|посол|Госсекретарь|госсекретарь)\b"
)
_TITLE_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’.-]*|of|the|for|and|on|at|in|de|–|-|&|Republic)$")
_NAME_TOKEN = r"(?:[A-ZА-ЯЁ][a-zа-яёәғқңөұүһі]+(?:-[A-ZА-ЯЁ]?[a-zа-яёәғқңөұүһі]+)?|[A-Z]\.)"
_PERSON_NAME = re.compile(rf"(?<![\w.-]){_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}}(?![\w-])")
_NOT_NAMES = {
    "Foreign",
    "Affairs",
    "Ministry",
    "State",
    "Secretary",
    "Minister",
    "President",
    "Deputy",
    "Special",
    "General",
    "Assembly",
    "United",
    "Nations",
    "Central",
    "Asia",
    "Asian",
    "Regional",
    "Centre",
    "Center",
    "Sustainable",
    "Development",
    "Goals",
    "Republic",
    "The",
    "During",
    "According",
    "Media",
    "Within",
    "Under",
    "Political",
    "Ambassador",
    "Representative",
    "Afghanistan",
    "Prime",
    "Cabinet",
    "Leaders",
    "Summit",
    "Climate",
    "Envoy",
    "Presidential",
    "House",
    "White",
    "Department",
    "Official",
    "Ecology",
    "Geology",
    "Natural",
    "Resources",
    "Plan",
    "Reforms",
    "Reuters",
    "Euronews",
    "Kazinform",
    "Sputnik",
    "News",
    "Administration",
    "Council",
    "Security",
    "Joint",
    "Statement",
    "Declaration",
    "Dialogue",
    "Critical",
    "Minerals",
    "Ministerial",
    "Meeting",
    *MONTHS,
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
# A person named here is not taking part: the author of an initiative, a president whose term is a date, a contact.
_NOT_PARTICIPANT_BEFORE = re.compile(
    r"(?:initiative|proposal|reforms|presidency|administration|contacts|plan|policy|decree|tenure|term|visit)"
    r"\s+(?:of|with|by)\s+(?:the\s+)*(?:country's\s+|\w+'s\s+)?$",
    re.I,
)
_SPOKESPERSON = re.compile(r"\b(?:spokes\w+|press secretary|official representative|press service)\b", re.I)
_PLURAL_TITLE = re.compile(r"\b(Ministers|Presidents|Heads|Leaders|Secretaries)\b")


def title_before(text, start, floor):
    """(title written just before a name at `start`, where it starts): ("US Special Representative for
    Afghanistan", offset); ("", start) where there is none."""
    tokens = list(re.finditer(r"[^\s,]+|,", text[floor:start]))
    kept = []
    for token in reversed(tokens):
        word = token.group()
        if word == ",":
            # A comma inside a title joins two capitalised words ("Ecology, Geology"); otherwise it ends the title.
            if kept and kept[-1][1][:1].isupper() and kept[-1][1] not in ("–", "-"):
                previous = _previous_word(tokens, token)
                if previous and previous[:1].isupper() and not TITLE_HEADS.search(" ".join(w for _, w in kept)):
                    kept.append((token, word))
                    continue
            if not kept:
                continue  # "Kazakh Deputy Foreign Minister, Kairat Umarov"
            break
        if word in ("and", "the", "The") and TITLE_HEADS.search(" ".join(w for _, w in kept)):
            break  # "… Abdulaziz Kamilov and the U.S. Deputy Under Secretary …": the title began after it
        bare = word.strip('()«»“”"')
        if not _TITLE_WORD.match(bare) and not re.match(r"^[A-Z][\w.-]*'s$", bare):
            break
        kept.append((token, word))
    kept.reverse()
    # A title begins with the first phrase that names an office: "Plan of Political Reforms of President" is
    # a plan, then a title ("President").
    while kept and not TITLE_HEADS.search(kept[0][1]) and not _QUALIFIER_WORD.match(kept[0][1]):
        kept.pop(0)
    while kept and kept[-1][1] in ("the", "The", "and", "of", "–", "-", "for", "on", "at", "in", ","):
        kept.pop()
    if not kept or not TITLE_HEADS.search(" ".join(w for _, w in kept)):
        return "", start
    title = " ".join(w for _, w in kept).replace(" ,", ",").strip(" ,")
    return title, floor + kept[0][0].start()


# Words that may open a title before its office: "US Special Representative", "First Deputy …", "Kazakh …".
_QUALIFIER_WORD = re.compile(
    r"^(?:U\.S\.|US|USA|First|Special|Senior|Acting|Former|Deputy|Vice|Under|Assistant|Foreign|Prime|Official|Chief|"
    r"Kazakh|Kyrgyz|Tajik|Turkmen|Uzbek|American|Kazakhstan's|Uzbekistan's|Kyrgyzstan's|Tajikistan's|Turkmenistan's)$"
)


def _previous_word(tokens, token):
    index = tokens.index(token)
    return tokens[index - 1].group() if index > 0 else ""


_APPOSITIVE = re.compile(r"^,\s+(?:the\s+)?(?P<title>[^,;]{3,160}?)(?=,|\s+(?:said|says|stressed|noted|who)\b|\.\s|$)")


def title_after(text, end, stop):
    """The title in an appositive after a name ("Mukhtar Tileuberdi, the Deputy Prime Minister and …"), or ""."""
    match = _APPOSITIVE.match(text[end:stop])
    if not match:
        return ""
    title = match["title"].strip()
    return title if TITLE_HEADS.match(title) or re.match(r"^[A-Z][\w.]*\s", title) and TITLE_HEADS.search(title) else ""


def singular(title):
    return re.sub(
        r"\b(Minister|President|Head|Leader|Secretar)(?:s|ies)\b", lambda m: m[1] + ("y" if m[1] == "Secretar" else ""), title
    )


def country_in(words, knowledge):
    """The country a title or phrase names ("of Kazakhstan", "Kazakh", "U.S."), or ""."""
    best = None
    for name, code in knowledge.countries.items():
        for match in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", words):
            if best is None or match.start() < best[0]:
                best = (match.start(), code)
    return best[1] if best else ""


# --- reading --------------------------------------------------------------------------------------------


def read(text, published_on, knowledge, *, title=""):
    """The draft an article proposes. `published_on` is its day of publication (None if unknown)."""
    reading = Reading(title=title)
    spans = sentences(text)
    other = [_is_other_event(text[s:e], i) for i, (s, e) in enumerate(spans)]
    dates = [m for m in _all_dates(text, published_on) if m.date is not None or m.note]
    people = _people(text, spans, knowledge)
    _meeting_fields(reading, text, spans, other, dates, published_on, knowledge)
    _other_events(reading, text, spans, other, dates, knowledge, people)
    in_other = {id(p) for event in reading.other_events for p in event.participants}
    merged = {}
    for participant in people:
        if id(participant) in in_other:
            continue
        if participant.key in merged:
            first = merged[participant.key]
            if participant.role and participant.role != first.role and participant.role not in first.other_roles:
                first.other_roles.append(participant.role)
            if not first.role and participant.role:
                first.role, first.passage = participant.role, participant.passage
            first.accepted = first.accepted or participant.accepted
            continue
        merged[participant.key] = participant
    reading.participants = list(merged.values())
    for participant in reading.participants:
        if not participant.role and participant.person and participant.person.titles:
            participant.role = participant.person.titles[0]
            participant.reason = participant.reason or "the text gives no title; this one is the record's or gazetteer's"
    _countries(reading, text, spans, other, knowledge)
    _topics(reading, text, spans, other, knowledge)
    _outcomes(reading, text, spans, other)
    return reading


def _all_dates(text, published_on):
    found = find_dates(text, published_on)
    for match in _FOREIGN_DATE.finditer(text):
        if any(m.start < match.end() and match.start() < m.end for m in found):
            continue
        try:
            parsed = parse_date(match.group(0), reference=published_on)
        except DateParseError:
            continue
        if parsed.date.is_known:
            found.append(_Mention(match.start(), match.end(), match.group(0), parsed.date, parsed.note))
    return sorted(found, key=lambda m: m.start)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    date: PartialDate | None
    note: str = ""


_FOREIGN_MONTHS = (
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
    "|yanvar|fevral|mart|aprel|may|iyun|iyul|avgust|sentabr|oktabr|noyabr|dekabr"
)
_FOREIGN_DATE = re.compile(
    rf"\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?[\s-]+(?:{_FOREIGN_MONTHS})(?:\s+(?:19|20)\d\d(?:\s*(?:года|г\.|жылы|yil))?)?",
    re.I,
)


def _kinds_in(sentence):
    """The kinds of meeting a sentence names, the first named first ("a roundtable on the sidelines of the
    Leaders' Summit" is a roundtable)."""
    found = [(kind, fmt, match) for pattern, kind, fmt in KINDS if (match := pattern.search(sentence))]
    return sorted(found, key=lambda item: item[2].start())


_LOCATIVE = re.compile(
    r"(?:\b(?:in|to|at|visited|capital(?: of)?|capital,|hosted by|arrival in|в|во|на|столице)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}|\($)$",
    re.I,
)


def _meeting_fields(reading, text, spans, other, dates, published_on, knowledge):
    """The meeting the article is about: the kind its first sentences name, and the date, place, format and
    number that sentences about that meeting give (a sentence naming another kind of meeting is another's)."""
    kinds = [_kinds_in(text[s:e]) for s, e in spans]
    main = next(((i, found[0]) for i, found in enumerate(kinds) if found and not other[i]), None)
    if main:
        index, (kind, fmt, match) = main
        s, e = spans[index]
        reading.facts["kind"] = Fact("kind", kind, passage(text, s, e), label=match.group(0))
        if fmt:
            reading.facts["format"] = Fact("format", fmt, passage(text, s, e), label=match.group(0))
    main_kind = reading.facts["kind"].value if "kind" in reading.facts else None
    # Sentences about this meeting: not about another event, and naming no other kind of meeting.
    about = [
        not other[i] and (not kinds[i] or main_kind in {k for k, _, _ in kinds[i]} or (main and i <= main[0]))
        for i in range(len(spans))
    ]
    reading.about = about
    lead = [span for span, ok in zip(spans, about, strict=True) if ok]
    if "format" not in reading.facts:
        for s, e in lead:
            if match := _IN_PERSON.search(text[s:e]):
                reading.facts["format"] = Fact("format", "in_person", passage(text, s, e), label=match.group(0))
                break
    for name, key in knowledge.series.items():
        for s, e in lead:
            if re.search(rf"(?<![\w«]){re.escape(name)}(?![\w])", text[s:e]):
                reading.facts["series"] = Fact("series", key, passage(text, s, e), label=name)
                break
        if "series" in reading.facts:
            break
    for s, e in lead:
        if match := _ORDINAL.search(text[s:e]):
            reading.facts["ordinal"] = Fact("ordinal", int(match["n"]), passage(text, s, e), label=match.group(0))
            break
    # The place: the first known place a sentence about the meeting names as where something happened.
    for mention in find_names(text, knowledge.places, "place"):
        index = _sentence_of(spans, mention.start)
        if index is None or not about[index]:
            continue
        s, e = spans[index]
        if not _LOCATIVE.search(text[s : mention.start]):
            continue
        key, name, country = mention.target
        reading.facts["place"] = Fact("place", (key, name, country, mention.text), passage(text, s, e), label=mention.text)
        break
    # The date: a date in a sentence about the meeting that is not when someone said something.
    for mention in dates:
        index = _sentence_of(spans, mention.start)
        if index is None or not about[index] or mention.start < _dateline_end(text):
            continue
        s, e = spans[index]
        if _STATEMENT_DATE.search(text[s : mention.start]) or not (
            _MEETING_WORD.search(text[s:e]) or _HAPPENED.search(text[s:e])
        ):
            continue
        value = mention.date if mention.date is not None else PartialDate(None, Precision.UNKNOWN)
        reading.facts["date"] = Fact("date", value, passage(text, s, e), label=mention.text, extra={"note": mention.note})
        break
    if "date" not in reading.facts and published_on and lead:
        # A report of a meeting it does not date: the meeting was on or before the day of the report.
        s, e = next(((s, e) for s, e in lead if _MEETING_WORD.search(text[s:e])), lead[0])
        reading.facts["date"] = Fact(
            "date", PartialDate(None, Precision.UNKNOWN, not_after=published_on), passage(text, s, e),
            label="", extra={"note": "no date given: on or before the day of the report"},
        )  # fmt: skip


def _dateline_end(text):
    match = _DATELINE.match(text[:200])
    return match.end() if match else 0


def _sentence_of(spans, offset):
    for index, (s, e) in enumerate(spans):
        if s <= offset < e:
            return index
    return None


def _other_events(reading, text, spans, other, dates, knowledge, people):
    """Other meetings the article reports (with their date or place) and mentions of other events."""
    for index, (s, e) in enumerate(spans):
        sentence = text[s:e]
        sentence_dates = [m for m in dates if s <= m.start < e and m.date is not None]
        is_meeting = bool(_MEETING_WORD.search(sentence) and _HAPPENED.search(sentence)) or bool(
            re.search(r"\bround ?table\b.{0,120}\(", sentence)
        )
        if not other[index] and (reading.about[index] or not (is_meeting and sentence_dates)):
            continue
        date = sentence_dates[0].date if sentence_dates else None
        place = None
        for mention in find_names(sentence, knowledge.places, "place"):
            key, name, country = mention.target
            place = (key, name, country, mention.text)
            break
        kinds = _kinds_in(sentence)
        kind = kinds[0][0] if kinds else ""
        meeting = is_meeting and bool(date or place) and not re.search(r"^[Ss]ince\b|\bregular meetings\b", sentence)
        event = OtherEvent(_other_label(sentence, meeting), passage(text, s, e), meeting, date, place, kind)
        event.participants = [p for p in people if s <= p.passage.start < e and meeting]
        reading.other_events.append(event)


def _other_label(sentence, meeting):
    if re.search(r"[Ff]ounded|founding|established|основан|создан", sentence):
        return "the founding of the format"
    return "another meeting" if meeting else "another event"


def _people(text, spans, knowledge):
    """Every mention of a person with the title the text gives them there, as participants."""
    found = []
    names = {}
    for person in knowledge.people:
        for name in person.names:
            names.setdefault(name, person)
    mentions = find_names(text, names, "person")
    taken = [(m.start, m.end) for m in mentions]
    for mention in mentions:
        found.append(_participant(text, spans, mention.start, mention.end, mention.text, mention.target, knowledge))
    # People the desk does not know: a name written after a title, or before one in apposition.
    for s, e in spans:
        for match in _PERSON_NAME.finditer(text, s, e):
            span = _name_within(match, knowledge)
            if span is None or any(a < span[1] and span[0] < b for a, b in taken):
                continue
            participant = _participant(text, spans, span[0], span[1], text[span[0] : span[1]], None, knowledge)
            if participant.role:
                found.append(participant)
                taken.append(span)
    return sorted(found, key=lambda p: p.passage.start)


def _name_within(match, knowledge):
    """(start, end) of the person's name inside a run of capitalised words ("Afghanistan Thomas West" →
    "Thomas West"), or None where no two name-like words remain."""
    words = list(re.finditer(r"\S+", match.group(0)))

    def is_name(word):
        bare = word.group().strip(".")
        return bare not in _NOT_NAMES and word.group() not in knowledge.countries and word.group() not in knowledge.places

    while words and not is_name(words[0]):
        words.pop(0)
    while words and not is_name(words[-1]):
        words.pop()
    if len(words) < 2 or not all(is_name(w) for w in words) or all(len(w.group()) <= 2 for w in words):
        return None
    return match.start() + words[0].start(), match.start() + words[-1].end()


def _participant(text, spans, start, end, name, known, knowledge):
    index = _sentence_of(spans, start)
    s, e = spans[index] if index is not None else (0, len(text))
    role, title_start = title_before(text, start, s)
    quoted = (title_start, end) if role else None  # the passage: the title and the name, where the text joins them
    if not role:
        role = title_after(text, end, e)
        if role:
            quoted = (start, text.index(role, end) + len(role))
    elif re.fullmatch(r"[^–-]*\s*[–-]", role) or role.endswith(("–", "-")):
        role = ""
    if not role:
        role = _listed_role(text, s, start, knowledge)
    role = singular(role.strip()).removeprefix("the ").strip()
    country = known.country if known else ""
    if not country:
        country = country_in(role, knowledge)
    where = passage(text, *quoted) if quoted and role else passage(text, s, e)
    participant = Participant(known, known.name if known else " ".join(name.split()), role, country, where)
    if _NOT_PARTICIPANT_BEFORE.search(text[s:title_start]):
        participant.accepted, participant.reason = False, "named as the author of an initiative or a contact, not as taking part"
    elif _SPOKESPERSON.search(role):
        participant.accepted, participant.reason = False, "speaks for a ministry: the source of the report, not a participant"
    return participant


def _listed_role(text, floor, start, knowledge):
    """In "the Ministers of Foreign Affairs of Turkmenistan Rashid Meredov, Kazakhstan – Beibut Atamkulov", the
    role of a name listed after "<country> –": the plural title of the list with that country."""
    before = text[floor:start]
    match = re.search(r"(?:^|,\s*|\s)(?P<country>[A-Z][\w .]+?)\s+[–-]\s*$", before)
    if not match or not country_in(match["country"], knowledge):
        return ""
    plural = _PLURAL_TITLE.search(before)
    if not plural:
        return ""
    head = re.match(
        r"(?P<title>(?:Ministers|Presidents|Heads|Leaders|Secretaries)(?: (?:of|for) [A-Z][\w]*(?: [A-Z][\w]*)*)?)"
        r" of ",
        before[plural.start() :],
    )
    if not head:
        return ""
    return f"{head['title']} of {match['country'].strip()}"


_REPRESENTED = re.compile(
    r"\b(?:representatives|leaders|delegations|ministers|heads of state|presidents|officials) of\b|\bthe (?:five|5) "
    r"Central Asian (?:countries|states|nations)|\bCentral Asian five\b|\bthe leaders of\b",
    re.I,
)


def _countries(reading, text, spans, other, knowledge):
    """Countries the article says were represented, beyond the participants' own."""
    with_person = {p.country for p in reading.participants if p.accepted and p.country}
    seen = set()
    for index, (s, e) in enumerate(spans):
        sentence = text[s:e]
        if other[index] or not _REPRESENTED.search(sentence):
            continue
        codes = []
        if re.search(r"\b(?:five|5) Central Asian|Central Asian five", sentence, re.I):
            codes += C5
        for mention in find_names(sentence, knowledge.countries, "country"):
            codes.append(mention.target)
        for code in dict.fromkeys(codes):
            if code in seen:
                continue
            seen.add(code)
            fact = Fact("country", code, passage(text, s, e), label=code)
            fact.accepted = code not in with_person
            fact.extra["why"] = "" if fact.accepted else "follows from a participant"
            reading.countries.append(fact)


_DISCUSSION = re.compile(
    r"\b(?:discuss\w*|focus\w*|agenda|views|issues?|priorit\w+|cooperation|talks|topic|efforts|stress\w*|noted|emphasi\w+"
    r"|agreed|address\w*|plans?|statement|challenges|commitment|обсуди\w*|вопрос\w*|сотрудничеств\w*)\b",
    re.I,
)


def _topics(reading, text, spans, other, knowledge):
    seen = {}
    for mention in find_names(text, {k: v for k, v in knowledge.topics.items()}, "topic") + _lower_terms(text, knowledge):
        index = _sentence_of(spans, mention.start)
        if index is None or other[index]:
            continue
        s, e = spans[index]
        if not _DISCUSSION.search(text[s:e]):
            continue
        if mention.target not in seen:
            seen[mention.target] = Fact("topic", mention.target, passage(text, s, e), label=mention.text)
    reading.topics = list(seen.values())


@dataclass(frozen=True)
class _Term:
    start: int
    end: int
    text: str
    target: str


def _lower_terms(text, knowledge):
    """Topic terms matched whatever their case ("Security" opening a sentence, "security" inside one)."""
    found = []
    for term, topic in knowledge.topics.items():
        for match in re.finditer(rf"(?<!\w){re.escape(term)}\w{{0,3}}(?!\w)", text, re.I):
            found.append(_Term(match.start(), match.end(), match.group(0), topic))
    return found


OUTCOMES = [
    (
        re.compile(
            r"\b(?:adopted|issued|signed|released|resulted in) (?:a |the )?(?:joint )?(?:statement|declaration)\b"
            r"|\bjoint statement\b|\bdeclaration\b|совместн\w+ заявлени",
            re.I,
        ),
        "joint_statement",
    ),
    (
        re.compile(
            r"\bannounced\b.{0,40}?(?:\$\s?[\d.,]+|[\d.,]+ (?:million|billion)).{0,60}?\bfunding\b"
            r"|\bnew funding\b",
            re.I,
        ),
        "funding",
    ),
    (
        re.compile(
            r"\b(?:proposed|presented|launch(?:ed|ing)?|put forward)\b.{0,40}\b(?:initiative|dialogue|platform|centre|center)\b",
            re.I,
        ),
        "initiative",
    ),
    (re.compile(r"\binitiative (?:of|to)\b", re.I), "initiative"),
    (re.compile(r"\b(?:agreed to|signed an? (?:agreement|memorandum)|reached an agreement)\b", re.I), "agreement"),
]
_AMOUNT = re.compile(
    r"(?:\$\s?(?P<a1>[\d.,]+)\s*(?P<m1>million|billion)?|(?P<a2>[\d.,]+)\s*(?P<m2>million|billion)?\s+"
    r"(?:US dollars|U\.S\. dollars|dollars|USD))",
    re.I,
)


def _outcomes(reading, text, spans, other):
    kinds = set()
    for index, (s, e) in enumerate(spans):
        if other[index]:
            continue
        sentence = text[s:e]
        for pattern, kind in OUTCOMES:
            match = pattern.search(sentence)
            if not match or kind in kinds:
                continue
            kinds.add(kind)
            fact = Fact("outcome", kind, passage(text, s, e), label=match.group(0))
            fact.extra["description"] = _describe(sentence)
            if kind == "funding" and (amount := _AMOUNT.search(sentence)):
                figure = Decimal((amount["a1"] or amount["a2"]).replace(",", "").rstrip("."))
                scale = (amount["m1"] or amount["m2"] or "").lower()
                figure *= {"million": 1_000_000, "billion": 1_000_000_000}.get(scale, 1)
                fact.extra.update(amount=figure, currency="USD")
            reading.outcomes.append(fact)


def _describe(sentence):
    """The sentence, shortened, as an outcome's first description (the editor rewrites it)."""
    words = " ".join(sentence.split())
    return words if len(words) <= 300 else words[:297].rsplit(" ", 1)[0] + "…"


def reference_day(source):
    """The day relative dates count from: the publication day where it is known to the day."""
    return source.published_on if source.published_on and source.published_precision == Precision.DAY else None


def today():
    return datetime.date.today()
