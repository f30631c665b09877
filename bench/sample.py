"""Sampled benchmark: a few hundred distinct public URLs drawn at random (seeded), timed uncached.

    .venv/bin/python bench/sample.py --database postgres://postgres@127.0.0.1:5432/c5site_bench
    .venv/bin/python bench/sample.py --meetings 10000 --database postgres://…/c5site_bench_sample
    .venv/bin/python bench/sample.py --url http://127.0.0.1:8000 --database …   # a server already running
    .venv/bin/python bench/sample.py --meetings 10000 --database sqlite:////tmp/c5site-sample.sqlite3

Where `make bench` repeats a dozen URLs, this draws from the whole public surface (issue #18):
every route of the URL contract (DESIGN.md) and of the URL table, the meeting list with every
filter and every pair of filters, every API list with its filters and pairs of them, page depths
from 1 to the last, records' pages, search with common and rare terms, feeds, the sitemap, and
each whole-record export once (the Popolo document and the bulk files: timed to their first byte,
their first MiB read; each is downloaded whole after the run, one at a time, and reported apart). Slugs, ids and list
lengths come from the published index (PublishedMeeting, MeetingFacet, PublishedPerson,
PublishedReference, PublishedCitation) of --database; the pages are used only through their URLs.

It serves the site with gunicorn (2 sync workers, or gthread ones with --threads N, the response
cache off: no REDIS_URL,
PUBLIC_CACHE_SECONDS=0) on a free loopback port, or uses --url; warms the workers with other URLs of
every route (another seed, untimed); sends each URL --repeat times (shuffled) over --connections concurrent connections; and prints p50/p99 overall, the ten worst
URLs (and each of them again alone, to tell a slow page from a queued one), each route's worst
URL and p99, the answers that were neither 2xx/3xx nor 404 (every 5xx listed), the 404s apart (routes of the contract that are not built yet answer 404), the routes of
the URL table that no URL drew, the routes whose p99 is over 150 ms, and the peak resident memory (VmHWM) of each gunicorn worker.
With --meetings N, a PostgreSQL database without N generated meetings is rebuilt first (dropped!)
as `make bench` builds its own; a SQLite file that does not exist is built. Only 127.0.0.1 is
contacted.
"""

import argparse
import http.client
import math
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/c5site_bench"

# Page sizes of the public lists, used only to draw page numbers from 1 to about the last page
# (a page past the end answers 404 and is counted apart, not as a failure). The API's is its contract.
API_PAGE = 50
TARGET_MS = 150  # issue #18: p99 of every route at 16 connections
SITE_PAGE = {"meetings": 20, "people": 50, "sources": 30, "person": 25, "passages": 50, "corrections": 30}
SITE_MEETING_FILTERS = ["year", "country", "kind", "topic", "person"]
API_MEETING_FILTERS = ["country", "person", "topic", "kind", "series", "date_after", "date_before", "q"]
COMMON_TERMS = ["security", "energy", "ministerial", "meeting", "trade", "afghanistan", "water", "kazakhstan"]
NO_MATCH = ["zyxwvut", "qqqq nothing"]


def server_env(database):
    """As `make bench` serves the site: production settings, no response cache, no rate limit."""
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "API_ANON_RATE": "100000000/second",
           "PUBLIC_CACHE_SECONDS": "0", "SECURE_SSL_REDIRECT": "0", "LOG_LEVEL": "ERROR",
           "BULK_DATA_AUTOBUILD": "0"}  # fmt: skip
    env.pop("REDIS_URL", None)
    return env


# --- what the database holds ------------------------------------------------------------------------------


