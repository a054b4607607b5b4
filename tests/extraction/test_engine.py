"""The engine: which model it loads, what its pipeline holds, when extraction is stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.extraction.components import CLAUSES, COMPONENTS, GAZETTEER
from bot.extraction.engine import Aliases, Engine, fingerprint, load_pipeline
from bot.extraction.names import ALIAS_FILE, Lexicon
from bot.extraction.tables import DATA, data_files
from tests.conftest import SEEDS

MODEL = "en_core_web_sm"
SEED_ALIASES = (SEEDS / ALIAS_FILE).read_bytes()
MISSING = "briefing_no_such_model"


def test_fallback_model_is_used_when_the_first_is_not_installed(engine, extractor):
    installed = engine.fallback  # the PyPI packaging of the model, which the venv holds
    fallback = Engine(MISSING, installed)
    loaded = fallback.extractor(fallback.aliases(SEEDS)).nlp
    assert loaded.meta["name"] == extractor.nlp.meta["name"]
    assert loaded.pipe_names == extractor.nlp.pipe_names


def test_first_model_is_used_when_installed(engine, extractor):
    loaded = load_pipeline(engine.fallback, MISSING, extractor.lexicon)
    assert loaded.meta["name"] == extractor.nlp.meta["name"]


def test_no_model_installed_is_a_clear_error():
    with pytest.raises(RuntimeError, match=MISSING):
        load_pipeline(MISSING, MISSING + "_too", Lexicon())


def test_pipeline_has_our_components_in_order(extractor):
    names = extractor.nlp.pipe_names
    assert names.index(GAZETTEER) == names.index("ner") + 1  # it corrects the model's entities
    assert names[-1] == CLAUSES
    assert names[-len(COMPONENTS) :] == list(COMPONENTS)
    factories = [extractor.nlp.get_pipe_meta(name).factory for name in COMPONENTS]
    assert factories == ["briefing_gazetteer", "briefing_clauses"]


def test_engine_loads_one_extractor_per_alias_file(engine, extractor):
    assert engine.extractor(engine.aliases(SEEDS)) is extractor


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of `bot/data`, to edit: the packaged files are never touched."""
    folder = tmp_path / "data"
    folder.mkdir()
    for file in data_files(DATA):
        (folder / file.name).write_bytes(file.read_bytes())
    return folder


def test_fingerprint_of_an_identical_copy_is_the_same(data_copy):
    assert fingerprint(SEED_ALIASES, MODEL, data_copy) == fingerprint(SEED_ALIASES, MODEL)


@pytest.mark.parametrize("name", [f.name for f in data_files(DATA)])
def test_fingerprint_changes_when_a_data_file_changes(data_copy, name):
    before = fingerprint(SEED_ALIASES, MODEL, data_copy)
    path = data_copy / name
    path.write_bytes(path.read_bytes() + b"\n")
    assert fingerprint(SEED_ALIASES, MODEL, data_copy) != before


def test_fingerprint_changes_when_a_data_file_is_added(data_copy):
    before = fingerprint(SEED_ALIASES, MODEL, data_copy)
    (data_copy / "places.json").write_text("{}")
    assert fingerprint(SEED_ALIASES, MODEL, data_copy) != before


def test_every_rule_table_is_fingerprinted():
    names = {f.name for f in data_files(DATA)}
    assert {"verbs.json", "syntax.json", "clauses.json", "names.json", "gazetteer.jsonl"} <= names


def test_fingerprint_changes_with_the_seeds_alias_file_and_the_model(tmp_path, engine):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    before = engine.aliases(seeds).fingerprint
    assert before == fingerprint(SEED_ALIASES, MODEL)
    assert Engine("en_core_web_md", engine.fallback).aliases(seeds).fingerprint != before
    (seeds / ALIAS_FILE).write_text('[aliases]\n"Blighty" = "United Kingdom"\n')
    assert engine.aliases(seeds).fingerprint != before
    (seeds / ALIAS_FILE).unlink()
    assert engine.aliases(seeds) == Aliases(None, fingerprint(None, MODEL))
