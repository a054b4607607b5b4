"""Reload: incremental by content hash, one transaction, every file accounted for."""

from __future__ import annotations

import os
import shutil

import pytest

from bot.errors import BadInput
from bot.extraction import engine as engine_module
from bot.extraction.engine import Engine
from bot.ingest import reload
from bot.store import Store
from tests.conftest import NOW, SEED_FILE
from tests.factories import NoSpacyEngine


def test_first_reload_adds_the_seed(store, seeds_copy, engine):
    report = reload(store, seeds_copy, engine, NOW)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 0, 0, 0)
    assert report.documents == 1 and report.events > 10
    assert report.skipped == []


def test_reload_skips_unchanged_files_without_loading_spacy(store, seeds_copy, engine):
    reload(store, seeds_copy, engine, NOW)
    report = reload(store, seeds_copy, NoSpacyEngine(), NOW)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)


def test_changed_file_is_updated_and_removed_file_removed(store, seeds_copy, engine):
    reload(store, seeds_copy, engine, NOW)
    extra = seeds_copy / "001_extra.txt"
    extra.write_text("date 2025-02-10\n\nUkraine and Poland signed a deal in Warsaw.\n")
    report = reload(store, seeds_copy, engine, NOW)
    assert (report.added, report.unchanged) == (1, 1)
    extra.write_text("date 2025-02-11\n\nFrance and Germany signed a deal in Paris.\n")
    report = reload(store, seeds_copy, engine, NOW)
    assert (report.updated, report.unchanged) == (1, 1)
    assert store.entities.lookup("Poland") is None and store.entities.lookup("France") is not None
    extra.unlink()
    report = reload(store, seeds_copy, engine, NOW)
    assert (report.removed, report.documents) == (1, 1)
    assert store.entities.lookup("France") is None


def test_alias_change_re_extracts_every_document(store, seeds_copy, engine):
    reload(store, seeds_copy, engine, NOW)
    aliases = seeds_copy / "aliases.toml"
    aliases.write_text(aliases.read_text().replace('"Kremlin" = "Russia"', '"Kremlin" = "Kremlin"'))
    report = reload(store, seeds_copy, engine, NOW)
    assert report.updated == 1


def test_a_reload_fingerprints_extraction_once_changed_or_not(
    store, seeds_copy, engine, monkeypatch
):
    # The alias file is read and fingerprinted at the top of the reload; extraction and the
    # linking after it take that, never the folder (which they would fingerprint again).
    calls: list[bytes | None] = []
    real = engine_module.fingerprint
    monkeypatch.setattr(
        engine_module, "fingerprint", lambda aliases, *a: calls.append(aliases) or real(aliases, *a)
    )
    report = reload(store, seeds_copy, engine, NOW)
    assert report.added == 1 and report.events > 10  # extracted, then linked with the lexicon
    assert calls == [(seeds_copy / "aliases.toml").read_bytes()]
    report = reload(store, seeds_copy, engine, NOW)
    assert report.unchanged == 1 and len(calls) == 2


def test_bad_files_are_skipped_with_one_reason_each(store, seeds_copy, engine):
    (seeds_copy / "empty.txt").write_text("")
    (seeds_copy / "nodate.txt").write_text("Just text\n")
    (seeds_copy / "feb30.txt").write_text("date 2025-02-30\n\nRussia moved.\n")
    (seeds_copy / "binary.txt").write_bytes(b"\x00\xff\x00date")
    (seeds_copy / "notes.md").write_text("date 2025-01-01\n\nx")
    (seeds_copy / ".hidden.txt").write_text("date 2025-01-01\n\nRussia moved.\n")
    (seeds_copy / "sub").mkdir()
    shutil.copy(seeds_copy / SEED_FILE, seeds_copy / "copy.txt")
    outside = seeds_copy.parent / "outside.txt"
    outside.write_text("date 2025-01-01\n\nRussia moved.\n")
    os.symlink(outside, seeds_copy / "link.txt")
    report = reload(store, seeds_copy, engine, NOW)
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {
        "empty.txt",
        "nodate.txt",
        "feb30.txt",
        "binary.txt",
        "notes.md",
        ".hidden.txt",
        "sub",
        "copy.txt",
        "link.txt",
    }
    assert "same content as" in reasons["copy.txt"]
    assert "outside" in reasons["link.txt"]
    assert report.added == 1 and report.documents == 1


def test_missing_seeds_folder_is_a_clear_error(store, tmp_path, engine):
    with pytest.raises(BadInput, match="seeds folder"):
        reload(store, tmp_path / "nope", engine, NOW)


def test_store_file_survives_a_failed_extraction(tmp_path, seeds_copy, engine):
    path = tmp_path / "b.db"
    with Store(path) as s:
        reload(s, seeds_copy, engine, NOW)
        before = s.aggregates.counts()

    class Exploding(Engine):
        def extractor(self, aliases):
            raise RuntimeError("model crashed")

    (seeds_copy / "001_new.txt").write_text("date 2025-02-10\n\nUkraine moved.\n")
    with Store(path) as s:
        with pytest.raises(RuntimeError):
            reload(s, seeds_copy, Exploding("x", "y"), NOW)
        assert s.aggregates.counts() == before


def test_bare_surname_links_to_the_one_full_name_in_the_corpus(store, tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "date 2025-02-10\n\nDonald Trump met Vladimir Putin in Helsinki.\n"
    )
    (folder / "b.txt").write_text("date 2025-02-11\n\nTrump said tariffs will rise on Canada.\n")
    reload(store, folder, engine, NOW)
    entity = store.entities.lookup("Trump")
    assert entity is not None and entity.name == "Donald Trump"
    assert "Trump" in entity.aliases
    _events, total = store.events.entity(entity.id)
    assert total == 2


def test_a_surname_two_people_share_is_filed_under_one_of_them_never_alone(store, tmp_path, engine):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-02-10\n\nJoe Smith met Anna Smith in Paris.\n")
    (folder / "b.txt").write_text("date 2025-02-11\n\nSmith visited Canada.\n")
    reload(store, folder, engine, NOW)
    # Neither is named more nor beside more of the same names: the first by name.
    assert store.entities.lookup("Smith").name == "Anna Smith"
    assert store.entities.named("Smith") is None


def test_every_cited_outlet_the_url_and_the_section_reach_the_store(store, tmp_path, engine):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "day.txt").write_text(
        "date 2025-02-10\nurl https://example.org/day\n\nDisasters and accidents\n\n"
        "Nine people are killed by flash floods in Rongjiang County, China. (AP) (Al Jazeera)\n"
    )
    reload(store, seeds, engine, NOW)
    (event,) = store.events.ingested_since(None)
    assert event.sources == ("AP", "Al Jazeera")
    assert event.attribution == "AP"
    assert event.url == "https://example.org/day"
    assert event.section == "Disasters and accidents"
    assert event.to_json()["sources"] == ["AP", "Al Jazeera"]
