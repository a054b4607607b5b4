"""The docs stay in step with the code: commands, settings, the command line, links, paths."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from bot.cli import app
from bot.settings import variables
from commands import registry
from tests.conftest import REPO

DOCS = REPO / "docs"
# Folders whose paths the docs name; a path under one of them must exist.
REPO_FOLDERS = ("bot", "commands", "tests", "benchmarks", "docs", "seeds", ".ci")
REPO_PATH = re.compile(
    r"(?<![\w./-])((?:" + "|".join(re.escape(f) for f in REPO_FOLDERS) + r")/[\w./-]*)"
)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def _markdown_files(root: Path = REPO) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def _section(text: str, heading: str) -> str:
    """The body under `## heading`, up to the next heading of that level."""
    body = text.split(f"\n## {heading}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def _cells(row: str) -> list[str]:
    """A table row's cells; a `|` inside a code span does not split."""
    cells, cell, in_code = [], "", False
    for ch in row.strip().strip("|"):
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    cells.append(cell.strip())
    return cells


def table_rows(text: str) -> list[list[str]]:
    """Every row of the Markdown tables in `text`, header and separator rows left out."""
    rows = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("|") or re.fullmatch(r"\|[\s|:-]+\|", line):
            continue
        if i + 1 < len(lines) and re.fullmatch(r"\|[\s|:-]+\|", lines[i + 1]):
            continue  # a header: the separator follows it
        rows.append(_cells(line))
    return rows


def _code(cell: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", cell)
    assert match, f"expected one code span, found {cell!r}"
    return match.group(1)


def readme_commands(readme: str) -> dict[str, str]:
    """The README's commands table: usage -> what it answers."""
    rows = table_rows(_section(readme, "Commands"))
    usages = [_code(row[0]) for row in rows]
    assert len(usages) == len(set(usages)), f"a command is listed twice: {usages}"
    return {_code(row[0]): row[1] for row in rows}


def documented_settings(text: str) -> dict[str, str]:
    """docs/settings.md's table: key -> documented default."""
    rows = table_rows(text)
    keys = [_code(row[0]) for row in rows]
    assert len(keys) == len(set(keys)), f"a setting is listed twice: {keys}"
    return {_code(row[0]): row[1] for row in rows}


def documented_cli(text: str) -> dict[str, set[str]]:
    """docs/cli.md's commands table: command name -> the options its synopsis shows."""
    found: dict[str, set[str]] = {}
    for row in table_rows(_section(text, "Commands")):
        synopsis = _code(row[0]).split()
        assert synopsis[0] == "briefing", row[0]
        assert synopsis[1] not in found, f"briefing {synopsis[1]} is listed twice"
        found[synopsis[1]] = set(re.findall(r"--[a-z][a-z-]*", " ".join(synopsis[2:])))
    return found


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text("utf-8"))
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.M):
        slug, n = _slug(heading), 1
        while slug in anchors:  # GitHub numbers repeated headings
            slug, n = f"{_slug(heading)}-{n}", n + 1
        anchors.add(slug)
    return anchors


def broken_links(root: Path = REPO) -> list[str]:
    """Relative links (and images) in the README and docs/ that lead nowhere."""
    broken = []
    for path in _markdown_files(root):
        text = CODE_SPAN.sub("x", FENCE.sub("", path.read_text("utf-8")))
        for target in LINK.findall(text):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # https:, mailto:: not ours to check offline
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(root)}: {target}"
            if not linked.is_relative_to(root.resolve()) or not linked.exists():
                broken.append(where)
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{where} (no such heading)")
    return broken


def missing_paths(root: Path = REPO) -> list[str]:
    """Repository paths the README and docs/ name (bot/store/, tests/conftest.py) that are gone."""
    missing = []
    for path in _markdown_files(root):
        for named in REPO_PATH.findall(path.read_text("utf-8")):
            named = named.rstrip(".,")
            if not (root / named).exists():
                missing.append(f"{path.relative_to(root)}: {named}")
    return missing


def test_every_command_is_discovered_and_described():
    assert set(registry()) >= {"who", "since", "digest", "reload", "help"}
    for name, command in registry().items():
        assert command.name == name and re.fullmatch(r"[a-z][a-z-]{0,31}", name)
        assert 10 <= len(command.description) <= 100  # Discord's limit for descriptions
        for param in command.params:
            assert param.description


def test_readme_commands_table_lists_exactly_the_registry():
    documented = readme_commands((REPO / "README.md").read_text("utf-8"))
    usages = {command.usage for command in registry().values()}
    assert set(documented) - usages == set(), "in the README but not in commands/"
    assert usages - set(documented) == set(), "in commands/ but not in the README"


def test_readme_marks_exactly_the_admin_commands():
    documented = readme_commands((REPO / "README.md").read_text("utf-8"))
    for command in registry().values():
        marked = documented[command.usage].startswith("(admin)")
        assert marked == command.admin, f"/{command.name}: admin is {command.admin}"


def test_settings_doc_lists_exactly_the_settings_variables():
    """Every environment variable of the settings' groups, and nothing else."""
    documented = set(documented_settings((DOCS / "settings.md").read_text("utf-8")))
    fields = set(variables())
    assert documented - fields == set(), "in docs/settings.md but not in Settings"
    assert fields - documented == set(), "in Settings but not in docs/settings.md"


def test_settings_doc_gives_each_default():
    documented = documented_settings((DOCS / "settings.md").read_text("utf-8"))
    for name, (_path, field) in variables().items():
        shown, default = documented[name], field.default
        if default is None or default == "" or default == []:
            assert shown == "empty", name
        elif isinstance(default, Path):
            assert Path(_code(shown)) == default, name
        elif isinstance(default, bool):
            assert _code(shown) == str(default).lower(), name
        else:
            assert _code(shown) == str(default), name


def test_cli_doc_lists_exactly_the_commands_and_their_options():
    documented = documented_cli((DOCS / "cli.md").read_text("utf-8"))
    actual = {
        name: {opt for param in command.params for opt in param.opts if opt.startswith("--")}
        for name, command in typer.main.get_command(app).commands.items()
    }
    assert documented == actual


def test_every_relative_link_leads_to_a_file_in_the_repository():
    assert broken_links() == []


def test_every_repository_path_the_docs_name_exists():
    assert missing_paths() == []


def test_readme_points_to_every_doc():
    readme = (REPO / "README.md").read_text("utf-8")
    linked = {target.partition("#")[0] for target in LINK.findall(readme)}
    docs = {f"docs/{path.name}" for path in DOCS.glob("*.md")}
    assert docs - linked == set()
