"""What an article's text suggests to an editor: people, countries, places and dates it mentions.

Each suggestion is a span of the source text with what it may stand for (a known person,
a country, a place under any of its names, a date resolved against the article's
publication date) and the sentence around it, which is the passage to cite for a fact
started from it. Names are matched case-sensitively on word boundaries; dates are English
expressions: "July 27-28", "April 23 this year", "November 1, 2015", "28th July, 2023",
"November 2015", "on Friday", "yesterday".

The pure functions (find_dates, find_names, sentence_around, resolve_overlaps, to_html) need
no database; `suggest(source)` reads the names it looks for from the record.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from c5site.partial_dates import PartialDate, Precision

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_NUMBER = {name.lower(): n for n, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER.update({name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBER["sept"] = 9
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"\s*[-–—]\s*"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_RELATIVE_YEAR = r"(?P<rel>\s+(?:this|last|next)\s+year)"

# Most specific first: at one position the first pattern that matches wins.
DATE_PATTERNS = [
    # July 27-28 / July 27–28, 2023
    (
        "range",
        re.compile(rf"\b{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD}{_DASH}(?P<d2>\d{{1,2}}){_ORD}\b(?:,?\s*{_YEAR}\b|{_RELATIVE_YEAR})?"),
    ),
    # 27-28 July 2023
    (
        "range",
        re.compile(
            rf"\b(?P<d1>\d{{1,2}}){_ORD}{_DASH}(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR}\b|{_RELATIVE_YEAR})?"
        ),
    ),
    # November 1, 2015 / April 23 this year / April 23
    ("day", re.compile(rf"\b{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD}\b(?:,?\s*{_YEAR}\b|{_RELATIVE_YEAR})?")),
    # 28th July, 2023 / 1 November 2015
    ("day", re.compile(rf"\b(?P<d1>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR}\b|{_RELATIVE_YEAR})?")),
    # November 2015
    ("month", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    # on Friday / last Friday / Friday
    (
        "weekday",
        re.compile(r"\b(?P<which>(?:on|last|this)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ),
    # yesterday / today / the day before yesterday
    ("relative", re.compile(r"\b(?P<rel_day>the day before yesterday|yesterday|today)\b", re.IGNORECASE)),
    # in 2015 / since 2015
    ("year", re.compile(rf"\b(?:in|In|since|Since)\s+{_YEAR}\b(?![-–—/]\d)")),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text and the date it stands for (None where it cannot be resolved)."""

    start: int
    end: int
    text: str
    date: PartialDate | None
    note: str = ""

    @property
    def label(self):
        return str(self.date) if self.date else self.text


