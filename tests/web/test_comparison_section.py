"""Issue 13: the indicator page's "Sammenligning": the own figure against the country's plain
mean of the stored municipalities' figures, with the method, distance and rank, computed
here again from the example's observation file."""

import csv
import re
from importlib import resources

import pytest

from tests.browser import AT_DESKTOP_AND_320PX, axe_violations_at, pages_overflowing
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database, client_for

ASKER = "3203"
# the other municipalities stored with Asker's figures (Oslo, Bærum, Drammen, Lier)
MUNICIPALITIES = {"0301", "3201", ASKER, "3301", "3312"}
COUNTRY = 357  # municipalities in the bundled register (2024)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return client_for(asker_database(tmp_path_factory.mktemp("comparison")))


def figures(indicator: str, year: str) -> dict[str, float]:
    """The example's whole-municipality figures of `indicator` in `year`, read as plain CSV."""
    path = resources.files("sdgplan.examples") / "asker" / "observations.csv"
    with path.open(encoding="utf-8") as f:
        return {
            row["area"]: float(row["value"])
            for row in csv.DictReader(f)
            if row["indicator_id"] == indicator
            and row["period"] == year
            and row["area"] in MUNICIPALITIES
            and not row["breakdown"]
            and row["value"]
        }


def section(html: str) -> dict[str, str] | None:
    found = re.search(r'<section class="comparison".*?</section>', html, re.S)
    if found is None:
        return None
    cells = dict(re.findall(r'data-field="(\w+)">([^<]*)</td>', found.group(0)))
    cells["caption"] = re.search(r"<caption[^>]*>([^<]*)</caption>", found.group(0)).group(1)
    return cells


def nb(value: float, decimals: int) -> str:
    """Norwegian form, written out here: decimal comma, space between thousands."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text if abs(round(value, decimals)) >= 10_000 else text.replace(" ", "")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_share_with_direction_against_the_country_mean(asker, lang):
    values = figures("utdanning-barnehagelaerere", "2022")
    assert sorted(values) == ["3201", ASKER, "3301"]
    mean = sum(values.values()) / len(values)
    own = values[ASKER]
    better = sum(1 for v in values.values() if v > own)  # direction: higher
    worse = sum(1 for v in values.values() if v < own)
    shown = section(asker.get(f"/{lang}/indicators/utdanning-barnehagelaerere").text)
    assert shown is not None
    assert shown["own"] == f"{nb(own, 1)} %"
    assert shown["group"] == f"{nb(mean, 1)} %"
    gap = own - mean
    assert shown["distance"] == f"{'+' if gap > 0 else ''}{nb(gap, 1)} %-poeng"
    percentile = nb(100 * worse / (len(values) - 1), 1)
    if lang == "nb":
        assert shown["caption"] == "Asker og snittet for hele landet, 2022"
        assert shown["method"] == f"uvektet snitt av 3 av {COUNTRY} kommuner i hele landet"
        assert shown["rank"] == f"{better + 1} av 3 kommuner med tall (persentil {percentile})"
    else:
        assert shown["caption"] == "Asker and the mean of the whole country, 2022"
        assert shown["method"] == (
            f"unweighted mean of 3 of {COUNTRY} municipalities in the whole country"
        )
        assert shown["rank"] == (
            f"{better + 1} of 3 municipalities with figures (percentile {percentile})"
        )


def test_count_without_direction_has_distance_and_no_rank(asker):
    values = figures("innovasjon-arbeidsplasser", "2022")
    assert set(values) == MUNICIPALITIES
    mean = sum(values.values()) / len(values)
    gap = values[ASKER] - mean
    shown = section(asker.get("/nb/indicators/innovasjon-arbeidsplasser").text)
    assert shown is not None
    assert (shown["own"], shown["group"]) == (nb(values[ASKER], 0), nb(mean, 0))
    relative = nb(100 * gap / mean, 1)
    assert shown["distance"] == f"{nb(gap, 0)} ({relative} %)"
    assert shown["rank"] == "– (indikatoren har ingen retning)"


def test_no_section_without_other_municipalities(asker, tmp_path):
    # Asker's own series only, and a period range (not a single year) with others
    for key in ("okonomi-disposisjonsfond", "byer-boligproduksjon-snitt"):
        page = asker.get(f"/nb/indicators/{key}")
        assert page.status_code == 200 and section(page.text) is None
    oslo = client_for(oslo_database(tmp_path))
    page = oslo.get("/nb/indicators/andel")
    assert page.status_code == 200 and section(page.text) is None
    assert "Sammenligning" not in page.text


@AT_DESKTOP_AND_320PX
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_section_passes_axe_and_fits_a_small_screen(browser, asker_site_url, lang, viewport):
    url = f"{asker_site_url}/{lang}/indicators/utdanning-barnehagelaerere"
    assert axe_violations_at(browser, [url], viewport=viewport) == {}
    assert pages_overflowing(browser, [url]) == []
