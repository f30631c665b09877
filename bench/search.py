"""The search page at scale: `python bench/search.py` against DATABASE_URL (PostgreSQL, or SQLite).

--generate N writes a synthetic published index of N meetings, N/5 people and N/2 sources (index
rows only, with realistic search texts drawn from events.generate's names, places and topics;
no working rows, which search never reads) into an empty, migrated database, with the demo's
spellings. Then, in process, it times each case URL (p50/p99 of --runs requests, queries run,
and EXPLAIN ANALYZE of the candidates' query on PostgreSQL); --serve also serves the site with
gunicorn (2 workers) and drives all the cases at once with wrk (16 connections, 15 s), as
`make bench` does, and prints requests/s and p50/p99. Only 127.0.0.1 is contacted.
"""

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")
# As served: templates kept compiled, no debug.
SERVED = {"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1,testserver", "SECURE_SSL_REDIRECT": "0"}
os.environ.update(SERVED)

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from events import generate  # noqa: E402
from events.demo.spellings import load_spellings  # noqa: E402
from events.models import Meeting, PublishedMeeting, PublishedPerson, PublishedReference, Revision  # noqa: E402
from events.published import search  # noqa: E402
from events.site.search import OVERVIEW_CANDIDATES  # noqa: E402
from people.models import Person  # noqa: E402

CASES = [
    "/search/?q=security",  # in most records
    "/search/?q=Astana",  # in about a tenth
    "/search/?q=Karimov",  # a surname
    "/search/?q=%22water+management%22",  # a phrase
    "/search/?q=Karimov+OR+Tanaka",
    "/search/?q=security+-Afghanistan",
    "/search/?q=" + quote("Ташкент"),  # Cyrillic, through the spellings
    "/search/?q=Hojamuradov+Tanaka+Seoul",  # three rare words together
    "/search/?q=nosuchword",  # nothing found: the suggestions are tried
    "/search/?q=security&kind=meetings&page=10",  # the last page ranked
    "/search/?q=minister&kind=people&page=5",
    "/search/?q=ministers&kind=sources&page=10",
]
BATCH = 5000


def sentence(rng, topics, people, places):
    return rng.choice([
        f"{rng.choice(people)} met {rng.choice(people)} in {rng.choice(places)} to discuss {rng.choice(topics).lower()}.",
        f"The ministers discussed {rng.choice(topics).lower()} and {rng.choice(topics).lower()}.",
        f"{rng.choice(generate.TITLES)} {rng.choice(people)} said the talks in {rng.choice(places)} were useful.",
        rng.choice(generate.FILLER),
    ])  # fmt: skip


