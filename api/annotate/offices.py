"""Who held an office on a date: ``THE PRESIDENT:`` on a 2012 White House transcript is Barack Obama.

Transcripts often label a head of government by office alone and never write the name. Readers resolve it from
the date, and so do the gold conventions; a short table of the offices that are labelled this way does the same.
Only the offices whose holders are unambiguous by date are listed; an office the table does not know, or a
document with no date, keeps the office as the speaker's name.
"""

from __future__ import annotations

from datetime import date

# (first day in office, holder), oldest first.
_HOLDERS: dict[str, tuple[tuple[date, str], ...]] = {
    "president": (
        (date(1981, 1, 20), "Ronald Reagan"),
        (date(1989, 1, 20), "George H. W. Bush"),
        (date(1993, 1, 20), "Bill Clinton"),
        (date(2001, 1, 20), "George W. Bush"),
        (date(2009, 1, 20), "Barack Obama"),
        (date(2017, 1, 20), "Donald Trump"),
        (date(2021, 1, 20), "Joe Biden"),
        (date(2025, 1, 20), "Donald Trump"),
    ),
    "vice president": (
        (date(1981, 1, 20), "George H. W. Bush"),
        (date(1989, 1, 20), "Dan Quayle"),
        (date(1993, 1, 20), "Al Gore"),
        (date(2001, 1, 20), "Dick Cheney"),
        (date(2009, 1, 20), "Joe Biden"),
        (date(2017, 1, 20), "Mike Pence"),
        (date(2021, 1, 20), "Kamala Harris"),
        (date(2025, 1, 20), "JD Vance"),
    ),
    "prime minister": (
        (date(1979, 5, 4), "Margaret Thatcher"),
        (date(1990, 11, 28), "John Major"),
        (date(1997, 5, 2), "Tony Blair"),
        (date(2007, 6, 27), "Gordon Brown"),
        (date(2010, 5, 11), "David Cameron"),
        (date(2016, 7, 13), "Theresa May"),
        (date(2019, 7, 24), "Boris Johnson"),
        (date(2022, 9, 6), "Liz Truss"),
        (date(2022, 10, 25), "Rishi Sunak"),
        (date(2024, 7, 5), "Keir Starmer"),
    ),
}
_EARLIEST = {office: holders[0][0] for office, holders in _HOLDERS.items()}


def office_holder(office: str, on: date | None) -> str | None:
    """The holder of ``office`` ("president", "the prime minister") on ``on``, or None when not known."""
    key = " ".join(w for w in office.lower().split() if w not in ("the", "mr.", "mr", "madam"))
    holders = _HOLDERS.get(key)
    if holders is None or on is None or on < _EARLIEST[key]:
        return None
    holder = None
    for since, name in holders:
        if since <= on:
            holder = name
    return holder