def find_dates(text, published_on=None):
    """Every date expression in `text`, resolved against the publication day where it needs one."""
    mentions = []
    taken = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _resolve(kind, match, published_on)
            if mention is None:
                continue
            mentions.append(mention)
            taken.append((match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)


def _resolve(kind, match, published_on):
    span = (match.start(), match.end(), match.group(0))
    groups = match.groupdict()
    if kind in ("range", "day", "month"):
        month = _MONTH_NUMBER[groups["month"].rstrip(".").lower()]
        year, note = _year(groups, published_on, month, int(groups.get("d1") or 1))
        if year is None:
            return DateMention(*span, None, note)
        try:
            if kind == "month":
                first = datetime.date(year, month, 1)
                return DateMention(*span, PartialDate(first, Precision.MONTH), note)
            first = datetime.date(year, month, int(groups["d1"]))
            last = datetime.date(year, month, int(groups["d2"])) if kind == "range" else None
        except ValueError:
            return None  # "February 30" is no date
        if last is not None and last < first:
            return None
        return DateMention(*span, PartialDate(first, Precision.DAY, last if last != first else None), note)
    if kind == "weekday":
        if published_on is None:
            return DateMention(*span, None, "weekday of an undated article")
        weekday = WEEKDAYS.index(groups["weekday"])
        back = (published_on.weekday() - weekday) % 7
        if (groups.get("which") or "").strip() == "last" and back == 0:
            back = 7
        day = published_on - datetime.timedelta(days=back)
        return DateMention(*span, PartialDate(day, Precision.DAY), "the last such day on or before publication")
    if kind == "relative":
        if published_on is None:
            return DateMention(*span, None, "relative to an undated article")
        back = {"today": 0, "yesterday": 1, "the day before yesterday": 2}[groups["rel_day"].lower()]
        day = published_on - datetime.timedelta(days=back)
        return DateMention(*span, PartialDate(day, Precision.DAY), "counted from the publication date")
    if kind == "year":
        return DateMention(*span, PartialDate(datetime.date(int(groups["year"]), 1, 1), Precision.YEAR))
    return None


def _year(groups, published_on, month, day):
    """The year a date expression means: its own, or one counted from the publication date."""
    if groups.get("year"):
        return int(groups["year"]), ""
    rel = (groups.get("rel") or "").split()
    if published_on is None:
        return None, "no year given, and the article is undated"
    if rel:
        offset = {"this": 0, "last": -1, "next": 1}[rel[0]]
        return published_on.year + offset, f"{' '.join(rel)}: counted from the publication date"
    year = published_on.year
    # A day more than half a year after publication is most likely last year's.
    try:
        if datetime.date(year, month, min(day, 28)) > published_on + datetime.timedelta(days=183):
            year -= 1
    except ValueError:
        pass
    return year, "year taken from the publication date"


# --- names ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameMention:
    start: int
    end: int
    text: str
    target: object  # what the name stands for
    kind: str


def find_names(text, names, kind):
    """Mentions in `text` of any of `names` ({name: target}), longest names first, case-sensitive."""
    usable = sorted((n for n in names if n and n.strip()), key=len, reverse=True)
    if not usable:
        return []
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in name.split()) + (_CASE_ENDING if _CYRILLIC_END.search(name) else "")
        for name in usable
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    lookup = {" ".join(name.split()): target for name, target in names.items() if name and name.strip()}
    found = []
    for match in pattern.finditer(text):
        key = " ".join(match.group(0).split())
        target = lookup.get(key)
        while target is None and key:  # a Russian, Kazakh or Uzbek case ending: "Нью-Йорке", "Токаева"
            key = key[:-1]
            target = lookup.get(key)
        found.append(NameMention(match.start(), match.end(), match.group(0), target, kind))
    return found


# Names in Cyrillic are declined ("в Нью-Йорке", "Касым-Жомарта Токаева"): up to two letters of case ending.
_CYRILLIC_END = re.compile(r"[\u0400-\u04ff]$")
_CASE_ENDING = r"[\u0430-\u044f\u0451\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u0456]{0,2}"


# --- sentences and the suggestion itself --------------------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?»”\"])\s+(?=[A-Z“\"«])|\n\s*\n|\n")


