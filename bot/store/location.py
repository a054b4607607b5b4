"""Where a store lives: what `--db` / BRIEFING_DB may name, checked before an engine opens it.

A store is a SQLite file (a path, the default) or a PostgreSQL database (a
`postgresql://user@host/db` URL). `store_location` is the one reading of what was typed:
a server URL (`server_url`) or a file path (`store_path`). A URL of an engine Briefing has
no backend for is refused by name (a new engine extends `SERVER_ENGINES`). The file checks
turn every way a file cannot be a store into a `StoreError` naming the problem, because
SQLite's own errors ("unable to open database file") do not say which one it is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from bot.errors import StoreError

# A URL's scheme, as typed ("postgresql://…") or after a Path folded its slashes
# ("postgresql:/…"). Two letters at least, so a Windows drive ("C:/") stays a path.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):(/*)")
# Engines people name in a URL, by scheme: the name we give them in a message.
ENGINES = {
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "mysql": "MySQL",
    "mariadb": "MariaDB",
}
# The engines with a backend here, by scheme.
SERVER_ENGINES = {"postgresql": "PostgreSQL", "postgres": "PostgreSQL"}
ACCEPTED = (
    "the path of a SQLite file, e.g. ./briefing.db, or a PostgreSQL URL,"
    " e.g. postgresql://user@host/briefing"
)


def store_scheme(text: str) -> str | None:
    """The URL scheme a store location starts with ('postgresql', 'file'), or None."""
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme = match.group(1).lower()
    # 'notes:v2.db' is a file name; a scheme is a known one or followed by a slash.
    if scheme in ENGINES or scheme in ("file", "sqlite") or match.group(2):
        return scheme
    return None


def server_url(location: Path | str) -> str | None:
    """The PostgreSQL URL a store location names (slashes a Path folded put back), or
    None for anything else."""
    text = str(location).strip()
    match = _SCHEME.match(text)
    if match is None or store_scheme(text) not in SERVER_ENGINES:
        return None
    if len(match.group(2)) == 1:  # Path("postgresql://h/db") is "postgresql:/h/db"
        text = f"{match.group(1)}://{text[match.end() :]}"
    return text


def redact(location: Path | str) -> str:
    """A store location without the password a URL may hold, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(location))


def store_location(location: Path | str) -> Path | str:
    """What a store location names: a server URL (a str) or a SQLite file (a Path); a
    StoreError saying what is accepted for anything else."""
    return server_url(location) or store_path(location)


def store_path(location: Path | str) -> Path:
    """The SQLite file a store location names; a StoreError for anything else."""
    text = str(location)
    if not text.strip() or text == ".":
        raise StoreError(f"The store path is empty: give {ACCEPTED}.")
    scheme = store_scheme(text)
    if scheme in SERVER_ENGINES:
        raise StoreError(
            f"This needs a SQLite store file, not a {ENGINES[scheme]} URL: give the path of"
            " a SQLite file, e.g. ./briefing.db."
        )
    if scheme in ENGINES:
        raise StoreError(
            f"{ENGINES[scheme]} stores are not supported: give {ACCEPTED} (not a {scheme}:// URL)."
        )
    if scheme in ("file", "sqlite"):
        raise StoreError(
            f"SQLite URIs ({scheme}:…) are not accepted: give {ACCEPTED}"
            f" (for a file by that name, give its full path: {Path(text).absolute()})."
        )
    if scheme is not None:
        raise StoreError(f"{text} is a URL Briefing cannot open: give {ACCEPTED}.")
    return Path(location)


def check_store_file(path: Path, create: bool) -> None:
    """Refuse, with the reason, a path that cannot be opened as a store (or created, when
    `create`); a path that passes may still fail as 'not a SQLite store' when opened."""
    if path.is_dir():
        raise StoreError(
            f"The store path {path} is a folder: give a file in it, e.g. {path / 'briefing.db'}."
        )
    folder = path.parent
    if not path.exists():
        if not create:
            raise StoreError(f"No store at {path}: run `briefing reload` first.")
        existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
        if not existing.is_dir():
            raise StoreError(f"Cannot create the store {path}: {existing} is not a folder.")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise StoreError(f"Cannot create the store {path}: no write permission in {existing}.")
        return
    if not os.access(path, os.R_OK):
        raise StoreError(f"Cannot read the store {path}: no read permission.")
    # WAL keeps two files beside the store (-wal, -shm): its folder must be writable, for
    # readers as well, unless they are there already.
    beside = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    if not os.access(folder, os.W_OK | os.X_OK) and not all(p.exists() for p in beside):
        raise StoreError(
            f"Cannot open the store {path}: no write permission in its folder {folder}"
            " (SQLite keeps its -wal and -shm files there)."
        )


def check_writable(path: Path) -> None:
    """Refuse a store file the process may not write (a reload or a command that writes)."""
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"The store {path} is read-only: this needs to write it.")
