"""A seed fuzzer: good files in every format beside random and hostile ones (invalid
UTF-8, lone surrogates, NUL and control characters, huge lines, deep nesting, links,
loops, FIFOs, unreadable files). Reading the folder never raises, yields every good
document, reports every bad file, line and entry (counted exactly), and keeps the report
bounded. At the seed reader's level: no spaCy, no store.

30 examples with a fixed seed; set BRIEFING_PROPERTY_EXAMPLES=500 for a longer, random run.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.seeds import EXAMPLES_PER_FILE, FolderRead, read_folder
from bot.seeds.rules import MAX_SEED_BYTES

EXAMPLES = int(os.environ.get("BRIEFING_PROPERTY_EXAMPLES", "30"))
TODAY = dt.date(2025, 2, 18)
# Characters that broke, or could break, a reload: lone surrogates, NUL and the other
# controls, a combining mark (NFC), a BOM, separators, a noncharacter, the last code point.
HOSTILE = "\ud800\udfff\udc80\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\u0301\ufeff\u2028\ufffe\U0010ffff"
hostile_text = st.text(st.one_of(st.characters(), st.sampled_from(HOSTILE)), max_size=30)
# Bytes that are not UTF-8: a stray continuation, a lead without its tail, an encoded
# surrogate, bytes UTF-8 never uses.
invalid_utf8 = st.sampled_from(
    [b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xff", b"\xfe\xfe", b"\xe2\x82"]
)


@dataclass
class Planted:
    """A file written into the folder, and what reading it must give: exactly `documents`
    documents and `bad` bad lines or entries (or the whole file as one, when the file is
    bad); `bad=None` when any outcome is fine, as long as the file is accounted for."""

    name: str
    write: Callable[[Path], None]
    documents: int = 0
    bad: int | None = 0


def _bytes(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(data)


def _storable(text: str) -> bytes:
    """`text` as bytes, a lone surrogate as the bytes that spell it (invalid UTF-8)."""
    return text.encode("utf-8", "surrogatepass")


# --- .jsonl ---------------------------------------------------------------------------


@st.composite
def good_line(draw: st.DrawFn) -> bytes:
    fields = {
        "date": f"2025-02-{draw(st.integers(1, 17)):02d}",
        "title": draw(hostile_text),
        "source": draw(hostile_text),
        "url": draw(hostile_text),
        "text": "Ukraine and Poland met in Kyiv. " + draw(hostile_text),
    }
    line = json.dumps(fields).encode()  # every hostile character as a \u escape
    if draw(st.booleans()):  # invalid bytes inside the text's string: still valid JSON
        line = line.replace(b"in Kyiv.", b"in Kyiv" + draw(invalid_utf8) + b".")
    return line


bad_line = st.one_of(
    st.sampled_from(
        [
            b"{",
            b"not json",
            b"[]",
            b"null",
            b'{"date": "2025-02-30", "text": "x"}',
            b'{"date": "2025-02-10"}',
            b'{"date": "2031-01-01", "text": "in the future"}',
            b'{"date": "\\ud800", "text": "x"}',
            b'{"date": "2025-02-10\\u0000x", "text": "x"}',
            b'{"date": 20250210, "text": "x"}',
            b'{"date": "2025-02-10", "text": "x", "title": ' + b"9" * 5000 + b"}",
            b'{"date": "2025-02-10", "text": "' + b"x" * 500_000,  # one huge unclosed line
        ]
    ),
    st.integers(1_000, 200_000).map(lambda depth: b"[" * depth),  # RecursionError
    st.integers(1_000, 100_000).map(lambda depth: b'{"a": ' * depth),
    # Random bytes but line ends and controls (too many make a Latin-1 file binary).
    st.binary(max_size=40).map(lambda b: b"{" + bytes(c for c in b if c >= 0x20)),
)


@st.composite
def jsonl_file(draw: st.DrawFn, name: str) -> Planted:
    lines = draw(
        st.lists(
            st.one_of(good_line().map(lambda b: (b, True)), bad_line.map(lambda b: (b, False))),
            min_size=1,
            max_size=12,
        )
    )
    good = sum(ok for _, ok in lines)
    # A raw NUL makes the whole file binary: NUL comes only as \u0000 here.
    lines = [(b.replace(b"\x00", b""), ok) for b, ok in lines]
    ends = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    data = ends.join(b for b, _ in lines) + ends
    data = b"\xef\xbb\xbf" + data if draw(st.booleans()) else data
    return Planted(name, _bytes(name, data), good, len(lines) - good)


# --- .txt and .md ---------------------------------------------------------------------


@st.composite
def txt_file(draw: st.DrawFn, name: str) -> Planted:
    title = draw(hostile_text).replace("\x00", "").replace("\r", "").replace("\n", "")
    body = draw(hostile_text).replace("\x00", "")
    # "Kyïv" keeps a file with invalid bytes UTF-8 (with U+FFFD), not Latin-1.
    text = f"date 2025-02-1{draw(st.integers(0, 7))}\ntitle {title}\n\nKyïv met Warsaw. {body}\n"
    return Planted(name, _bytes(name, _storable(text)), documents=1)


@st.composite
def md_file(draw: st.DrawFn, name: str) -> Planted:
    title = json.dumps(draw(hostile_text))  # a YAML double-quoted string, escapes and all
    text = f"---\ndate: 2025-02-11\ntitle: {title}\nsource: {title}\n---\n# Berlin\n\nFrance met.\n"
    return Planted(name, _bytes(name, text.encode()), documents=1)


bad_single = st.sampled_from(
    [
        b"",
        b"   \n\n",
        b"\x00\x01\x02 binary",
        b"Russia moved troops.\n",
        b"date 2025-02-30\n\nRussia moved troops.\n",
        b"date 2031-01-01\n\nRussia moved troops.\n",
        b"date \xed\xa0\x80\n\nRussia.\n",
        b"---\ntitle: " + b"[" * 50_000 + b"\n---\nbody\n",
        b"---\ntitle: " + b"{a: " * 20_000 + b"\n---\nbody\n",
        b'---\n"\x01": [\n---\nbody\n',
        b"---\ndate: 2025-02-10\n",
    ]
)


# --- feeds ----------------------------------------------------------------------------

CHARREFS = [
    "&#xD800;",
    "&#xdfff;",
    "&#0;",
    "&#x1b;",
    "&#x110000;",
    "&#99999999999;",
    "&amp;#xD800;",
    "&#x301;",
]


@st.composite
def feed_file(draw: st.DrawFn, name: str) -> Planted:
    def mark() -> str:
        return html.escape(draw(hostile_text).replace("\x00", "")) + draw(st.sampled_from(CHARREFS))

    good, bad, items = 0, 0, []
    for is_good in draw(st.lists(st.booleans(), min_size=1, max_size=8)):
        date = "<pubDate>Sun, 16 Feb 2025 09:00:00 +0000</pubDate>" if is_good else ""
        body = f"<description>Kyiv met{mark()}.</description>"
        items.append(f"<item><title>W{mark()}</title>{date}{body}</item>")
        good, bad = good + is_good, bad + (not is_good)
    text = f'<rss version="2.0"><channel><title>F{mark()}</title>{"".join(items)}</channel></rss>'
    return Planted(name, _bytes(name, _storable(text)), good, bad)


# --- everything else a folder can hold ------------------------------------------------


def _link(name: str, target: str) -> Callable[[Path], None]:
    return lambda folder: os.symlink(target, folder / name)


def _loop(folder: Path) -> None:
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")


def _in_subfolder(folder: Path) -> None:
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "inner.txt").write_text("date 2025-02-12\n\nEgypt met Jordan.\n")
    os.symlink("sub/inner.txt", folder / "inner_link.txt")


def _huge(folder: Path) -> None:
    with open(folder / "huge.jsonl", "wb") as file:
        file.truncate(MAX_SEED_BYTES + 1)


def _locked(folder: Path) -> None:
    (folder / "locked.txt").write_text("date 2025-02-13\n\nIran met Iraq.\n")
    (folder / "locked.txt").chmod(0)


def _bad_name(folder: Path) -> None:
    path = os.fsencode(folder) + b"/name\xff.txt"
    with open(path, "wb") as file:
        file.write(b"date 2025-02-13\n\nIran met Iraq.\n")


ROOT = os.geteuid() == 0  # root reads a chmod 000 file
SPECIALS = [
    Planted("loop_a.txt", _loop, bad=1),  # and loop_b.txt, accounted below
    Planted("self.jsonl", _link("self.jsonl", "self.jsonl"), bad=1),
    Planted("parent", _link("parent", ".."), bad=1),
    Planted("passwd.txt", _link("passwd.txt", "/etc/passwd"), bad=1),
    Planted("dangling.md", _link("dangling.md", "gone.md"), bad=1),
    Planted("inner_link.txt", _in_subfolder, documents=1),
    Planted("pipe.xml", lambda folder: os.mkfifo(folder / "pipe.xml"), bad=1),
    Planted("huge.jsonl", _huge, bad=1),
    Planted("locked.txt", _locked, documents=int(ROOT), bad=None if ROOT else 1),
    Planted("name\ufffd.txt", _bad_name, bad=1),
]


@st.composite
def folder_plan(draw: st.DrawFn) -> list[Planted]:
    planted: list[Planted] = []
    formats = {".jsonl": jsonl_file, ".txt": txt_file, ".md": md_file, ".rss": feed_file}
    for number, suffix in enumerate(draw(st.lists(st.sampled_from(sorted(formats)), max_size=6))):
        planted.append(draw(formats[suffix](f"f{number}{suffix}")))
    for number, data in enumerate(draw(st.lists(bad_single, max_size=3))):
        name = f"bad{number}{draw(st.sampled_from(['.txt', '.md']))}"
        planted.append(Planted(name, _bytes(name, data), bad=1))
    for number, data in enumerate(draw(st.lists(st.binary(max_size=300), max_size=3))):
        name = f"random{number}{draw(st.sampled_from(['.txt', '.md', '.jsonl', '.xml', '.atom']))}"
        planted.append(Planted(name, _bytes(name, data), bad=None))
    planted += draw(st.lists(st.sampled_from(SPECIALS), max_size=4, unique_by=lambda p: p.name))
    return planted


def _of(file: str, name: str) -> bool:
    """Whether a document or skipped item came from the file `name`."""
    return file == name or file.startswith(f"{name}#")


def _check(found: FolderRead, planted: list[Planted]) -> None:
    for document in found.documents:
        strings = [document.title, document.source, document.url, document.file]
        strings += [s for p in document.paragraphs for s in (p.text, *p.sources)]
        for text in filter(None, strings):
            text.encode("utf-8")  # raises on a lone surrogate
            assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), repr(text)
            assert unicodedata.is_normalized("NFC", text), repr(text)
    for bad in found.skipped:
        (bad.file + bad.reason).encode("utf-8")
        assert "unexpected error" not in bad.reason, bad
    for plant in planted:
        documents = [d for d in found.documents if _of(d.file, plant.name)]
        skipped = [b for b in found.skipped if _of(b.file, plant.name)]
        assert len(skipped) <= EXAMPLES_PER_FILE + 1, skipped
        if plant.bad is None:
            assert documents or skipped, f"{plant.name} is not accounted for"
            continue
        assert len(documents) == plant.documents, (plant.name, documents, skipped)
        assert sum(b.count for b in skipped) == plant.bad, (plant.name, skipped)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("BRIEFING_PROPERTY_EXAMPLES") is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(planted=folder_plan())
def test_reading_any_folder_yields_the_good_and_reports_the_bad(planted: list[Planted]):
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "seeds"
        folder.mkdir()
        for plant in planted:
            plant.write(folder)
        if any(p.name == "loop_a.txt" for p in planted):
            planted = [*planted, Planted("loop_b.txt", lambda folder: None, bad=1)]
        try:
            found = read_folder(folder, today=TODAY)
        finally:
            for path in folder.iterdir():  # let the temporary folder go
                if path.name == "locked.txt":
                    path.chmod(0o600)
        _check(found, planted)
