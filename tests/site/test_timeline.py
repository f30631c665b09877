"""The timeline picture: bars stacked by kind per year, with a text alternative."""

from events.templatetags.timeline import build_timeline


def test_timeline_stacks_kinds_per_year_and_spans_the_empty_years():
    data = build_timeline(
        {(2015, "ministerial"): 1, (2021, "ministerial"): 2, (2021, "phone_call"): 1},
        undated=3,
        kind_labels={"ministerial": "ministerial meeting", "phone_call": "phone call"},
    )
    assert [label["text"] for label in data["labels"]][0] == "2015" and data["last"] == 2021
    assert len(data["bars"]) == 3
    tallest = [b for b in data["bars"] if b.label.startswith("2021")]
    assert sum(b.height for b in tallest) == data["axis_y"] - min(b.y for b in tallest)
    assert [row["year"] for row in data["rows"]] == [2015, 2021]
    assert data["rows"][1]["kinds"] == [("ministerial meeting", 2), ("phone call", 1)]
    assert data["total"] == 4 and data["undated"] == 3


def test_timeline_of_nothing_is_an_empty_state():
    assert build_timeline({}, undated=2) == {"empty": True, "undated": 2}