class Corpus:
    """Keys of the published record, read from its index once (a few queries, whatever its size)."""

    def __init__(self, rng, sample=400):
        from django.db.models import Count  # noqa: PLC0415

        from events.api.bulk import FILES  # noqa: PLC0415
        from events.models import (  # noqa: PLC0415
            MeetingFacet,
            PublishedCitation,
            PublishedMeeting,
            PublishedPerson,
            PublishedReference,
            Revision,
        )
        from events.sitemaps import SITEMAPS  # noqa: PLC0415

        self.models = {"facet": MeetingFacet, "meeting": PublishedMeeting}
        meetings = PublishedMeeting.objects.filter(is_retracted=False)
        self.meeting_total = meetings.count()
        ids = list(meetings.values_list("meeting_id", flat=True))
        chosen = rng.sample(ids, min(sample, len(ids)))
        self.meetings = sorted(meetings.filter(meeting_id__in=chosen).values_list("slug", "title", "meeting_id"))
        people = PublishedPerson.objects.filter(is_retracted=False)
        ids = list(people.values_list("person_id", flat=True))
        chosen = rng.sample(ids, min(sample, len(ids)))
        self.people = sorted(people.filter(person_id__in=chosen).values_list("slug", "name", "person_id", "country_id"))
        self.people_total = len(ids)
        self.people_by_country = dict(people.values("country_id").annotate(n=Count("person_id")).values_list("country_id", "n"))
        self.facets = dict(MeetingFacet.objects.values("facet").annotate(n=Count("meeting_id")).values_list("facet", "n"))
        public = PublishedReference.objects.filter(uses__gt=0)
        self.refs = defaultdict(list)  # kind: [(slug, object_id, name)]
        for kind, slug, pk, name in public.exclude(kind="source").values_list("kind", "slug", "object_id", "name"):
            self.refs[kind].append((slug, pk, name))
        source_ids = list(public.filter(kind="source").values_list("object_id", flat=True))
        self.sources_total = len(source_ids)
        self.sources = sorted(rng.sample(source_ids, min(sample, len(source_ids))))
        self.source_titles = dict(public.filter(kind="source", object_id__in=self.sources).values_list("object_id", "name"))
        self.passages = dict(
            PublishedCitation.objects.filter(source_id__in=self.sources).values("source_id")
            .annotate(n=Count("citation_id")).values_list("source_id", "n")
        )  # fmt: skip
        self.citations_total = PublishedCitation.objects.count()
        self.citations_by_fact = dict(
            PublishedCitation.objects.values("fact").annotate(n=Count("citation_id")).values_list("fact", "n")
        )
        self.citations_by_field = dict(
            PublishedCitation.objects.values("field").annotate(n=Count("citation_id")).values_list("field", "n")
        )
        self.citations_by_stance = dict(
            PublishedCitation.objects.values("stance").annotate(n=Count("citation_id")).values_list("stance", "n")
        )
        citation_ids = list(PublishedCitation.objects.order_by().values_list("citation_id", flat=True)[:200_000])
        self.citation_ids = rng.sample(citation_ids, min(sample, len(citation_ids)))
        self.corrections = Revision.objects.filter(is_correction=True).count()
        self.kinds = sorted(f.split(":", 1)[1] for f in self.facets if f.startswith("kind:"))
        self.years = sorted(f.split(":", 1)[1] for f in self.facets if f.startswith("year:"))
        self.bulk_files = list(FILES)
        self.sitemap_sections = list(SITEMAPS)
        media = public.filter(kind="organization", body__contains='"kind":"media"').values_list("slug", "object_id", "name")
        self.publishers = list(media) or self.refs["organization"]

    def facet_count(self, *facets, date_after=None, date_before=None):
        """How many public meetings have every one of `facets` (and lie in the dates): a list's length."""
        rows = self.models["meeting"].objects.filter(is_retracted=False)
        for facet in facets:
            rows = rows.filter(meeting_id__in=self.models["facet"].objects.filter(facet=facet).values("meeting_id"))
        if date_after:
            rows = rows.filter(date_lo__gte=f"{date_after}-01-01")
        if date_before:
            rows = rows.filter(date_hi__lte=f"{date_before}-12-31")
        return rows.count()


# --- drawing URLs -----------------------------------------------------------------------------------------


def page_of(rng, total, size):
    """A page number from 1 to the last (page 1 and the last drawn more often: what readers and crawlers ask most)."""
    last = max(1, math.ceil(total / size))
    roll = rng.random()
    if roll < 0.3 or last == 1:
        return 1
    if roll < 0.45:
        return last
    return rng.randint(1, last)


def with_page(path, params, page):
    params = dict(params)
    if page and page != 1:
        params["page"] = page
    return path + ("?" + urlencode(params, doseq=True) if params else "")