def write_index(meetings, seed=42):
    """Index rows of `meetings` meetings, meetings // 5 people and meetings // 2 sources."""
    rng = random.Random(seed)
    now = timezone.now()
    places = [capital for *_, capital in generate.COUNTRIES] + ["Samarkand", "Almaty", "Osh", "Khujand", "Mary"]
    names = [f"{first} {last}" for first in generate.FIRST for last in generate.LAST]
    countries = [name for _, name, *_ in generate.COUNTRIES]
    types = {model: ContentType.objects.get_for_model(model) for model in (Meeting, Person)}
    source_type = ContentType.objects.get(app_label="events", model="source")

    def revisions(content_type, ids):
        rows = Revision.objects.bulk_create(
            [Revision(content_type=content_type, object_id=pk, number=1, body="{}", created_at=now) for pk in ids]
        )
        return {row.object_id: row for row in rows}

    for start in range(1, meetings // 5 + 1, BATCH):
        ids = range(start, min(start + BATCH, meetings // 5 + 1))
        revision = revisions(types[Person], ids)
        rows = []
        for pk in ids:
            name = rng.choice(names)
            text = "\n".join([name, rng.choice(countries), rng.choice(generate.TITLES), "Ministry of Foreign Affairs"])
            rows.append(PublishedPerson(person_id=pk, revision=revision[pk], slug=f"person-{pk}", name=name,
                                        sort_name=name, first_published_at=now, revised_at=now, search_text=text))  # fmt: skip
        PublishedPerson.objects.bulk_create(rows)
    for start in range(1, meetings + 1, BATCH):
        ids = range(start, min(start + BATCH, meetings + 1))
        revision = revisions(types[Meeting], ids)
        rows = []
        for pk in ids:
            place, topics = rng.choice(places), rng.sample(generate.TOPICS, rng.randint(2, 4))
            people = rng.sample(names, rng.randint(2, 6))
            title = f"{rng.choice(['Ministerial meeting', 'Working group', 'Consultations', 'Summit'])}, {place}"
            lines = [title, f"{rng.randint(2015, 2024)}", sentence(rng, topics, people, [place]), place,
                     rng.choice(countries), *people, *rng.sample(generate.TITLES, 2), *topics]  # fmt: skip
            rows.append(PublishedMeeting(meeting_id=pk, revision=revision[pk], slug=f"meeting-{pk}", title=title,
                                         kind="ministerial", format="in_person", date_precision="year", sort_key=pk,
                                         first_published_at=now, revised_at=now, search_text="\n".join(lines)))  # fmt: skip
        PublishedMeeting.objects.bulk_create(rows)
    for start in range(1, meetings // 2 + 1, BATCH):
        ids = range(start, min(start + BATCH, meetings // 2 + 1))
        revision = revisions(source_type, ids)
        rows = []
        for pk in ids:
            topics, people = rng.sample(generate.TOPICS, 3), rng.sample(names, 4)
            title = f"Ministers meet: report {pk}"
            text = "\n\n".join(" ".join(sentence(rng, topics, people, places) for _ in range(5)) for _ in range(6))
            rows.append(PublishedReference(kind="source", object_id=pk, revision=revision[pk], slug=str(pk), name=title,
                                           sort_key=f"{pk:08d}", body='{"publisher": null, "published_on": null}',
                                           uses=1, search_text=f"{title}\n{text}"))  # fmt: skip
        PublishedReference.objects.bulk_create(rows)
    load_spellings()


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(client, url, runs):
    times, sql, count = [], [], 0
    cpu_started = cpu_seconds()
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 404), (url, response.status_code)
        count = len(queries)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    python = (cpu_seconds() - cpu_started) / runs * 1000
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.99) - 1)], statistics.median(sql), python, count


def explain(url):
    text = url.split("q=", 1)[1].split("&", 1)[0]
    expanded = search.expand(search.parse(text.replace("+", " ").replace("%22", '"')))
    q, params = search._tsquery(expanded)
    sql = search._ranked_sql(search.KINDS["meetings"], "postgresql", OVERVIEW_CANDIDATES).replace("{q}", q)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, [*params, *params, *params, 10, 0])
        return "\n".join(row[0] for row in cursor.fetchall())


def serve_and_drive(seconds):
    env = {**os.environ, **SERVED}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "--log-level", "error", "-b",
                               "127.0.0.1:8810", "c5site.wsgi"], cwd=ROOT, env=env)  # fmt: skip
    try:
        time.sleep(4)
        for url in CASES:  # each answers a page, not a redirect or an error
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:8810{url}").status
            except urllib.error.HTTPError as error:
                status = error.code
            assert status in (200, 404), (url, status)
        paths = ", ".join(f'"{url}"' for url in CASES)
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(
            f"paths = {{{paths}}}\ni = 0\nrequest = function() i = i % #paths + 1 return wrk.format(nil, paths[i]) end\n"
            + (ROOT / "bench" / "percentiles.lua").read_text()
        )
        script.close()
        out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script.name, "http://127.0.0.1:8810"],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        print(out)
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generate", type=int, metavar="N", help="write a synthetic index of N meetings first")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--serve", action="store_true", help="also drive the cases with wrk through gunicorn")
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    if args.generate:
        started = time.monotonic()
        with transaction.atomic():
            write_index(args.generate)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"Generated the index of {args.generate:,} meetings in {time.monotonic() - started:.0f} s")
    print(f"{connection.vendor}: {PublishedMeeting.objects.count():,} meetings, {PublishedPerson.objects.count():,} people,"
          f" {PublishedReference.objects.filter(kind='source').count():,} sources in the index")  # fmt: skip
    call_command("collectstatic", "--noinput", verbosity=0)  # served with the manifest of hashed names
    client = Client()
    for url in CASES:
        client.get(url, secure=True)  # warm
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (what else the machine is doing)")
    print(f"{'URL':52} {'p50 ms':>7} {'p99 ms':>7} {'SQL ms':>7} {'Python CPU ms':>14} {'queries':>8}")
    for url in CASES:
        p50, p99, sql, python, count = timed(client, url, args.runs)
        print(f"{url[:52]:52} {p50:7.1f} {p99:7.1f} {sql:7.1f} {python:14.1f} {count:8d}")
    if connection.vendor == "postgresql":
        print("\nThe candidates of meetings for “security” (EXPLAIN ANALYZE):\n" + explain(CASES[0]))
        print("\n… and for three rare words:\n" + explain(CASES[7]))
    if args.serve:
        serve_and_drive(args.seconds)


if __name__ == "__main__":
    main()
