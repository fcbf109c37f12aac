import pytest

from sdgplan.domain.display import format_number, format_value
from sdgplan.domain.periods import period_years
from sdgplan.i18n import use_language


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "text"),
    [
        (15.1, 1, "%", "15,1 %"),
        (186211, 0, None, "186 211"),
        (-0.7, 1, "%", "-0,7 %"),
        (1748, 0, None, "1748"),
        (18.0, 1, "%", "18,0 %"),
        (82104622, 0, None, "82 104 622"),
        (9999.6, 0, None, "10 000"),
        (-12345.5, 1, "kr", "-12 345,5 kr"),
        (0.63, 2, "%", "0,63 %"),
    ],
)
def test_norwegian_numbers(value, decimals, unit, text):
    assert format_value(value, decimals, unit) == text


def test_format_number_default_has_no_decimals():
    assert format_number(4.4) == "4"


@pytest.mark.parametrize(
    ("period", "years"),
    [
        ("2022", (2022, 2022)),
        ("2018-2019", (2018, 2019)),
        ("2023-01", (2023, 2023)),
        ("2023-01-31", (2023, 2023)),
    ],
)
def test_periods(period, years):
    assert period_years(period) == years


@pytest.mark.parametrize(
    "period", ["22", "2019-2018", "2023-13", "20230131", "2023-W05-1", "2023-02-30", "i fjor"]
)
def test_not_periods(period):
    with pytest.raises(ValueError, match=f"«{period}» er ikke en periode"):
        period_years(period)
    with use_language("en"), pytest.raises(ValueError, match=f"'{period}' is not a period"):
        period_years(period)
