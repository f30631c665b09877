"""How a query is read: words, quoted phrases, OR and -word, and a message for what cannot be read."""

import pytest

from events.published.search import MAX_QUERY_CHARS, SearchError, Term, parse


def read(text):
    """A query as nested lists of its terms' text: (clauses, excluded)."""
    query = parse(text)
    return [[str(t) for t in clause] for clause in query.clauses], [str(t) for t in query.excluded]


@pytest.mark.parametrize(
    ("text", "clauses", "excluded"),
    [
        ("Blinken Astana", [["Blinken"], ["Astana"]], []),
        ("Blinken OR Hale", [["Blinken", "Hale"]], []),
        ("security Blinken OR Hale Astana", [["security"], ["Blinken", "Hale"], ["Astana"]], []),
        ("a OR b OR c", [["a", "b", "c"]], []),
        ("Blinken or Hale", [["Blinken"], ["or"], ["Hale"]], []),  # OR in capitals only
        ('"joint statement" -Astana', [['"joint statement"']], ["Astana"]),
        ('Astana -"Nur-Sultan"', [["Astana"]], ['"Nur-Sultan"']),
        ("“Nur-Sultan” «Astana»", [['"Nur-Sultan"'], ['"Astana"']], []),  # typographic quotes
        ("Astana – Nur-Sultan", [["Astana"], ["Nur-Sultan"]], []),  # a dash alone is no word
        ("  Astana\x00\tNur\x02Sultan  ", [["Astana"], ["Nur"], ["Sultan"]], []),  # control characters are spaces
    ],
)
def test_a_query_is_read_into_clauses_that_must_all_match_and_terms_left_out(text, clauses, excluded):
    assert read(text) == (clauses, excluded)


def test_a_blank_query_is_empty_not_an_error():
    assert parse("  \t ").is_empty and parse(None).is_empty


def test_a_word_with_punctuation_inside_is_a_phrase_of_its_parts_in_lower_case():
    (clause,) = parse("C5+1").clauses
    assert clause == (Term("C5+1", ("c5", "1")),)
    (clause,) = parse("Tokayev's").clauses
    assert clause[0].words == ("tokayev", "s")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-Astana", "only leaves things out"),
        ('"Astana', "not closed"),
        ('Astana "Nur-Sultan', "not closed"),
        ('""', "no words between"),
        ("Blinken OR OR Hale", "OR goes between"),
        ("OR", "OR goes between"),
        ("-Blinken OR Hale", "cannot be one side of an OR"),
        ("%%% ???", "nothing to search for"),
        ("-", "nothing to search for"),
        ("a" * (MAX_QUERY_CHARS + 1), f"at most {MAX_QUERY_CHARS} characters"),
        ('"' + " ".join(["word"] * 25) + '"', "24 words in all"),
    ],
)
def test_a_query_that_cannot_be_read_says_why(text, message):
    with pytest.raises(SearchError, match=message):
        parse(text)
