"""Imports go downwards only: each layer of the package imports itself and the layers
below it (docs/how-it-works.md), never one above, not even inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# Top layer first, as docs/how-it-works.md draws them.
LAYERS: list[tuple[str, ...]] = [
    ("bot.__main__", "bot.cli", "bot.serve"),
    ("bot.fronts",),
    ("bot.runtime", "bot.settings"),
    ("commands",),
    ("bot.digest", "bot.replies", "bot.feeds"),
    ("bot.ingest",),
    ("bot.store",),
    ("bot.extraction",),
    ("bot.seeds",),
    ("bot.errors", "bot.data", "bot.lifeline", "bot.metrics", "bot.logs", "bot"),
]


def layer_of(module: str) -> int | None:
    """The layer of a module of ours (by its longest matching prefix), None for others."""
    best: tuple[int, int] | None = None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            # The package "bot" itself is at the bottom; a module under it has its own.
            inside = module.startswith(prefix + ".") and prefix != "bot"
            if (module == prefix or inside) and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    return None if best is None else best[0]


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            # "from bot import cli" imports the module bot.cli.
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


SOURCES = sorted(p for folder in ("bot", "commands") for p in (REPO / folder).rglob("*.py"))


def test_every_source_module_has_a_layer():
    assert SOURCES
    assert [str(p) for p in SOURCES if layer_of(_module_name(p)) is None] == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_imports_go_downwards_only(path):
    mine = layer_of(_module_name(path))
    upwards = [
        f"{path.relative_to(REPO)}:{line} imports {target}"
        for line, target in _imports(path)
        if (theirs := layer_of(target)) is not None
        and theirs < mine
        # "from bot import x" names the package itself on the way to x
        and target != "bot"
    ]
    assert upwards == []


def test_the_rule_catches_an_upward_import():
    assert layer_of("bot.store.events") > layer_of("commands._names")
    assert layer_of("bot.fronts.slack.render") < layer_of("bot.digest.compose")


def _graph(sources: list[Path]) -> dict[str, set[str]]:
    """Module → the modules of ours it imports (anywhere in it, inside functions too)."""
    ours = {_module_name(p) for p in sources}
    graph: dict[str, set[str]] = {}
    for path in sources:
        name = _module_name(path)
        targets = {t for _, t in _imports(path) if t in ours and t != name}
        # A package's own __init__ is what "from package import x" runs first; importing
        # a module inside a package is not an import of the package's face otherwise.
        graph[name] = {t for t in targets if not name.startswith(t + ".")}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other_even_through_others():
    """No import cycle, not even one broken by an import inside a function: each module
    can be read knowing only what it imports."""
    assert _cycles(_graph(SOURCES)) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
