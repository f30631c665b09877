"""What search matches for each public record, written into the index by publishing, and the words
search compares.

A meeting matches its title, date, kind, summary, place (every name it has had), series, the
names and aliases of its participants and their roles, its countries, topics and outcomes; a
person their names, aliases, country and positions; a source its title, attribution and text.
Texts are built from resolved documents (events.published.reader), so a name is the one the
public sees. The text stays readable, one part a line, as the search page cuts its snippets
from it; beside each line whose words read otherwise folded or transliterated, that other form
is added (Öskemen → Oskemen, Токаев → Tokaev), so a reader finds it typed either way.

Both databases split a text into words alike: a word is a run of letters and digits, and
nothing else joins one (SQLite's FTS5 unicode61 tokenizer; on PostgreSQL the `simple`
configuration, after punctuation is read as space: events/published/search.py). Folding is
done here, in Python, not by the databases: FTS5's remove_diacritics and PostgreSQL's
unaccent fold different letters (ё, ß, æ, ø, ł, ʻ), and search must behave the same on both.
"""

import re
import unicodedata

from c5site.text import transliterate

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Folded as words are written in Latin: ß → ss (casefold), æ → ae; ё → е as Russian often writes
# it; Uzbek's modifier letters (Oʻzbekiston) dropped. Other Cyrillic letters are letters of
# their own (й is not и), left as they are.
_SPECIAL = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ħ": "h", "þ": "th",
                          "ё": "е", "ʻ": "", "ʼ": ""})  # fmt: skip
_KEPT = frozenset("йў")


def words(text):
    """The words of `text` as both databases split it: runs of letters and digits, in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text or ""))


def _fold_char(char):
    if char in _KEPT:
        return char
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


def fold(text):
    """`text` lower-cased with its letters' diacritics removed: "Öskemen" → "oskemen", "Ёлка" → "елка"."""
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_SPECIAL)
    return "".join(_fold_char(c) for c in text)


def forms(text):
    """The other forms of `text` that search finds it by: folded, and transliterated if Cyrillic."""
    found = []
    seen = {text.lower()}  # as the databases lower-case a word
    candidates = [fold(text)]
    if _CYRILLIC.search(text):
        latin = transliterate(text)
        candidates += [latin, fold(latin)]
    for form in candidates:
        if form.lower() not in seen:
            seen.add(form.lower())
            found.append(form)
    return found


def spelling_key(text):
    """How a spelling is looked up: its folded words, one space apart ("Nur-Sultan" → "nur sultan")."""
    return " ".join(words(fold(text)))


def _join(parts):
    lines = []
    for part in parts:
        for line in str(part or "").splitlines():
            line = " ".join(unicodedata.normalize("NFC", line).split())
            if line and line not in lines:
                lines.append(line)
    extra = []
    for line in lines:
        extra += [form for form in forms(line) if form not in lines and form not in extra]
    return "\n".join([*lines, *extra])


def for_meeting(meeting):
    """`meeting`: a resolved meeting document (reader.resolve_meeting)."""
    date = meeting["date"]
    dated = date.is_known or date.not_after  # "date not reported" is no word to find it by
    parts = [meeting["title"], meeting["date_display"] if dated else "", meeting["kind_display"], meeting["summary"],
             meeting["place_name_reported"]]  # fmt: skip
    place = meeting["place"]
    if place:
        parts += [place["name"], *(n["name"] for n in place["names"])]
        if place["country"]:
            parts.append(place["country"]["name"])
    if meeting["series"]:
        parts.append(meeting["series"]["name"])
    for p in meeting["participants"]:
        if p["person"]:
            parts += [p["person"]["name"], *p["person"].get("aliases", [])]
        parts.append(p["role"])
        if p["country"]:
            parts.append(p["country"]["name"])
    parts += [d["country"]["name"] for d in meeting["countries"] if d["country"]]
    parts += [t["topic"]["name"] for t in meeting["topics"] if t["topic"]]
    parts += [o["description"] for o in meeting["outcomes"]]
    return _join(parts)


def for_person(person):
    """`person`: a resolved person document (reader.resolve_person)."""
    parts = [person["name"], *person["aliases"]]
    if person["country"]:
        parts.append(person["country"]["name"])
    for position in person["positions"]:
        parts.append(position["title"])
        if position["organization"]:
            parts.append(position["organization"]["name"])
    return _join(parts)


def for_reference(kind, document, text=""):
    """A piece of reference data; `text`: a source's full text (searched, never shown whole)."""
    if kind == "source":
        return _join([document["title"], document["attribution"], text])
    if kind == "place":
        return _join([document["name"], *(n["name"] for n in document["names"])])
    if kind == "country":
        return _join([document["name"], document["code"]])
    return _join([document["name"], document.get("description", "")])
