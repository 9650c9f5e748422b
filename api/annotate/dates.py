"""The day a claim was made: the published date unless the sentence places the speech on another day.

Relative expressions (``on Tuesday``, ``yesterday``, ``last week``) are resolved against the published date,
always into the past, since news reports what was already said. A day and month without a year take the
published year, or the year before when that would put them after publication. Without a published date only
a full date (``March 5, 2024``) can date a claim; otherwise the date is None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: index + 1
    for index, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ABSOLUTE = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?", re.IGNORECASE
)
_DAY_FIRST = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\b(?:\s+(?P<year>\d{{4}}))?", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(yesterday|last week|last month|earlier this week|this week|today)\b", re.IGNORECASE)


def claim_date(sentence: str, published_on: date | None) -> date | None:
    """The date of the speech reported in ``sentence``."""
    absolute = _absolute(sentence, published_on)
    if absolute is not None:
        return absolute
    if published_on is None:
        return None
    m = _WEEKDAY.search(sentence)
    if m and m.group(1)[0].isupper():
        target = WEEKDAYS.index(m.group(1).lower())
        back = (published_on.weekday() - target) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        return published_on - timedelta(days=back)
    m = _RELATIVE.search(sentence)
    if m:
        phrase = m.group(1).lower()
        if phrase == "yesterday":
            return published_on - timedelta(days=1)
        if phrase == "last week":
            return published_on - timedelta(days=7)
        if phrase == "last month":
            return published_on - timedelta(days=30)
    return published_on


def _absolute(sentence: str, published_on: date | None) -> date | None:
    for pattern in (_ABSOLUTE, _DAY_FIRST):
        for m in pattern.finditer(sentence):
            month_word = m.group("month").lower()
            if not sentence[m.start("month")].isupper():
                continue
            month, day = MONTHS[month_word], int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else None
            if year is None:
                if published_on is None:
                    continue
                year = published_on.year
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if published_on is not None and not m.group("year") and found > published_on:
                found = found.replace(year=year - 1) if not (month == 2 and day == 29) else found
            return found
    return None
