"""factory_boy factories for the record's models."""

import factory
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType

from c5site.records import Status
from events.models import (
    Citation,
    Delegation,
    Meeting,
    MeetingTopic,
    Outcome,
    Participation,
    Place,
    Series,
    Source,
    Topic,
)
from people.models import Country, Organization, Person, Position


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Iterator(["KZ", "KG", "TJ", "TM", "UZ", "US"])
    name = factory.LazyAttribute(
        lambda o: {
            "KZ": "Kazakhstan",
            "KG": "Kyrgyzstan",
            "TJ": "Tajikistan",
            "TM": "Turkmenistan",
            "UZ": "Uzbekistan",
            "US": "United States",
        }.get(o.code, f"Country {o.code}")
    )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = Organization.Kind.MEDIA


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    sort_name = factory.LazyAttribute(lambda o: o.name)
    slug = factory.Sequence(lambda n: f"person-{n}")
    country = factory.SubFactory(CountryFactory, code="KZ")
    status = Status.PUBLISHED


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    title = "Minister of Foreign Affairs"


SAMPLE_TEXT = (
    "Representatives of five Central Asian countries and the United States met in the Kazakh capital of "
    "Astana for a C5+1 special session on Afghanistan on July 27-28, the ministry said on Friday.\n\n"
    "Special Representative for Afghanistan Thomas West attended the meeting on behalf of the US. "
    "The parties discussed “security” and trade – and «climate»."
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"{SAMPLE_TEXT}\n\nArticle number {n}.")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("slug",)

    name = "C5+1"
    slug = "c5-1"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    name = "Astana"
    slug = "astana"
    country = factory.SubFactory(CountryFactory, code="KZ")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = Meeting.Kind.MINISTERIAL
    series = factory.SubFactory(SeriesFactory)
    status = Status.PUBLISHED


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    quote = "Special Representative for Afghanistan Thomas West"
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.content_object))
    object_id = factory.LazyAttribute(lambda o: o.content_object.pk)

    class Params:
        content_object = None


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = "Minister of Foreign Affairs"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    meeting = factory.SubFactory(MeetingFactory)
    country = factory.SubFactory(CountryFactory, code="KZ")


class MeetingTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingTopic

    meeting = factory.SubFactory(MeetingFactory)
    topic = factory.SubFactory(TopicFactory)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    kind = Outcome.Kind.JOINT_STATEMENT
    description = "A joint statement."


def cite(record, field="", quote="Special Representative for Afghanistan Thomas West", source=None, **kwargs):
    """Cite `record` (its `field`) with a quote from `source` (a new sample article by default)."""
    return CitationFactory(content_object=record, field=field, quote=quote, source=source or SourceFactory(), **kwargs)


def publish(*records, note="Published for the test."):
    """Make these meetings and people public as an approval would (a revision and its index rows), without the
    workflow's checks: their status becomes published, and a meeting's participants are published with it."""
    from events.published import publish as publishing  # noqa: PLC0415 — the factories load before the apps' code

    people = {r.pk: r for r in records if isinstance(r, Person)}
    meetings = [r for r in records if isinstance(r, Meeting)]
    for meeting in meetings:
        for participation in meeting.participations.select_related("person"):
            if publishing.current_revision(participation.person) is None:
                people.setdefault(participation.person_id, participation.person)
    for record in [*people.values(), *meetings]:
        type(record).objects.filter(pk=record.pk).update(status=Status.PUBLISHED)
        record.status = Status.PUBLISHED
    new = [r for r in [*people.values(), *meetings] if publishing.current_revision(r) is None]
    publishing.publish_all(meetings=[r.pk for r in new if isinstance(r, Meeting)],
                           people=[r.pk for r in new if isinstance(r, Person)])  # fmt: skip
    for record in [*people.values(), *meetings]:
        if record not in new:
            publishing.publish(record, note=note)
    return records[0] if len(records) == 1 else records
