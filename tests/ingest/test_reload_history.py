"""After any sequence of reloads the store answers like a clean reload of the same folder:
what it holds never depends on the order documents came in (duplicates, kinds, aliases)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.extraction.engine import Engine
from bot.ingest import reload
from bot.store import Store
from tests.conftest import NOW
from tests.factories import TaggedEngine

ENGINE = TaggedEngine()


def snapshot(store: Store) -> dict[str, list]:
    """What the store answers with, without the names of files or the ids of rows."""
    db = store.db
    entities = [
        (
            name,
            kind,
            tuple(
                a
                for (a,) in db.execute(
                    "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity,)
                )
            ),
        )
        for entity, name, kind in db.execute("SELECT id, name, kind FROM entities")
    ]
    events = db.execute(
        "SELECT d.published, ev.sentence, ev.when_start, ev.when_end,"
        " (SELECT group_concat(e.name || ':' || ee.role, ',') FROM"
        "  (SELECT * FROM event_entities WHERE event_id = ev.id ORDER BY role, position) ee"
        "  JOIN entities e ON e.id = ee.entity_id)"
        " FROM events ev JOIN documents d ON d.id = ev.document_id"
    ).fetchall()
    documents = db.execute("SELECT published, title, words FROM documents").fetchall()
    return {
        "entities": sorted(entities),
        "events": sorted(events),
        "documents": sorted(documents),
    }


def clean_snapshot(folder: Path, engine: Engine = ENGINE) -> dict[str, list]:
    """What a fresh store reloaded from the folder answers with."""
    with Store() as fresh:
        reload(fresh, folder, engine, NOW)
        return snapshot(fresh)


def test_an_identical_copy_named_first_is_the_duplicate(store, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "b.txt").write_text("date 2025-02-17\n\nArdenne/person met Calder/city.\n")
    reload(store, folder, ENGINE, NOW)
    (folder / "a.txt").write_bytes((folder / "b.txt").read_bytes())
    report = reload(store, folder, ENGINE, NOW)
    assert (report.added, report.removed, report.unchanged) == (0, 0, 1)
    assert report.skipped == [{"file": "a.txt", "reason": "same content as b.txt"}]
    assert [d["file"] for d in store.documents.all()] == ["b.txt"]


def test_an_identical_article_in_another_format_named_first_is_the_duplicate(store, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "b.txt").write_text("date 2025-02-17\n\nArdenne/person met Calder/city.\n")
    reload(store, folder, ENGINE, NOW)
    (folder / "a.md").write_text("---\ndate: 2025-02-17\n---\nArdenne/person met Calder/city.\n")
    report = reload(store, folder, ENGINE, NOW)
    assert (report.added, report.removed) == (0, 0)
    assert [d["file"] for d in store.documents.all()] == ["b.txt"]


def test_an_entitys_kind_is_the_most_common_over_the_current_documents(store, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-02-17\n\nHudayd/person spoke.\n")
    reload(store, folder, ENGINE, NOW)
    (folder / "b.txt").write_text("date 2025-02-18\n\nTroops reached Hudayd/city.\n")
    (folder / "c.txt").write_text("date 2025-02-19\n\nShells hit Hudayd/city.\n")
    reload(store, folder, ENGINE, NOW)
    assert store.entities.lookup("Hudayd").kind == "city"
    assert snapshot(store) == clean_snapshot(folder)
    (folder / "b.txt").unlink()
    (folder / "c.txt").unlink()
    reload(store, folder, ENGINE, NOW)
    assert store.entities.lookup("Hudayd").kind == "person"


def test_an_alias_learned_from_a_removed_document_goes_with_it(store, tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-02-17\n\nArdenne/person met Calder/city.\n")
    (folder / "b.txt").write_text("date 2025-02-18\n\nArdenne/person/Ardy spoke.\n")
    reload(store, folder, ENGINE, NOW)
    assert store.entities.lookup("Ardy").name == "Ardenne"
    (folder / "b.txt").unlink()
    reload(store, folder, ENGINE, NOW)
    assert store.entities.lookup("Ardy") is None
    assert store.entities.complete("Ard") == ["Ardenne"]
    assert snapshot(store) == clean_snapshot(folder)


# --- the property: any history of add, change, remove and rename -------------------------

# Two people sharing a family name, and the family name alone: the store-wide linking
# (bot.store.linking) files "Quill" under one of them whatever the history.
NAMES = ("Ardenne", "Borvia", "Calder", "Dunmore", "Ardenne_Quill", "Corin_Quill", "Quill")
KINDS = ("person", "organisation", "city", "country")
ALIASES = ("", "/Arby", "/Belo")
FILES = ("a.txt", "b.txt", "c.md", "d.jsonl", "e.txt")

tag = st.builds(
    lambda n, k, a: f"{n}/{k}{a}",
    st.sampled_from(NAMES),
    st.sampled_from(KINDS),
    st.sampled_from(ALIASES),
)
paragraph = st.lists(tag, min_size=1, max_size=3).map(lambda tags: " met ".join(tags) + ".")
article = st.tuples(st.integers(10, 13), st.lists(paragraph, min_size=1, max_size=2))


def _render(file: str, articles: list[tuple[int, list[str]]]) -> str:
    if file.endswith(".jsonl"):
        import json

        return "".join(
            json.dumps({"date": f"2025-02-{day}", "text": "\n\n".join(body)}) + "\n"
            for day, body in articles
        )
    day, body = articles[0]
    if file.endswith(".md"):
        return f"---\ndate: 2025-02-{day}\n---\n" + "\n\n".join(body) + "\n"
    return f"date 2025-02-{day}\n\n" + "\n\n".join(body) + "\n"


content = st.lists(article, min_size=1, max_size=2)
step = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(FILES), content),  # add or change
    st.tuples(st.just("remove"), st.sampled_from(FILES), st.none()),
    st.tuples(st.just("rename"), st.sampled_from(FILES), st.sampled_from(FILES)),
    st.tuples(st.just("copy"), st.sampled_from(FILES), st.sampled_from(FILES)),
)
history = st.lists(st.lists(step, min_size=1, max_size=3), min_size=1, max_size=5)
EXAMPLES = int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "30"))


def _apply(folder: Path, action: str, file: str, arg) -> None:
    path = folder / file
    if action == "write":
        path.write_text(_render(file, arg))
    elif action == "remove":
        path.unlink(missing_ok=True)
    elif path.exists() and arg != file:
        target = folder / arg
        if Path(arg).suffix != path.suffix:
            return  # a .txt renamed .jsonl is another article, written by "write"
        target.write_bytes(path.read_bytes())
        if action == "rename":
            path.unlink()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("BRIEFING_PROPERTY_EXAMPLES") is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=history)
def test_any_history_of_reloads_answers_like_a_clean_reload(tmp_path_factory, history):
    root = tmp_path_factory.mktemp("history")
    folder = root / "seeds"
    folder.mkdir()
    with Store() as store:
        for steps in history:
            for action, file, arg in steps:
                _apply(folder, action, file, arg)
            reload(store, folder, ENGINE, NOW)
            assert snapshot(store) == clean_snapshot(folder), [
                (p.name, p.read_text()) for p in sorted(folder.iterdir())
            ]


# --- a few histories through the real pipeline --------------------------------------------

REAL = {
    "a.txt": "date 2025-02-17\n\nHouthi rebels attacked Al Hudaydah on Monday, officials said.\n",
    "b.txt": "date 2025-02-18\n\nYemen's government said Hans Grundberg visited Al Hudaydah.\n",
    "c.txt": "date 2025-02-19\n\nGrundberg said the talks in Aden with Saudi Arabia went well.\n",
}
REAL_HISTORY = [
    [("write", "a.txt", REAL["a.txt"])],
    [("write", "b.txt", REAL["b.txt"]), ("write", "c.txt", REAL["c.txt"])],
    [("copy", "b.txt", "0b.txt")],
    [("remove", "b.txt", None)],
    [("write", "a.txt", REAL["a.txt"].replace("Monday", "Tuesday"))],
    [("rename", "c.txt", "d.txt"), ("remove", "0b.txt", None)],
]


def test_a_history_through_spacy_answers_like_a_clean_reload(store, tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for number, steps in enumerate(REAL_HISTORY):
        for action, file, arg in steps:
            if action == "write":
                (folder / file).write_text(arg)
            else:
                _apply(folder, action, file, arg)
        reload(store, folder, engine, NOW)
        assert snapshot(store) == clean_snapshot(folder, engine), f"after step {number}"


def test_a_surname_is_not_linked_to_a_person_of_a_document_removed_at_once(store, tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "b.txt").write_text(REAL["b.txt"])
    reload(store, folder, engine, NOW)
    (folder / "b.txt").unlink()
    (folder / "c.txt").write_text(REAL["c.txt"])
    reload(store, folder, engine, NOW)
    assert store.entities.lookup("Hans Grundberg") is None
    assert snapshot(store) == clean_snapshot(folder, engine)
