"""Dates: the temporal expressions of news text, and the dates and times users type.

- `vocabulary`: the words (months, weekdays, numbers, holidays, seasons, modifiers) as data.
- `grammar`: the patterns that recognise each form of date expression.
- `rules`: the decisions (the verb's tense, modifiers, granularity).
- `intervals`: the When interval and the calendar arithmetic that builds one.
- `resolution`: `interval_of`, one expression to a When against the publication date;
  `range_sides`, the two dates of a written range.
- `typed`: what a person types: `parse_user_date`, `parse_time`, `parse_zone`,
  `parse_rhythm`.
"""

from bot.extraction.dates.intervals import When, published_when
from bot.extraction.dates.resolution import interval_of, range_sides
from bot.extraction.dates.typed import (
    parse_rhythm,
    parse_time,
    parse_user_date,
    parse_zone,
    rhythm_weekday,
)

__all__ = [
    "When",
    "interval_of",
    "parse_rhythm",
    "parse_time",
    "parse_user_date",
    "parse_zone",
    "published_when",
    "range_sides",
    "rhythm_weekday",
]
