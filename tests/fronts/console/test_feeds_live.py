"""End to end on the console: a local feed is added, fetched at once and briefed on;
a second feed carrying a wire copy of its story makes one story with two outlets; the
backlog of a new subscription alerts nobody."""

from __future__ import annotations

STORY = (
    "Floods hit Valencia, Spain, on Monday, killing three people, officials said. Rescue"
    " teams searched flooded streets in the city centre overnight as more rain fell. Russia"
    " offered to send rescue teams to Valencia on Tuesday."
)

# Feeds on the test's own server (loopback), fetched at once when added.
LIVE = {"feeds_allow_private": True, "feeds_every": "1h"}


def rss(title: str, guid: str, link: str, text: str) -> str:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><item>'
        f"<guid>{guid}</guid><link>{link}</link><title>Floods in Valencia</title>"
        f"<description>&lt;p&gt;{text}&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;</description>"
        "<pubDate>Tue, 18 Feb 2025 10:00:00 +0000</pubDate></item></channel></rss>"
    )


def test_a_feed_is_followed_from_the_console_and_a_wire_copy_is_one_story(console, httpserver):
    wire = "Dedicated outlet one"
    httpserver.expect_request("/wire.xml").respond_with_data(
        rss(wire, "w-1", "https://wire.example/1", STORY), content_type="application/rss+xml"
    )
    httpserver.expect_request("/paper.xml").respond_with_data(
        rss("Second Paper", "p-9", "https://paper.example/9", "VALENCIA (AP) - " + STORY),
        content_type="application/rss+xml",
    )
    _, followed, added, since, digest = console(
        "/follow Russia",
        f"/feeds add {httpserver.url_for('/wire.xml')} Wire",
        "/since 2025-02-17",
        "/digest",
        **LIVE,
    )
    assert followed.startswith("This channel now follows Russia")
    assert "Subscribed" in added
    assert "Floods hit Valencia, Spain, on Monday, killing three people" in since
    assert "steal()" not in since
    assert "Floods hit Valencia" in digest and wire in digest
    assert "Russia offered to send rescue teams" in since
    # The backlog alerts nobody, though the channel follows Russia.
    assert "New about what this channel follows" not in added + since + digest
    _, added, digest, listed, sources = console(
        f"/feeds add {httpserver.url_for('/paper.xml')} Paper",
        "/digest",
        "/feeds list",
        "/sources",
        **LIVE,
    )
    # One story, both outlets credited; the copy wrote no second document.
    (line,) = [x for x in digest.splitlines() if x.startswith("  - ") and "Valencia" in x]
    assert f"[{wire}, Second Paper]" in line
    assert len(list((console.seeds / "feeds").rglob("*.jsonl"))) == 1
    assert "copied from the wire" in listed
    (line,) = [x for x in sources.splitlines() if "Floods in Valencia" in x]
    assert line.endswith(f"· {wire}, Second Paper")
