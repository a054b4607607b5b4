"""What a feed or its server may do wrong, against a real local server: error statuses,
a server that never answers or drips, bodies too large (streamed, declared, a gzip bomb),
redirects that loop or lead where the fetcher may not go, a body that is no feed. Each
ends in the feed's state and the cycle's summary, and loses nothing already fetched."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import time
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bot.store.feeds import stamp
from tests.conftest import NOW
from tests.feeds.factories import NAME, RSS_TYPE, TIMEOUT, Fetcher, rss, story

MB = 1024 * 1024
GB = 1024 * MB
ETAG = '"v1"'


def never_answers(request: Request) -> Response:
    time.sleep(TIMEOUT + 1)
    return Response(rss(story(1)), content_type=RSS_TYPE)


def drips(request: Request) -> Response:
    """A byte every 0.2 s, for four times the client's deadline."""

    def body() -> Iterator[bytes]:
        for _ in range(int(4 * TIMEOUT / 0.2)):
            yield b" "
            time.sleep(0.2)

    return Response(body(), content_type=RSS_TYPE)


def gigabyte(sent: list[int], declared: bool) -> Callable[[Request], Response]:
    """A 1 GB body streamed in 1 MB chunks (never held whole), its length declared or
    not; `sent` counts the chunks the server got to send."""

    def handler(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            chunk = b" " * MB
            for _ in range(GB // MB):
                sent.append(1)
                yield chunk

        headers = {"Content-Length": str(GB)} if declared else {}
        return Response(body(), content_type=RSS_TYPE, headers=headers)

    return handler


@functools.cache
def gzip_bomb() -> bytes:
    """50 MB of zeros in about 50 kB."""
    return gzip.compress(bytes(50_000_000), 9)


def redirect(location: str) -> dict[str, str]:
    return {"Location": location}


Setup = Callable[[Fetcher, HTTPServer], None]
FAILURES: dict[str, tuple[Setup, tuple[str, ...]]] = {
    "404": (lambda f, _: f.serve("no", status=404), ("HTTP 404 Not Found",)),
    "410": (lambda f, _: f.serve("gone", status=410), ("HTTP 410 Gone",)),
    "429": (lambda f, _: f.serve("slow down", status=429), ("HTTP 429 Too Many Requests",)),
    "500": (lambda f, _: f.serve("oops", status=500), ("HTTP 500 Internal Server Error",)),
    "never answers": (lambda f, _: f.serve(handler=never_answers), ("timed out after 1 s",)),
    "slow drip": (lambda f, _: f.serve(handler=drips), ("timed out after 1 s",)),
    "1 GB streamed": (
        lambda f, _: f.serve(handler=gigabyte([], declared=False)),
        ("too large (over 1,000,000 bytes)",),
    ),
    "1 GB declared": (
        lambda f, _: f.serve(handler=gigabyte([], declared=True)),
        ("too large (1,073,741,824 bytes; at most 1,000,000)",),
    ),
    "gzip bomb": (
        lambda f, _: f.serve(gzip_bomb(), headers={"Content-Encoding": "gzip"}),
        ("too large (over 1,000,000 bytes)",),
    ),
    "redirect loop": (
        lambda f, _: f.serve(status=302, headers=redirect("/feed")),
        ("too many redirects (more than 5)",),
    ),
    "redirect to localhost": (
        lambda f, _: f.serve(
            status=302, headers=redirect(f"http://localhost:{f.server.port}/feed")
        ),
        ("refused: localhost resolves to", "a loopback address"),
    ),
    "redirect to another port": (
        lambda f, other: f.serve(status=307, headers=redirect(other.url_for("/feed"))),
        ("refused: 127.0.0.1 is a loopback address",),
    ),
    "redirect to file": (
        lambda f, _: f.serve(status=301, headers=redirect("file:///etc/passwd")),
        ("refused: Only http and https feeds are fetched",),
    ),
    "redirect to ftp": (
        lambda f, _: f.serve(status=302, headers=redirect("ftp://127.0.0.1/feed.xml")),
        ("refused: Only http and https feeds are fetched",),
    ),
    "malformed XML": (
        lambda f, _: f.serve('<?xml version="1.0"?><rss version="2.0"><channel></item></rss>'),
        ("not a feed",),
    ),
    "an HTML page": (
        lambda f, _: f.serve("<html><body><p>Moved.</p></body></html>", content_type="text/html"),
        ("not a feed",),
    ),
}


@pytest.mark.parametrize("case", FAILURES)
async def test_a_failure_is_reported_and_loses_nothing(fetcher, httpserver_ipv4, case):
    setup, words = FAILURES[case]
    fetcher.subscribe()
    fetcher.serve(rss(story(1), story(2)), headers={"ETag": ETAG})
    await fetcher.fetch()
    known, files = fetcher.known(), fetcher.files()
    assert len(known) == len(files) == 2
    setup(fetcher, httpserver_ipv4)
    fetcher.clock.advance(hours=1)
    report = await fetcher.fetch()
    (result,) = report.results
    assert not result.ok and result.new == 0
    assert all(word in (result.error or "") for word in words), result.error
    assert f"{NAME}: {result.error}" in report.summary()
    assert report.to_json()["failed"] == 1
    feed = fetcher.feed()
    assert (feed.last_error, feed.failures, feed.failing_since) == (
        result.error,
        1,
        stamp(fetcher.clock()),
    )
    assert feed.status == ("paused" if case == "410" else "active")
    assert (feed.etag, feed.items, feed.last_success_at) == (ETAG, 2, stamp(NOW))
    assert fetcher.known() == known and fetcher.files() == files


async def test_a_404_pauses_the_feed_once_it_lasted_gone_after(fetcher):
    fetcher.subscribe()
    fetcher.serve("no", status=404)
    first = await fetcher.fetch_one()
    assert (first.error, first.paused) == ("HTTP 404 Not Found", None)
    fetcher.clock.advance(days=2, hours=23)
    assert (await fetcher.fetch_one()).paused is None
    assert fetcher.feed().status == "active"
    fetcher.clock.advance(hours=1)
    report = await fetcher.fetch()
    (result,) = report.results
    feed = fetcher.feed()
    assert (feed.status, feed.failures, feed.failing_since) == ("paused", 3, stamp(NOW))
    assert feed.paused_reason == result.paused == "not found (404) since 2025-02-18T09:00 UTC"
    assert f"{NAME}: HTTP 404 Not Found (paused: {result.paused})" in report.summary()
    assert fetcher.store.feeds.due(fetcher.clock.advance(days=30)) == []


async def test_a_404_is_timed_from_the_first_404_not_an_earlier_failure(fetcher):
    """Days of 500s, then a 404: the feed is not gone yet; a 404 streak broken by another
    answer starts again."""
    fetcher.subscribe()
    fetcher.serve("down", status=500)
    await fetcher.fetch_one()
    fetcher.clock.advance(days=4)
    await fetcher.fetch_one()
    fetcher.serve("no", status=404)
    fetcher.clock.advance(hours=1)
    assert (await fetcher.fetch_one()).paused is None
    assert fetcher.feed().not_found_since == stamp(fetcher.clock())
    fetcher.clock.advance(days=2)
    assert (await fetcher.fetch_one()).paused is None
    fetcher.serve("down", status=500)
    fetcher.clock.advance(hours=1)
    await fetcher.fetch_one()
    assert fetcher.feed().not_found_since is None
    fetcher.serve("no", status=404)
    fetcher.clock.advance(days=1)
    assert (await fetcher.fetch_one()).paused is None  # a new streak
    assert fetcher.feed().status == "active" and fetcher.feed().failing_since == stamp(NOW)


async def test_a_410_pauses_the_feed_at_once(fetcher):
    fetcher.subscribe()
    fetcher.serve("gone", status=410)
    result = await fetcher.fetch_one()
    feed = fetcher.feed()
    assert (feed.status, feed.paused_reason) == ("paused", result.paused)
    assert result.paused == "gone (410): the publisher removed the feed"
    assert fetcher.store.feeds.due(fetcher.clock.advance(days=30)) == []


async def test_a_429_is_asked_again_no_sooner_than_retry_after(fetcher):
    fetcher.subscribe(every=60)
    fetcher.serve("slow down", status=429, headers={"Retry-After": "120"})
    result = await fetcher.fetch_one()
    assert (result.status, result.error) == (429, "HTTP 429 Too Many Requests")
    wait = dt.datetime.fromisoformat(fetcher.feed().next_fetch_at) - NOW
    assert wait >= dt.timedelta(seconds=120)
    assert fetcher.store.feeds.due(NOW + dt.timedelta(seconds=119)) == []


async def test_a_failing_feed_backs_off(fetcher):
    fetcher.subscribe(every=60)
    fetcher.serve("oops", status=500)
    waits = []
    for _ in range(3):
        (result,) = (await fetcher.fetch(names=())).results
        assert result.error == "HTTP 500 Internal Server Error"
        due = dt.datetime.fromisoformat(fetcher.feed().next_fetch_at)
        waits.append((due - fetcher.clock()).total_seconds())
        fetcher.clock.now = due
    assert waits == sorted(waits) and waits[-1] > 2 * 60, waits
    feed = fetcher.feed()
    assert (feed.failures, feed.failing_since, feed.status) == (3, stamp(NOW), "active")


async def test_a_failing_feed_that_answers_again_is_well(fetcher):
    fetcher.subscribe()
    fetcher.serve("oops", status=500)
    await fetcher.fetch()
    await fetcher.fetch()
    fetcher.serve(rss(story(1)))
    fetcher.clock.advance(hours=1)
    result = await fetcher.fetch_one()
    assert (result.ok, result.new) == (True, 1)
    feed = fetcher.feed()
    assert (feed.failures, feed.failing_since, feed.last_status) == (0, None, 200)
    assert feed.last_success_at == stamp(fetcher.clock())


async def test_a_gigabyte_is_never_read_whole(fetcher):
    sent: list[int] = []
    fetcher.subscribe()
    fetcher.serve(handler=gigabyte(sent, declared=False))
    started = time.monotonic()
    result = await fetcher.fetch_one()
    assert result.error == "too large (over 1,000,000 bytes)"
    # What the sockets' buffers hold, not the gigabyte.
    assert len(sent) < 64 and time.monotonic() - started < TIMEOUT


async def test_a_gzip_feed_is_read_whole(fetcher):
    fetcher.subscribe()
    fetcher.serve(gzip.compress(rss(story(1)).encode()), headers={"Content-Encoding": "gzip"})
    result = await fetcher.fetch_one()
    assert (result.ok, result.new) == (True, 1)
    assert fetcher.requests()[-1].headers["Accept-Encoding"] == "gzip, deflate"


async def test_a_redirect_on_the_allowed_server_is_followed(fetcher):
    fetcher.subscribe()
    fetcher.serve(status=301, headers=redirect("/moved"))
    fetcher.serve(rss(story(1)), path="/moved", keep=True)
    report = await fetcher.fetch()
    assert (report.results[0].new, report.requests) == (1, 2)


async def test_a_redirect_loop_stops_after_five_redirects(fetcher):
    fetcher.subscribe()
    fetcher.serve(status=302, headers=redirect("/feed"))
    report = await fetcher.fetch()
    assert report.results[0].error == "too many redirects (more than 5)"
    assert report.requests == len(fetcher.requests()) == 6


async def test_a_redirect_to_localhost_never_reaches_it(fetcher):
    """localhost is the same server: only the limits' host:port exemption tells them apart."""
    fetcher.subscribe()
    fetcher.serve(status=302, headers=redirect(f"http://localhost:{fetcher.server.port}/moved"))
    fetcher.serve(rss(story(1)), path="/moved", keep=True)
    result = await fetcher.fetch_one()
    assert "loopback" in (result.error or "") and fetcher.requests("/moved") == []


async def test_a_redirect_to_another_loopback_port_never_reaches_it(fetcher, httpserver_ipv4):
    other = httpserver_ipv4
    other.expect_request("/feed").respond_with_data(rss(story(1)), content_type=RSS_TYPE)
    fetcher.subscribe()
    fetcher.serve(status=302, headers=redirect(other.url_for("/feed")))
    result = await fetcher.fetch_one()
    assert (result.error or "").startswith("refused: 127.0.0.1 is a loopback address")
    assert other.log == []


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0177.0.0.1", "0", "[::ffff:7f00:1]"])
async def test_loopback_spelt_otherwise_is_never_reached(fetcher, host):
    """Spellings the guard's address parser does not read as loopback (aiohttp refuses
    the non-canonical ones itself): the request never reaches the server."""
    fetcher.serve(status=302, headers=redirect(f"http://{host}:{fetcher.server.port}/moved"))
    fetcher.serve(rss(story(1)), path="/moved", keep=True)
    fetcher.subscribe()
    result = await fetcher.fetch_one()
    assert not result.ok and fetcher.requests("/moved") == []