class Draw:
    """Each method draws one URL of one route (the name under which it is reported)."""

    def __init__(self, rng, corpus):
        self.rng, self.c = rng, corpus

    def _pick(self, items):
        return self.rng.choice(items) if items else None

    def search_term(self):
        roll = self.rng.random()
        if roll < 0.35:
            return self.rng.choice(COMMON_TERMS), "common"
        if roll < 0.55:
            slug, name, *_ = self._pick(self.c.people)
            return name.split()[-1], "rare"
        if roll < 0.7:
            slug, name, *_ = self._pick(self.c.people)
            return name, "rare"
        if roll < 0.8:
            _, title, _ = self._pick(self.c.meetings)
            return title, "rare"
        if roll < 0.9:
            pk = self._pick(self.c.sources)
            return self.c.source_titles.get(pk, "report"), "rare"
        if roll < 0.95:
            return f"{self.rng.choice(COMMON_TERMS)} {self.rng.choice(COMMON_TERMS)}", "common"
        return self.rng.choice(NO_MATCH), "rare"

    # -- the meeting filters, as (params, facets, dates, countable)

    def site_meeting_filter(self, name):
        c = self.c
        if name == "year":
            year = self._pick(c.years)
            return {"year": year}, [f"year:{year}"]
        if name == "country":
            slug, pk, _ = self._pick(c.refs["country"])
            return {"country": slug}, [f"country:{pk}"]
        if name == "kind":
            kind = self._pick(c.kinds)
            return {"kind": kind}, [f"kind:{kind}"]
        if name == "topic":
            slug, pk, _ = self._pick(c.refs["topic"])
            return {"topic": slug}, [f"topic:{pk}"]
        slug, _, pk, _ = self._pick(c.people)
        return {"person": slug}, [f"person:{pk}"]

    def api_meeting_filter(self, name):
        """(params, facets, dates or None when the list's length cannot be told from the index)."""
        c = self.c
        if name in ("country", "topic", "kind", "person"):
            params, facets = self.site_meeting_filter(name)
            return params, facets, {}
        if name == "series":
            slug, pk, _ = self._pick(c.refs["series"])
            return {"series": slug}, [f"series:{pk}"], {}
        if name in ("date_after", "date_before"):
            year = self._pick(c.years)
            return {name: year}, [], {name: year}
        term, _ = self.search_term()
        return {"q": term}, [], None

    def meeting_list(self, filters, site):
        params, facets, dates = {}, [], {}
        for name in filters:
            if site:
                p, f = self.site_meeting_filter(name)
                d = {}
            else:
                p, f, d = self.api_meeting_filter(name)
            params.update(p)
            facets += f
            if d is None:
                dates = None
            elif dates is not None:
                dates.update(d)
        if dates is None:  # a text search: its length is not in the index; its first page
            total = 1
        elif filters:
            total = self.c.facet_count(*facets, **dates)
        else:
            total = self.c.meeting_total
        if not site and self.rng.random() < 0.15:
            params["ordering"] = "date"
        page = page_of(self.rng, total, SITE_PAGE["meetings"] if site else API_PAGE)
        return with_page("/meetings/" if site else "/api/v1/meetings/", params, page)


