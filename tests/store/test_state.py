"""The key/value state."""

from __future__ import annotations

from bot.store import Store


def test_state_is_none_until_set_then_overwritten(store):
    assert store.state.get("k") is None
    store.state.set("k", "1")
    store.state.set("other", "x")
    store.state.set("k", "2")
    assert (store.state.get("k"), store.state.get("other")) == ("2", "x")


def test_state_is_committed_for_other_connections(location):
    path = location
    with Store(path) as writer, Store(path) as reader:
        writer.state.set("k", "v")
        assert reader.state.get("k") == "v"
