"""From a publisher's feed to an answer: a fetch cycle, the reload it calls for, /since."""

from __future__ import annotations

from bot.ingest import reload
from commands import Env, run_line
from tests.feeds.factories import TITLE, Item, rss

SAID = (
    "Russia is reportedly nearing a deal with Syria to keep its naval base in Tartus,"
    " Bloomberg reported on Monday."
)


async def test_a_fetched_item_is_answered_after_the_reload(fetcher, engine):
    fetcher.subscribe()
    fetcher.serve(
        rss(
            Item(
                guid="tartus",
                title="Tartus base",
                link="https://news.example/tartus",
                html=f"<p>{SAID}</p>",
            )
        )
    )
    report = await fetcher.fetch()
    assert report.changed
    (path,) = fetcher.files()
    loaded = reload(fetcher.store, fetcher.seeds, engine, fetcher.clock())
    assert loaded.skipped == [] and loaded.added == 1
    (document,) = fetcher.store.documents.all()
    assert (document["file"], document["title"]) == (f"{path}#1", "Tartus base")
    env = Env(seeds=fetcher.seeds)
    answer = run_line("/since 2025-01-01", fetcher.store, fetcher.clock(), env).to_json()
    (sentence,) = answer["sentences"]
    assert sentence["sentence"] == SAID and TITLE in sentence["sources"]
    assert sentence["document"]["file"] == f"{path}#1"
    assert sentence["document"]["url"] == "https://news.example/tartus"