def sentence_around(text, start, end, *, limit=400):
    """(start, end) of the sentence holding text[start:end]; cut to about `limit` characters at word breaks."""
    s_start = 0
    s_end = len(text)
    for brk in _SENTENCE_BREAK.finditer(text):
        if brk.end() <= start:
            s_start = brk.end()
        elif brk.start() >= end:
            s_end = brk.start()
            break
    if s_end - s_start > limit:
        half = max((limit - (end - start)) // 2, 0)
        lo, hi = max(s_start, start - half), min(s_end, end + half)
        while lo > s_start and not text[lo - 1].isspace():
            lo += 1
        while hi < s_end and not text[hi].isspace():
            hi -= 1
        s_start, s_end = min(lo, start), max(hi, end)
    while s_start < s_end and text[s_start].isspace():
        s_start += 1
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    return s_start, s_end


@dataclass
class Suggestion:
    """A span of an article that may start a fact, with the passage to cite for it."""

    kind: str  # "person", "country", "place" or "date"
    start: int
    end: int
    text: str
    quote: str
    target: object = None
    date: PartialDate | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def label(self):
        if self.kind == "date":
            return str(self.date) if self.date else self.text
        return str(self.target)

    @property
    def anchor(self):
        """The id of this suggestion's entry in a list (its group's, where mentions are grouped)."""
        return self.extra.get("group") or f"suggestion-{self.start}"

    def prefill(self):
        """Query parameters that pre-fill a meeting form with this fact and its citation."""
        params = {"cite_quote": self.quote, "cite_kind": self.kind}
        if self.kind == "person":
            params["participant"] = self.target.pk
            if self.extra.get("role"):
                params["participant_role"] = self.extra["role"]
        elif self.kind == "country":
            params["delegation"] = self.target.pk
        elif self.kind == "place":
            params["place"] = self.target.pk
            params["place_name_reported"] = self.text
        elif self.kind == "date" and self.date:
            params["date_precision"] = self.date.precision
            params["start_date"] = self.date.start.isoformat()
            if self.date.end:
                params["end_date"] = self.date.end.isoformat()
        return params


def resolve_overlaps(mentions):
    """Keep the earliest, then longest, of mentions that overlap."""
    kept = []
    last_end = -1
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if mention.start >= last_end:
            kept.append(mention)
            last_end = mention.end
    return kept


# Country names beyond the one on record, as news reports use them.
COUNTRY_FORMS = {
    "KZ": ["Kazakhstan", "Kazakh", "Republic of Kazakhstan"],
    "KG": ["Kyrgyzstan", "Kyrgyz", "Kyrgyz Republic"],
    "TJ": ["Tajikistan", "Tajik"],
    "TM": ["Turkmenistan", "Turkmen"],
    "UZ": ["Uzbekistan", "Uzbek"],
    "US": ["United States", "United States of America", "U.S.", "US", "USA", "American", "Washington"],
}


def suggest(source):
    """Suggestions for the article `source`: known people, countries, places and dates in its text."""
    from people.models import Country, Person  # noqa: PLC0415

    from ..models import Place  # noqa: PLC0415

    text = source.text
    people, countries, places = {}, {}, {}
    for person in Person.objects.prefetch_related("positions").order_by("pk"):
        for name in person.all_names():
            people.setdefault(name, person)
    for country in Country.objects.order_by("pk"):
        for name in [country.name, *COUNTRY_FORMS.get(country.code, [])]:
            countries.setdefault(name, country)
    for place in Place.objects.prefetch_related("names").order_by("pk"):
        for name in place.all_names():
            places.setdefault(name, place)

    mentions = [
        *find_names(text, people, "person"),
        *find_names(text, places, "place"),
        *find_names(text, countries, "country"),
        *find_dates(text, source.published_on if source.published_precision == Precision.DAY else None),
    ]
    suggestions = []
    for mention in resolve_overlaps(mentions):
        q_start, q_end = sentence_around(text, mention.start, mention.end)
        quote = text[q_start:q_end]
        if isinstance(mention, DateMention):
            suggestions.append(
                Suggestion("date", mention.start, mention.end, mention.text, quote, date=mention.date, note=mention.note)
            )
            continue
        suggestion = Suggestion(mention.kind, mention.start, mention.end, mention.text, quote, target=mention.target)
        if mention.kind == "person":
            suggestion.extra["role"] = _role_in(mention.target, quote)
        suggestions.append(suggestion)
    return suggestions


def _role_in(person, sentence):
    """The title of one of the person's known positions that the sentence gives, if any."""
    lowered = sentence.lower()
    for position in person.positions.all():
        if position.title and position.title.lower() in lowered:
            return position.title
    return ""


# --- the article as HTML, with cited passages and suggestions marked ------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    title: str = ""
    href: str = ""


def to_html(text, cited, suggestions):
    """The article as HTML: each cited passage in <mark>, each suggestion a link to its entry.

    `cited` are Spans of citations (they may overlap one another); `suggestions` do not overlap.
    """
    bounds = {0, len(text)}
    for span in [*cited, *suggestions]:
        bounds.update((max(0, min(span.start, len(text))), max(0, min(span.end, len(text)))))
    points = sorted(bounds)
    parts = []
    for lo, hi in zip(points, points[1:], strict=False):
        piece = escape(text[lo:hi])
        covering = [c for c in cited if c.start <= lo and hi <= c.end]
        suggestion = next((s for s in suggestions if s.start <= lo and hi <= s.end), None)
        if suggestion is not None:
            piece = format_html(
                '<a class="c5-suggestion c5-{}" href="#{}" title="{}">{}</a>',
                suggestion.kind,
                suggestion.anchor,
                f"{suggestion.kind}: {suggestion.label}",
                piece,
            )
        if covering:
            title = " · ".join(dict.fromkeys(c.title for c in covering))
            piece = format_html('<mark class="c5-cited" title="{}">{}</mark>', title, piece)
        parts.append(str(piece))
    return mark_safe("".join(parts))  # noqa: S308 — every piece was escaped above
