"""The fetch cycle against a real local server: each format's items written as seed
files, conditional requests, what is new, repeated, edited, undated or not English, and
the first fetch's backlog."""

from __future__ import annotations

import json
import re

import pytest

from tests.feeds.factories import (
    FORMATS,
    NAME,
    STORIES,
    TEXT,
    TITLE,
    Item,
    atom,
    json_feed,
    rss,
    story,
)

ETAG = '"v1"'
MODIFIED = "Mon, 17 Feb 2025 08:00:00 GMT"


@pytest.mark.parametrize("kind", FORMATS)
async def test_each_format_writes_its_items_as_seed_files(fetcher, kind):
    build, content_type = FORMATS[kind]
    fetcher.subscribe()
    fetcher.serve(build(Item(), story(2)), content_type=content_type)
    result = await fetcher.fetch_one()
    assert (result.ok, result.status, result.new, result.error) == (True, 200, 2, None)
    files = fetcher.files()
    path = next(p for p, text in files.items() if '"item-1"' in text)
    feed = fetcher.feed()
    assert re.fullmatch(rf"feeds/example-{feed.id}/2025-02-17-[0-9a-f]{{12}}\.jsonl", path)
    (line,) = [line for line in fetcher.lines() if line["guid"] == "item-1"]
    expected = {
        "date": "2025-02-17T08:30:00+01:00",
        "dated_by": "feed",
        "title": "Talks in Geneva",
        "url": "https://news.example/geneva",
        "source": TITLE,
        "text": TEXT,
        "feed": NAME,
        "guid": "item-1",
        "fetched_at": "2025-02-18T09:00:00+00:00",
        "language": "en",
    }
    assert {key: line.get(key) for key in expected} == expected
    assert "pwned" not in files[path] and "script" not in files[path]
    assert fetcher.known()["item-1"][1] == f"{path}#1"
    assert (feed.items, feed.fetches, feed.last_status, feed.status) == (2, 1, 200, "active")


async def test_a_second_fetch_is_conditional_and_a_304_writes_nothing(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(Item()), headers={"ETag": ETAG, "Last-Modified": MODIFIED})
    await fetcher.fetch()
    files = fetcher.files()
    assert len(files) == 1 and (fetcher.feed().etag, fetcher.feed().last_modified) == (
        ETAG,
        MODIFIED,
    )
    fetcher.serve(status=304)
    for _ in range(2):
        fetcher.clock.advance(hours=1)
        result = await fetcher.fetch_one()
        asked = fetcher.requests()[-1].headers
        assert (asked.get("If-None-Match"), asked.get("If-Modified-Since")) == (ETAG, MODIFIED)
        assert (result.ok, result.status, result.new, result.error) == (True, 304, 0, None)
    assert fetcher.files() == files
    feed = fetcher.feed()
    assert (feed.etag, feed.last_modified, feed.status, feed.failures) == (
        ETAG,
        MODIFIED,
        "active",
        0,
    )
    assert feed.last_success_at == fetcher.clock().isoformat(timespec="seconds")


async def test_a_feed_without_validators_is_asked_unconditionally(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(Item()))
    await fetcher.fetch()
    await fetcher.fetch()
    asked = fetcher.requests()[-1].headers
    assert "If-None-Match" not in asked and "If-Modified-Since" not in asked
    assert asked["User-Agent"].startswith("Briefing/")


def latin1_declared_utf8() -> bytes:
    return rss(Item(title="Café talks")).encode("latin-1")


def utf8_declared_latin1() -> bytes:
    return rss(Item(title="Café talks"), encoding="iso-8859-1").encode("utf-8")


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        # Not UTF-8 after all: read as the common single-byte encoding instead.
        (latin1_declared_utf8, {"Café talks"}),
        # Valid in the charset declared too: either reading is a reading.
        (utf8_declared_latin1, {"Café talks", "CafÃ© talks"}),
    ],
)
async def test_a_wrong_charset_declaration_still_gives_the_items(fetcher, body, titles):
    fetcher.subscribe()
    fetcher.serve(body())
    result = await fetcher.fetch_one()
    assert (result.ok, result.new) == (True, 1)
    (line,) = fetcher.lines()
    assert line["title"] in titles and line["text"] == TEXT


