"""The store-wide linking pass (bot.store.linking): a bare name is never kept as its own
entity beside the full-name person it stands for, whatever the order of the reloads.

The documents are tagged ("Given_Family/person" is the person "Given Family"): the pass
reads the names the reload wrote, so the model is not needed to show it."""

from __future__ import annotations

from pathlib import Path

from bot.ingest import reload
from bot.store import Store
from bot.store.sentence_tallies import ENTITY_SENTENCES
from tests.conftest import NOW
from tests.factories import TaggedEngine

ENGINE = TaggedEngine()


def _write(folder: Path, name: str, day: int, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"date 2025-02-{day}\n\n{text}\n")


def snapshot(store: Store) -> dict[str, list]:
    """Entities with their kinds and aliases, and each link, on either engine."""
    db = store.db
    return {
        "entities": sorted(db.execute("SELECT name, kind FROM entities").fetchall()),
        "aliases": sorted(
            db.execute(
                "SELECT e.name, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
            ).fetchall()
        ),
        "links": sorted(
            db.execute(
                "SELECT ev.sentence, e.name, ee.role FROM event_entities ee"
                " JOIN entities e ON e.id = ee.entity_id JOIN events ev ON ev.id = ee.event_id"
            ).fetchall()
        ),
    }


def clean_snapshot(folder: Path) -> dict[str, list]:
    with Store() as fresh:
        reload(fresh, folder, ENGINE, NOW)
        return snapshot(fresh)


def _names(store: Store) -> list[str]:
    return sorted(e[0] for e in snapshot(store)["entities"])


def _actors(store, sentence_start: str) -> list[str]:
    return [
        r[0]
        for r in store.db.execute(
            "SELECT e.name FROM event_entities ee JOIN entities e ON e.id = ee.entity_id"
            " JOIN events ev ON ev.id = ee.event_id WHERE ev.sentence LIKE ? || '%'"
            " ORDER BY ee.role, ee.position",
            (sentence_start,),
        )
    ]


def test_a_bare_surname_read_before_its_person_joins_the_person_later(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "b.txt", 18, "Quill/organisation met Borvia/person.")
    reload(store, folder, ENGINE, NOW)
    assert "Quill" in _names(store)
    _write(folder, "a.txt", 17, "Ardenne_Quill/person met Calder/city.")
    reload(store, folder, ENGINE, NOW)
    assert "Quill" not in _names(store)
    assert _actors(store, "Quill") == ["Ardenne Quill", "Borvia"]
    # The person stays a person: the organisation the model read in "Quill" is not hers.
    assert store.entities.lookup("Ardenne Quill").kind == "person"
    assert snapshot(store) == clean_snapshot(folder)


def test_the_sentence_tally_follows_the_links_the_pass_moves(store, tmp_path):
    """/who totals its sentences from a tally: joined, the person counts the surname's."""
    folder = tmp_path / "seeds"
    _write(folder, "b.txt", 18, "Quill/organisation met Borvia/person.")
    reload(store, folder, ENGINE, NOW)
    _write(folder, "a.txt", 17, "Ardenne_Quill/person met Calder/city.")
    reload(store, folder, ENGINE, NOW)
    assert ENTITY_SENTENCES.stored(store.db) == ENTITY_SENTENCES.counted(store.db)
    assert store.sentences.entity(store.entities.lookup("Ardenne Quill").id)[1] == 2
    (folder / "a.txt").unlink()
    reload(store, folder, ENGINE, NOW)
    assert ENTITY_SENTENCES.stored(store.db) == ENTITY_SENTENCES.counted(store.db)
    assert store.sentences.entity(store.entities.lookup("Quill").id)[1] == 1


def test_the_surname_comes_apart_again_when_its_person_goes(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "a.txt", 17, "Ardenne_Quill/person met Calder/city.")
    _write(folder, "b.txt", 18, "Quill/organisation met Borvia/person.")
    reload(store, folder, ENGINE, NOW)
    assert "Quill" not in _names(store)
    (folder / "a.txt").unlink()
    reload(store, folder, ENGINE, NOW)
    assert "Quill" in _names(store)
    assert store.entities.lookup("Quill").kind == "organisation"
    assert snapshot(store) == clean_snapshot(folder)


