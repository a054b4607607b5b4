"""The Markdown seed (.md): YAML front matter with ``date``, then a Markdown body.

One article per file. The front matter may also give ``title``, ``source`` and ``url``;
the body is read as plain paragraphs, with headings, emphasis, links and code marks
removed.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left

from bot.errors import SeedError
from bot.seeds.document import Document, seed_document
from bot.seeds.rules import body_paragraphs, real_date, split_lines, text_or_none

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?=\s|$)(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_PREFIX = re.compile(r"^\s*(?:>\s?)*(?:[-*+]\s+|\d{1,9}[.)]\s+)?")
# Every pattern below stops at the next character that opens another match ("[", "<"),
# so the attempts from different starts never read the same text twice: linear time.
_TARGET = r"\((?:[^()\[\]]|\([^()\[\]]*\))*+\)"  # (url), one level of (parentheses)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\[\]]+)\](?:" + _TARGET + r"|\[[^\[\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_CODE = re.compile(r"`+([^`]*)`+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--(?:(?!<!--).)*?-->")
_EMPHASIS_DEPTH = 3  # nested emphasis: ***a*** or **_a_**
# Emphasis marks, longest first: `**a**`, `__a__`, `*a*`, `_a_`, `~~a~~`. A mark opens
# after anything but a word character, `*` or `~` and before a non-space; it closes after
# a non-space and before anything but those.
_MARKS = ("**", "__", "*", "_", "~~")
_FLANK = re.compile(r"[\w*~]")
_OPENER = re.compile(r"(?<![\w*~])[*_~]")
# Zero-width, so that overlapping closers ("***") are all found.
_CLOSERS = {m: re.compile(rf"(?<=\S)(?={re.escape(m)}(?![\w*~]))") for m in _MARKS}


def _closers(text: str, mark: str) -> list[int]:
    """The positions where `mark` may close an emphasis, in order."""
    return [m.start() for m in _CLOSERS[mark].finditer(text)]


def _emphasis_removed(text: str) -> str:
    """Emphasis marks taken off as the lazy regex `(mark)(?=\\S)(.+?)(?<=\\S)\\1` would,
    in O(n log n): each opening mark finds its nearest closing one by bisection."""
    closers = {mark: _closers(text, mark) for mark in _MARKS}
    if not any(closers.values()):
        return text
    out: list[str] = []
    kept = 0
    for opening in _OPENER.finditer(text):
        at = opening.start()
        if at < kept:
            continue
        for mark in _MARKS:
            inner = at + len(mark)
            if not text.startswith(mark, at) or inner >= len(text) or text[inner].isspace():
                continue
            ends = closers[mark]
            index = bisect_left(ends, inner + 1)
            if index < len(ends):
                out += [text[kept:at], text[inner : ends[index]]]
                kept = ends[index] + len(mark)
                break
    out.append(text[kept:])
    return "".join(out)


def _heading(match: re.Match[str]) -> str:
    """A heading's text, without its closing hashes (`# Title #`)."""
    text = match.group(1).strip()
    bare = text.rstrip("#")
    if bare != text and bare[-1:].isspace():
        return bare.rstrip()
    return text


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(_EMPHASIS_DEPTH):
        text = _emphasis_removed(text)
    return text


def markdown_lines(body: str) -> list[str]:
    """Markdown to plain lines: headings, emphasis, links and code marks removed."""
    out: list[str] = []
    fenced = False
    for line in split_lines(body):
        if _FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        if fenced or _REFERENCE.match(line):
            continue
        if _RULE.match(line):
            out.append("")
            continue
        heading = _HEADING.match(line)
        if heading:  # a heading is a paragraph of its own
            out.extend(["", _inline(_heading(heading)), ""])
            continue
        out.append(_inline(_PREFIX.sub("", line, count=1)))
    return out


def parse_markdown(text: str, file: str, sha256: str | None = None) -> Document:
    """A .md seed: YAML front matter with ``date`` (and ``title``, ``source``, ``url``)."""
    import yaml

    if sha256 is None:
        # surrogatepass: a caller's text may hold lone surrogates, cleaned below.
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    text = "\n".join(split_lines(text.lstrip("\ufeff"))).lstrip("\n")
    if not text.strip():
        raise SeedError("empty file")
    front = _FRONT_MATTER.match(text)
    if not front:
        raise SeedError(
            "not a seed file: a .md seed starts with YAML front matter"
            " ('---', 'date: YYYY-MM-DD', '---')"
        )
    try:
        # BaseLoader: every value a string, so '2025-02-30' is reported, not crashed on.
        meta = yaml.load(front.group(1) or "", Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        raise SeedError("the front matter is not valid YAML") from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise SeedError("the front matter is nested too deeply") from None
    if not isinstance(meta, dict) or "date" not in meta:
        raise SeedError("the front matter has no 'date: YYYY-MM-DD'")
    return seed_document(
        file,
        real_date(meta["date"]),
        body_paragraphs(markdown_lines(text[front.end() :])),
        title=text_or_none(meta.get("title")),
        source=text_or_none(meta.get("source")),
        url=text_or_none(meta.get("url")),
        sha256=sha256,
    )