async def test_duplicate_guids_in_one_feed_give_one_item(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(story(1), story(2, guid="story-1")))
    result = await fetcher.fetch_one()
    assert (result.new, result.repeats) == (1, 1)
    (line,) = fetcher.lines()
    assert line["title"] == "Report 1"
    assert list(fetcher.known()) == ["story-1"]


async def test_an_item_fetched_again_is_not_written_again(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(story(1)))
    await fetcher.fetch()
    (path,) = fetcher.files()
    written = (fetcher.seeds / path).stat().st_mtime_ns
    fetcher.serve(rss(story(2), story(1)))
    fetcher.clock.advance(hours=1)
    result = await fetcher.fetch_one()
    assert (result.new, result.updated, result.repeats) == (1, 0, 0)
    assert len(fetcher.files()) == 2
    assert (fetcher.seeds / path).stat().st_mtime_ns == written
    assert fetcher.feed().items == 2


async def test_the_same_text_under_a_new_guid_is_a_repeat(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(story(1)))
    await fetcher.fetch()
    files = fetcher.files()
    fetcher.serve(rss(story(1, guid="story-1-again", link="https://news.example/again")))
    result = await fetcher.fetch_one()
    assert (result.new, result.repeats) == (0, 1)
    assert fetcher.files() == files


async def test_an_edited_item_is_rewritten_in_place(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(Item()))
    await fetcher.fetch()
    (path,) = fetcher.files()
    before = fetcher.known()["item-1"]
    edited = Item(
        title="Talks in Geneva end",
        html="<p>The talks in Geneva ended on Tuesday without an agreement on the plan.</p>",
        date="2025-02-18T07:00:00+00:00",
    )
    fetcher.serve(rss(edited))
    fetcher.clock.advance(hours=1)
    result = await fetcher.fetch_one()
    assert (result.new, result.updated) == (0, 1)
    assert list(fetcher.files()) == [path]
    (line,) = fetcher.lines()
    assert line["title"] == "Talks in Geneva end" and line["text"].startswith("The talks")
    assert line["date"] == "2025-02-18T07:00:00+00:00"
    after = fetcher.known()["item-1"]
    assert after[1] == before[1] and after[0] != before[0]
    assert (fetcher.feed().items, fetcher.feed().updated_items) == (1, 1)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("date", [None, "2030-01-01T00:00:00+00:00"], ids=["none", "future"])
async def test_an_item_without_a_believable_date_is_dated_by_the_fetch(fetcher, kind, date):
    build, content_type = FORMATS[kind]
    fetcher.subscribe()
    fetcher.serve(build(Item(date=date)), content_type=content_type)
    await fetcher.fetch()
    (line,) = fetcher.lines()
    assert (line["date"], line["dated_by"]) == ("2025-02-18T09:00:00+00:00", "fetch")
    (file,) = fetcher.files()
    assert "/2025-02-18-" in f"/{file}"  # filed under the day it is dated by, not 2030


FOREIGN = {
    "fr": "<p>Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera"
    " présentée au parlement la semaine prochaine.</p>",
    "es": "<p>El gobierno anunció el martes una nueva reforma de las pensiones que se"
    " presentará al parlamento la próxima semana.</p>",
}


@pytest.mark.parametrize("lang", FOREIGN)
async def test_an_item_in_another_language_is_counted_not_written(fetcher, lang):
    fetcher.subscribe()
    foreign = Item(guid="foreign", title="Réforme", html=FOREIGN[lang])
    fetcher.serve(rss(story(1), foreign))
    result = await fetcher.fetch_one()
    assert (result.new, result.other_language) == (1, 1)
    assert [line["guid"] for line in fetcher.lines()] == ["story-1"]
    assert fetcher.feed().other_language == 1


