"""Reload: bring the store in line with the seeds folder, incrementally and atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import BriefingError, SeedError, StoreUnavailable
from bot.extraction.engine import Aliases, Engine
from bot.extraction.extractor import Event
from bot.extraction.names import ALIAS_FILE
from bot.extraction.names.corpus import link_acronyms, merge_spellings, merge_written_alike
from bot.extraction.names.organisations import join_short_forms, merge_country_forms
from bot.extraction.processes import PARALLEL_MIN_WORDS, extract_parallel
from bot.seeds import (
    FEED_SUFFIXES,
    BadArticle,
    Document,
    content_key,
    holds_several_articles,
    owner_file,
    parse_articles,
    read_seed_bytes,
    scan_seeds,
    seed_name,
)
from bot.seeds.folder import check_seeds_folder
from bot.store import Store
from bot.store.faults import driver_errors
from bot.store.state import LAST_RELOAD_KEY

log = logging.getLogger(__name__)
FINGERPRINT_KEY = "extraction_fingerprint"
Progress = Callable[[int, int, str], None]
# Extracts a reload's documents with the seeds' aliases: each with its events, in input order.
Extract = Callable[[list[Document], Aliases], Iterable[tuple[Document, list[Event]]]]


# How many skipped files (and warnings) a reload report lists by name.
LISTED = 100


@dataclass
class ReloadReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    documents: int = 0
    events: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    # Skips and warnings past the first LISTED, counted only: a folder of a million bad
    # files costs a report of a few kilobytes, not one line each.
    unlisted_skips: int = 0
    unlisted_warnings: int = 0

    def skip(self, file: str, reason: str, count: int = 1) -> None:
        """One skipped file or article; a line that stands for `count` of them (the bad
        lines of one file past its first few) says how many."""
        if len(self.skipped) < LISTED:
            self.skipped.append({"file": file, "reason": reason, **_counted(count)})
        else:
            self.unlisted_skips += count

    @property
    def skipped_count(self) -> int:
        """How many files or articles were skipped, listed or not."""
        return sum(line.get("count", 1) for line in self.skipped) + self.unlisted_skips

    def outcome(self, now: dt.datetime) -> dict[str, Any]:
        """What the store keeps of this reload (LAST_RELOAD_KEY)."""
        return {
            "at": now.isoformat(),
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": self.skipped_count,
            "first_skipped": self.skipped[:3],
        }

    def warn(self, file: str, warning: str) -> None:
        if len(self.warnings) < LISTED:
            self.warnings.append({"file": file, "warning": warning})
        else:
            self.unlisted_warnings += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "documents": self.documents,
            "events": self.events,
            "skipped": list(self.skipped) + _more(self.unlisted_skips, "reason", "skipped"),
            "warnings": list(self.warnings) + _more(self.unlisted_warnings, "warning", "warned"),
        }


def _more(count: int, key: str, what: str) -> list[dict[str, Any]]:
    """The line that stands for the entries past the first LISTED, if any."""
    if not count:
        return []
    line = f"and {count:,} more files {what}, not listed (the first {LISTED} are)"
    return [{"file": "…", key: line, **_counted(count)}]


def _counted(count: int) -> dict[str, int]:
    """The `count` of a report line that stands for several (absent for one)."""
    return {"count": count} if count != 1 else {}


def _candidates(seeds: Path, report: ReloadReport) -> list[Path]:
    """Seed files in the folder; everything else is reported with why it was skipped."""
    scan = scan_seeds(seeds, ignore={ALIAS_FILE})
    for name, reason in scan.skipped:
        report.skip(name, reason)
    return scan.seeds


@dataclass
class _Entry:
    """One article found in the seeds; an unchanged single-article file stays unparsed."""

    file: str
    unchanged: bool
    document: Document | None = None
    path: Path | None = None
    digest: str = ""

    def key(self) -> str | None:
        """The article's content key (parses an unchanged file now, without spaCy)."""
        if self.document is None and self.path is not None:
            try:
                data = read_seed_bytes(self.path)  # never blocks on what became a FIFO
                articles, _ = parse_articles(data, self.file, self.digest)
            except (OSError, SeedError):
                return None
            self.document = articles[0] if isinstance(articles[0], Document) else None
        return content_key(self.document) if self.document is not None else None