def test_a_surname_two_people_share_joins_the_one_its_document_is_about(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "a.txt", 10, "Ardenne_Quill/person met Calder/city.")
    _write(folder, "c.txt", 11, "Ardenne_Quill/person met Calder/city and Dunmore/person.")
    _write(folder, "b.txt", 12, "Corin_Quill/person met Borvia/country.")
    _write(folder, "d.txt", 13, "Quill/person met Borvia/country.")
    _write(folder, "e.txt", 14, "Quill/person met Dunmore/person.")
    reload(store, folder, ENGINE, NOW)
    assert "Quill" not in _names(store)
    # Borvia is named beside Corin Quill only; Dunmore beside Ardenne Quill only, who is
    # also the more linked.
    assert _actors(store, "Quill/person met Borvia")[0] == "Corin Quill"
    assert _actors(store, "Quill/person met Dunmore")[0] == "Ardenne Quill"
    assert snapshot(store) == clean_snapshot(folder)


def test_a_name_the_lexicon_knows_stays_apart(store, tmp_path):
    # "Paris" is in the gazetteer: a person whose given name it is does not take the city,
    # even where the model read the city as an organisation.
    folder = tmp_path / "seeds"
    _write(folder, "a.txt", 17, "Paris_Quill/person met Calder/city.")
    _write(folder, "b.txt", 18, "Paris/organisation met Calder/city.")
    reload(store, folder, ENGINE, NOW)
    assert "Paris" in _names(store)


def test_a_short_form_joins_the_one_longer_organisation_name_used_more(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "a.txt", 10, "Royal_Varn_Army/organisation met Calder/city.")
    _write(folder, "b.txt", 11, "Royal_Varn_Army/organisation met Borvia/country.")
    _write(folder, "c.txt", 12, "Varn_Army/organisation met Borvia/country.")
    reload(store, folder, ENGINE, NOW)
    assert "Varn Army" not in _names(store)
    assert _actors(store, "Varn_Army")[0] == "Royal Varn Army"
    assert snapshot(store) == clean_snapshot(folder)


def test_a_short_form_used_more_than_the_longer_name_stays_apart(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "a.txt", 10, "Royal_Varn_Army/organisation met Calder/city.")
    _write(folder, "b.txt", 11, "Varn_Army/organisation met Borvia/country.")
    _write(folder, "c.txt", 12, "Varn_Army/organisation met Calder/city.")
    reload(store, folder, ENGINE, NOW)
    assert {"Varn Army", "Royal Varn Army"} <= set(_names(store))


def test_a_name_set_aside_as_the_same_mention_twice_comes_back_with_the_join(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "b.txt", 10, "Ardenne/person met Ardenne_Quill/person.")
    reload(store, folder, ENGINE, NOW)
    assert _actors(store, "Ardenne/person") == ["Ardenne Quill"]
    # Read as a city as often as a person, "Ardenne" is no longer anyone's given name.
    _write(folder, "a.txt", 10, "Ardenne/city.")
    reload(store, folder, ENGINE, NOW)
    assert _actors(store, "Ardenne/person") == ["Ardenne", "Ardenne Quill"]
    assert snapshot(store) == clean_snapshot(folder)


def test_a_family_name_written_first_joins_its_person_only_where_the_document_says(store, tmp_path):
    folder = tmp_path / "seeds"
    _write(folder, "a.txt", 10, "Lee_Varo_Min/person met Korvia/country.")
    _write(folder, "b.txt", 11, "Corin_Lee/person met Borvia/country.")
    _write(folder, "c.txt", 12, "Lee/person met Korvia/country.")
    _write(folder, "d.txt", 13, "Lee/person met Dunmore/country.")
    reload(store, folder, ENGINE, NOW)
    # Korvia is named beside Lee Varo Min; nothing ties d.txt to him: the surname's owner.
    assert _actors(store, "Lee/person met Korvia")[0] == "Lee Varo Min"
    assert _actors(store, "Lee/person met Dunmore")[0] == "Corin Lee"
    assert snapshot(store) == clean_snapshot(folder)
