"""Periods of observations: a year, a range of years, a month or a date."""

from __future__ import annotations

import datetime as dt
import re

from sdgplan.i18n import _

_YEAR = re.compile(r"([0-9]{4})")
_RANGE = re.compile(r"([0-9]{4})-([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_year(text: str) -> int:
    """A year written with four digits 0-9, e.g. `2015`."""
    if not _YEAR.fullmatch(text.strip()):
        raise ValueError(_("«{text}» er ikke et årstall (skriv f.eks. 2015)").format(text=text))
    return int(text)


def parse_date(text: str) -> dt.date:
    """A date written `YYYY-MM-DD` (not the other forms ISO 8601 allows, such as 20210301)."""
    try:
        if _DATE.fullmatch(text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise ValueError(_("«{text}» er ikke en dato: skriv ÅÅÅÅ-MM-DD").format(text=text))


def period_years(period: str) -> tuple[int, int]:
    """The first and last year a period covers; ValueError if it is not a period.

    >>> period_years("2018-2019"), period_years("2023-01-31")
    ((2018, 2019), (2023, 2023))
    """
    text = period.strip()
    if match := _YEAR.fullmatch(text):
        return int(match.group(1)), int(match.group(1))
    if match := _RANGE.fullmatch(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last:
            return first, last
    elif match := _MONTH.fullmatch(text):
        if 1 <= int(match.group(2)) <= 12:
            return int(match.group(1)), int(match.group(1))
    elif _DATE.fullmatch(text):
        try:
            year = dt.date.fromisoformat(text).year
        except ValueError:
            pass
        else:
            return year, year
    raise ValueError(
        _(
            "«{period}» er ikke en periode (skriv et år 2022, et intervall 2018-2019, en måned "
            "2023-01 eller en dato 2023-01-31)"
        ).format(period=period)
    )


def is_year(period: str) -> bool:
    """True for a single year ("2022"), the periods yearly series are made of."""
    return bool(_YEAR.fullmatch(period))


def period_sort_key(period: str) -> tuple[int, int, str]:
    first, last = period_years(period)
    return first, last, period