def backlog(fetcher) -> dict[str, int]:
    rows = fetcher.store.db.execute("SELECT key, backlog FROM feed_items").fetchall()
    return {key: flag for key, flag in rows}


async def test_a_new_subscriptions_first_fetch_is_its_backlog(fetcher):
    fetcher.subscribe()
    fetcher.serve(atom(story(1), story(2)), content_type="application/atom+xml")
    await fetcher.fetch()
    fetcher.serve(atom(story(3), story(1), story(2)), content_type="application/atom+xml")
    fetcher.clock.advance(hours=1)
    await fetcher.fetch()
    assert backlog(fetcher) == {"story-1": 1, "story-2": 1, "story-3": 0}


async def test_the_first_fetch_that_reads_the_feed_is_its_backlog(fetcher):
    fetcher.subscribe()
    fetcher.serve(status=503)
    await fetcher.fetch()
    fetcher.serve(json_feed(story(1), story(2)), content_type="application/feed+json")
    fetcher.clock.advance(hours=1)
    result = await fetcher.fetch_one()
    assert result.new == 2
    assert backlog(fetcher) == {"story-1": 1, "story-2": 1}


UNREADABLE = Item(guid="empty", title="Photo of the day", html="<img src='x.jpg'>")
SKIPPED = {
    "other_language": Item(guid="fr", title="Réforme", html=FOREIGN["fr"]),
    "repeats": story(1, guid="story-1-again"),
    "unreadable": UNREADABLE,
}


@pytest.mark.parametrize("tally", SKIPPED)
async def test_a_skipped_item_is_counted_once_however_often_it_is_fetched(fetcher, tally):
    fetcher.subscribe()
    fetcher.serve(rss(story(1)))
    await fetcher.fetch()
    files = fetcher.files()
    fetcher.serve(rss(story(1), SKIPPED[tally]))
    counted = []
    for _ in range(3):
        fetcher.clock.advance(hours=1)
        counted.append(getattr(await fetcher.fetch_one(), tally))
    assert counted == [1, 0, 0]
    assert getattr(fetcher.feed(), tally) == 1 and fetcher.files() == files


async def test_a_duplicate_guid_is_counted_once_however_often_it_is_fetched(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(story(1), story(2, guid="story-1")))
    for _ in range(3):
        await fetcher.fetch()
        fetcher.clock.advance(hours=1)
    assert fetcher.feed().repeats == 1


async def test_an_item_whose_text_comes_later_is_written_then(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(story(1), Item(guid="late", title="Coming soon", html="")))
    assert (await fetcher.fetch_one()).unreadable == 1
    fetcher.serve(rss(story(1), story(2, guid="late", title="Coming soon")))
    fetcher.clock.advance(hours=1)
    await fetcher.fetch()
    assert [line["text"] for line in fetcher.lines() if line["guid"] == "late"] == [STORIES[1]]


@pytest.mark.parametrize("copier", ["example", "other"], ids=["repeat", "wire copy"])
async def test_an_edited_copy_leaves_the_original_alone(fetcher, copier):
    fetcher.subscribe()
    fetcher.serve(rss(story(1)))
    await fetcher.fetch()
    (path,) = fetcher.files()
    # The copy comes in the same feed beside its original, or alone in another feed.
    path_of_copier, beside = "/feed", [story(1)]
    if copier != NAME:
        path_of_copier, beside = "/other", []
        fetcher.subscribe(name=copier, path=path_of_copier)
    copy = story(1, guid="again", link="https://other.example/again")
    fetcher.serve(rss(*beside, copy), path=path_of_copier)
    fetcher.clock.advance(hours=1)
    result = await fetcher.fetch_one((copier,))
    assert (result.new, result.repeats + result.wire_copies) == (0, 1)
    edited = story(3, guid="again", link="https://other.example/again")
    fetcher.serve(rss(*beside, edited), path=path_of_copier)
    fetcher.clock.advance(hours=1)
    await fetcher.fetch((copier,))
    line = json.loads(fetcher.files()[path])
    assert (line["guid"], line["feed"], line["text"]) == ("story-1", NAME, STORIES[0])


