"""The README's two lines are the ones CI and users run."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _readme_lines() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Two lines", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_lines_install_and_run_then_install_and_test():
    run, test = _readme_lines()
    assert "pip install -e ." in run and run.endswith("briefing run")
    assert "pip install -e '.[dev]'" in test and test.endswith("-m pytest")


def test_ci_runs_the_readme_test_line():
    ci = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert _readme_lines()[1] in ci
