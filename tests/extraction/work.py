"""A deterministic measure of work for the growth tests: the Python lines a module runs.

Wall-clock time is noisy on a shared machine; the count of line events the tracer sees in
one module's code is the same on every run, and grows as the module's algorithm does (a
scan per match of a whole entity shows as n² lines, one pass as n).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType, ModuleType
from typing import Any


def lines_run(module: ModuleType, call: Callable[[], Any]) -> int:
    """How many lines of `module` run during `call()` (comprehension loops included)."""
    filename = module.__file__
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Callable | None:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: FrameType, event: str, arg: object) -> Callable | None:
        # Only frames of the module are followed line by line: spaCy's own Python is not
        # what is measured, and tracing it would make the run slow.
        return local if frame.f_code.co_filename == filename else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


def growth(measure: Callable[[int], int], size: int, factor: int = 4) -> float:
    """The work at `factor` times the size over the work at `size`: about `factor` for a
    linear algorithm, `factor`² for a quadratic one."""
    return measure(size * factor) / max(1, measure(size))
