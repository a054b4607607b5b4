"""The words of date expressions, as data: months, weekdays, numbers, holidays, seasons,
and the modifiers and day words with what they mean."""

from __future__ import annotations

MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}  # first three letters -> 1..12
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}  # -> date.weekday()
NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
} | {"a": 1, "an": 1}
# Which quarter or half: "first" and "1st" are 1, ... "fourth" and "4th" are 4.
ORDINALS = {
    w: i % 4 + 1
    for i, w in enumerate(["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"])
} | {"final": 4}
HOLIDAYS = {  # name -> (month, day)
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year": (1, 1),
    "new year's": (1, 1),
    "new year's eve": (12, 31),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "independence day": (7, 4),
}
# "early", "mid", "late" December, "the end of the year": a part of a period, dated by the
# whole period (TimeML gives "early June" the value of June, with a modifier).
PERIOD_PARTS = [
    "early",
    "beginning of",
    "start of",
    "mid",
    "middle of",
    "late",
    "end of",
    "close of",
]
# "the sixties": a decade of the latest century in which it has begun.
DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
# Meteorological seasons of the northern hemisphere: the first of their three months.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# "recent days": how many days back the vague period reaches ("recent years" stays vague).
RECENT_DAYS = {"day": 7, "week": 30, "month": 180}

# Days named relative to the publication day, and how far from it they are.
DAY_WORD_OFFSETS = {
    "tomorrow": 1,
    "yesterday": -1,
    "last night": -1,
    "day before yesterday": -2,
    "day after tomorrow": 2,
    "previous day": -1,
    "preceding day": -1,
    "day before": -1,
    "following day": 1,
    "next day": 1,
    "day after": 1,
}  # every other day word ("today", "tonight", "this morning") is the publication day
# "last week", "next quarter": how many periods from the publication date's own.
PERIOD_SHIFTS = {
    "last": -1,
    "previous": -1,
    "this past": -1,
    "next": 1,
    "coming": 1,
    "following": 1,
    "this coming": 1,
}  # "this", "current": the period itself

# Modifiers of a weekday, weekend, month or season that point before or after publication.
BACKWARD = frozenset({"last", "past", "this past"})
# Words by which a date points back from the moment of writing ("yesterday", "two days
# ago", "last week", "earlier this week"): a verb in the present cannot be dated by one.
LOOKING_BACK = frozenset({"yesterday", "ago", "last", "earlier", "previous", "past"})
FORWARD = frozenset({"next", "coming", "this coming", "the coming"})

# Words in front of an expression that do not change it: "on Friday", "since 2015".
LEADING_WORDS = [
    "the",
    "on",
    "in",
    "since",
    "by",
    "until",
    "till",
    "during",
    "over",
    "from",
    "at",
    "of",
    "for",
    "within",
]
