"""CitationBucket as it should be: counted again from the PublishedCitation rows, for tests that
compare it with what publishing kept, or that change those rows directly and must keep it true."""

from collections import Counter

from events.models import CitationBucket, PublishedCitation
from events.models import published as published_models


def recounted():
    """{(fact, field, stance, bucket): n} counted from the published citations."""
    width = published_models.WIDTH
    rows = PublishedCitation.objects.values_list("fact", "field", "stance", "citation_id")
    return +Counter((fact, field, stance, pk // width) for fact, field, stance, pk in rows)


def kept():
    """{(fact, field, stance, bucket): n} as CitationBucket holds it, buckets of 0 left out (not those
    below: a count taken away twice shows)."""
    return Counter({(r.fact, r.field, r.stance, r.bucket): r.n for r in CitationBucket.objects.exclude(n=0)})


def rewrite():
    """Make CitationBucket the recount (after a test changed PublishedCitation rows directly)."""
    CitationBucket.objects.all().delete()
    CitationBucket.objects.bulk_create(
        CitationBucket(fact=fact, field=field, stance=stance, bucket=bucket, n=n)
        for (fact, field, stance, bucket), n in recounted().items()
    )
