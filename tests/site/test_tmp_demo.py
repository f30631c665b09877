import pytest
from events.models import PublishedMeeting

pytestmark = pytest.mark.django_db

def test_dump(client, demo):
    slugs = list(PublishedMeeting.objects.values_list("slug", flat=True))
    print(slugs)
    for slug in slugs:
        r = client.get(f"/meetings/{slug}/")
        assert r.status_code == 200, slug
    r = client.get("/meetings/c5-1-special-session-afghanistan-astana-2023/")
    open("/tmp/sr/meeting.html", "wb").write(r.content)
    r = client.get("/people/thomas-west/")
    open("/tmp/sr/person.html", "wb").write(r.content)
    from events.models import PublishedReference
    pk = PublishedReference.objects.filter(kind="source", uses__gt=0).first().object_id
    r = client.get(f"/sources/{pk}/")
    assert r.status_code == 200
    open("/tmp/sr/source.html", "wb").write(r.content)
    r = client.get("/corrections/")
    assert r.status_code == 200
    open("/tmp/sr/corrections.html", "wb").write(r.content)
