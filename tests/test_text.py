from pathlib import Path

import pytest

from c5site.text import closest_passage, content_hash, find_quote, normalize, normalize_with_map

SEEDS = Path(__file__).resolve().parent.parent / "events" / "demo" / "articles"


def seed(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_normalize_folds_typographic_quotes_dashes_and_space_only():
    assert normalize("“A”  ‘b’\n«c» – d — e") == '"A" \'b\' "c" - d - e'
    assert normalize("Astana") != normalize("astana")  # case matters


def test_curly_apostrophe_in_the_source_matches_a_straight_one_in_the_quote():
    text = seed("001")
    match = find_quote(text, "visited Kazakhstan's capital, Astana")
    assert match is not None
    assert text[match.start : match.end] == "visited Kazakhstan’s capital, Astana"


def test_guillemets_in_the_source_match_straight_quotes():
    text = seed("004")
    match = find_quote(text, 'stressed "the importance of continuing work')
    assert match and text[match.start : match.end].startswith("stressed «the importance")


def test_en_dash_in_the_source_matches_a_hyphen():
    match = find_quote(seed("002"), "Kazakhstan - Beibut Atamkulov")
    assert match is not None


def test_a_quote_across_a_paragraph_break_is_found_with_its_offsets():
    text = seed("000")
    quote = "on behalf of the US. He was received by"
    match = find_quote(text, quote)
    assert match is not None
    assert "\n\n" in text[match.start : match.end]
    assert normalize(text[match.start : match.end]) == normalize(quote)


def test_case_and_spelling_must_match():
    text = seed("002")
    assert find_quote(text, "the capital of kazakhstan hosted") is None
    assert find_quote(text, "Sirojiddin Mukhriddin") is None


def test_context_is_recorded_around_the_quote():
    text = seed("000")
    match = find_quote(text, "Thomas West attended the meeting")
    assert match.prefix.endswith("Representative for Afghanistan ")
    assert match.suffix.startswith(" on behalf of the US.")


@pytest.mark.parametrize("quote", ["", "   ", "\n"])
def test_an_empty_quote_is_never_found(quote):
    assert find_quote(seed("000"), quote) is None


def test_closest_passage_points_at_the_nearly_matching_text():
    hint = closest_passage(seed("002"), "Tajikistan – Sirojiddin Mukhriddin")
    assert "Sirojiddin" in hint


def test_content_hash_ignores_white_space_and_line_endings_only():
    assert content_hash("a b\r\nc") == content_hash("a  b\nc  ")
    assert content_hash("a b c") != content_hash("a b d")


def reference_normalize_with_map(text):
    """The definition, one character at a time (the first implementation)."""
    out, offsets, pending_space = [], [], None
    for index, char in enumerate(text):
        if char.isspace():
            if out and pending_space is None:
                pending_space = index
            continue
        if pending_space is not None:
            out += " "
            offsets.append(pending_space)
            pending_space = None
        out += normalize(char) or char
        offsets.append(index)
    return "".join(out), tuple(offsets)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "word",
        "  two  words \n",
        "“Quoted” — and ‘folded’ – «here»",
        "no\u00a0break\u2028line\x1cfile\u3000ideographic\tend\r\n",
        "\n\nParagraph one.\n\n  Paragraph two,\tindented. ",
    ],
)
def test_the_normalised_map_is_the_one_character_at_a_time_definition(text):
    assert normalize_with_map(text) == reference_normalize_with_map(text)
    haystack, offsets = normalize_with_map(text)
    assert haystack == normalize(text)
    assert len(offsets) == len(haystack)
