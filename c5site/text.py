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
    best = ""
    # Try ever shorter runs of the quote's words until one occurs in the text.
    for size in range(len(words), 0, -1):
        for begin in range(0, len(words) - size + 1):
            run = " ".join(words[begin : begin + size])
            if len(run) < 4:
                continue
            position = haystack.find(run)
            if position != -1:
                best = haystack[max(0, position - width // 4) : position + len(run) + width // 2]
                return best.strip()
    return best


def content_hash(text):
    """Fingerprint of an article's text that ignores white space and line endings."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()
