"""Footnote markers and notes of resolved documents (`{% cite %}`, partials/footnotes.html), escaped."""

PAYLOAD = "<b>\"x\" & 'y'</b>"


def citation(pk, *, stance="supports", note="", title="An article", field="", value="", quote="the quote"):
    """A citation as a resolved document gives it (events.published.reader)."""
    source = {
        "id": pk,
        "title": title,
        "publisher": {"name": "Kazinform"},
        "published_on": "2023-07-28",
        "published_precision": "day",
        "page_url": f"/sources/{pk}/",
        "article_url": "https://example.org/a?b=1&c=2",
    }
    return {"id": pk * 10, "source": source, "field": field, "quote": quote, "before": "Before ", "after": " after.",
            "stance": stance, "note": note, "value": value}  # fmt: skip


def render(template, **context):
    from django.template import Context, Template  # noqa: PLC0415

    return Template("{% load footnotes %}" + template).render(Context(context))


def test_the_markers_of_a_supported_fact_link_each_note_with_its_source_as_title():
    html = render("{% cite item %}", item={"citations": [citation(1), citation(2, title=PAYLOAD)]})
    assert html == (
        '<span class="refs"><sup class="fn"><a href="#fn-1" id="ref-1-1" title="An article">[1]</a></sup>'
        '<sup class="fn"><a href="#fn-2" id="ref-2-1" title="&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;">[2]</a></sup></span>'
    )


def test_cite_with_a_field_marks_only_the_citations_of_that_field_and_nothing_without_any():
    item = {"citations": [citation(1, field="date"), citation(2, field="place")]}
    html = render('{% cite item "place" %}|{% cite item "summary" %}|{% cite other %}', item=item, other={"citations": []})
    assert html.count('class="fn"') == 1 and 'title="An article">[1]' in html and html.endswith("||")


def test_the_markers_of_a_disputed_fact_name_the_source_that_contradicts_it_and_what_it_gives():
    first = {"citations": [citation(1)]}
    second = {"citations": [citation(1), citation(3, stance="contradicts", title=PAYLOAD, value="Deputy <Minister>"),
                            citation(4, stance="contradicts", note="Read with care.")]}  # fmt: skip
    html = render("{% cite first %}|||{% cite second %}", first=first, second=second).split("|||")[1]
    assert html == (
        '<span class="refs"><sup class="fn"><a href="#fn-1" id="ref-1-2" title="An article">[1]</a></sup>'
        '<sup class="fn fn-contra"><a href="#fn-2" id="ref-2-1" title="&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt; (contradicts)">[2]</a></sup>'
        '<sup class="fn fn-contra"><a href="#fn-3" id="ref-3-1" title="An article (contradicts)">[3]</a></sup></span>'
        '<span class="disputed">Sources disagree: &lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt; gives “Deputy &lt;Minister&gt;” (note 2);'
        " An article contradicts this: Read with care. (note 3)</span>"
    )


def test_the_notes_are_grouped_by_source_with_the_quote_in_its_context_and_links_back():
    template = '{% cite a %}{% cite b %}{% cite c %}{% include "partials/footnotes.html" %}'
    html = render(template, a={"citations": [citation(1, quote=PAYLOAD)]}, b={"citations": [citation(2)]},
                  c={"citations": [citation(1, quote=PAYLOAD)]})  # fmt: skip
    assert html.count('class="footnote-source"') == 2
    assert '<a href="/sources/1/">An article</a>' in html
    assert '<span class="context">Before </span><mark>&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;</mark>' in html
    assert 'href="/sources/1/#citation-10"' in html
    assert 'href="#ref-1-1"' in html and 'href="#ref-1-2"' in html
    assert "Kazinform, July 28, 2023" in html and 'href="https://example.org/a?b=1&amp;c=2"' in html
