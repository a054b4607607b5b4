"""The one way in to the seeds: list a folder's seed files, read any file into its articles.

Both the reload and `briefing inspect` read seeds here, so they accept the same files
in every format. A .txt or .md file holds one article, named after the file; a .jsonl
file or a feed holds one per line or entry, each named ``name#N``.

Every file is read defensively: the folder is walked without following a link out of it
or round a loop, and without opening anything but regular files (a FIFO would block
for ever); whatever a file holds, reading it gives articles and reasons, never an
exception other than SeedError (and OSError from the disk), and bounded memory.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from bot.errors import SeedError
from bot.seeds.document import Article, BadArticle, Document, bounded
from bot.seeds.feed import feed_articles
from bot.seeds.jsonl import jsonl_articles
from bot.seeds.markdown import parse_markdown
from bot.seeds.rules import (
    MAX_SEED_BYTES,
    decode_seed_with_warning,
    future_date_refusal,
    refuse_binary,
    size_refusal,
)
from bot.seeds.txt import parse_seed

log = logging.getLogger(__name__)

SINGLE_SUFFIXES = (".txt", ".md")  # one article per file
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MULTI_SUFFIXES = (".jsonl", *FEED_SUFFIXES)  # one article per line or entry: ``name#N``
SEED_SUFFIXES = (*SINGLE_SUFFIXES, *MULTI_SUFFIXES)
# The folder in the seeds where fetched feeds write their items (bot.feeds), one folder
# per feed: the one folder the reload reads below the top level.
FEEDS_FOLDER = "feeds"


def holds_several_articles(name: str) -> bool:
    """Whether a file of this name holds an article per line or entry (.jsonl, feeds)."""
    return name.lower().endswith(MULTI_SUFFIXES)


def owner_file(file: str) -> str:
    """The seed file a stored document came from: ``feed.xml#3`` → ``feed.xml``."""
    head, sep, tail = file.rpartition("#")
    if sep and tail.isdigit() and holds_several_articles(head):
        return head
    return file


# --- the folder -----------------------------------------------------------------------


@dataclass
class FolderScan:
    """A seeds folder's seed files, and every other entry with why it is not read: the
    first EXAMPLES of those one by one, then one that counts the rest (`skipped_count`
    counts them all), so that a folder of junk gives a short report."""

    EXAMPLES: ClassVar[int] = 50
    seeds: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    skipped_count: int = 0

    def skip(self, name: str, reason: str) -> None:
        """Count an entry not read; list it while there are fewer than EXAMPLES."""
        self.skipped_count += 1
        if self.skipped_count <= self.EXAMPLES:
            self.skipped.append((shown_name(name), reason))

    def summarise(self, folder: Path) -> None:
        """Add the line that counts the entries not listed, if any."""
        more = self.skipped_count - self.EXAMPLES
        if more > 0:
            self.skipped.append(
                (f"{shown_name(folder.name)}/", f"and {more:,} more entries not read, not listed")
            )


def shown_name(name: str) -> str:
    """A file name as text that can be printed and stored: bytes that are not UTF-8
    (which Python keeps as lone surrogates) shown as U+FFFD."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def _name_refusal(name: str) -> str | None:
    if name.startswith("."):
        return "hidden file"
    if shown_name(name) != name:
        # Its documents would be stored under a name no database takes.
        return "the file name is not valid UTF-8: rename the file"
    return None


def _kind_refusal(name: str, status: os.stat_result) -> str | None:
    """Why an entry of this name and kind is not a seed file, or None when it is one."""
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        return "folder: seeds are read from the top level only"
    if not name.lower().endswith(SEED_SUFFIXES):
        return f"not a seed file (expected {', '.join(SEED_SUFFIXES)})"
    if not stat.S_ISREG(mode):
        kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device"}
        kind = next((k for test, k in kinds.items() if test(mode)), "a device")
        # Never opened: opening a FIFO to read blocks until a writer comes.
        return f"not a regular file ({kind})"
    return None


def _link_target(path: Path, root: Path) -> tuple[str | None, os.stat_result | None]:
    """Why a link is not followed, else its target's status (the target is inside root)."""
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "link loop: the link leads back to itself", None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "broken link: its target does not exist", None
        return f"link cannot be followed ({exc.strerror or type(exc).__name__})", None
    if not Path(target).is_relative_to(root):
        return "link points outside the seeds folder", None
    try:
        return None, os.stat(target)
    except OSError:  # gone since it was resolved
        return "broken link: its target does not exist", None