def _dedup(
    entries: list[_Entry], store: Store, report: ReloadReport, present: set[str]
) -> list[Document]:
    """The documents to extract: the same article twice, in any format, is kept once.

    Articles already in the store keep their place; new ones follow in name order.
    """
    report.unchanged = sum(e.unchanged for e in entries)
    present.update(e.file for e in entries if e.unchanged)
    new = [e for e in entries if not e.unchanged]
    if not new:
        return []
    dates = {e.document.published.isoformat() for e in new if e.document is not None}
    stored_dates = {row["file"]: row["published"] for row in store.documents.all()}
    keys: dict[str, str] = {}
    for entry in entries:  # an unchanged article can only clash on the same date
        if entry.unchanged and stored_dates.get(entry.file) in dates:
            key = entry.key()
            if key is not None:
                keys.setdefault(key, entry.file)
    documents: list[Document] = []
    for entry in new:
        key = entry.key()
        if key in keys:
            report.skip(entry.file, f"same content as {keys[key]}")
            present.discard(entry.file)
            continue
        if key is not None:
            keys[key] = entry.file
        present.add(entry.file)
        assert entry.document is not None
        documents.append(entry.document)
    return documents


def _names_of(changed: list[tuple[Document, list[Event]]]) -> set[str]:
    return {name for _, events in changed for event in events for name in event.kinds}


def reload(
    store: Store,
    seeds: Path,
    engine: Engine,
    now: dt.datetime,
    progress: Progress | None = None,
    workers: int = 1,
    extract: Extract | None = None,
) -> ReloadReport:
    """Re-ingest the seeds folder; unchanged articles are skipped by hash without loading spaCy.

    Every format gives articles (``name`` or ``name#N``); the same article twice is kept once.
    `extract` extracts the documents that changed (the ingest service shares them with
    other services); by default this process does, with `workers` processes.
    """
    started = dt.datetime.now()
    try:
        check_seeds_folder(seeds)
        # Another process's reload of this store finishes first; this one then reads the
        # store as that one left it.
        with store.reload_lock():
            # The alias file is read, and extraction fingerprinted, once: extraction takes
            # them.
            aliases = engine.aliases(seeds)
            extract = extract or local_extraction(engine, workers)
            report = _reload(store, seeds, aliases, engine, now, progress, extract)
    except BriefingError as exc:
        if not isinstance(exc, StoreUnavailable):
            _keep_failure(store, now, exc.message)
        _count_failure()
        raise
    except Exception:
        _keep_failure(store, now, "an unexpected error (the log says which)")
        _count_failure()
        raise
    report.seconds = (dt.datetime.now() - started).total_seconds()
    _count(report)
    log.info("reload done", extra=report.to_json())
    return report


def _keep_failure(store: Store, now: dt.datetime, why: str) -> None:
    """A reload that could not run, for `briefing status`, when the store takes it."""
    outcome = json.dumps({"at": now.isoformat(), "failed": why})
    with contextlib.suppress(BriefingError), driver_errors():
        store.state.set(LAST_RELOAD_KEY, outcome)


def _count_failure() -> None:
    from bot import metrics  # here: a command-line reload need not import it to start

    metrics.RELOADS.labels("failed").inc()


def _count(report: ReloadReport) -> None:
    """The reload in the process's metrics (bot/metrics.py)."""
    from bot import metrics

    metrics.RELOADS.labels("ok").inc()
    metrics.RELOAD_SECONDS.observe(report.seconds)
    skipped = report.skipped_count
    for change, count in (
        ("added", report.added),
        ("updated", report.updated),
        ("removed", report.removed),
        ("unchanged", report.unchanged),
        ("skipped", skipped),
    ):
        metrics.RELOAD_DOCUMENTS.labels(change).inc(count)


def local_extraction(engine: Engine, workers: int) -> Extract:
    """Extraction in this process, or in `workers` spawned processes for a large reload."""

    def extract(
        documents: list[Document], aliases: Aliases
    ) -> Iterable[tuple[Document, list[Event]]]:
        if workers > 1 and sum(d.words for d in documents) >= PARALLEL_MIN_WORDS:
            return extract_parallel(documents, engine, aliases, workers)
        return engine.extractor(aliases).extract_many(documents)

    return extract


