"""The JSON of a citation and its source, for events/api_rows.py (the old site pages' stand-ins).

The API represents citations in events/api/serializers.py and no longer uses this.
"""


def source_ref_json(source_id, title, publisher, published_on, precision, url):
    """SourceRefSerializer's representation, built directly (see citation_json)."""
    return {
        "id": source_id,
        "title": title,
        "publisher": publisher,
        "published_on": published_on.isoformat() if published_on is not None else None,
        "published_precision": precision,
        "url": url or None,
    }


def citation_json(citation_id, quote, field, stance, note, source_ref):
    """CitationSerializer's representation, built directly from column values and the source's
    source_ref_json(): a page of 50 meetings nests hundreds of citations, and DRF's per-field
    machinery was most of its time. Same keys, order and values (tests/api/test_large_lists.py
    compares the two)."""
    return {"id": citation_id, "source": source_ref, "quote": quote, "field": field, "stance": stance, "note": note}