def _read_as_is(name: str, status: os.stat_result, ignore: Collection[str]) -> bool:
    """Whether an entry that is not a link is a seed file read under its own name."""
    return (
        name not in ignore
        and not stat.S_ISLNK(status.st_mode)
        and _name_refusal(name) is None
        and _kind_refusal(name, status) is None
    )


def _link_refusal(
    name: str, path: Path, root: Path, read_as: dict[tuple[int, int], str]
) -> str | None:
    """Why a link is not read, or None; a link read is entered in `read_as`, so that a
    file is read once, under its own name if it has one at the top, else its first link's."""
    reason, status = _link_target(path, root)
    if reason is not None or status is None:
        return reason or "broken link: its target does not exist"
    if stat.S_ISDIR(status.st_mode):
        return "link to a folder: seeds are read from the top level only"
    reason = _kind_refusal(name, status)
    if reason is not None:
        return reason
    first = read_as.setdefault((status.st_dev, status.st_ino), name)
    return None if first == name else f"link to {shown_name(first)}, which is read under that name"


def scan_seeds(folder: Path, ignore: Collection[str] = ()) -> FolderScan:
    """The seed files at the top of a folder, sorted by name; entries named in `ignore`
    (the aliases file) are passed over without a reason.

    Only the entries' status is read (lstat, stat): no entry is opened. A link is
    followed when it leads to a regular file inside the folder that no other name reads.
    """
    root = Path(os.path.realpath(folder))
    scan = FolderScan()
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    statuses: dict[str, os.stat_result | None] = {}
    read_as: dict[tuple[int, int], str] = {}  # (device, inode) → the name it is read as
    for entry in entries:
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:  # gone since the folder was listed
            status = None
        statuses[entry.name] = status
        if status is not None and _read_as_is(entry.name, status, ignore):
            read_as.setdefault((status.st_dev, status.st_ino), entry.name)
    for entry in entries:
        name, status = entry.name, statuses[entry.name]
        if name in ignore:
            continue
        if name == FEEDS_FOLDER and status is not None and stat.S_ISDIR(status.st_mode):
            _scan_feeds(Path(entry.path), scan)
            continue
        reason = _name_refusal(name)
        if reason is None and status is None:
            reason = "vanished while the folder was read"
        elif reason is None and stat.S_ISLNK(status.st_mode):
            reason = _link_refusal(name, Path(entry.path), root, read_as)
        elif reason is None:
            reason = _kind_refusal(name, status)
        if reason is None:
            scan.seeds.append(Path(entry.path))
        else:
            scan.skip(name, reason)
    scan.summarise(folder)
    return scan


def _scan_feeds(feeds: Path, scan: FolderScan) -> None:
    """The fetched feeds' items (bot.feeds): feeds/<feed>/<item>.jsonl, real folders and
    regular files only (Briefing writes them; a link there is not followed)."""
    with os.scandir(feeds) as listing:
        folders = sorted(listing, key=lambda e: e.name)
    for folder in folders:
        where = f"{FEEDS_FOLDER}/{folder.name}"
        if _name_refusal(folder.name) is not None or not folder.is_dir(follow_symlinks=False):
            scan.skip(where, "not a feed's folder (bot.feeds writes feeds/<feed>/<item>.jsonl)")
            continue
        with os.scandir(folder.path) as items:
            for item in sorted(items, key=lambda e: e.name):
                name = f"{where}/{item.name}"
                try:
                    status = item.stat(follow_symlinks=False)
                except OSError:
                    scan.skip(name, "vanished while the folder was read")
                    continue
                reason = _name_refusal(item.name) or (
                    "link: a feed's items are never links"
                    if stat.S_ISLNK(status.st_mode)
                    else _kind_refusal(item.name, status)
                )
                if reason is None:
                    scan.seeds.append(Path(item.path))
                else:
                    scan.skip(name, reason)


def seed_name(folder: Path, path: Path) -> str:
    """The name a seed file's documents are stored under: its file name, or for a feed's
    item its path in the seeds folder (feeds/<feed>/<item>.jsonl)."""
    if path.parent.parent.name == FEEDS_FOLDER and path.parent.parent.parent == folder:
        return f"{FEEDS_FOLDER}/{path.parent.name}/{path.name}"
    return path.name


def list_seeds(folder: Path) -> list[Path]:
    """Seed files in a folder (not recursive, no hidden files), sorted by name."""
    return scan_seeds(folder).seeds


# --- a file ---------------------------------------------------------------------------


