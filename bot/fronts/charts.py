"""PNG charts for chat: an entity's weekly timeline and the digest's busiest entities.

Handlers return the counts; the fronts draw them here: Discord attaches the picture,
Slack uploads it, the console and the command line save it and show its path.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global
figure state), so charts can be made in worker threads. Colours are the Okabe–Ito
palette, distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.digest.days import days_after, days_before
from bot.fronts.common import chart_title, shorten
from bot.replies import OTHERS, DigestReply, TimelineReply

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design"; black is kept for text.
OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
)
OTHERS_COLOUR = "#999999"  # grey: "others" is the remainder, not a series of its own
# 10 × 5 inches at 100 dpi: 1000 × 500 pixels, readable in a chat window.
TIMELINE_SIZE = (10.0, 5.0)
DIGEST_SIZE = (8.0, 4.0)
DPI = 100
# The digest carries a chart of its busiest entities from this many events.
CHART_MIN_EVENTS = 5
# A week's bar, in days (a gap of one between weeks).
BAR_DAYS = 6


def _new_figure(**options: Any) -> Figure:
    """A figure on the Agg canvas. matplotlib is imported here, on the first chart, so
    starting the bot or answering /who never pays for it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(**options)


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _trim(text: str, limit: int = 28) -> str:
    return shorten(text, limit)


def timeline_chart(
    title: str,
    series: Mapping[str, Mapping[str, int]],
    order: Sequence[str],
) -> bytes:
    """Stacked weekly bars: `series` is week start (ISO) → {label: events}; `order` is the
    stacking (and legend) order of the labels, bottom first."""
    fig = _new_figure(figsize=TIMELINE_SIZE, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    weeks = [dt.date.fromisoformat(w) for w in series]
    # Over decades a week's bar would be under a pixel wide: at least a 300th of the span.
    span = (max(weeks) - min(weeks)).days if weeks else 0
    wide = max(BAR_DAYS, span / 300)
    # matplotlib dates end with 9999: a bar that would pass the calendar's end ends on it.
    starts = [min(w, days_before(dt.date.max, math.ceil(wide))) for w in weeks]
    bottoms = [0] * len(weeks)
    colours = {
        label: OTHERS_COLOUR if label == OTHERS else OKABE_ITO[i % len(OKABE_ITO)]
        for i, label in enumerate(order)
    }
    for label in order:
        heights = [series[w].get(label, 0) for w in series]
        if not any(heights):
            continue
        ax.bar(
            starts,
            heights,
            width=wide,
            bottom=bottoms,
            align="edge",
            color=colours[label],
            edgecolor="white",
            linewidth=0.5,
            label=_trim(label),
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    ax.set_title(title, fontsize=14, loc="left")
    ax.set_xlabel("Week (starting Monday)", fontsize=11)
    ax.set_ylabel("Events", fontsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=10)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if weeks:
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        ax.set_xlim(*_date_limits(weeks))
        locator = AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.legend(
            title="With",
            fontsize=10,
            title_fontsize=10,
            loc="upper left",
            frameon=False,
            bbox_to_anchor=(1.0, 1.0),
        )
    else:
        ax.text(0.5, 0.5, "No events", ha="center", va="center", transform=ax.transAxes)
    return _png(fig)


def _date_limits(weeks: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    """The x-axis: the weeks with a margin either side (as matplotlib's own, a twentieth),
    kept within years 1 to 9999, where matplotlib's dates (and Python's) end."""
    span = (max(weeks) - min(weeks)).days
    first, last = min(weeks), days_after(max(weeks), max(BAR_DAYS, span // 300 + 1))
    margin = max(3, (last - first).days // 20)
    return days_before(first, margin), days_after(last, margin)


def activity_chart(title: str, counts: Sequence[tuple[str, int]], limit: int = 8) -> bytes:
    """Horizontal bars of the most active entities, the busiest on top."""
    shown = list(counts)[:limit]
    fig = _new_figure(figsize=DIGEST_SIZE, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    names = [_trim(n, 32) for n, _ in reversed(shown)]
    values = [c for _, c in reversed(shown)]
    ax.barh(names, values, color=OKABE_ITO[3])
    for y, value in enumerate(values):
        ax.text(value, y, f" {value}", va="center", fontsize=10)
    ax.set_title(title, fontsize=13, loc="left")
    ax.set_xlabel("Events", fontsize=11)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def timeline_png(reply: object) -> bytes | None:
    """The chart of a timeline that found its entity (None for any other reply)."""
    if not isinstance(reply, TimelineReply) or reply.entity is None:
        return None
    return timeline_chart(chart_title(reply), reply.series, reply.order)


def digest_chart(reply: DigestReply, day: dt.date) -> bytes | None:
    """A bar chart of the day's most active entities (PNG), or None under 5 events."""
    if sum(len(s.reports) for s in reply.stories) < CHART_MIN_EVENTS:
        return None
    if not reply.activity:
        return None
    return activity_chart(f"Most active — {day.isoformat()}", list(reply.activity))


def chart_dir() -> Path:
    """Where the console and the command line save charts."""
    return Path(tempfile.gettempdir()) / "briefing-charts"


def save_chart(reply: object, now: dt.datetime) -> str | None:
    """For fronts that show a path, not a picture: draw a timeline's chart and write it
    to a file; where (None for a reply without a chart)."""
    png = timeline_png(reply)
    if png is None:
        return None
    assert isinstance(reply, TimelineReply) and reply.entity is not None
    slug = re.sub(r"[^a-z0-9]+", "-", reply.entity.name.lower()).strip("-")[:60] or "entity"
    folder = chart_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"timeline-{slug}-{now.date().isoformat()}.png"
    path.write_bytes(png)
    return str(path)
