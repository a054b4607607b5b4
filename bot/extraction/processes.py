"""Parallel extraction: a pool of spawned worker processes, each loading the model once.

Workers are spawned, not forked, so they never inherit the bot's event loop, threads or
SQLite connections. They only extract; the parent writes the store.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bot.extraction.engine import Engine
from bot.extraction.extractor import Event, Extractor
from bot.seeds import Document

CHUNK_WORDS = 20_000  # enough text per task to keep a worker's spaCy batches full

_extractor: Extractor | None = None


def _init(model: str, fallback: str, seeds: str) -> None:
    global _extractor
    _extractor = Engine(model, fallback).extractor(Path(seeds))


def _extract(documents: list[Document]) -> list[tuple[Document, list[Event]]]:
    assert _extractor is not None, "worker not initialised"
    return list(_extractor.extract_many(documents))


def chunks(documents: list[Document], words: int = CHUNK_WORDS) -> Iterator[list[Document]]:
    """Consecutive documents, about `words` words a chunk."""
    chunk: list[Document] = []
    size = 0
    for document in documents:
        chunk.append(document)
        size += document.words
        if size >= words:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def extract_parallel(
    documents: list[Document], engine: Engine, seeds: Path, workers: int
) -> Iterator[tuple[Document, list[Event]]]:
    """Each document with its events, in input order, extracted by `workers` processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init,
        initargs=(engine.model, engine.fallback, str(seeds)),
    ) as pool:
        size = max(1_000, min(CHUNK_WORDS, sum(d.words for d in documents) // (workers * 4) or 1))
        for results in pool.map(_extract, chunks(documents, size)):
            yield from results
