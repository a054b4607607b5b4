"""The seeds folder a reload reads (BRIEFING_SEEDS or --seeds): a folder, never one file.

A reload makes the store hold what the folder holds (a file gone from it is removed from
the store), so a single file would mean "remove every other document": it is refused
with what to give instead.
"""

from __future__ import annotations

from pathlib import Path

from bot.errors import BadInput


def check_seeds_folder(seeds: Path) -> None:
    """A BadInput naming the problem unless `seeds` is a folder."""
    if seeds.is_dir():
        return
    if seeds.exists():
        raise BadInput(
            f"The seeds path {seeds} is a file, not a folder: set BRIEFING_SEEDS or --seeds"
            f" to the folder of seed files (e.g. {seeds.parent}); `briefing inspect {seeds}`"
            " shows what one file yields."
        )
    raise BadInput(f"The seeds folder {seeds} does not exist; set BRIEFING_SEEDS or --seeds.")
