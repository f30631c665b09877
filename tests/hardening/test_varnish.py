"""Varnish in front of the site, with docs/varnish/c5site.vcl as shipped: a page is kept, and a
publication purges it at once through the hook (SURROGATE_PURGE_URLS), leaving other pages cached.

Starts its own varnishd (Debian's package; skipped with the reason where it is missing, except in
CI) on a free port, in front of a live server of the test database in this process: the test
publishes through events.published.publish as an editor's approval does, and the commit sends the
purge.
"""

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from events.demo.loader import load_demo
from events.models import Meeting, PublishedMeeting
from events.published import publish

from .conftest import ROOT, free_port

pytestmark = [pytest.mark.varnish, pytest.mark.django_db(transaction=True)]
VCL = ROOT / "docs" / "varnish" / "c5site.vcl"
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url):
    try:
        with _opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def varnish(live_server):
    """(address of a varnishd in front of the live server, its log)."""
    backend_port = live_server.url.rsplit(":", 1)[1]
    directory = Path(tempfile.mkdtemp(prefix="c5site-varnish-"))
    directory.chmod(0o755)  # run as root, varnishd reads the VCL as its own user
    vcl = directory / "c5site.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    log = (directory / "varnishd.log").open("w")
    process = subprocess.Popen(
        [
            shutil.which("varnishd", path="/usr/sbin:/usr/bin:/sbin:/bin") or "varnishd",
            "-F",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-n",
            str(directory / "work"),
            "-s",
            "malloc,32m",
            "-p",
            "ban_lurker_sleep=0.01",
        ],  # fmt: skip
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.fail(f"varnishd exited: {(directory / 'varnishd.log').read_text()[-2000:]}")
            try:
                get(address + "/robots.txt")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("varnishd did not answer within 10 s")
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(directory, ignore_errors=True)


def test_a_cached_page_is_purged_on_publication_and_others_stay_cached(varnish, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.SURROGATE_PURGE_URLS = [varnish + "/"]
    settings.SURROGATE_MAX_AGE = 86400
    settings.SURROGATE_PURGE_REPEAT = 0
    load_demo()
    changed, untouched = PublishedMeeting.objects.order_by("meeting_id")[:2]
    changed_url, untouched_url = f"{varnish}/meetings/{changed.slug}/", f"{varnish}/meetings/{untouched.slug}/"

    for url in (changed_url, untouched_url, f"{varnish}/meetings/"):
        status, headers, _ = get(url)
        assert status == 200 and headers["X-Cache"] == "MISS", headers
        status, headers, _ = get(url)
        assert status == 200 and headers["X-Cache"] == "HIT", headers
        assert "s-maxage=86400" in headers["Cache-Control"] and "Surrogate-Key" not in headers
    assert "A retitled meeting" not in get(changed_url)[2]

    Meeting.objects.filter(pk=changed.pk).update(title="A retitled meeting")
    publish.publish(Meeting.objects.get(pk=changed.pk), note="Retitled for the Varnish test.")  # commits: purges

    status, headers, body = get(changed_url)
    assert status == 200 and headers["X-Cache"] == "MISS" and "A retitled meeting" in body
    status, headers, body = get(f"{varnish}/meetings/")
    assert headers["X-Cache"] == "MISS" and "A retitled meeting" in body  # lists are purged on every publication
    status, headers, body = get(untouched_url)
    assert status == 200 and headers["X-Cache"] == "HIT" and "A retitled meeting" not in body
    assert get(changed_url)[1]["X-Cache"] == "HIT"


def test_a_purge_needs_keys_and_private_answers_pass_uncached(varnish, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    request = urllib.request.Request(varnish + "/", method="PURGE")  # no keys
    with pytest.raises(urllib.error.HTTPError) as refused:
        _opener.open(request, timeout=5)
    assert refused.value.code == 400
    for _ in range(2):
        status, headers, _ = get(varnish + "/admin/login/")
    assert status == 200 and headers["X-Cache"] == "MISS"  # the admin is never cached
    for _ in range(2):
        status, headers, _ = get(varnish + "/meetings/no-such-meeting/")
    assert status == 404 and headers["X-Cache"] == "MISS"