async def test_an_edited_undated_item_keeps_the_date_it_was_first_fetched(fetcher):
    fetcher.subscribe()
    fetcher.serve(rss(Item(date=None)))
    await fetcher.fetch()
    fetcher.serve(rss(Item(date=None, html="<p>" + STORIES[2] + "</p>")))
    fetcher.clock.advance(days=2)
    assert (await fetcher.fetch_one()).updated == 1
    (line,) = fetcher.lines()
    assert (line["date"], line["dated_by"]) == ("2025-02-18T09:00:00+00:00", "fetch")


ARTICLE = (
    "<html><head><meta charset='iso-8859-1'><title>Talks in Genève</title>"
    "<script>track('visit')</script><style>p {color: red}</style></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | Subscribe now</nav>"
    "<article><h1>Talks in Genève</h1>"
    "<p>Ministers from France and Germany met in Genève on Monday and agreed on a plan to"
    " share the cost of the new border crossings between the two countries.</p>"
    "<p>The talks, which lasted eleven hours, will resume next week in Paris, officials"
    " said, when the two governments expect to sign the agreement.</p>"
    "<p>Opposition parties in both countries criticised the plan as too expensive and"
    " called for a vote in their parliaments before it is signed.</p></article>"
    "<footer>© News Example. All rights reserved. Cookie settings.</footer>"
    "<script>steal(document.cookie)</script></body></html>"
).encode("iso-8859-1")


@pytest.mark.parametrize(
    ("full_text", "content_type"),
    [
        (True, "text/html; charset=iso-8859-1"),
        (True, "text/html"),  # the charset only in the page's <meta>
        (False, "text/html"),
    ],
    ids=["full-text", "full-text-meta-charset", "summary"],
)
async def test_full_text_fetches_the_article_page_of_a_summary_item(
    fetcher, full_text, content_type
):
    """With --full-text, an item that carries only a summary gets its article's main text
    (trafilatura: no navigation, scripts, styles or footer; the page's own charset);
    without it, the article page is never asked."""
    fetcher.store.feeds.add(NAME, fetcher.url(), 3600, full_text, fetcher.clock())
    summary = Item(link=fetcher.url("/article"), html="Ministers met in Geneva on Monday.")
    fetcher.serve(rss(summary))
    fetcher.serve(ARTICLE, path="/article", content_type="text/html; charset=iso-8859-1", keep=True)
    await fetcher.fetch()
    (line,) = fetcher.lines()
    if not full_text:
        assert line["text"] == "Ministers met in Geneva on Monday."
        assert fetcher.requests("/article") == []
        return
    assert "met in Genève on Monday and agreed on a plan" in line["text"]
    assert "when the two governments expect to sign the agreement" in line["text"]
    assert "called for a vote in their parliaments" in line["text"]
    for chrome in ("track(", "steal(", "color: red", "Subscribe now", "Cookie settings"):
        assert chrome not in line["text"]


async def test_a_missing_article_page_keeps_the_summary(fetcher):
    fetcher.store.feeds.add(NAME, fetcher.url(), 3600, True, fetcher.clock())
    summary = Item(link=fetcher.url("/gone"), html="Ministers met in Geneva on Monday.")
    fetcher.serve(rss(summary))
    fetcher.serve("no", path="/gone", status=404, keep=True)
    result = await fetcher.fetch_one()
    assert (result.ok, result.new) == (True, 1)
    assert fetcher.lines()[0]["text"] == "Ministers met in Geneva on Monday."
