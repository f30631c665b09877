"""The HTML that tags build in Python for each fact, note and official met: the same markup the
templates wrote before (footnote markers, disputes, notes, links back), escaped the same way."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from c5site.partial_dates import PartialDate

from events.templatetags.footnotes import Footnotes, footnote_items, markers
from c5site.links import path_of, url_maker
from events.templatetags.site import met_items

PAYLOAD = '<b>"x" & \'y\'</b>'


def citation(pk, *, stance="supports", note="", title="An article", url="https://example.org/a?b=1&c=2",
             publisher="Kazinform", published_on=datetime.date(2023, 7, 28), quote="the quote"):  # fmt: skip
    source = SimpleNamespace(
        pk=pk, title=title, url=url, publisher=publisher and SimpleNamespace(name=publisher),
        published_on=published_on, published=PartialDate(published_on, "day" if published_on else "unknown"),
    )  # fmt: skip
    return SimpleNamespace(source_id=pk, source=source, quote=quote, stance=stance, note=note)


def test_the_markers_of_a_supported_fact_link_each_note_with_its_source_as_title():
    notes = Footnotes()
    html = markers(notes.add([citation(1), citation(2, title=PAYLOAD)]), disputed=False)
    assert html == (
        '<span class="refs"><sup class="fn"><a href="#fn-1" id="ref-1-1" title="An article">[1]</a></sup>'
        '<sup class="fn"><a href="#fn-2" id="ref-2-1" title="&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;">[2]</a></sup></span>'
    )


def test_the_markers_of_a_disputed_fact_say_which_note_contradicts_it_and_why():
    notes = Footnotes()
    notes.add([citation(1)])  # cited before: the same passage keeps its number
    added = notes.add([citation(1), citation(3, stance="contradicts", note=PAYLOAD), citation(4, stance="contradicts")])
    assert markers(added, disputed=True) == (
        '<span class="refs"><sup class="fn"><a href="#fn-1" id="ref-1-2" title="An article">[1]</a></sup>'
        '<sup class="fn fn-contra"><a href="#fn-2" id="ref-2-1" title="An article (contradicts)">[2]</a></sup>'
        '<sup class="fn fn-contra"><a href="#fn-3" id="ref-3-1" title="An article (contradicts)">[3]</a></sup></span>'
        '<span class="disputed">Sources disagree: &lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt; (note 2)'
        ": a source contradicts this (note 3)</span>"
    )


@pytest.mark.django_db
def test_each_note_gives_the_quote_the_source_and_a_link_back_to_every_mention():
    notes = Footnotes()
    notes.add([citation(7, note="Read with care.")])
    notes.add([citation(7, note="Read with care.")])
    notes.add([citation(8, stance="contradicts", title=PAYLOAD, url="javascript:alert(1)", publisher=None,
                        published_on=None, quote=PAYLOAD)])  # fmt: skip
    html = footnote_items(notes)
    source_7, source_8 = reverse("events:source-detail", kwargs={"pk": 7}), reverse("events:source-detail", kwargs={"pk": 8})
    assert html == (
        '<li id="fn-1"><blockquote class="quote">“the quote”</blockquote>'
        f'<p class="source-line"><a href="{source_7}">An article</a> — Kazinform, July 28, 2023, '
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener external">original article</a>.</p>'
        '<p class="note">Read with care.</p>'
        '<p class="backrefs"><a href="#ref-1-1" aria-label="Back to text, mention 1 of note 1">↩1</a> '
        '<a href="#ref-1-2" aria-label="Back to text, mention 2 of note 1">↩2</a> </p></li>\n'
        '<li id="fn-2" class="contra"><p class="stance"><strong>This source contradicts the fact it is attached to.</strong></p>'
        '<blockquote class="quote">“&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;”</blockquote>'
        f'<p class="source-line"><a href="{source_8}">&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;</a> — '
        "publisher not stated, publication date not stated, original address unknown.</p>"
        '<p class="backrefs"><a href="#ref-2-1" aria-label="Back to text, mention 1 of note 2">↩</a> </p></li>\n'
    )


@pytest.mark.parametrize(
    ("name", "kwarg", "value"),
    [
        ("events:meeting-detail", "slug", "c5-1-ministerial-2023"),
        ("events:topic-detail", "slug", "under_score-9"),
        ("people:person-detail", "slug", "kairat-umarov"),
        ("events:source-detail", "pk", 12345),
    ],
)
def test_url_maker_gives_the_address_reverse_gives(name, kwarg, value):
    assert url_maker(name, kwarg)(value) == reverse(name, kwargs={kwarg: value})


def test_url_maker_with_a_request_gives_the_absolute_address(rf):
    request = rf.get("/api/v1/meetings/", HTTP_HOST="testserver", secure=True)
    for value in ("c5-1-ministerial-2023", "00000000000000000000"):
        expected = request.build_absolute_uri(reverse("api:meetings-detail", kwargs={"slug": value}))
        assert url_maker("api:meetings-detail", request=request)(value) == expected


def test_url_maker_follows_a_change_of_urlconf_and_script_prefix(settings):
    from django.urls import NoReverseMatch, set_script_prefix  # noqa: PLC0415

    assert url_maker("events:meeting-detail")("m") == "/meetings/m/"
    set_script_prefix("/record/")
    try:
        assert url_maker("events:meeting-detail")("m") == "/record/meetings/m/"
    finally:
        set_script_prefix("/")
    settings.ROOT_URLCONF = "tests.cache_urls"  # has no meeting pages
    with pytest.raises(NoReverseMatch):
        url_maker("events:meeting-detail")


def test_the_path_tag_gives_what_the_url_tag_gives_and_follows_the_urlconf_and_script_prefix(settings, rf):
    from django.template import Context, Template  # noqa: PLC0415
    from django.urls import NoReverseMatch, set_script_prefix  # noqa: PLC0415

    names = re.findall(r"{% path '([^']+)' %}", Path(settings.BASE_DIR, "templates", "base.html").read_text())
    assert len(names) == 11
    both = Template("{% load site %}" + "".join(f"{{% path '{name}' %}}|{{% url '{name}' %}}\n" for name in names))
    for prefix in ("/", "/record/"):
        set_script_prefix(prefix)
        try:
            for line in both.render(Context()).splitlines():
                ours, django = line.split("|")
                assert ours == django and ours.startswith(prefix)
        finally:
            set_script_prefix("/")
    settings.ROOT_URLCONF = "tests.cache_urls"  # has no public pages
    with pytest.raises(NoReverseMatch):
        path_of("events:meeting-list")


def test_url_maker_leaves_anything_but_a_plain_slug_to_reverse():
    from django.urls import NoReverseMatch  # noqa: PLC0415

    with pytest.raises(NoReverseMatch):
        url_maker("events:meeting-detail", "slug")("a b/../c")


def test_the_officials_met_link_to_their_page_and_to_each_meeting_escaped():
    met = [
        {"slug": "a-b", "name": PAYLOAD, "country": "Kazakhstan", "meetings": [("m-1", "First"), ("m-2", "Second & <i>")]},
        {"slug": "c-d", "name": "C D", "country": None, "meetings": [("m-3", "Third")]},
    ]
    assert met_items(met) == (
        '<li><a href="/people/a-b/">&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;</a> (Kazakhstan):\n'
        '        <a href="/meetings/m-1/">First</a>; <a href="/meetings/m-2/">Second &amp; &lt;i&gt;</a></li>\n'
        '<li><a href="/people/c-d/">C D</a>:\n        <a href="/meetings/m-3/">Third</a></li>\n'
    )


@pytest.mark.django_db
def test_a_busy_officials_meetings_come_a_page_at_a_time_with_whom_they_met_there(client, many_meetings):
    from people.views import MEETINGS_PER_PAGE  # noqa: PLC0415
    from tests.factories import ParticipationFactory, PersonFactory, cite  # noqa: PLC0415

    person = PersonFactory(slug="busy-official", name="Busy Official")
    meetings = many_meetings(MEETINGS_PER_PAGE + 2)  # their dates are not in creation order
    for meeting in meetings:
        cite(ParticipationFactory(meeting=meeting, person=person, role=f"Role at {meeting.slug}"), "role")
    newest_first = [m.slug for m in sorted(meetings, key=lambda m: (m.date_hi, m.pk), reverse=True)]

    first = client.get("/people/busy-official/").content.decode()
    second = client.get("/people/busy-official/?page=2").content.decode()
    for html, shown in ((first, newest_first[:MEETINGS_PER_PAGE]), (second, newest_first[MEETINGS_PER_PAGE:])):
        rows = re.findall(r'data-label="Role at the time">Role at ([\w-]+)<span class="refs">', html)
        assert rows == shown
        # The officials met are those of the meetings on this page, and every role is footnoted.
        met = html.split('id="met-heading"')[1]
        assert {f"/meetings/{slug}/" for slug in shown} == set(re.findall(r'href="(/meetings/[\w-]+/)"', met.split("</ul>")[0]))
        assert len(re.findall(r'<li id="fn-\d+"', html)) >= 1
    total = MEETINGS_PER_PAGE + 2
    assert f"Meetings 1–{MEETINGS_PER_PAGE} of {total}, newest first." in first
    assert f'<a href="/meetings/?person=busy-official">All {total} in the meetings list</a>' in first
    assert '<a rel="next" href="?page=2">' in first and '<a rel="prev" href="?page=1">' in second
    assert '<link rel="canonical" href="http://testserver/people/busy-official/?page=2">' in second
    for bad in ("?page=3", "?page=0", "?page=abc"):
        response = client.get(f"/people/busy-official/{bad}")
        assert response.status_code == 404
        assert "There is no such page of this official’s meetings." in response.content.decode()


@pytest.mark.django_db
def test_an_official_with_few_meetings_has_no_pager(client, many_meetings):
    many_meetings(2)
    html = client.get("/people/official-1-published/").content.decode()
    assert 'class="pagination"' not in html and "in the meetings list" not in html


def test_the_rows_of_meetings_attended_are_what_the_template_loop_wrote_escaped_and_footnoted():
    from django.template import Context, Template  # noqa: PLC0415

    from events.meeting_page import Cited  # noqa: PLC0415
    from events.templatetags.footnotes import attended_rows  # noqa: PLC0415

    participations = [
        SimpleNamespace(
            meeting=SimpleNamespace(url="/meetings/m-1/", title=PAYLOAD, date=PartialDate(datetime.date(2023, 7, 27), "day")),
            role=PAYLOAD, citations=Cited([citation(1)]),
        ),
        SimpleNamespace(
            meeting=SimpleNamespace(url="/meetings/m-2/", title="Second", date=PartialDate(None, "unknown")),
            role="Minister", citations=Cited([citation(1), citation(2, stance="contradicts")]),
        ),
    ]  # fmt: skip
    # The loop the person page had before the tag, rendered by Django with its own footnotes.
    loop = Template(
        "{% load site footnotes %}{% for p in participations %}<tr>\n"
        '        <td class="nowrap" data-label="Date">{{ p.meeting|partial_date }}</td>\n'
        '        <th scope="row"><a href="{{ p.meeting.url }}">{{ p.meeting.title }}</a></th>\n'
        '        <td data-label="Role at the time">{{ p.role }}{% cite p %}</td>\n'
        "      </tr>{% endfor %}"
    ).render(Context({"participations": participations}))
    context = Context({"participations": participations})
    assert attended_rows(context, participations) == loop
    assert "July 27, 2023" in loop and "&lt;b&gt;" in loop and 'class="fn fn-contra"' in loop
    assert len(context["footnotes"]) == 2  # the tag numbered the notes as the loop did


# The template each meeting of a list was rendered with before the tag (partials/meeting_item.html).
MEETING_ITEM = """{% load site footnotes %}<li class="meeting-item">
  <h3><a href="{{ meeting.get_absolute_url }}">{{ meeting.title }}</a></h3>
  <p class="meta"><span class="date">{{ meeting|partial_date }}</span>{% if meeting.place_display %}<span class="sep" aria-hidden="true"> · </span><span>{{ meeting.place_display }}</span>{% endif %}<span class="sep" aria-hidden="true"> · </span><span class="kind">{{ meeting.get_kind_display }}</span></p>
  {% with topics=meeting.topics.all %}{% if topics %}<ul class="tags" aria-label="Topics">{% for topic in topics %}<li><a href="{{ topic.get_absolute_url }}">{{ topic.name }}</a></li>{% endfor %}</ul>{% endif %}{% endwith %}
  {% if cite_record %}<p class="cited-line">{{ cite_label }}{% cite cite_record %}</p>{% endif %}
