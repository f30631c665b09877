"""Text normalisation used to match a citation's quote against its source text.

Rule 1 compares quotes after normalising white space, typographic quotes and
dashes — and nothing else: case, spelling and punctuation still have to match.
"""

import functools
import hashlib
import re
from dataclasses import dataclass

# Only these characters are folded; every other character must match exactly.
_FOLD = str.maketrans(
    {
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u2013": "-",  # –
        "\u2014": "-",  # —
    }
)
_SPACE = re.compile(r"\s+")


def normalize(text):
    """The comparable form of a text: folded quotes and dashes, single spaces, trimmed."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


_WORD = re.compile(r"\S+")  # \S is exactly `not str.isspace()` on str patterns


@functools.lru_cache(maxsize=8)
def normalize_with_map(text):
    """Normalise `text` and return (normalised, offsets).

    offsets[i] is the index in `text` of the character that became normalised[i], so
    a match in the normalised text can be mapped back to the original offsets. Each run
    of white space becomes one space, mapped to the run's first character.

    Kept for the last few texts: the quotes of one article are checked one after another
    (twice each on save), and normalising a 30 KB article took a few milliseconds.
    The offsets are a tuple, as the result is shared.
    """
    pieces = []
    offsets = []
    previous_end = None
    for word in _WORD.finditer(text):
        start, end = word.span()
        if previous_end is not None:
            pieces.append(" ")
            offsets.append(previous_end)
        pieces.append(word.group())
        offsets.extend(range(start, end))
        previous_end = end
    # The fold maps one character to one, so the offsets still line up.
    return "".join(pieces).translate(_FOLD), tuple(offsets)


@dataclass(frozen=True)
class Match:
    """Where a quote stands in a source text: original offsets and context."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


CONTEXT_CHARS = 32


def find_quote(text, quote, *, hint=None):
    """Find `quote` in `text` after normalisation; return a Match or None.

    Where the quote occurs more than once, the occurrence nearest to `hint` (an
    earlier start offset) is taken, so a re-check keeps pointing at the same passage.
    """
    needle = normalize(quote)
    if not needle:
        return None
    haystack, offsets = normalize_with_map(text)
    starts = []
    position = haystack.find(needle)
    while position != -1:
        starts.append(position)
        position = haystack.find(needle, position + 1)
    if not starts:
        return None
    if hint is not None:
        starts.sort(key=lambda s: abs(offsets[s] - hint))
    first = starts[0]
    start = offsets[first]
    end = offsets[first + len(needle) - 1] + 1
    return Match(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def closest_passage(text, quote, *, width=160):
    """The passage of `text` that shares the longest run of words with `quote`.

    Used to tell an editor where a quote that was not found probably belongs.
    """
    words = normalize(quote).split(" ")
    haystack = normalize(text)
    # Try ever shorter runs of the quote's words until one occurs in the text, as whole words; a run of
    # fewer than three words ("the meeting") points anywhere, so a hint needs three, or the whole quote.
    for size in range(len(words), min(3, len(words)) - 1, -1):
        for begin in range(0, len(words) - size + 1):
            run = " ".join(words[begin : begin + size])
            if len(run) < 4:
                continue
            match = re.search(rf"(?<!\w){re.escape(run)}(?!\w)", haystack)
            if match:
                return _whole_words(haystack, match.start() - width // 4, match.end() + width // 2)
    return ""


def _whole_words(text, start, end):
    """text[start:end] widened to whole words at both ends, "…" where it is cut."""
    start, end = max(0, start), min(len(text), end)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def content_hash(text):
    """Fingerprint of an article's text that ignores white space and line endings."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


PASSAGE_CHARS = 280
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+|\n\s*\n")


def passage_context(text, start, end, *, limit=PASSAGE_CHARS):
    """The text around a quote at [start, end), as a reader needs it: (before, after).

    Each side runs to a sentence boundary — the quote's own sentence, and the one before
    where that is short — and at most `limit` characters, cut at a space (marked "…")."""
    floor = max(0, start - limit)
    boundaries = [m.end() for m in _SENTENCE_END.finditer(text, floor, start)]
    # The start of the quote's sentence; the sentence before it too when this one starts close by.
    begin = boundaries[-1] if boundaries else floor
    if start - begin < 40 and len(boundaries) > 1:
        begin = boundaries[-2]
    before = text[begin:start]
    if begin == floor and floor > 0:
        cut = before.find(" ")
        before = "…" + (before[cut + 1 :] if cut != -1 else before)
    stop = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    finish = stop.start() + 1 if stop else min(len(text), end + limit)
    after = text[end:finish]
    if not stop and finish < len(text):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > 0 else after) + "…"
    return _SPACE.sub(" ", before).lstrip(), _SPACE.sub(" ", after).rstrip()


# Cyrillic to Latin as the region's English-language press writes names (Токаев → Tokaev,
# Щусев → Shchusev): close to BGN/PCGN, without diacritics. Kazakh and Uzbek letters included.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіў",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya a g q n o u u h i o".split(" "),
        strict=True,
    )
)
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def transliterate(text):
    """`text` with its Cyrillic letters in Latin ones (case kept on the first letter)."""
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def transliterations(text):
    """Other forms of `text` that search should match it by: its Latin transliteration, if it has Cyrillic."""
    return [transliterate(text)] if _HAS_CYRILLIC.search(text) else []
