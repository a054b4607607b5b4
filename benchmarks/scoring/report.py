"""A benchmark's numbers: one Metric each, their targets, the table, the verbose sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The goals a metric is judged against: key -> (value, comparison).
TARGETS: dict[str, tuple[float, str]] = {
    "dates.value_f1": (0.88, ">="),
    "dates.value_precision": (0.90, ">="),
    "ce_names.mention_recall": (0.97, ">="),
    "ce_names.canonical_recall": (0.85, ">="),
    "ce_names.outlet_actors": (0, "<="),
    "who.recall": (0.80, ">="),
    "whois.mean_share": (0.90, ">="),
    "seed.passed": (1.0, ">="),
    "lookup.found": (0.95, ">="),
    "fragmentation.mean_entities": (1.05, "<="),
    "apart.together": (0, "<="),
    "since.recall": (0.99, ">="),
    "since.returned_before": (0, "<="),
    "since.misdated": (0, "<="),
    "itemdates.far_share": (0.005, "<="),
    "itemdates.since_pages": (1.0, ">="),
    "itemdates.digest_violations": (0, "<="),
    "itemdates.roles_h1": (0.90, ">="),
    "itemdates.roles": (0.90, ">="),
    "kinds.labelled_h2": (0.95, ">="),
    "kinds.meantime": (0.95, ">="),
    "strays.surname": (0, "<="),
    "strays.generic": (0, "<="),
    "strays.function_word": (0, "<="),
}
# The order of the table's rows, by the part before the key's dot.
ORDER = ("dates", "names", "ce_names", "who", "whois", "lookup", "fragmentation", "apart", "seed")
# A metric measured on part of the corpus keeps its key with this suffix, and its target.
HALF_SUFFIX = "_h2"
HALF_LABEL = "July–December"
VERBOSE_ROWS = 60


@dataclass
class Metric:
    key: str
    label: str
    value: float
    shown: str | None = None  # display form, e.g. "27/27"

    @property
    def target(self) -> tuple[float, str] | None:
        return TARGETS.get(self.key.removesuffix(HALF_SUFFIX))

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        goal, way = self.target
        return self.value >= goal if way == ">=" else self.value <= goal


@dataclass
class Section:
    """The errors behind a score, shown with --verbose: a title and up to `limit` lines."""

    title: str
    lines: list[str]
    limit: int | None = VERBOSE_ROWS

    def render(self) -> str:
        shown = self.lines if self.limit is None else self.lines[: self.limit]
        out = [f"\n== {self.title} ({len(self.lines)})", *("  " + line for line in shown)]
        if len(shown) < len(self.lines):
            out.append(f"  … {len(self.lines) - len(shown)} more")
        return "\n".join(out)


def on_second_half(metrics: Sequence[Metric]) -> list[Metric]:
    """The same metrics measured on July–December only: keys and labels marked, targets kept."""
    return [
        Metric(m.key + HALF_SUFFIX, f"{m.label} ({HALF_LABEL})", m.value, m.shown) for m in metrics
    ]


def in_table_order(metrics: Sequence[Metric]) -> list[Metric]:
    """The metrics grouped by part in ORDER, each part's own order kept."""
    order = {part: i for i, part in enumerate(ORDER)}
    return sorted(metrics, key=lambda m: order.get(m.key.split(".")[0], len(ORDER)))


def _fmt(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def render_table(metrics: Sequence[Metric], baseline: dict[str, float] | None = None) -> str:
    """Plain-text table: metric, value, target, baseline, result."""
    rows = [("metric", "value", "target", "baseline", "result")]
    for m in metrics:
        target = f"{m.target[1]} {_fmt(m.target[0])}" if m.target else ""
        if m.key == "seed.passed" and m.target:
            target = "all"
        base = baseline.get(m.key) if baseline else None
        result = "info" if m.passed is None else ("pass" if m.passed else "FAIL")
        rows.append(
            (m.label, m.shown or _fmt(m.value), target, "" if base is None else _fmt(base), result)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
