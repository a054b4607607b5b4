"""The console front, fed real input lines: answers, errors, and paging with /more."""

from __future__ import annotations

import re

from bot.fronts.console.front import NOTHING_MORE
from bot.fronts.console.render import TYPE_MORE

# Sentences dated 2015-01-01 or later in the seed (19 events: some sentences hold two).
SINCE_TOTAL = 13


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^  (\d+)\. ", text, flags=re.M)]


def test_the_console_reloads_through_the_runtime_then_answers(console):
    head, who, since = console("/who Tartus", "/since nonsense")
    assert "Reload: 0 added, 0 updated, 0 removed, 1 unchanged" in head
    assert who.startswith("Tartus (place)") and "The Kremlin is seeking" in who
    assert since == "Use a date like 2025-01-01, 1 Jan 2025, 'yesterday' or '3 days ago'."


def test_a_long_answer_says_how_to_see_more_and_more_shows_the_next_page(console):
    _, first, second, after = console("/since 2015-01-01", "/more", "/more")
    assert first.startswith(f"{SINCE_TOTAL} sentences since 2015-01-01")
    assert f"... {SINCE_TOTAL - 10} more ({TYPE_MORE})" in first
    # Numbered on from one page to the next, without gaps, each sentence once.
    assert _numbers(first) == list(range(1, 11))
    assert _numbers(second) == list(range(11, SINCE_TOTAL + 1))
    listed = [line.split(" | ", 1)[1] for line in (first + second).splitlines() if " | " in line]
    assert len(set(listed)) == len(listed) == SINCE_TOTAL
    assert second.startswith(f"{SINCE_TOTAL} sentences since 2015-01-01")
    assert "more (" not in second
    assert after == NOTHING_MORE  # the last page was shown


def test_a_bare_enter_shows_the_next_page_and_is_quiet_when_there_is_none(console):
    _, first, second, after = console("/since 2015-01-01", "", "")
    assert _numbers(second) and min(_numbers(second)) == 11
    assert f"more ({TYPE_MORE})" in first
    assert after == ""  # nothing more, so Enter says nothing


def test_a_new_question_ends_the_paging_of_the_last(console):
    _, since, who, more = console("/since 2015-01-01", "/who Tartus", "/more")
    assert f"more ({TYPE_MORE})" in since
    assert who.startswith("Tartus (place)") and more == NOTHING_MORE


def test_the_console_without_admin_refuses_reload(console):
    _, refused = console("/reload", "/quit", "/who Tartus", console_admin=False)
    assert refused == "/reload is for admins only; nothing was changed."
