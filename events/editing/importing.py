"""Importing articles as sources: each file whole or not at all, with a reason when refused."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from c5site.partial_dates import Precision
from c5site.text import content_hash
from people.models import Organization

from ..models import Source

SUFFIXES = {".txt", ".md", ".html", ".htm"}


class Refused(Exception):
    """The file cannot become a source; the message says why, in one line."""


@dataclass
class Outcome:
    path: str
    status: str  # "imported", "duplicate" or "refused"
    reason: str = ""
    source: Source | None = None

    def line(self):
        if self.status == "imported":
            return f"imported  {self.path} → source {self.source.pk}: {self.source.title}"
        return f"{self.status:<9} {self.path}: {self.reason}"


@dataclass
class Article:
    """What the importer read from a file, before it is saved."""

    text: str
    title: str
    published_on: datetime.date | None
    publisher_name: str
    language: str


def collect(paths):
    """The files named, and the importable files inside the folders named, in a stable order."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # Links are listed too, so that each is refused with its reason rather than followed.
            files += sorted(p for p in path.rglob("*") if (p.is_symlink() or p.is_file()) and p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


def import_files(paths, *, by=None):
    """Import every file; return one Outcome per file. Never raises for a bad file."""
    return [import_file(path, by=by) for path in collect(paths)]


def import_file(path, *, by=None):
    path = Path(path)
    try:
        article = read_article(path)
    except Refused as refusal:
        return Outcome(str(path), "refused", str(refusal))
    digest = content_hash(article.text)
    existing = Source.objects.filter(content_hash=digest).only("pk").first()
    if existing:
        return Outcome(str(path), "duplicate", f"same text as source {existing.pk}")
    try:
        with transaction.atomic():
            source = Source.objects.create(
                title=article.title,
                text=article.text,
                published_on=article.published_on,
                published_precision=Precision.DAY if article.published_on else Precision.UNKNOWN,
                publisher=publisher_for(article.publisher_name),
                language=article.language,
                imported_from=path.name[:300],
            )
    except IntegrityError:
        # Another import of the same article won the race: the unique hash refused ours.
        existing = Source.objects.filter(content_hash=digest).only("pk").first()
        return Outcome(str(path), "duplicate", f"same text as source {existing.pk if existing else '?'}")
    return Outcome(str(path), "imported", source=source)


def read_article(path):
    """Read and check one file; raise Refused with the reason."""
    if path.is_symlink():
        raise Refused("a symbolic link: import the file it points to, by its own path")
    if not path.exists():
        raise Refused("no such file")
    if not path.is_file():
        raise Refused("not a regular file (a folder, device, pipe or socket)")
    if path.suffix.lower() not in SUFFIXES:
        raise Refused(f"unsupported file type {path.suffix or '(none)'}: use .txt, .md or .html")
    size = path.stat().st_size
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise Refused(f"too large: {size:,} bytes, the limit is {limit:,}")
    data = path.read_bytes()
    if b"\x00" in data:
        raise Refused("binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(f"not UTF-8 text (invalid byte at position {error.start}): re-save it as UTF-8") from None
    if _control_ratio(text) > 0.01:
        raise Refused("binary or corrupt text (control characters), not an article")
    if path.suffix.lower() in {".html", ".htm"}:
        text, html_title = html_to_text(text)
    else:
        html_title = ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    published_on, text = _take_date_line(text)
    text = text.strip()
    if not text:
        raise Refused("empty: no article text")
    return Article(
        text=text,
        title=html_title or headline(text),
        published_on=published_on,
        publisher_name=publisher_from_dateline(text),
        language=guess_language(text),
    )


def _control_ratio(text):
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return controls / max(len(text), 1)


_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")


def _take_date_line(text):
    """A leading `date YYYY-MM-DD` is the publication date, not part of the article."""
    match = _DATE_LINE.match(text)
    if not match:
        return None, text
    try:
        day = datetime.date.fromisoformat(match[1])
    except ValueError:
        raise Refused(f"the leading date line names no real day: {match[1]}") from None
    return day, text[match.end() :]


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)”\"][.!?])\s+(?=[A-Z“\"])")


