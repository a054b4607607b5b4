"""Extraction in worker processes: the same events as in-process, and how many workers."""

from __future__ import annotations

import pytest

from bot.extraction import processes
from bot.extraction.processes import (
    CHUNK_WORDS,
    MAX_WORKERS,
    MIN_CHUNK_WORDS,
    chunk_words,
    chunks,
    default_workers,
    extract_parallel,
)
from bot.seeds import Document, parse_seed, read_seed
from tests.conftest import SEED_FILE, SEEDS

TEXTS = [
    "Russia deployed troops to Syria in 2015.\n\nThe Kremlin said on Monday it would stay.",
    "Ukraine engaged with Syria last week, Reuters reported.",
    "The U.S. President met Macron in Paris on Jan. 28.\n\nTrump said talks went well.",
    "Storms hit the Gulf of Mexico on Monday.",
    "Israeli jets struck Tartus overnight.\n\nDamascus condemned the strikes.",
    "Rebels advanced in the Democratic Republic of the Congo this year.",
]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    made = [parse_seed(f"date 2025-02-1{n}\n\n{text}", f"{n}.txt") for n, text in enumerate(TEXTS)]
    return [read_seed(SEEDS / SEED_FILE), *made]


def test_two_worker_processes_give_the_same_events_as_in_process(documents, engine, extractor):
    words = 40  # a few documents a task, so both workers get some
    assert len(list(chunks(documents, words))) >= 3
    parallel = list(
        extract_parallel(documents, engine, engine.aliases(SEEDS), workers=2, words_per_task=words)
    )
    serial = list(extractor.extract_many(documents))
    assert [d.file for d, _ in parallel] == [d.file for d in documents]
    assert [events for _, events in parallel] == [events for _, events in serial]
    assert sum(len(events) for _, events in serial) > len(documents)


@pytest.mark.parametrize(("cores", "workers"), [(None, 1), (1, 1), (2, 2), (4, 4), (64, 4)])
def test_default_workers_is_one_a_core_within_bounds(monkeypatch, cores, workers):
    monkeypatch.setattr(processes.os, "cpu_count", lambda: cores)
    assert default_workers() == workers
    assert 1 <= default_workers() <= MAX_WORKERS


def test_chunks_keep_document_order_and_size(documents):
    found = list(chunks(documents, 20))
    assert [d for chunk in found for d in chunk] == documents
    assert all(sum(d.words for d in chunk[:-1]) < 20 for chunk in found)


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_chunk_words_stays_within_bounds(documents, workers):
    assert chunk_words(documents, workers) == MIN_CHUNK_WORDS  # a small set: the floor
    many = documents * 2_000
    assert MIN_CHUNK_WORDS <= chunk_words(many, workers) <= CHUNK_WORDS