def _reload(
    store: Store,
    seeds: Path,
    aliases: Aliases,
    engine: Engine,
    now: dt.datetime,
    progress: Progress | None,
    extract: Extract,
) -> ReloadReport:
    report = ReloadReport()
    stored = store.documents.hashes()
    owned_by: dict[str, list[str]] = {}  # a seed file → the stored documents it gave
    for file in stored:
        owned_by.setdefault(owner_file(file), []).append(file)
    rules_changed = store.state.get(FINGERPRINT_KEY) != aliases.fingerprint
    present: set[str] = set()  # stored documents the store keeps
    seen: dict[tuple[object, str], str] = {}  # (format, file hash) -> first file
    entries: list[_Entry] = []  # every article found, in file and line order
    # Files the store already holds come first: of two identical files, the stored one
    # keeps its place and the new copy is the duplicate, whatever their names.
    candidates = sorted(
        _candidates(seeds, report), key=lambda p: seed_name(seeds, p) not in owned_by
    )
    for path in candidates:
        name = seed_name(seeds, path)
        multi = holds_several_articles(name)
        owned = owned_by.get(name, []) if multi else [name]
        try:
            data = read_seed_bytes(path)
        except SeedError as exc:
            report.skip(name, exc.message)
            continue
        except OSError as exc:
            report.skip(name, f"cannot be read ({exc.strerror or type(exc).__name__})")
            present.update(owned)  # keep what the store has; the file may come back
            continue
        digest = hashlib.sha256(data).hexdigest()
        # The same bytes in another format read differently; content keys catch those.
        kind = (path.suffix.lower() in FEED_SUFFIXES) or path.suffix.lower()
        if (kind, digest) in seen:
            report.skip(name, f"same content as {seen[kind, digest]}")
            continue
        seen[kind, digest] = name
        if not multi:
            present.add(name)  # a file that turned bad keeps its stored version
            if stored.get(name) == digest and not rules_changed:
                entries.append(_Entry(name, unchanged=True, path=path, digest=digest))
                continue
        try:
            articles, warning = parse_articles(data, name, digest, today=now.date())
        except SeedError as exc:
            report.skip(name, exc.message)
            present.update(owned)
            continue
        if warning:
            report.warn(name, warning)
        for article in articles:
            if isinstance(article, BadArticle):  # unreadable, or dated in the future
                report.skip(article.file, article.reason, article.count)
            else:
                unchanged = stored.get(article.file) == article.sha256 and not rules_changed
                entries.append(_Entry(article.file, unchanged, document=article))
    to_parse = _dedup(entries, store, report, present)
    removed = [f for f in stored if f not in present]
    changed: list[tuple[Document, list[Event]]] = []
    if to_parse:
        if progress is not None:
            progress(0, len(to_parse), "loading the language model")
        extracted = extract(to_parse, aliases)
        try:
            for done, (document, events) in enumerate(extracted, start=1):
                changed.append((document, events))
                if progress is not None:
                    progress(done, len(to_parse), document.file)
        finally:
            # Stopped midway (SIGTERM, Ctrl-C): the workers end now, not at exit, where
            # multiprocessing would wait on a queue no worker reads any more.
            close = getattr(extracted, "close", None)
            if close is not None:
                close()
    # The lexicon is read whenever the store changes: the linking pass after the reload
    # (bot.store.linking) leaves the names it knows apart, removals included.
    lexicon = engine.lexicon(aliases) if changed or removed else None
    if lexicon is not None:
        # People of the documents the store keeps: not of those this reload replaces
        # or removes, as a clean reload would not know them.
        people = store.entities.person_names(leaving=[*removed, *(d.file for d, _ in changed)])
        alike = merge_written_alike(changed, store.entities.written_alike(_names_of(changed)))
        acronyms = link_acronyms(changed, lexicon)
        bodies = merge_country_forms(changed, lexicon) + join_short_forms(changed)
        spellings = merge_spellings(changed, people, lexicon, bare=False)
        # Bare surnames and parts of names join their people over the whole store, after
        # the documents are written (bot.store.linking), whatever the reload history.
        log.info(
            "reload: across the corpus, %d names written alike merged, %d acronyms joined"
            " their names, %d organisation names joined, %d spellings merged",
            alike,
            acronyms,
            bodies,
            spellings,
        )
    for document, _ in changed:
        if document.file in stored:
            report.updated += 1
        else:
            report.added += 1
    report.removed = len(removed)
    store.apply_reload(
        changed,
        removed,
        now,
        state={
            FINGERPRINT_KEY: aliases.fingerprint,
            LAST_RELOAD_KEY: json.dumps(report.outcome(now)),
        },
        known_aliases=lexicon.known_aliases() if lexicon is not None else None,
        known=lexicon.knows if lexicon is not None else None,
        seats=lexicon.acting if lexicon is not None else None,
    )
    counts = store.aggregates.counts()
    report.documents, report.events = counts["documents"], counts["events"]
    return report
