"""Issue 13: under a focus area's key-figure table, each key figure that other municipalities
have figures for is compared with their plain mean (the indicator page's "Sammenligning"),
in Norwegian and English; a key figure without others' figures shows none."""

import csv
import re
from importlib import resources

import pytest

from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.test_cli import run
from tests.web.test_pages import asker_database

COUNTRY = 357  # municipalities in the bundled register (2024)
# Oslo's `andel` (higher is better, unit "enhet") is 11.0 in 2021 and pending in 2022, so
# 2021 is its latest own year; Bærum's 2022 figure has no own figure to meet
OTHERS = (
    "andel,3201,2021,,12.5,,,\n"
    "andel,3203,2021,,14.0,,,\n"
    "andel,3301,2021,,9.0,,,\n"
    "andel,3201,2022,,20.0,,,\n"
)
# by hand: mean (11.0 + 12.5 + 14.0 + 9.0) / 4 = 11.625, distance 11.0 - 11.625 = -0.625,
# -0.625 / 11.625 = -5.38 %; two are higher, so Oslo is third of four
OSLO = {
    "nb": {
        "year": "2021",
        "own": "11,0 enhet",
        "group": "11,6 enhet",
        "method": f"uvektet snitt av 4 av {COUNTRY} kommuner i hele landet",
        "distance": "-0,6 enhet (-5,4 %)",
        "rank": "nr. 3 av 4",
    },
    "en": {
        "year": "2021",
        "own": "11,0 enhet",
        "group": "11,6 enhet",
        "method": f"unweighted mean of 4 of {COUNTRY} municipalities in the whole country",
        "distance": "-0,6 enhet (-5,4 %)",
        "rank": "no. 3 of 4",
    },
}
CAPTION = {"nb": "Sammenligning med andre kommuner", "en": "Comparison with other municipalities"}


def report_html(url: str, lang: str, *, kind: str = "four-year") -> str:
    """Gathered in Norwegian (the run's language) and rendered in `lang`, as the CLI does."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        report = build_report(session, kind=kind, labels=chart_labels(lang))
    engine.dispose()
    return render_report(report, lang=lang, interactive=False)


def comparisons(html: str) -> dict[str, dict[str, str]]:
    """indicator key -> the comparison's cells, read from the report's comparison tables."""
    found: dict[str, dict[str, str]] = {}
    for table in re.findall(r'<table class="key-figure-comparison">.*?</table>', html, re.S):
        for key, row in re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', table, re.S):
            found[key] = dict(re.findall(r'data-field="(\w+)">([^<]*)<', row))
    return found


def captions(html: str) -> list[str]:
    return re.findall(
        r'<table class="key-figure-comparison">\s*<caption>([^<]*)</caption>', html, re.S
    )


@pytest.fixture(scope="module")
def oslo_with_others(tmp_path_factory):
    return oslo_database(tmp_path_factory.mktemp("others"), extra_observations=OTHERS)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("kind", ["four-year", "annual"])
def test_oslo_key_figure_against_the_mean_by_hand(oslo_with_others, lang, kind):
    html = report_html(oslo_with_others, lang, kind=kind)
    # `antall` has Oslo's figures only: no row of its own
    assert comparisons(html) == {"andel": OSLO[lang]}
    assert captions(html) == [CAPTION[lang]]
    # under the first focus area's key-figure table, before its assessment
    key_figures = html.index('<table class="key-figures">')
    comparison = html.index('<table class="key-figure-comparison">')
    assert key_figures < comparison < html.index('<table class="key-figures">', key_figures + 1)
    assert html.count(".key-figure-comparison col.name") == 1  # its styles come with it
    assert "<script" not in html


def test_oslo_numbers_unbroken_in_a_wide_figure(tmp_path):
    """Thousands keep their space unbroken (a cell wraps before the unit, never inside)."""
    rows = "andel,3201,2021,,12345.0,,,\nandel,3203,2021,,23456.0,,,\n"
    html = report_html(oslo_database(tmp_path, extra_observations=rows), "nb")
    shown = comparisons(html)["andel"]
    # mean (11 + 12345 + 23456) / 3 = 11937.3, distance -11926.3 (-99.9 %), third of three
    assert shown["group"] == "11\u00a0937,3 enhet"
    assert shown["distance"] == "-11\u00a0926,3 enhet (-99,9 %)"
    assert shown["rank"] == "nr. 3 av 3"


def test_oslo_without_other_municipalities_shows_no_comparison(tmp_path):
    html = report_html(oslo_database(tmp_path), "nb")
    assert comparisons(html) == {}
    assert "key-figure-comparison" not in html  # neither the table nor its styles
    assert "Sammenligning med andre kommuner" not in html


def test_oslo_report_in_english_through_the_cli(runner, oslo_with_others, tmp_path):
    out = tmp_path / "report"
    run(runner, "report", "--no-pdf", "--lang", "en", "--out", out, "--db", oslo_with_others)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert comparisons(html) == {"andel": OSLO["en"]}


def asker_figures(indicator: str, year: str) -> dict[str, float]:
    """The example's whole-municipality figures of `indicator` in `year`, as plain CSV."""
    path = resources.files("sdgplan.examples") / "asker" / "observations.csv"
    with path.open(encoding="utf-8") as f:
        return {
            row["area"]: float(row["value"])
            for row in csv.DictReader(f)
            if row["indicator_id"] == indicator
            and row["period"] == year
            and re.fullmatch(r"\d{4}", row["area"])
            and not row["breakdown"]
            and row["value"]
        }


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_asker_compares_its_one_key_figure_with_others_figures(tmp_path, lang):
    """Of Asker's key figures only the kindergarten teachers' share has other
    municipalities' figures (Bærum's and Drammen's, 2022)."""
    values = asker_figures("utdanning-barnehagelaerere", "2022")
    assert sorted(values) == ["3201", "3203", "3301"]
    own = values["3203"]
    mean = sum(values.values()) / len(values)
    position = 1 + sum(1 for v in values.values() if v > own)  # higher is better
    gap = round(own - mean, 1)
    html = report_html(asker_database(tmp_path), lang)
    shown = comparisons(html)
    assert list(shown) == ["utdanning-barnehagelaerere"]
    row = shown["utdanning-barnehagelaerere"]
    assert row["own"] == f"{own:.1f} %".replace(".", ",")
    assert row["group"] == f"{mean:.1f} %".replace(".", ",")
    assert row["distance"] == f"{'+' if gap > 0 else ''}{gap:.1f} %-poeng".replace(".", ",")
    assert row["rank"] == ("nr. {} av 3" if lang == "nb" else "no. {} of 3").format(position)
    assert captions(html) == [CAPTION[lang]]
