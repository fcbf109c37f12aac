"""The period of a four-year report, and counts in running text."""

import pytest

from sdgplan.i18n import use_language
from sdgplan.reports.counts import counted, number_word
from sdgplan.reports.periods import council_term, parse_period, year_ranges


@pytest.mark.parametrize(
    ("year", "term"),
    [
        (2022, (2020, 2023)),  # Asker's "4-årsrapport 2020-2023", figures to 2022 (seed 001)
        (2020, (2020, 2023)),
        (2023, (2020, 2023)),  # an election year still closes the term elected before
        (2024, (2024, 2027)),
        (2027, (2024, 2027)),
        (2028, (2028, 2031)),
        (2019, (2016, 2019)),
    ],
)
def test_council_term(year, term):
    assert council_term(year) == term


def test_parse_period():
    assert parse_period("2019-2023") == (2019, 2023)
    assert parse_period(" 2020 – 2023 ") == (2020, 2023)
    with pytest.raises(ValueError, match="skriv FØRSTE-SISTE"):
        parse_period("2020")
    with pytest.raises(ValueError, match="2024 er etter 2020"):
        parse_period("2024-2020")
    with use_language("en"), pytest.raises(ValueError, match="2024 is after 2020"):
        parse_period("2024-2020")


def test_year_ranges():
    assert year_ranges([2022, 2015, 2016, 2017, 2019, 2020]) == "2015-2017, 2019-2020, 2022"
    assert year_ranges([]) == ""


def test_counts_in_words():
    nb = ("%(count)s satsingsområde", "%(count)s satsingsområder")
    assert counted(2, *nb, lang="nb") == "to satsingsområder"
    assert counted(8, *nb, lang="nb") == "åtte satsingsområder"
    assert counted(1, *nb, lang="nb") == "1 satsingsområde"
    assert counted(17, *nb, lang="nb") == "17 satsingsområder"
    assert [number_word(n, "en") for n in (1, 2, 12, 13)] == ["1", "two", "twelve", "13"]
