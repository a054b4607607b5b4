"""/digest: the preview of the daily digest."""

from __future__ import annotations

from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


def test_digest_groups_by_entity_and_cites_sources(seed_store):
    reply = run_line("/digest", seed_store, NOW, command_env()).to_json()
    assert reply["total"] > 0
    sentences = [e["sentence"] for g in reply["groups"] for e in g["events"]]
    assert len(sentences) == len(set(sentences)), "a sentence appears once"
    assert all(e["sources"] for g in reply["groups"] for e in g["events"])
    assert reply["groups"][0]["entity"] == "Russia"
