"""The grammar of date expressions: the patterns that recognise each form, the
normalisation a text goes through before it is matched, and reading matched words as
numbers. Every pattern is used with `fullmatch` on normalised, lower-case text.
"""

from __future__ import annotations

import re
import unicodedata

from bot.extraction.dates.vocabulary import (
    DECADE_WORDS,
    HOLIDAYS,
    LEADING_WORDS,
    MONTHS,
    NUMBERS,
    PERIOD_PARTS,
    WEEKDAYS,
)

MAX_EXPRESSION = 100  # DATE spans are short; a cap keeps the splitting patterns linear-ish

# --- pieces ---------------------------------------------------------------------------

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WD = rf"(?P<wd>{'|'.join(WEEKDAYS)})"
_UNIT = r"(?P<unit>day|week|month|year|decade)(?P<pl>s?)"
_NUM = r"(?P<n>\d{1,4}|" + "|".join(NUMBERS) + ")"
_PART = r"(?: (?:morning|afternoon|evening|night))?"
_OF_REST = r"(?:,? (?:of )?(?P<rest>.+))?"

# --- calendar dates -------------------------------------------------------------------

ISO = re.compile(r"(?P<year>\d{4})[-/](?P<m>\d{1,2})[-/](?P<day>\d{1,2})")
MON_DAY = re.compile(rf"(?:{_WD},? )?{_MON} (?:the )?{_DAY}(?:,? {_YEAR})?")
DAY_MON = re.compile(rf"(?:{_WD},? )?(?:the )?{_DAY} (?:of )?{_MON},?(?: {_YEAR})?")
MON_YEAR = re.compile(rf"{_MON},?(?: (?:of )?{_YEAR})?")
YEAR_ONLY = re.compile(r"(?:year )?(?P<year>[12]\d{3})")
DECADE = re.compile(r"(?P<dec>[12]\d{2}0|'?\d0)'?s")
DECADE_WORD = re.compile(rf"(?P<word>{'|'.join(DECADE_WORDS)})")  # "the sixties"
CENTURY = re.compile(r"(?P<c>\d{1,2})(?:st|nd|rd|th)[- ]century")
HOLIDAY = re.compile(
    rf"(?P<name>{'|'.join(sorted(map(re.escape, HOLIDAYS), key=len, reverse=True))})"
    r"(?: (?P<year>\d{4}))?"
)
SHORT_YEAR = re.compile(r"'(?P<yy>\d{2})")  # "'82": a two-digit year

# --- relative to the publication date -------------------------------------------------

DAY_WORD = re.compile(
    r"(?:earlier |later )?(?P<w>today|tonight|yesterday|tomorrow|last night|this morning"
    r"|this afternoon|this evening|(?:the )?day (?:before yesterday|after tomorrow)"
    r"|(?:the )?(?:previous|preceding|following|next) day|the day before|the day after)" + _PART
)
# "the day", "the same day", "that day", "later in the day": the day last named before it.
ANAPHORIC_DAY = re.compile(
    r"(?:(?:earlier|later)(?: in)? )?(?:the |that |this )?(?:same |very )?day"
)
WEEKDAY = re.compile(
    r"(?:earlier |later )?(?:(?P<mod>last|next|this|this past|this coming|coming|past) )?"
    + _WD
    + _PART
)
PERIOD = re.compile(
    r"(?:(?P<side>earlier|later) )?(?P<mod>this|current|last|previous|this past|next|coming"
    r"|following|this coming) (?P<unit>week|month|quarter|year)"
)
AGO = re.compile(rf"{_NUM} {_UNIT} ago")
PAST_N = re.compile(rf"(?:past|last|previous) (?:{_NUM} )?{_UNIT}")
RECENT = re.compile(r"(?:(?:past|last) (?:few|several) |recent )(?P<unit>day|week|month)s")
WEEKEND = re.compile(r"(?:(?P<mod>this|last|past|this past|next|coming) )?weekend")

# --- parts of a period ----------------------------------------------------------------

QUARTER = re.compile(
    r"(?:(?P<year>\d{4}) )?(?:(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter"
    r"|q(?P<q>[1-4]))" + _OF_REST
)
HALF = re.compile(
    r"(?:(?P<year>\d{4}) )?(?:(?P<ord>first|second|1st|2nd)[- ]half|h(?P<q>[12]))" + _OF_REST
)
THIRD = re.compile(rf"(?P<pos>{'|'.join(PERIOD_PARTS)})[- ]?(?P<rest>.+)")
SEASON = re.compile(
    r"(?:(?P<mod>this|last|next|past|this past|coming|the coming|the) )?"
    r"(?P<season>spring|summer|autumn|fall|winter)(?: of)?(?: (?P<year>\d{4}))?"
)

# --- months and weeks anchored on a year ----------------------------------------------

# "the last week of March": the last full week (Monday to Sunday) inside the month.
LAST_WEEK_OF = re.compile(rf"(?:the )?(?P<which>last|first) (?:full )?week of {_MON}(?: {_YEAR})?")
MON_MOD = re.compile(rf"(?P<mod>last|next|this|this past|past|coming) {_MON}")  # "last May"
MON_OF_YEAR = re.compile(rf"{_MON},? (?:of )?(?P<rel>last|next|this) year")

# --- two-sided ranges -----------------------------------------------------------------

RANGE_SEP = re.compile(r" ?- ?| (?:to|through|until|till|and) ")
DAY_SPAN = re.compile(
    rf"{_MON} (?P<d1>\d{{1,2}})(?:st|nd|rd|th)? ?- ?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,? {_YEAR})?"
)
HAS_YEAR = re.compile(r"\b\d{4}\b")

# --- normalisation --------------------------------------------------------------------

LEADING_WORD = re.compile(rf"^(?:{'|'.join(LEADING_WORDS)})\s+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s$")  # "Tuesday's" but not "1990's"


def strip_leading_words(s: str) -> str:
    """Without the words in front that do not change it: "since the 1990s" → "1990s"."""
    while (m := LEADING_WORD.match(s)) is not None:
        s = s[m.end() :]
    return s


def normalise(text: str) -> str:
    """The text as the patterns expect it: lower case, plain quotes and dashes, one space."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = _POSSESSIVE.sub("", _SPACES.sub(" ", s).strip(" .,;:!?()[]\"'"))
    return strip_leading_words(s)


def month_of(match: re.Match[str]) -> int:
    """The month (1..12) a match's ``mon`` group names."""
    return MONTHS[match["mon"][:3]]


def count_of(word: str | None) -> int:
    """A matched count ("3", "three", "a"); a missing one is 1."""
    return 1 if word is None else (int(word) if word.isdigit() else NUMBERS[word])
