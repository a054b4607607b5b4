"""How often, as people write it: "15m", "1h", "90s", "2h30m", "3d"."""

from __future__ import annotations

import re

from bot.errors import BadInput

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+)\s*([smhd])")
_WHOLE = re.compile(r"(?:\d+\s*[smhd]\s*)+")
# A feed is asked at most this often, and at least this rarely.
MIN_EVERY = 60
MAX_EVERY = 7 * 86400


def parse_every(text: str, least: int = MIN_EVERY, most: int = MAX_EVERY) -> int:
    """Seconds in "15m", "1h", "2h30m", "3d" (s, m, h, d), between `least` and `most`;
    BadInput saying what is accepted otherwise."""
    value = str(text).strip().lower().replace(" ", "")
    if not _WHOLE.fullmatch(value):
        raise BadInput(
            f"'{str(text)[:40]}' is not a duration: write it like 15m, 1h, 2h30m or 1d"
            " (s, m, h, d)."
        )
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(value))
    if not least <= seconds <= most:
        raise BadInput(
            f"'{text}' is out of range: give {every_label(least)} to {every_label(most)}."
        )
    return seconds


def every_label(seconds: int) -> str:
    """The shortest spelling of a duration: 900 → "15m", 5400 → "1h30m"."""
    if seconds <= 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
