"""The key/value state."""

from __future__ import annotations

from bot.store import Store


def test_state_is_none_until_set_then_overwritten(store):
    assert store.get_state("k") is None
    store.set_state("k", "1")
    store.set_state("other", "x")
    store.set_state("k", "2")
    assert (store.get_state("k"), store.get_state("other")) == ("2", "x")


def test_state_is_committed_for_other_connections(location):
    path = location
    with Store(path) as writer, Store(path) as reader:
        writer.set_state("k", "v")
        assert reader.get_state("k") == "v"
