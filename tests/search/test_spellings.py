"""Names and their spellings: editors extend them in the admin, search uses them at once, and the demo's
file loads again without changing what editors did."""

import pytest
from django.contrib.auth.models import Group, User

from events.demo.spellings import DEMO_SPELLINGS, SpellingsError, load_spellings
from events.models import PublishedMeeting, SpelledName, Spelling
from events.published import search

pytestmark = pytest.mark.django_db


def user(role):
    account = User.objects.create_user(username=role, password="correct-horse-battery", is_staff=True)
    account.groups.add(Group.objects.get(name=role))
    return account


def form_data(label, spellings, name=None):
    data = {"label": label, "note": "", "spellings-TOTAL_FORMS": len(spellings), "spellings-INITIAL_FORMS": 0,
            "spellings-MIN_NUM_FORMS": 0, "spellings-MAX_NUM_FORMS": 1000}  # fmt: skip
    for n, (text, script) in enumerate(spellings):
        data[f"spellings-{n}-text"], data[f"spellings-{n}-script"] = text, script
    return data


def meetings_found(query):
    return set(search.filter_meetings(PublishedMeeting.objects.all(), query).values_list("slug", flat=True))


def test_an_editor_adds_a_spelling_and_search_finds_the_record_by_it_at_once(client, demo):
    assert meetings_found("Хэйл") == set()
    client.force_login(user("editor"))
    response = client.post("/admin/events/spelledname/add/", form_data("Hale (Хэйл)", [("Hale", "latin"), ("Хэйл", "cyrillic")]))
    assert response.status_code == 302
    assert meetings_found("Хэйл") == {"c5-1-ministerial-nur-sultan"}
    assert Spelling.objects.get(text="Хэйл").key == "хэйл"


def test_a_contributor_cannot_change_the_spellings(client, demo):
    client.force_login(user("contributor"))
    before = Spelling.objects.count()
    assert client.get("/admin/events/spelledname/").status_code == 403
    assert client.post("/admin/events/spelledname/add/", form_data("Hale", [("Хэйл", "cyrillic")])).status_code == 403
    assert Spelling.objects.count() == before


@pytest.mark.parametrize(
    ("spellings", "message"),
    [
        ([("Хэйл", "latin")], "is not written in the Latin script"),
        ([("Hale", "cyrillic")], "is not written in the Cyrillic script"),
        ([("Nur-Sultan", "latin"), ("nur sultan", "latin")], "are the same spelling to search"),
        ([("?!", "latin")], "needs letters or digits"),
    ],
)
def test_a_spelling_search_could_not_use_is_refused_with_a_message_and_nothing_saved(client, demo, spellings, message):
    client.force_login(user("editor"))
    before = (SpelledName.objects.count(), Spelling.objects.count())
    response = client.post("/admin/events/spelledname/add/", form_data("Refused", spellings))
    assert response.status_code == 200 and message in response.content.decode()
    assert (SpelledName.objects.count(), Spelling.objects.count()) == before


def test_the_demo_spellings_load_again_without_changing_what_an_editor_did(demo):
    tokayev = SpelledName.objects.get(label="Tokayev")
    Spelling.objects.create(name=tokayev, text="Tokajew", script="latin")
    Spelling.objects.filter(text="Tokaev").delete()
    count = Spelling.objects.count()
    assert load_spellings() == 1  # Tokaev, back
    assert load_spellings(DEMO_SPELLINGS) == 0
    assert Spelling.objects.count() == count + 1 and tokayev.spellings.filter(text="Tokajew").exists()


def test_a_file_that_is_not_spellings_is_refused_whole(tmp_path, db):
    wrong = tmp_path / "spellings.json"
    wrong.write_text('{"names": [{"label": "Good", "latin": ["Good"]}, {"label": "Bad", "cyrillic": ["Bad"]}]}')
    with pytest.raises(SpellingsError, match="Bad: “Bad” is not written in the Cyrillic script"):
        load_spellings(wrong)
    wrong.write_text("not json")
    with pytest.raises(SpellingsError, match="not a file of names and spellings"):
        load_spellings(wrong)
    assert not SpelledName.objects.filter(label__in=["Good", "Bad"]).exists()


def test_every_word_of_a_query_is_looked_up_in_one_query(demo, django_assert_num_queries):
    query = search.parse('Токаев Samarqand OR "Nur-Sultan" -Hale')
    with django_assert_num_queries(1):
        expanded = search.expand(query)
    tokayev, samarqand, nur_sultan, hale = query.terms()
    assert {("tokayev",), ("toqaev",), ("tokaev",), ("тоқаев",)} <= set(expanded.alternatives(tokayev))
    assert {("samarkand",), ("самарканд",), ("самарқанд",)} <= set(expanded.alternatives(samarqand))
    assert {("nursultan",), ("нур", "султан"), ("нұр", "сұлтан")} <= set(expanded.alternatives(nur_sultan))
    assert ("хейл",) in expanded.alternatives(hale)
