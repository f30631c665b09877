"""What the desk reads from an article: in the region's languages, and with other events kept apart."""

import datetime
from pathlib import Path

import pytest

from events.editing.extraction import Knowledge, read
from events.editing.importing import read_article

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "events" / "demo" / "articles"


def seed(prefix):
    return read_article(next(SEEDS.glob(f"{prefix}_*.txt")))


def test_a_russian_report_is_read_with_the_gazetteers_names_declined_places_and_dates():
    text = (
        "Президент Казахстана Касым-Жомарт Токаев принял участие в первом саммите «Центральная Азия – США» в формате "
        "C5+1, который прошел 19 сентября 2023 года в Нью-Йорке.\n\n"
        "Во встрече также участвовали Президент Узбекистана Шавкат Мирзиёев и Президент США Джо Байден.\n\n"
        "Стороны обсудили вопросы региональной безопасности и торговли."
    )
    reading = read(text, None, Knowledge.load())
    assert reading.facts["kind"].value == "summit"
    assert str(reading.facts["date"].value) == "September 19, 2023"
    assert reading.facts["place"].value[1:] == ("New York", "US", "Нью-Йорке")
    people = {p.name: (p.role, p.country) for p in reading.participants if p.accepted}
    assert people == {
        "Kassym-Jomart Tokayev": ("Президент Казахстана", "KZ"),
        "Shavkat Mirziyoyev": ("Президент Узбекистана", "UZ"),
        "Joe Biden": ("Президент США", "US"),
    }
    assert {t.value for t in reading.topics} == {"Security", "Economy and trade"}


def test_the_first_meeting_in_samarkand_is_another_meeting_with_its_date_and_place_not_this_ones():
    article = seed("002")
    reading = read(article.text, article.published_on, Knowledge.load())
    assert "date" not in reading.facts  # the Nur-Sultan meeting: the article gives no date
    assert reading.facts["place"].value[3] == "Nur-Sultan"
    [first] = [e for e in reading.other_events if e.is_meeting]
    assert str(first.date) == "November 1, 2015" and first.place[1] == "Samarkand"


def test_when_a_ministry_said_something_is_not_when_the_meeting_was():
    article = seed("000")  # "…met in the Kazakh capital of Astana …, the Kazakh Foreign Ministry said on Friday."
    reading = read(article.text, article.published_on, Knowledge.load(record_people=False))
    date = reading.facts["date"].value
    assert not date.is_known and date.not_after == datetime.date(2023, 7, 28)  # on or before the report
    founding = [e for e in reading.other_events if e.label == "the founding of the format"]
    assert founding and not any(e.is_meeting for e in founding)


def test_people_new_to_the_record_are_found_by_their_titles_and_bystanders_are_not_ticked():
    article = seed("004")
    reading = read(article.text, article.published_on, Knowledge.load(record_people=False))
    ticked = {p.name: p.role for p in reading.participants if p.accepted}
    assert ticked["Mukhtar Tileuberdi"] == "Deputy Prime Minister and Minister of Foreign Affairs of Kazakhstan"
    assert ticked["Antony Blinken"] == "U.S. Secretary of State"
    assert "Aibek Smadiyarov" not in ticked  # the ministry's spokesman, the source of the report
    unticked = {p.name: p.reason for p in reading.participants if not p.accepted}
    assert "Kassym-Jomart Tokayev" in unticked  # named as the author of a plan of reforms
    assert "Joe Biden" in unticked  # "the first 100 days of the presidency of Joe Biden"
    [roundtable] = [e for e in reading.other_events if e.kind == "roundtable"]
    assert str(roundtable.date) == "April 23, 2021"  # "April 23 this year", in an article of 2021
    people = {p.name: p.accepted for p in roundtable.participants}
    assert people["Magzum Mirzagaliyev"] and not people["John Kerry"]  # "his contacts with … John Kerry"