</li>
"""


@pytest.mark.django_db
def test_the_meeting_items_are_what_the_included_template_wrote_escaped_and_footnoted():
    from django.db.models import Prefetch  # noqa: PLC0415
    from django.template import Context, Template  # noqa: PLC0415

    from events.models import Meeting, MeetingTopic, PlaceName  # noqa: PLC0415
    from events.views import cited  # noqa: PLC0415
    from tests.factories import MeetingFactory, MeetingTopicFactory, PlaceFactory, SourceFactory, TopicFactory, cite  # noqa: PLC0415

    hostile = '</script><script>alert("x")</script>'
    astana = PlaceFactory()
    PlaceName.objects.create(place=astana, name="Nur-Sultan", kind="former")
    topic = TopicFactory(name=f"Security {hostile}", slug="security")
    named = MeetingFactory(
        title=f"Title {hostile} & more", slug="named", place=astana, place_name_reported="Nur-Sultan",
        start_date=datetime.date(2021, 4, 28), date_precision="day",
    )  # fmt: skip
    undated = MeetingFactory(title="Undated", slug="undated", kind=Meeting.Kind.PHONE_CALL, date_precision="unknown")
    uncited = MeetingFactory(title="Uncited", slug="uncited", start_date=datetime.date(2019, 1, 1), date_precision="year")
    MeetingFactory(title="Elsewhere", slug="elsewhere", start_date=datetime.date(2018, 5, 1), date_precision="month")
    source = SourceFactory(title=f"Headline {hostile}")
    link = MeetingTopicFactory(meeting=named, topic=topic)
    cite(link, source=source)
    cite(link, stance="contradicts", note=hostile)
    for name in ("Energy", "Afghanistan"):
        MeetingTopicFactory(meeting=named, topic=TopicFactory(name=name, slug=name.lower()))
    cite(MeetingTopicFactory(meeting=undated, topic=topic), source=source)  # the passage of note 1 again
    MeetingTopicFactory(meeting=uncited, topic=topic)  # discussed there, as no source says

    links = MeetingTopic.objects.filter(topic=topic).prefetch_related(Prefetch("citations", queryset=cited()))
    meetings = list(
        Meeting.objects.for_list_page()
        .prefetch_related("place__names", Prefetch("meeting_topics", queryset=links, to_attr="topic_links"))
        .newest_first()
    )
    assert [m.slug for m in meetings] == ["named", "uncited", "elsewhere", "undated"]
    loop = "{% for meeting in meetings %}{% include item %}{% endfor %}"
    cited_loop = '{% for meeting in meetings %}{% include item with cite_record=meeting.topic_links.0 cite_label="Discussed" %}{% endfor %}'
    for old, new in (
        (loop, "{% meeting_items meetings %}"),
        (cited_loop, '{% meeting_items meetings cited="topic_links" label="Discussed" %}'),
    ):
        before, after = Context({"meetings": meetings, "item": Template(MEETING_ITEM)}), Context({"meetings": meetings})
        expected = Template(old).render(before)
        assert Template("{% load footnotes %}" + new).render(after) == expected
        assert len(after.get("footnotes") or ()) == len(before.get("footnotes") or ())  # numbered as the include did
    assert "Nur-Sultan (now Astana)" in expected and "date not reported" in expected and "phone call" in expected
    assert expected.count('<li><a href="/topics/') == 5 and '<a href="/meetings/named/">' in expected
    assert "<script>" not in expected and "Title &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in expected
    assert expected.count('<p class="cited-line">Discussed') == 3 and 'class="fn fn-contra"' in expected
    assert len(after["footnotes"]) == 2 and 'id="ref-1-2"' in expected
