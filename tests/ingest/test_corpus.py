"""The whole 2025 current-events corpus from ../shared: reload, then ask."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.ingest import reload
from bot.store import Store
from commands import Env, run_line
from tests.conftest import shared
from tests.factories import NoSpacyEngine

CORPUS = ("corpus", "current-events", "2025")
NOW = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)  # after the corpus: no page is "future"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory, engine):
    path = tmp_path_factory.mktemp("corpus") / "ce.db"
    store = Store(path)
    report = reload(store, shared(*CORPUS), engine, NOW)
    yield store, report
    store.close()


def test_reload_ingests_every_daily_page(corpus_store):
    _, report = corpus_store
    files = [p for p in shared(*CORPUS).iterdir() if p.suffix == ".txt"]
    assert report.added == len(files) == 365
    assert report.skipped == [] and report.documents == 365
    assert report.events > 5000


def test_unchanged_corpus_reloads_without_spacy(corpus_store):
    store, _ = corpus_store
    report = reload(store, shared(*CORPUS), NoSpacyEngine(), NOW)
    assert (report.unchanged, report.added, report.updated) == (365, 0, 0)


def test_no_outlet_is_ever_an_actor(corpus_store, engine):
    store, _ = corpus_store
    lexicon = engine.lexicon(engine.aliases(shared(*CORPUS)))
    actors = {
        r[0]
        for r in store.db.execute(
            "SELECT DISTINCT e.name FROM event_entities ee JOIN entities e ON e.id = ee.entity_id"
        )
    }
    assert not {a for a in actors if lexicon.is_outlet(a)}


def test_every_event_has_a_valid_interval(corpus_store):
    store, _ = corpus_store
    bad = store.db.execute(
        "SELECT count(*) FROM events WHERE when_start > when_end"
        " OR granularity NOT IN ('day','week','month','quarter','year','range')"
    ).fetchone()[0]
    assert bad == 0


def test_news_items_are_credited_to_their_cited_outlet(corpus_store):
    store, _ = corpus_store
    credited = store.db.execute(
        "SELECT count(*) FROM events WHERE attribution IS NOT NULL"
    ).fetchone()[0]
    total = store.aggregates.counts()["events"]
    assert credited / total > 0.9


def test_who_and_since_on_the_corpus(corpus_store):
    store, _ = corpus_store
    env = Env(seeds=shared(*CORPUS), page_size=10)
    # A capital in /who is its country acting, the city beside it; /where keeps the city.
    who = run_line("/who Kyiv", store, NOW, env).to_json()
    assert who["entity"]["name"] == "Ukraine" and who["total"] > 0
    assert "Kyiv" in {c["name"] for c in who["candidates"]}
    assert "Russia" in {a["name"] for a in who["actors"]}
    assert run_line("/where Kyiv", store, NOW, env).to_json()["entity"]["name"] == "Kyiv"
    since = run_line("/since 2025-12-01", store, NOW, env).to_json()
    assert since["total"] > 100
    assert all(e["when"]["end"] >= "2025-12-01" for e in since["events"])
    assert dt.date.fromisoformat(since["events"][0]["when"]["end"]) >= dt.date(2025, 12, 1)


def test_parallel_reload_stores_the_same_events(corpus_store, tmp_path, engine):
    store, report = corpus_store
    with Store(tmp_path / "parallel.db") as parallel:
        parallel_report = reload(parallel, shared(*CORPUS), engine, NOW, workers=2)
        assert (parallel_report.added, parallel_report.events) == (365, report.events)

        def rows(s: Store) -> set[tuple]:
            return set(
                s.db.execute(
                    "SELECT d.file, ev.paragraph, ev.sentence, ev.when_start, ev.when_end,"
                    " (SELECT group_concat(e.name, '|') FROM event_entities ee"
                    "  JOIN entities e ON e.id = ee.entity_id WHERE ee.event_id = ev.id)"
                    " FROM events ev JOIN documents d ON d.id = ev.document_id"
                ).fetchall()
            )

        assert rows(parallel) == rows(store)


def test_where_search_and_sources_on_the_corpus(corpus_store):
    store, _ = corpus_store
    env = Env(seeds=shared(*CORPUS), page_size=10)
    where = run_line("/where Israel", store, NOW, env).to_json()
    places = [p["name"] for p in where["places"]]
    assert "Gaza Strip" in places[:5] and where["total"] > 10
    assert all(e["places"] and "Israel" in e["actors"] for e in where["events"])
    search = run_line("/search ceasefire", store, NOW, env).to_json()
    assert search["total"] > 20
    assert all("ceasefire" in e["sentence"].lower() for e in search["events"])
    dates = [s["when"]["end"] for s in search["sentences"]]
    assert dates == sorted(dates, reverse=True)
    sources = run_line("/sources", store, NOW, Env(seeds=shared(*CORPUS))).to_json()
    assert sources["total"] == 365 and sources["documents"][0]["file"] == "2025-12-31.txt"
    assert sum(d["events"] for d in sources["documents"]) == store.aggregates.counts()["events"]


# Names as people type them (issue 12's table): each typed form reaches the one entity.
TYPED = [
    ("Putin", {"Vladimir Putin"}),
    ("Trump", {"Donald Trump"}),
    ("Netanyahu", {"Benjamin Netanyahu"}),
    ("Zelensky", {"Volodymyr Zelenskyy", "Volodymyr Zelensky"}),
    ("Musk", {"Elon Musk"}),
    ("Modi", {"Narendra Modi"}),
    ("Macron", {"Emmanuel Macron"}),
    ("Starmer", {"Keir Starmer"}),
    ("Sharaa", {"Ahmed al-Sharaa"}),
    ("Kremlin", {"Russia"}),
    ("the Kremlin", {"Russia"}),
    ("USA", {"United States"}),
    ("Pope Leo", {"Pope Leo XIV", "Leo XIV"}),
    ("Xi", {"Xi Jinping"}),
    ("WHO", {"World Health Organization"}),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED, ids=[t for t, _ in TYPED])
def test_who_finds_names_as_people_type_them(corpus_store, typed, expected):
    store, _ = corpus_store
    who = run_line(f"/who {typed}", store, NOW, Env(seeds=shared(*CORPUS), page_size=10))
    reply = who.to_json()
    assert reply["entity"] is not None, (reply["candidates"], reply["suggestions"])
    assert reply["entity"]["name"] in expected
    assert reply["total"] > 0


def test_a_city_the_corpus_never_names_suggests_its_region_first(corpus_store):
    # The 2025 pages name only "Tartus Governorate": /who Tartus does not answer the region
    # for the city (a territory and its city stay apart), but offers it first.
    store, _ = corpus_store
    reply = run_line("/who Tartus", store, NOW, Env(seeds=shared(*CORPUS))).to_json()
    assert reply["entity"] is None and reply["suggestions"][0] == "Tartus Governorate"


# One entity per real-world thing (issue 12): each group of names is one stored entity, of
# the kind it is; the other names are its aliases.
ONE_ENTITY = [
    (("DOGE", "Department of Government Efficiency"), "organisation"),
    (("IRGC", "Islamic Revolutionary Guard Corps"), "organisation"),
    (("UAE", "United Arab Emirates"), "country"),
    (("Zelensky", "Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy"), "person"),
    (("Vila Nova", "Carlos Vila Nova"), "person"),
    (("Lee Jae Myung", "Lee Jae-myung"), "person"),
    (("Washington DC", "Washington, D.C."), "place"),
    (("Aleppo Governorate",), "place"),
    (("Zaporizhzhia Oblast",), "place"),
    (("Kwara State",), "place"),
    (("MS-13",), "organisation"),
    (("Al-Shabaab", "Suspected Al-Shabaab"), "organisation"),
    (("Ursula von der Leyen",), "person"),
    (("Ali Khamenei", "Ayatollah Ali Khamenei"), "person"),
]


@pytest.mark.parametrize(("names", "kind"), ONE_ENTITY, ids=[n[-1] for n, _ in ONE_ENTITY])
def test_one_entity_per_real_world_thing(corpus_store, names, kind):
    store, _ = corpus_store
    found = {store.entities.lookup(name) for name in names} - {None}
    assert len({e.id for e in found}) == 1, [(e.name, e.kind) for e in found]
    assert next(iter(found)).kind == kind
