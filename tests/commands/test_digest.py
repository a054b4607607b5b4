"""/digest: the preview of the next daily digest, ranked stories."""

from __future__ import annotations

from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


def test_digest_lists_ranked_stories_each_credited_once(seed_store):
    reply = run_line("/digest", seed_store, NOW, command_env()).to_json()
    assert reply["total"] == len(reply["stories"]) > 0
    assert 0 < reply["lead"] <= 10
    sentences = [s["sentence"] for s in reply["stories"]]
    assert len(sentences) == len(set(sentences)), "a story appears once"
    weights = [s["weight"] for s in reply["stories"][: reply["lead"]]]
    assert weights == sorted(weights, reverse=True)
    assert all(s["reports"] for s in reply["stories"])
