"""Parallel extraction: a pool of spawned worker processes, each loading the model once.

Workers are spawned, not forked, so they never inherit the bot's event loop, threads or
SQLite connections. They only extract; the parent writes the store.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from bot.extraction.engine import Aliases, Engine
from bot.extraction.extractor import Event, Extractor
from bot.lifeline import watch_parent
from bot.seeds import Document

# Below this much new text, starting worker processes costs more than it saves.
PARALLEL_MIN_WORDS = 30_000
MAX_WORKERS = 4  # more processes than this stop paying for the memory each model takes
CHUNK_WORDS = 20_000  # enough text per task to keep a worker's spaCy batches full
MIN_CHUNK_WORDS = 1_000

_extractor: Extractor | None = None


def default_workers() -> int:
    """One worker process per core, at least one and at most `MAX_WORKERS`."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def _init(model: str, fallback: str, aliases: Aliases) -> None:
    global _extractor
    watch_parent()  # a killed parent cannot shut its workers down: they end by themselves
    _extractor = Engine(model, fallback).extractor(aliases)  # the parent's, as data


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


def chunk_words(documents: list[Document], workers: int) -> int:
    """Words a task: about four tasks a worker, so none waits long for the last."""
    total = sum(d.words for d in documents)
    return max(MIN_CHUNK_WORDS, min(CHUNK_WORDS, total // (workers * 4) or 1))


def extract_parallel(
    documents: list[Document],
    engine: Engine,
    aliases: Aliases,
    workers: int,
    words_per_task: int | None = None,
) -> Iterator[tuple[Document, list[Event]]]:
    """Each document with its events, in input order, extracted by `workers` processes."""
    context = multiprocessing.get_context("spawn")
    size = words_per_task or chunk_words(documents, workers)
    before = set(multiprocessing.active_children())
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init,
        initargs=(engine.model, engine.fallback, aliases),
    ) as pool:
        try:
            for results in pool.map(_extract, chunks(documents, size)):
                yield from results
        except BaseException:
            # Stopped (SIGTERM, Ctrl-C, a failure of the caller): the chunks not started
            # are dropped and the workers ended now, not after the chunks they hold.
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in set(multiprocessing.active_children()) - before:
                worker.terminate()
            # The call queue's feeder thread may be blocked writing a chunk to a worker
            # that is gone: joined at exit, it would hold the stopped process for ever.
            queue = getattr(pool, "_call_queue", None)
            if queue is not None:
                queue.cancel_join_thread()
            raise