def families(draw):
    """[(route, weight, maker)]: every route of the contract and the API, each with how often it is drawn."""
    c, rng = draw.c, draw.rng
    pick = draw._pick

    def meeting():
        return pick(c.meetings)[0]

    def person():
        return pick(c.people)

    def ref(kind):
        return pick(c.refs[kind])

    def site_pairs():
        return rng.sample(SITE_MEETING_FILTERS, 2)

    def api_pairs():
        return rng.sample(API_MEETING_FILTERS, 2)

    def person_page():
        slug, _, pk, _ = person()
        return with_page(f"/people/{slug}/", {}, page_of(rng, c.facets.get(f"person:{pk}", 0), SITE_PAGE["person"]))

    def facet_page(kind, prefix, path):
        slug, pk, _ = ref(kind)
        return with_page(f"/{path}/{slug}/", {}, page_of(rng, c.facets.get(f"{prefix}:{pk}", 0), SITE_PAGE["meetings"]))

    def source_page():
        pk = pick(c.sources)
        return with_page(f"/sources/{pk}/", {}, page_of(rng, c.passages.get(pk, 0), SITE_PAGE["passages"]))

    def search():
        term, _ = draw.search_term()
        params = {"q": term}
        if rng.random() < 0.3:
            params["kind"] = rng.choice(["meetings", "people", "sources"])
            params["page"] = rng.choice([1, 1, 2, 3, 5])
        return "/search/?" + urlencode(params)

    def api_people():
        params, total = {}, c.people_total
        roll = rng.random()
        if roll < 0.3:
            slug, pk, _ = ref("country")
            params["country"], total = slug, c.people_by_country.get(pk, 0)
        elif roll < 0.45:
            params["met"], total = person()[0], 1
        elif roll < 0.6:
            params["q"], total = draw.search_term()[0], 1
        elif roll < 0.7:
            slug, pk, _ = ref("country")
            params["country"], params["q"], total = slug, draw.search_term()[0], 1
        if rng.random() < 0.15:
            params["ordering"] = "-sort_name"
        return with_page("/api/v1/people/", params, page_of(rng, total, API_PAGE))

    def api_sources():
        params, total = {}, c.sources_total
        roll = rng.random()
        year = pick(c.years)
        if roll < 0.15:
            params["publisher"], total = pick(c.publishers)[0], API_PAGE * 3
        elif roll < 0.3:
            params["published_after"], total = year, API_PAGE * 3
        elif roll < 0.45:
            params["published_before"], total = year, API_PAGE * 3
        elif roll < 0.55:
            params["q"], total = draw.search_term()[0], 1
        elif roll < 0.65:
            params["publisher"], params["published_after"], total = pick(c.publishers)[0], year, 1
        return with_page("/api/v1/sources/", params, page_of(rng, total, API_PAGE))

    def api_citations():
        params, total = {}, c.citations_total
        roll = rng.random()
        if roll < 0.15:
            pk = pick(c.sources)
            params["source"], total = pk, c.passages.get(pk, 0)
        elif roll < 0.3:
            params["meeting"], total = meeting(), 1
        elif roll < 0.4:
            params["person"], total = person()[0], 1
        elif roll < 0.55:
            fact = rng.choice(list(c.citations_by_fact) or ["meeting"])
            params["fact"], total = fact, c.citations_by_fact.get(fact, 0)
        elif roll < 0.65:
            field = rng.choice(["date", "place", "role", "kind", "summary", "format", ""])
            params["field"], total = field, c.citations_by_field.get(field, 0)
        elif roll < 0.7:
            stance = rng.choice(["supports", "contradicts"])
            params["stance"], total = stance, c.citations_by_stance.get(stance, 0)
        elif roll < 0.8:
            fact = rng.choice(list(c.citations_by_fact) or ["meeting"])
            params["fact"], params["stance"], total = fact, "supports", c.citations_by_fact.get(fact, 0)
        return with_page("/api/v1/citations/", params, page_of(rng, total, API_PAGE))

    def api_organizations():
        params = {}
        roll = rng.random()
        if roll < 0.3:
            params["kind"] = rng.choice(["media", "ministry", "government", "international"])
        elif roll < 0.5:
            params["country"] = ref("country")[0]
        return with_page("/api/v1/organizations/", params, 1)

    return [
        # The public site (DESIGN.md's URL contract).
        ("/", 2, lambda: "/"),
        ("/meetings/", 6, lambda: draw.meeting_list([], site=True)),
        ("/meetings/?<filter>", 12, lambda: draw.meeting_list([rng.choice(SITE_MEETING_FILTERS)], site=True)),
        ("/meetings/?<filter>&<filter>", 12, lambda: draw.meeting_list(site_pairs(), site=True)),
        ("/meetings/<slug>/", 10, lambda: f"/meetings/{meeting()}/"),
        ("/meetings/<slug>/history/", 2, lambda: f"/meetings/{meeting()}/history/"),
        ("/meetings/<slug>/?revision=1", 2, lambda: f"/meetings/{meeting()}/?revision=1"),
        ("/people/", 5, lambda: with_page("/people/", {}, page_of(rng, c.people_total, SITE_PAGE["people"]))),
        ("/people/<slug>/", 8, person_page),
        ("/people/<slug>/history/", 1, lambda: f"/people/{person()[0]}/history/"),
        ("/countries/", 1, lambda: "/countries/"),
        ("/countries/<code>/", 8, lambda: facet_page("country", "country", "countries")),
        ("/topics/", 1, lambda: "/topics/"),
        ("/topics/<slug>/", 8, lambda: facet_page("topic", "topic", "topics")),
        ("/series/<slug>/", 4, lambda: facet_page("series", "series", "series")),
        ("/places/<slug>/", 4, lambda: facet_page("place", "place", "places")),
        ("/sources/", 6, lambda: with_page("/sources/", {}, page_of(rng, c.sources_total, SITE_PAGE["sources"]))),
        ("/sources/<id>/", 6, source_page),
        ("/corrections/", 2, lambda: with_page("/corrections/", {}, page_of(rng, c.corrections, SITE_PAGE["corrections"]))),
        ("/search/?q=", 10, search),
        ("/feeds/meetings/", 1, lambda: "/feeds/meetings/"),
        ("/feeds/corrections/", 1, lambda: "/feeds/corrections/"),
        ("/sitemap.xml", 1, lambda: "/sitemap.xml"),
        ("/robots.txt", 1, lambda: "/robots.txt"),
        ("/data/", 1, lambda: "/data/"),
        # The API (DESIGN.md's API contract).
        ("/api/v1/", 1, lambda: "/api/v1/"),
        ("/api/v1/meetings/", 6, lambda: draw.meeting_list([], site=False)),
        ("/api/v1/meetings/?<filter>", 12, lambda: draw.meeting_list([rng.choice(API_MEETING_FILTERS)], site=False)),
        ("/api/v1/meetings/?<filter>&<filter>", 12, lambda: draw.meeting_list(api_pairs(), site=False)),
        ("/api/v1/meetings/<slug>/", 6, lambda: f"/api/v1/meetings/{meeting()}/"),
        ("/api/v1/people/", 8, api_people),
        ("/api/v1/people/<slug>/", 6, lambda: f"/api/v1/people/{person()[0]}/"),
        ("/api/v1/countries/", 1, lambda: "/api/v1/countries/" + rng.choice(["", "?is_c5=true", "?is_c5=false"])),
        ("/api/v1/countries/<code>/", 2, lambda: f"/api/v1/countries/{ref('country')[0]}/"),
        ("/api/v1/topics/", 1, lambda: "/api/v1/topics/" + rng.choice(["", "?q=sec", "?q=water"])),
        ("/api/v1/topics/<slug>/", 2, lambda: f"/api/v1/topics/{ref('topic')[0]}/"),
        ("/api/v1/organizations/", 2, api_organizations),
        ("/api/v1/organizations/<slug>/", 2, lambda: f"/api/v1/organizations/{ref('organization')[0]}/"),
        ("/api/v1/sources/", 8, api_sources),
        ("/api/v1/sources/<id>/", 5, lambda: f"/api/v1/sources/{pick(c.sources)}/"),
        ("/api/v1/citations/", 8, api_citations),
        ("/api/v1/citations/<id>/", 3, lambda: f"/api/v1/citations/{pick(c.citation_ids)}/"),
        ("/api/schema/", 1, lambda: "/api/schema/"),
        ("/api/docs/", 1, lambda: "/api/docs/"),
        ("/sitemap-<section>.xml", 2, lambda: f"/sitemap-{rng.choice(c.sitemap_sections)}.xml" + rng.choice(["", "?p=2"])),
    ]