def headline(text, *, limit=120):
    """The headline where the article has one (a short first line standing alone),
    else the opening words of its first sentence, after any dateline."""
    first, _, rest = text.partition("\n")
    first = first.strip().lstrip("#").strip()
    if first and len(first) <= 160 and not first.endswith((".", ":")) and (not rest or rest.startswith("\n")):
        return first
    lead = split_dateline(text)[1].strip()
    sentence = _SENTENCE_END.split(lead, maxsplit=1)[0].strip()
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_DATELINES = [
    # NUR-SULTAN. KAZINFORM - …
    re.compile(r"^[A-Z][A-Z' -]+\.\s+([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*)\s+[-–—]"),
    # MOSCOW (UrduPoint News / Sputnik - 28th July, 2023) …
    re.compile(r"^[A-Z][A-Z' -]+\s+\(([^/()\-–—]+?)\s*(?:/[^()]*)?[-–—][^()]*\)"),
]


def split_dateline(text):
    """(outlet named by the dateline, text after the dateline); ("", text) where there is none."""
    for pattern in _DATELINES:
        match = pattern.match(text[:200])
        if match:
            name = match[1].strip()
            return (name.title() if name.isupper() else name), text[match.end() :]
    return "", text


def publisher_from_dateline(text):
    """The outlet a dateline names, as a suggestion: "Kazinform", "UrduPoint News"; else ""."""
    return split_dateline(text)[0]


def publisher_for(name):
    if not name:
        return None
    existing = Organization.objects.filter(name__iexact=name, kind=Organization.Kind.MEDIA).first()
    if existing:
        return existing
    return Organization.objects.create(name=name, slug=_unique_slug(name), kind=Organization.Kind.MEDIA)


def _unique_slug(name):
    base = slugify(name)[:190] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Letters only Kazakh uses (ғ and қ are shared with Uzbek), and letters only Uzbek uses.
_KAZAKH = set("әңөұүһіӘҢӨҰҮҺІ")
_UZBEK_CYRILLIC = set("ўҳЎҲ")
_UZBEK_LATIN = re.compile(r"\b(?:[oO]|[gG])[ʻ‘'`]|\bva\b|\bbilan\b|\buchun\b")


def guess_language(text):
    """A BCP 47 tag from the script and a few letters only those languages use."""
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if letters and cyrillic / len(letters) > 0.3:
        if any(c in _UZBEK_CYRILLIC for c in sample) and not any(c in _KAZAKH for c in sample):
            return "uz-Cyrl"
        if any(c in _KAZAKH for c in sample):
            return "kk"
        return "ru"
    if len(_UZBEK_LATIN.findall(sample)) >= 3:
        return "uz"
    return "en"


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
    # Scripts and the page's chrome (navigation, menus, footers, sidebars, forms) are not the article.
    SKIP = {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "svg",
        "head",
        "nav",
        "footer",
        "aside",
        "form",
        "menu",
        "button",
        "dialog",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0
        self.title = ""
        self._in_title = False
        self._in_h1 = False
        self.h1 = ""

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self.skipping:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(data)


_MAIN = re.compile(r"<(article|main)\b[^>]*>(.*)</\1\s*>", re.I | re.S)


def html_to_text(html):
    """The readable text of an HTML page and its title; scripts, styles and the page's navigation, header,
    footer and sidebars are dropped (never run). Where the page marks its article (<article>, <main>), only
    that is read."""
    parser = _TextExtractor()
    main = _MAIN.search(html)
    if main:
        title_parser = _TextExtractor()
        title_parser.feed(html[: main.start()])
        parser.title = title_parser.title
        html = main.group(2)
    else:
        html = re.sub(r"<header\b.*?</header\s*>", "", html, flags=re.I | re.S)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    title = " ".join((parser.h1 or parser.title).split())
    return text.strip(), title[:500]
