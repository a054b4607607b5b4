"""Every event and query of the seed's hand-made gold (tests/data/seed_gold.json), on the real model.

The gold is a copy of ../shared/gold/seed.json kept in the repository, so it runs on any clone.
"""

from __future__ import annotations

import json

import pytest

from bot.seeds import read_seed
from commands import Env, run_line
from tests.conftest import DATA, NOW, SEED_FILE, SEEDS

OUTLETS = {"Bloomberg", "Reuters"}


def _gold() -> dict:
    return json.loads((DATA / "seed_gold.json").read_text("utf-8"))


GOLD = _gold()
try:
    GOLD_EVENTS = GOLD["events"]
    GOLD_QUERIES = GOLD["queries"]
except KeyError:  # pragma: no cover
    GOLD_EVENTS, GOLD_QUERIES = [], []


@pytest.fixture(scope="module")
def seed_events(extractor):
    document = read_seed(SEEDS / SEED_FILE)
    return [e.to_json(document) for e in extractor.extract(document)]


def _from_sentence(events: list[dict], start: str) -> list[dict]:
    return [e for e in events if e["sentence"].startswith(start)]


def test_gold_document_matches_seed():
    document = read_seed(SEEDS / SEED_FILE)
    assert document.file == GOLD["document"]["file"]
    assert document.published.isoformat() == GOLD["document"]["published"]


@pytest.mark.parametrize("gold", GOLD_EVENTS, ids=[g["sentence_starts"][:40] for g in GOLD_EVENTS])
def test_gold_event(seed_events, gold):
    found = _from_sentence(seed_events, gold["sentence_starts"])
    assert found, f"no event from the sentence {gold['sentence_starts']!r}"
    actors = {a for e in found for a in e["actors"]}
    places = {p for e in found for p in e["places"]}
    assert set(gold["actors"]) <= actors
    assert set(gold["places"]) <= places
    assert not actors & OUTLETS, "an outlet is a source, never an actor"
    for event in found:
        when = event["when"]
        assert (when["start"], when["end"], when["granularity"]) == (
            gold["when"]["start"],
            gold["when"]["end"],
            gold["when"]["granularity"],
        ), event["action"]
        assert event["attribution"] == gold.get("attribution"), event["action"]
        assert event["document"]["file"] == GOLD["document"]["file"]


def _ask(store, line: str) -> dict:
    return run_line(line, store, NOW, Env(seeds=SEEDS)).to_json()


@pytest.mark.parametrize("query", GOLD_QUERIES, ids=[q["ask"] for q in GOLD_QUERIES])
def test_gold_query(seed_store, query):
    if query.get("expect") == "error":
        from bot.errors import BadInput

        before = seed_store.counts()
        with pytest.raises(BadInput) as caught:
            _ask(seed_store, query["ask"])
        assert "2025-01-01" in caught.value.message  # names the accepted forms
        assert seed_store.counts() == before
        return
    reply = _ask(seed_store, query["ask"])
    if "same_as" in query:
        assert reply["actors"] == _ask(seed_store, query["same_as"])["actors"]
        assert reply["events"] == _ask(seed_store, query["same_as"])["events"]
    if reply["command"] == "who":
        actors = {a["name"] for a in reply["actors"]}
        if query.get("expect") == "empty":
            assert reply["entity"] is None and reply["events"] == [] and reply["total"] == 0
        else:
            assert reply["entity"] is not None
        if "resolves_to" in query:
            assert reply["entity"]["name"] == query["resolves_to"]
        assert set(query.get("must_include_actors", [])) <= actors
        assert not set(query.get("must_not_include_actors", [])) & actors
        sentences = [e["sentence"] for e in reply["events"]]
        for start in query.get("must_cite_sentence_starts", []):
            assert any(s.startswith(start) for s in sentences), start
    else:
        sentences = [e["sentence"] for e in reply["events"]]
        if query.get("expect") == "empty":
            assert reply["events"] == [] and reply["total"] == 0
        for start in query.get("must_include_sentence_starts", []):
            assert any(s.startswith(start) for s in sentences), start
        for start in query.get("must_not_include_sentence_starts", []):
            assert not any(s.startswith(start) for s in sentences), start
