"""A reload after the rules changed answers like a fresh reload of the same folder."""

from __future__ import annotations

from bot.ingest import reload
from bot.store import Store
from tests.conftest import NOW


def _snapshot(store: Store) -> tuple:
    db = store.db
    entities = db.execute("SELECT name, kind FROM entities ORDER BY name").fetchall()
    aliases = db.execute(
        "SELECT a.alias, e.name FROM aliases a JOIN entities e ON e.id = a.entity_id ORDER BY 1, 2"
    ).fetchall()
    links = db.execute(
        "SELECT ev.sentence, e.name, ee.role FROM event_entities ee"
        " JOIN events ev ON ev.id = ee.event_id JOIN entities e ON e.id = ee.entity_id"
        " ORDER BY 1, 2, 3"
    ).fetchall()
    return entities, aliases, links


def test_changed_aliases_then_reload_equals_a_fresh_reload(tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-02-10\n\nOlek Vasylenko met Anna Brandt in Paris.\n")
    (folder / "b.txt").write_text("date 2025-02-11\n\nAnna Brandt visited Canada.\n")
    with Store(tmp_path / "old.db") as old:
        reload(old, folder, engine, NOW)
        assert old.entities.lookup("Anna Brandt") is not None
        (folder / "aliases.toml").write_text('[aliases]\n"Anna Brandt" = "Olek Vasylenko"\n')
        reload(old, folder, engine, NOW)
        assert old.entities.lookup("Anna Brandt").name == "Olek Vasylenko"  # now an alias
        with Store(tmp_path / "fresh.db") as fresh:
            reload(fresh, folder, engine, NOW)
            assert _snapshot(old) == _snapshot(fresh)
