"""`{% url %}` remembers its paths (c5site/template_urls.py), and gives what Django's would."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from c5site import http

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template(source).render(Context(context))


def test_the_tag_gives_django_s_paths_and_remembers_them():
    http._reversed.cache_clear()
    source = "{% url 'events:person-detail' slug %} {% url 'events:source-detail' pk=pk %} {% url 'events:home' %}"
    expected = " ".join((reverse("events:person-detail", args=["thomas-west"]),
                         reverse("events:source-detail", kwargs={"pk": 7}), reverse("events:home")))  # fmt: skip
    assert render(source, slug="thomas-west", pk=7) == expected
    assert http._reversed.cache_info().currsize == 3
    assert render(source, slug="thomas-west", pk=7) == expected
    assert http._reversed.cache_info().hits == 3


def test_the_script_prefix_is_part_of_what_is_remembered():
    try:
        assert render("{% url 'events:home' %}") == "/"
        set_script_prefix("/c5/")
        assert render("{% url 'events:home' %}") == "/c5/"
    finally:
        set_script_prefix("/")


def test_as_var_escaping_and_errors_are_django_s():
    assert render("{% url 'events:nowhere' as gone %}[{{ gone }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'events:nowhere' %}")
    assert render("{% url 'events:search' as s %}{{ s }}") == reverse("events:search")
    assert "&amp;" not in render("{% url 'events:person-detail' slug %}", slug="a-b")


def test_an_object_other_than_text_or_a_number_is_not_remembered():
    class Slug:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

        def __hash__(self):
            return 1

        def __eq__(self, other):
            return True  # every Slug the same key: remembered, it would give the first one's path

    assert render("{% url 'events:person-detail' s %}", s=Slug("one")) == "/people/one/"
    assert render("{% url 'events:person-detail' s %}", s=Slug("two")) == "/people/two/"