# The whole-record exports: each asked for once in every run, whatever the draw.
EXPORT_ROUTES = ("/api/v1/popolo/", "/data/<file>")
# Read of each export in the timed run: its head, not its gigabytes. Over loopback a whole one takes a
# core for a second (the kernel's copy, the client's read) out of a run of a few seconds, which no
# reader's link does; production serves the bulk files from the proxy (README, "Slow requests").
EXPORT_HEAD = 1 << 20
DOWNLOADS = {}  # url: (seconds to the first byte, to the last, bytes) of each export downloaded whole


def download_exports(base, urls, timeout):
    """Each whole-record export downloaded whole, one at a time, after the timed run (the workers'
    memory still watched): DOWNLOADS."""
    for url in urls:
        status, head, size, total = fetch(base, url, timeout, first_byte=True)
        DOWNLOADS[url] = (head, total, size) if status == 200 else (head, total, 0)


def exports(corpus):
    return [("/api/v1/popolo/", "/api/v1/popolo/")] + [("/data/<file>", f"/data/{name}") for name in corpus.bulk_files]


def draw_urls(rng, corpus, count):
    """[(route, url)]: `count` distinct URLs (about), each route drawn in proportion to its weight,
    at least two of each route that has two (singletons like / once), plus the exports."""
    draw = Draw(rng, corpus)
    routes = families(draw)
    total_weight = sum(weight for _, weight, _ in routes)
    chosen, seen = [], set()
    for route, weight, maker in routes:
        want = max(2, round(count * weight / total_weight))
        for _ in range(want * 6):  # a route with few distinct URLs (/countries/) gives up sooner
            if sum(1 for r, _ in chosen if r == route) >= want:
                break
            url = maker()
            if url not in seen:
                seen.add(url)
                chosen.append((route, url))
    chosen += [item for item in exports(corpus) if item[1] not in seen]
    return chosen


