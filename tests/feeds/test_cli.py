"""`briefing feeds` through the real entry point in a subprocess, against the local server:
add fetches and reloads at once, import reads OPML, list, fetch and remove, and each bad
input gets one line that says what is accepted."""

from __future__ import annotations

import json

import pytest

from tests.feeds.factories import TITLE, rss, story
from tests.test_cli import briefing

LOCAL = {"FEEDS_ALLOW_PRIVATE": "true"}


@pytest.fixture
def place(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    return ["--db", str(tmp_path / "briefing.db"), "--seeds", str(seeds)]


def run(*args: str, env=None):
    done = briefing(*args, env=env)
    return done.returncode, done.stdout, done.stderr


def test_add_fetches_reloads_and_the_item_is_answered(httpserver, place):
    httpserver.expect_request("/feed").respond_with_data(
        rss(story(2)), content_type="application/rss+xml"
    )
    code, out, err = run("feeds", "add", httpserver.url_for("/feed"), *place, "--json", env=LOCAL)
    assert code == 0, err
    done = json.loads(out)
    assert done["added"] == [{"name": "127.0.0.1", "url": httpserver.url_for("/feed")}]
    assert (done["fetch"]["new"], done["reload"]["added"]) == (1, 1)
    code, out, err = run("ask", "/since 2025-01-01", place[0], place[1])
    assert code == 0, err
    assert "glaciers in western Norway lost more ice" in out and TITLE in out
    code, out, _ = run("feeds", "list", place[0], place[1])
    assert out.startswith("127.0.0.1 — active, every 15m · last success ")
    assert out.endswith(" · 1 item\n")
    # Fetched again by name: nothing new, nothing reloaded.
    code, out, _ = run("feeds", "fetch", "127.0.0.1", *place, env=LOCAL)
    assert (code, out) == (0, "Feeds: 1 fetched (0 unchanged, 0 failed): 0 new items, 0 updated.\n")
    code, out, _ = run("feeds", "remove", "127.0.0.1", place[0], place[1])
    assert (code, out) == (0, f"Removed 127.0.0.1 ({httpserver.url_for('/feed')}); its items"
                              " already fetched stay.\n")  # fmt: skip
    code, _, err = run("feeds", "remove", "127.0.0.1", place[0], place[1])
    assert (code, err) == (1, "No feed is named '127.0.0.1'. Feeds: none.\n")


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["ftp://news.example/feed"], None, "Only http and https feeds are fetched: give"),
        (["http://127.0.0.1:9/feed"], None, "127.0.0.1 is a loopback address; feeds are"),
        (["http://169.254.169.254/latest"], None, "is a link-local address"),
        (["https://news.example/feed", "--every", "3x"], None, "'3x' is not a duration: write"),
    ],
)
def test_a_refused_subscription_says_what_is_accepted(place, args, env, says):
    code, out, err = run("feeds", "add", *args, "--no-fetch", *place, env=env)
    assert code == 1 and out == "" and says in err and "Traceback" not in err
    _, out, err = run("feeds", "list", place[0], place[1])  # nothing subscribed
    assert out == "No feeds: add one with `briefing feeds add URL`.\n" or (
        out == "" and err.startswith("No store at ")  # refused before the store opened
    )


def test_import_subscribes_to_an_opml_file_and_skips_what_it_refuses(httpserver, place, tmp_path):
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        f'<outline text="Local  news" type="rss" xmlUrl="{httpserver.url_for("/feed")}"/>'
        '<outline text="Gopher" type="rss" xmlUrl="gopher://news.example/feed"/>'
        "</body></opml>",
        "utf-8",
    )
    code, out, err = run("feeds", "import", str(opml), "--no-fetch", *place, env=LOCAL)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Subscribed to 1 feeds from subscriptions.opml; 1 skipped."
    assert lines[1].startswith("  skipped gopher://news.example/feed: Only http and https")
    assert run("feeds", "list", place[0], place[1])[1].startswith("Local news — active")
    # Imported again: the one subscribed already is skipped, not doubled.
    code, out, _ = run("feeds", "import", str(opml), "--no-fetch", *place, env=LOCAL)
    assert out.startswith("Subscribed to 0 feeds from subscriptions.opml; 2 skipped.")
    not_opml = tmp_path / "notes.txt"
    not_opml.write_text("just some notes", "utf-8")
    code, _, err = run("feeds", "import", str(not_opml), *place)
    assert code == 1 and "lists no feeds: give an OPML file of subscriptions" in err
