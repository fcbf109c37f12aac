"""The period a report covers: the council term (kommunestyreperioden) of a four-year report."""

from __future__ import annotations

import re

from sdgplan.i18n import _

# Norway elects its municipal councils every four years in September: 2019, 2023, 2027 ...
# (valgloven § 9-2); the new council takes office in October of the election year.
ELECTION_YEAR = 2019
TERM_YEARS = 4


def council_term(year: int) -> tuple[int, int]:
    """The calendar years of the council term a four-year report with figures up to `year`
    looks back on: from the year after an election to the next election year.

    The report is written in the term's last year, with the figures of the year before, so
    figures up to 2022 (Asker's "4-årsrapport 2020-2023", figures for 2019-2022) belong to
    the term elected in 2019; figures up to an election year still belong to the term that
    ends that autumn, and the next term starts counting the year after.

    >>> council_term(2022), council_term(2023), council_term(2024)
    ((2020, 2023), (2020, 2023), (2024, 2027))
    """
    elected = year - 1 - (year - 1 - ELECTION_YEAR) % TERM_YEARS
    return elected + 1, elected + TERM_YEARS


def parse_period(text: str) -> tuple[int, int]:
    """`"2020-2023"` -> `(2020, 2023)`; a ValueError names the expected form."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", text)
    if match is None:
        raise ValueError(
            _("Ugyldig periode «{text}»; skriv FØRSTE-SISTE, for eksempel 2020-2023").format(
                text=text
            )
        )
    first, last = int(match[1]), int(match[2])
    if first > last:
        raise ValueError(
            _("Ugyldig periode «{text}»: {first} er etter {last}").format(
                text=text, first=first, last=last
            )
        )
    return first, last


def year_ranges(years: list[int]) -> str:
    """`[2015, 2016, 2017, 2019]` -> `"2015-2017, 2019"`: years as a reader scans them."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