def read_seed_bytes(path: Path) -> bytes:
    """A seed file's bytes; SeedError when it is not a regular file or is too large
    (OSError passes: unreadable, gone).

    Opened without blocking and checked on the open file: an entry that became a FIFO
    since the folder was scanned is refused, not waited on; one that grows is read no
    further than the limit.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    with open(os.open(path, flags), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SeedError("not a regular file")
        refusal = size_refusal(status.st_size)
        if refusal:
            raise SeedError(refusal)
        data = file.read(MAX_SEED_BYTES + 1)
    refusal = size_refusal(len(data))
    if refusal:
        raise SeedError(refusal)
    return data


def parse_articles(
    data: bytes, name: str, sha256: str | None = None, today: dt.date | None = None
) -> tuple[list[Article], str | None]:
    """Every article in one seed file, and a decoding warning (any format).

    Raises SeedError when the file as a whole is not a seed (empty, binary, no date…);
    a bad line or entry of a multi-article file is a BadArticle among the good ones, the
    first EXAMPLES_PER_FILE of them listed and the rest counted in one more.
    Given `today`, an article dated in the future is a BadArticle too.
    """
    if sha256 is None:
        sha256 = hashlib.sha256(data).hexdigest()
    what = "entries" if Path(name).suffix.lower() in FEED_SUFFIXES else "lines"
    try:
        found, warning = _parse(data, name, sha256)
        if today is not None:
            found = (_dated_by(article, today) for article in found)
        return bounded(found, name, what), warning
    except RecursionError:
        raise SeedError("nested too deeply to read") from None
    except (SeedError, MemoryError):
        raise
    except Exception:
        # The one place a reader's bug meets a hostile file: the file is skipped with a
        # reason, the traceback goes to the log, and the reload goes on.
        log.exception("reading the seed %s failed", shown_name(name))
        raise SeedError("could not be read: an unexpected error (see the log)") from None


def _parse(data: bytes, name: str, sha256: str) -> tuple[Iterable[Article], str | None]:
    suffix = Path(name).suffix.lower()
    if suffix in FEED_SUFFIXES:
        if not data.strip():
            raise SeedError("empty file")
        refuse_binary(data)
        return feed_articles(data, name), None
    text, warning = decode_seed_with_warning(data)
    if suffix == ".jsonl":
        return jsonl_articles(text, name), warning
    if suffix == ".md":
        return [parse_markdown(text, name, sha256)], warning
    return [parse_seed(text, name, sha256)], warning


def _dated_by(article: Article, today: dt.date) -> Article:
    if isinstance(article, Document):
        refusal = future_date_refusal(article.published, today)
        if refusal:
            return BadArticle(article.file, refusal)
    return article


def read_articles(
    path: Path, name: str | None = None, today: dt.date | None = None
) -> tuple[list[Article], str | None]:
    """Read one seed file, any format, into its articles and a decoding warning."""
    return parse_articles(read_seed_bytes(path), name or path.name, today=today)


@dataclass
class FolderRead:
    """A seeds folder read: its good documents, what was skipped and why (entries, files,
    lines, entries of feeds: bounded as FolderScan and `bounded` bound them, each
    BadArticle's count saying how many it stands for), and decoding warnings."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[BadArticle] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def read_folder(
    folder: Path, ignore: Collection[str] = (), today: dt.date | None = None
) -> FolderRead:
    """Every seed file of a folder read into its documents and the reasons for the rest;
    no file, whatever it holds, makes this raise (the reload reads files the same way)."""
    scan = scan_seeds(folder, ignore)
    listed = scan.skipped[: scan.EXAMPLES]
    found = FolderRead(skipped=[BadArticle(name, reason) for name, reason in listed])
    if scan.skipped_count > len(listed):
        name, reason = scan.skipped[-1]
        found.skipped.append(BadArticle(name, reason, scan.skipped_count - len(listed)))
    for path in scan.seeds:
        name = seed_name(folder, path)
        try:
            articles, warning = parse_articles(read_seed_bytes(path), name, today=today)
        except SeedError as exc:
            articles, warning = [BadArticle(name, exc.message)], None
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror or type(exc).__name__})"
            articles, warning = [BadArticle(name, reason)], None
        if warning:
            found.warnings.append((name, warning))
        for article in articles:
            if isinstance(article, Document):
                found.documents.append(article)
            else:
                found.skipped.append(article)
    return found


def read_seed(path: Path, name: str | None = None) -> Document:
    """Read a seed file that holds one article; SeedError when it holds none or several."""
    articles, _ = read_articles(path, name)
    if len(articles) != 1:
        raise SeedError(f"holds {len(articles)} articles, not one")
    (article,) = articles
    if isinstance(article, BadArticle):
        raise SeedError(article.reason)
    return article