# --- the server and the load ------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def status_kib(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Gunicorn:
    def __init__(self, env, workers=2, timeout=120, threads=1):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile("w+", prefix="c5sample-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        kind = ["--worker-class", "sync"] if threads == 1 else ["--worker-class", "gthread", "--threads", str(threads)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "c5site.wsgi", "-b", f"{HOST}:{self.port}", "-w", str(workers),
             *kind, "--timeout", str(timeout), "--log-level", "error"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def wait(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                sys.exit(f"gunicorn exited: {self.log.read()[-2000:]}")
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        sys.exit(f"gunicorn did not listen within {timeout} s (log: {self.log.name})")

    def workers(self):
        return children(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


class MemoryWatch(threading.Thread):
    """Reads each worker's VmHWM (peak resident memory) every 0.2 s, so a worker that dies or is
    replaced during the run still counts with the peak it had reached."""

    def __init__(self, pids_of):
        super().__init__(daemon=True)
        self.pids_of, self.peaks, self.done = pids_of, {}, threading.Event()

    def run(self):
        while not self.done.wait(0.2):
            self.read()

    def read(self):
        for pid in self.pids_of():
            hwm = status_kib(pid, "VmHWM")
            if hwm is not None:
                self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)

    def stop(self):
        self.read()
        self.done.set()


def fetch(base, path, timeout, *, first_byte=False, limit=None):
    """(status or an error's name, seconds, bytes): the whole answer read (and dropped) as it streams,
    or its first `limit` bytes; `first_byte`: (status, seconds to the answer's head, bytes, seconds to its end)."""
    parts = urlsplit(base)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    size, head = 0, None
    try:
        conn.request("GET", path, headers={"User-Agent": "c5site-sample", "Accept": "*/*"})
        response = conn.getresponse()
        head = time.perf_counter() - started
        while (limit is None or size < limit) and (chunk := response.read(1 << 16)):
            size += len(chunk)
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status = type(error).__name__
    finally:
        conn.close()
    total = time.perf_counter() - started
    if first_byte:
        return status, head if head is not None else total, size, total
    return status, total, size


def drive(base, jobs, connections, timeout):
    """Send every (route, url) of `jobs` over `connections` threads; [(route, url, status, seconds, bytes)].
    A whole-record export's seconds are to its first byte, and only its first EXPORT_HEAD bytes are
    read: the whole of it is downloaded after the run (`download_exports`)."""
    work = queue.Queue()
    for job in jobs:
        work.put(job)
    results, lock = [], threading.Lock()

    def worker():
        while True:
            try:
                route, url = work.get_nowait()
            except queue.Empty:
                return
            if route in EXPORT_ROUTES:
                status, seconds, size, _ = fetch(base, url, timeout, first_byte=True, limit=EXPORT_HEAD)
            else:
                status, seconds, size = fetch(base, url, timeout)
            with lock:
                results.append((route, url, status, seconds, size))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


# --- the URL table ----------------------------------------------------------------------------------------


def url_table():
    """Every public route of the URL table (django.urls), as its pattern: the admin and the API's catch-all left out."""
    from django.urls import URLPattern, URLResolver, get_resolver  # noqa: PLC0415

    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                routes.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "")
    return sorted({"/" + r.replace("^", "") for r in routes if not r.startswith("admin/") and "[\\s\\S]" not in r})


def table_route(path):
    from django.urls import Resolver404, resolve  # noqa: PLC0415

    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return "/" + match.route.replace("^", "")


# --- the run ----------------------------------------------------------------------------------------------


def report(results, elapsed, connections, peaks, table, out=print):
    ok = [r for r in results if isinstance(r[2], int) and (200 <= r[2] < 400)]
    missing = [r for r in results if r[2] == 404]
    bad = [r for r in results if r not in ok and r not in missing]
    times = [r[3] * 1000 for r in results]
    out(f"\n{len(results)} requests of {len({r[1] for r in results})} distinct URLs in {elapsed:.1f} s "
        f"({len(results) / elapsed:.1f} req/s), {connections} connections, uncached")  # fmt: skip
    out(
        f"Overall: p50 {percentile(times, 0.5):.0f} ms, p99 {percentile(times, 0.99):.0f} ms, "
        f"max {max(times):.0f} ms;  2xx/3xx {len(ok)}, 404 {len(missing)}, other {len(bad)}"
    )
    out("\nThe ten slowest URLs:")
    for _route, url, status, seconds, size in sorted(results, key=lambda r: -r[3])[:10]:
        out(f"  {seconds * 1000:>8.0f} ms  {status!s:>4}  {size / 1e6:>7.2f} MB  {url}")
    by_route = defaultdict(list)
    for result in results:
        by_route[result[0]].append(result)
    out("\nEach route (all answers; a route whose every URL answered 404 is not built yet):")
    header = f"  {'route':<40} {'n':>4} {'p50 ms':>8} {'p99 ms':>8} {'404':>4} {'other':>5}  worst URL"
    out(header)
    for route, rows in sorted(by_route.items(), key=lambda item: -max(r[3] for r in item[1])):
        ms = [r[3] * 1000 for r in rows]
        worst = max(rows, key=lambda r: r[3])
        n404 = sum(1 for r in rows if r[2] == 404)
        other = sum(1 for r in rows if r in bad)
        out(
            f"  {route:<40} {len(rows):>4} {percentile(ms, 0.5):>8.0f} {percentile(ms, 0.99):>8.0f} {n404:>4} {other:>5}"
            f"  {worst[3] * 1000:.0f} ms {worst[1]}"
        )
    over = sorted(route for route, rows in by_route.items() if percentile([r[3] * 1000 for r in rows], 0.99) > TARGET_MS)
    out(f"\nRoutes over p99 {TARGET_MS} ms: {len(over)} of {len(by_route)}" + (f" ({', '.join(over)})" if over else ""))
    if DOWNLOADS:
        out(f"Whole-record exports (timed above to their first byte, {EXPORT_HEAD >> 20} MiB read), "
            "then downloaded whole, one at a time:")  # fmt: skip
        for url, (head, total, size) in sorted(DOWNLOADS.items()):
            out(f"  first byte {head * 1000:>6.0f} ms, whole {total * 1000:>7.0f} ms, {size / 1e6:>8.1f} MB  {url}")
    if bad:
        out(
            f"\nAnswers neither 2xx/3xx nor 404 ({len(bad)}): "
            + ", ".join(f"{s}: {n}" for s, n in Counter(str(r[2]) for r in bad).most_common())
        )
        for _route, url, status, seconds, _ in sorted(bad, key=lambda r: str(r[2])):
            out(f"  {status!s:>6}  {seconds * 1000:>7.0f} ms  {url}")
    if missing:
        routes404 = Counter(r[0] for r in missing)
        out(f"\n404 answers by route ({len(missing)}): " + ", ".join(f"{route} {n}" for route, n in routes404.most_common()))
    if table is not None:
        hit = {table_route(r[1]) for r in results}
        unsampled = [route for route in table if route not in hit]
        out(
            f"\nRoutes of the URL table: {len(table)}; drawn: {len(set(table) & hit)}; not drawn: "
            + (", ".join(unsampled) if unsampled else "none")
        )
    if peaks:
        out(
            "\nPeak resident memory (VmHWM) of each gunicorn worker: "
            + ", ".join(f"pid {pid} {kib / 1024:.0f} MB" for pid, kib in sorted(peaks.items()))
            + f"; highest {max(peaks.values()) / 1024:.0f} MB"
        )
    else:
        out("\nPeak worker memory: n/a (a server given by --url, and no --pid)")


def run(base, database, *, seed=1, urls=400, repeat=1, connections=16, timeout=120, worker_pids=None, out=print):
    """Draw, send and report, against a running server `base` whose database is `database`'s."""
    import django  # noqa: PLC0415

    os.environ.update(server_env(database))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")
    django.setup()
    from django.db import connection  # noqa: PLC0415

    rng = random.Random(seed)
    started = time.monotonic()
    corpus = Corpus(rng)
    jobs = draw_urls(rng, corpus, urls)
    table = url_table()
    connection.close()
    out(
        f"Seed {seed}: {len(jobs)} distinct URLs over {len({r for r, _ in jobs})} routes drawn from "
        f"{corpus.meeting_total:,} published meetings, {corpus.people_total:,} people, {corpus.sources_total:,} sources "
        f"(read in {time.monotonic() - started:.1f} s)"
    )
    # Workers live for days: their first request of each template, serializer and query plan is not
    # what a reader waits for. Other URLs of every route (another seed), sent first, untimed.
    exported = {url for _, url in exports(corpus)}  # gigabytes each: sent once, in the timed run
    warm = [job for job in draw_urls(random.Random(seed + 1_000_003), corpus, len({route for route, _ in jobs}) * 2)
            if job[1] not in exported]  # fmt: skip
    drive(base, [job for job in warm for _ in range(2)], connections, timeout)
    connection.close()
    out(f"Warmed up with {len(warm)} other URLs of the same routes (each sent twice, not timed)")
    work = [job for job in jobs for _ in range(repeat)]
    random.Random(seed + 1).shuffle(work)
    watch = MemoryWatch(worker_pids) if worker_pids else None
    if watch:
        watch.start()
    started = time.monotonic()
    results = drive(base, work, connections, timeout)
    elapsed = time.monotonic() - started
    download_exports(base, sorted(exported), timeout)
    if watch:
        watch.stop()
    report(results, elapsed, connections, watch.peaks if watch else {}, table, out=out)
    # Slow by itself, or only queued behind others? The ten slowest again, one at a time.
    out("\nThe ten slowest URLs again, each alone (one connection):")
    for _route, url, *_ in sorted(results, key=lambda r: -r[3])[:10]:
        status, seconds, _ = fetch(base, url, timeout)
        out(f"  {seconds * 1000:>8.0f} ms  {status!s:>4}  {url}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument(
        "--meetings",
        type=int,
        default=0,
        help="rebuild --database (dropped!) with this many generated meetings unless it has them; 0: use as is",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--urls", type=int, default=400, help="distinct URLs to draw (about; plus the exports)")
    parser.add_argument("--repeat", type=int, default=1, help="requests of each URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread workers)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a request may take (gunicorn's too)")
    parser.add_argument("--url", help="a server already serving --database (none is started)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="with --url: a worker whose memory to watch")
    args = parser.parse_args()

    env = server_env(args.database)
    if args.meetings and args.database.startswith("postgres"):
        from bench.run import prepare_database  # noqa: PLC0415

        prepare_database(args.database, args.meetings, env)
    elif args.meetings:  # SQLite: a file that does not exist yet is built; one that does is used as it is
        path = Path("/" + urlsplit(args.database).path.lstrip("/"))
        if not path.exists():
            print(f"Building {path} with {args.meetings:,} generated meetings…", flush=True)
            for command in (["migrate", "--noinput", "-v0"], ["load_demo"],
                            ["generate_corpus", "--meetings", str(args.meetings), "-v0"]):  # fmt: skip
                subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                               stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = None
    try:
        if args.url:
            base, pids = args.url.rstrip("/"), (lambda: args.pid) if args.pid else None
        else:
            if not args.meetings:
                subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                               check=True)  # fmt: skip
            server = Gunicorn(env, timeout=args.timeout, threads=args.threads)
            server.wait()
            base, pids = server.url, server.workers
            fetch(base, "/api/v1/", 30)  # each worker's first request opens its connection: not billed to a URL
            fetch(base, "/api/v1/", 30)
        run(base, args.database, seed=args.seed, urls=args.urls, repeat=args.repeat, connections=args.connections,
            timeout=args.timeout, worker_pids=pids)  # fmt: skip
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
