"""The rules every article meets, whatever its format.

A file: at most MAX_SEED_BYTES, text not binary, UTF-8 (a few invalid bytes replaced by
U+FFFD) or else Latin-1, with a warning.
An article: a real date, not in the future; paragraphs separated by blank lines, with
page furniture (bot/data/boilerplate.txt) dropped and trailing "(Outlet)" citations
taken as the paragraph's sources.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from bot.errors import SeedError
from bot.seeds.document import Paragraph, clean_text
from bot.seeds.sections import canonical_section

MAX_SEED_BYTES = 10 * 1024 * 1024  # about 1.5 million words: minutes of spaCy already
# A publication date may run a day ahead of the clock (time zones); beyond that it is a typo.
FUTURE_SLACK = dt.timedelta(days=1)
_SNIFF_BYTES = 8192  # how much of a file the Latin-1 control-character check looks at
_MAX_CONTROL_CHARS = 8  # more control characters than this in the sniffed text: binary
# The longest paragraph handed to spaCy (its own limit is 1,000,000 characters, and its
# memory grows with a text's length): a longer one is cut at sentence ends, else at spaces.
MAX_PARAGRAPH_CHARS = 100_000

# Trailing "(Reuters) (BBC News)": the outlets a news item cites, each 2 to 80 characters.
_CITATION_CHARS = (2, 80)
_CITATION_AFTER = ".!?\"”'’"  # a citation follows the end of a sentence
_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_LINE_END = re.compile(r"\r\n|\r|\n")
# A character UTF-8 spells in several bytes: one decoded, the file is meant as UTF-8.
_MULTIBYTE = re.compile("[^\x00-\x7f\ufffd]")
# A one-line block of at most this many words, uncited and without a sentence end, is a
# heading: a section's ("Armed conflicts and attacks") or a story line's.
HEADING_MAX_WORDS = 8


# --- the file -------------------------------------------------------------------------


def size_refusal(size: int) -> str | None:
    """Why a file of `size` bytes is not read, or None when it may be."""
    if size > MAX_SEED_BYTES:
        return f"larger than {MAX_SEED_BYTES // (1024 * 1024)} MB"
    return None


def refuse_binary(data: bytes) -> None:
    """Raise SeedError when the bytes hold a NUL anywhere: a binary file (a NUL deep in a
    text file is refused like one at its start, never stored)."""
    if b"\x00" in data:
        raise SeedError("binary file, not text")


def decode_seed_with_warning(data: bytes) -> tuple[str, str | None]:
    """Seed text and a warning: UTF-8 (a BOM is fine), else Latin-1; binary is refused.

    A file that is UTF-8 but for a few invalid bytes (it starts with a UTF-8 BOM or
    holds valid multi-byte characters) stays UTF-8, each invalid byte a U+FFFD: read as
    Latin-1, every accent of the file would turn to mojibake for one bad byte.
    """
    refuse_binary(data)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
    if data.startswith(codecs.BOM_UTF8) or _MULTIBYTE.search(text):
        bad = text.count("\ufffd") - data.count("\ufffd".encode())
        return text, f"not valid UTF-8: {bad:,} invalid byte sequence(s) read as U+FFFD"
    text = data.decode("cp1252", errors="replace")
    if len(_CONTROL.findall(text[:_SNIFF_BYTES])) > _MAX_CONTROL_CHARS:
        raise SeedError("binary file, not text")
    return text, "not UTF-8: read as Latin-1 (Windows-1252); save it as UTF-8 to be sure"


def decode_seed(data: bytes) -> str:
    """Decode seed bytes as UTF-8 (a BOM is fine) or Latin-1; refuse binary files."""
    return decode_seed_with_warning(data)[0]


# --- the date -------------------------------------------------------------------------

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d-])")


def real_date(value: object, *, time_allowed: bool = True) -> dt.date:
    """YYYY-MM-DD, or (when `time_allowed`) an ISO date-time: its own date, in its own offset.

    Raises SeedError saying what is wrong with anything else.
    """
    if value is None or not str(value).strip():
        raise SeedError("no date (use YYYY-MM-DD)")
    if not isinstance(value, str):
        raise SeedError("the date must be a string like 2025-02-17")
    text = clean_text(value.strip())  # quoted in the reason: printable, storable
    # Python reads more than YYYY-MM-DD (20250224, 2025-W09-2, 2025-055): the format is
    # checked first, so a seed means the same date to every tool that reads it.
    if not _ISO_DAY.match(text):
        raise SeedError(
            f"'{text[:20]}' is not a real date: use the form YYYY-MM-DD (e.g. 2025-02-17)"
        )
    try:
        if len(text) == len("2025-02-17"):
            return dt.date.fromisoformat(text)
        if time_allowed and text[10] in "T ":
            return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise SeedError(f"'{text[:20]}' is not a real date (use YYYY-MM-DD)")


def future_date_refusal(published: dt.date, today: dt.date) -> str | None:
    """Why an article published on `published` is refused on `today`, or None."""
    if published > today + FUTURE_SLACK:
        return f"publication date {published} is in the future"
    return None


# --- the text -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    text = resources.files("bot").joinpath("data/boilerplate.txt").read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    return tuple(re.compile(ln, re.IGNORECASE) for ln in lines if ln and not ln.startswith("#"))


def strip_boilerplate(text: str) -> str:
    """Drop sentences that are page furniture ("This audio is created with AI assistance")."""
    kept = [
        s
        for s in _SENTENCE_END.split(text)
        if not any(p.fullmatch(s.strip()) for p in _boilerplate())
    ]
    return " ".join(s for s in kept if s.strip()).strip()


def trailing_citations(text: str) -> tuple[int, list[str]]:
    """Where the run of "(Outlet)" groups that ends `text` starts, and the outlets in it
    (in order); (len(text), []) when it ends otherwise. One pass from the end: linear."""
    shortest, longest = _CITATION_CHARS
    start = end = len(text.rstrip())  # one copy of the text, not one per group
    outlets: list[str] = []
    while end > 0 and text[end - 1] == ")":
        opening = text.rfind("(", max(0, end - longest - 2), end - 1)
        inner = text[opening + 1 : end - 1] if opening >= 0 else ""
        if opening < 0 or ")" in inner or not shortest <= len(inner) <= longest:
            break
        outlets.append(inner)
        start = end = opening
        while end > 0 and text[end - 1].isspace():
            end -= 1
    return (start, outlets[::-1]) if outlets else (len(text), [])


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """One paragraph from its lines: joined, cited outlets taken off, furniture dropped;
    cut in pieces of at most MAX_PARAGRAPH_CHARS (each with the paragraph's sources)."""
    text = " ".join(ln.strip() for ln in lines if ln.strip())
    text = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    sources: tuple[str, ...] = ()
    start, outlets = trailing_citations(text)
    # Only a parenthesis after the sentence's end is a citation, not "(AP)" mid-text.
    if outlets and start > 0 and text[:start].rstrip()[-1:] in _CITATION_AFTER:
        sources = tuple(s.strip() for s in outlets)
        text = text[:start].rstrip()
    text = strip_boilerplate(text)
    return [Paragraph(piece, sources) for piece in pieces(text)]


def paragraph(lines: list[str]) -> Paragraph | None:
    """The first piece of `paragraphs(lines)`, or None when nothing is left."""
    found = paragraphs(lines)
    return found[0] if found else None


def pieces(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """`text` cut at the last sentence end (else space, else anywhere) before each
    `limit` characters; a shorter text whole. Linear in the text's length."""
    found: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        ends = [m.start() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > 0 else window.rfind(" ")
        cut = cut if cut > 0 else limit
        if piece := window[:cut].strip():
            found.append(piece)
        start += cut
    if rest := text[start:].strip():
        found.append(rest)
    return found


def is_heading(para: Paragraph) -> bool:
    """A heading's shape ("Armed conflicts and attacks"): short, uncited, no sentence end."""
    text = para.text
    return (
        not para.sources
        and len(text.split()) <= HEADING_MAX_WORDS
        and text[-1:] not in _CITATION_AFTER + ":;,"
    )


def sectioned(found: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """A document's paragraphs with their headings marked and each news item in its section.

    A heading is a paragraph of heading shape (`is_heading`) that a news item follows: short
    lines after the last item, or in a document of nothing else, head nothing and stay news.
    When some heading names a canonical section (bot.seeds.sections), the document is
    filed by those: each item is in the last one's canonical name, and any other heading is
    a story line ("United States strikes on Iranian nuclear sites"), which leaves the section
    as it was. A document without one (a Markdown article's "## Background") is filed by its
    own headings. Every heading stays a paragraph of its own, with no section."""
    last_item = max((i for i, p in enumerate(found) if not is_heading(p)), default=0)
    canonical = {
        i: canonical_section(para.text)
        for i, para in enumerate(found[:last_item])
        if is_heading(para)
    }
    by_canonical = any(canonical.values())
    section: str | None = None
    out: list[Paragraph] = []
    for i, para in enumerate(found):
        if i not in canonical:
            out.append(replace(para, section=section))
            continue
        if not by_canonical:
            section = para.text
        elif canonical[i] is not None:
            section = canonical[i]
        out.append(replace(para, section=None, heading=True))
    return tuple(out)


def body_paragraphs(lines: list[str]) -> tuple[Paragraph, ...]:
    """Paragraphs separated by blank lines, as in a .txt seed, filed under their headings
    (`sectioned`)."""
    found: list[Paragraph] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            found.extend(paragraphs(block))
            block = []
    return sectioned(found)


def split_lines(text: str) -> list[str]:
    """Lines, whatever the line ends (LF, CRLF or CR)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def iter_lines(text: str) -> Iterator[str]:
    """The lines of `split_lines(text)`, one at a time: a million lines never in one list."""
    start = 0
    for end in _LINE_END.finditer(text):
        yield text[start : end.start()]
        start = end.end()
    yield text[start:]


def text_or_none(value: object) -> str | None:
    """A header value as one line of text; None when missing, empty or not text."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = _SPACES.sub(" ", str(value)).strip()
        return text or None
    return None
