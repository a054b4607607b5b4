"""Writing a reload: documents replaced whole, cascades, one transaction."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


def test_reload_replaces_a_documents_events(store):
    store.apply_reload([(document(), [event(["Russia"]), event(["Syria"])])], [], NOW)
    store.apply_reload([(document(sha256="2" * 64), [event(["Ukraine"])])], [], NOW)
    assert store.aggregates.counts() == {"documents": 1, "events": 1, "entities": 1}
    assert store.entities.lookup("Russia") is None  # orphans go with their events


def test_removed_documents_cascade_to_events_links_and_search(store):
    store.apply_reload(
        [(document(), [event(["Russia"], sentence="Russia moved troops.")])], [], NOW
    )
    assert (
        store.events.search("troops")[1]  # the full-text index's count
        == 1
    )
    store.apply_reload([], ["a.txt"], NOW)
    assert store.aggregates.counts() == {"documents": 0, "events": 0, "entities": 0}
    assert store.db.execute("SELECT count(*) FROM event_entities").fetchone()[0] == 0
    assert (
        store.events.search("troops")[1]  # the full-text index's count
        == 0
    )


def test_failed_reload_leaves_previous_store(store):
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    broken = event(["Syria"])
    broken.when = None  # fails half-way through the insert
    with pytest.raises(AttributeError):
        store.apply_reload(
            [(document("b.txt", "3" * 64), [event(["Ukraine"]), broken])],
            ["a.txt"],
            NOW,
            state={"last_reload": "never"},
        )
    assert store.aggregates.counts() == {"documents": 1, "events": 1, "entities": 1}
    assert store.entities.lookup("Russia") is not None and store.entities.lookup("Ukraine") is None
    assert store.state.get("last_reload") is None


def test_one_entity_across_documents_whatever_the_case(store):
    store.apply_reload(
        [
            (document("a.txt"), [event(["Russia"], sentence="a")]),
            (document("b.txt", "2" * 64), [event(["RUSSIA"], sentence="b")]),
        ],
        [],
        NOW,
    )
    assert store.aggregates.counts()["entities"] == 1
    russia = store.entities.lookup("russia")
    assert russia.name == "Russia"
    assert store.events.entity(russia.id)[1] == 2


def test_links_keep_role_order_and_unknown_kinds_are_organisations(store):
    moved = event(["Russia", "Syria"], ["Tartus", "Latakia"], kinds={"Syria": "person"})
    moved.kinds.pop("Latakia")
    store.apply_reload([(document(), [moved])], [], NOW)
    (stored,), _ = store.events.since(moved.when.start)
    assert stored.actors == ("Russia", "Syria") and stored.places == ("Tartus", "Latakia")
    assert store.entities.lookup("Syria").kind == "person"
    assert store.entities.lookup("Latakia").kind == "organisation"


def test_surfaces_become_aliases_and_blank_ones_are_dropped(store):
    moved = event(["Russia"], surfaces={"Russia": {"Kremlin", "Moscow", ""}})
    store.apply_reload([(document(), [moved])], [], NOW)
    assert store.entities.lookup("Russia").aliases == ("Kremlin", "Moscow")
    assert store.entities.lookup("moscow").name == "Russia"


def test_documents_are_stamped_with_the_reload_time(store):
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    (found,) = store.events.ingested_since(None)
    assert found.ingested_at == NOW.isoformat(timespec="seconds")
    assert store.db.execute("SELECT ingested_at, words FROM documents").fetchone() == (
        NOW.isoformat(timespec="seconds"),
        1,
    )


def test_reload_sets_state_in_its_transaction(store):
    store.apply_reload([(document(), [])], [], NOW, state={"seeds": "abc", "runs": "1"})
    assert store.state.get("seeds") == "abc" and store.state.get("runs") == "1"
    assert store.documents.hashes() == {"a.txt": "1" * 64}


def test_an_entitys_kind_follows_the_latest_extraction(store):
    store.apply_reload([(document(), [event(["Kwara"], kinds={"Kwara": "person"})])], [], NOW)
    changed = document(sha256="2" * 64)
    store.apply_reload([(changed, [event(["Kwara"], kinds={"Kwara": "place"})])], [], NOW)
    assert store.entities.lookup("Kwara").kind == "place"


@pytest.mark.parametrize("order", [("a.txt", "b.txt"), ("b.txt", "a.txt")])
def test_an_entitys_kind_is_its_most_common_then_first_by_name_whatever_the_order(store, order):
    kinds = {"a.txt": "person", "b.txt": "city"}
    for file in order:  # one reload each, in this order
        found = event(["Hudayd"], kinds={"Hudayd": kinds[file]})
        store.apply_reload([(document(file, sha256=file[0] * 64), [found])], [], NOW)
    assert store.entities.lookup("Hudayd").kind == "city"  # one each: the first kind by name
    store.apply_reload([], ["b.txt"], NOW)
    assert store.entities.lookup("Hudayd").kind == "person"
