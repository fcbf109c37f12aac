"""The report's SDG view (issue 15, item 5): the overview chart of the 17 goals (official
colour, number, name, counts and verdicts written out) on one printed page, and a short part
per SDG the plan refers to with the method tool's significance, prioritised targets and
benefits; Asker has method data, Oslo none."""

import re
import shutil
import subprocess
from html import unescape

import pytest

from sdgplan.domain.sdg import SDG_COLOURS
from sdgplan.loading import load_example
from sdgplan.reference import load_sdg_catalogue
from sdgplan.reports.model import build_report
from sdgplan.reports.pdf import write_pdf
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.oslo import oslo_database
from tests.web.test_sdg_overview import expected_counts


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('sdg-section') / 'asker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    engine.dispose()
    return url


def report_of(url, *, kind="four-year", lang="nb"):
    engine = make_engine(url)
    with session_scope(engine) as session:
        report = build_report(session, kind=kind, labels=chart_labels(lang))
    engine.dispose()
    return report


@pytest.fixture(scope="module")
def asker(asker_url):
    return report_of(asker_url)


@pytest.fixture(scope="module")
def asker_html(asker):
    return render_report(asker, lang="nb", interactive=True)


def section(html):
    start = html.index('<section class="part" id="baerekraftsmalene">')
    return html[start : html.index("</section>", start)]


def chart_tiles(html):
    part = section(html)
    chart = part[part.index('<ul class="sdg-chart"') : part.index("</ul>")]
    return {
        int(number): (colour, " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split()))
        for number, colour, body in re.findall(
            r'<li class="sdg-(\d+)" style="border-left-color: (#[0-9A-F]{6})">(.*?)</li>',
            chart,
            re.S,
        )
    }


def detail(html, number):
    part = section(html)
    start = part.index(f'id="sdg-{number}"')
    end = part.find('<h2 class="sdg"', start)
    return unescape(part[start : end if end > 0 else len(part)])


def test_chart_names_every_goal_in_its_colour_with_counts(asker, asker_html, asker_url):
    tiles = chart_tiles(asker_html)
    assert sorted(tiles) == list(range(1, 18))
    catalogue = load_sdg_catalogue()
    counts = expected_counts(asker_url)
    rollups = {int(r.name.split(" ")[0]): r for r in asker.assessment.rollups if r.level == "sdg"}
    words = {"on_track": "i rute", "watch": "følg med", "off_track": "utenfor"}
    for number, (colour, text) in tiles.items():
        assert colour == SDG_COLOURS[number]
        assert text.startswith(f"{number} {catalogue.goals[number].short_nb}")
        goals, strategies, indicators, _outcomes = counts[number]
        if not goals and not strategies:
            assert "Planen viser ikke til målet" in text
            continue
        assert f"{goals} mål · " in text and f" {indicators} indikator" in text, text
        assert re.search(rf"\b{strategies} strategi", text)
        for value, word in words.items():
            count = rollups[number].counts[value] if number in rollups else 0
            if count:
                assert f"{count} {word}" in text, (number, text)
    assert '<span class="symbol" aria-hidden="true">✖</span>' in section(asker_html)


def test_a_part_per_referred_sdg_with_significance_targets_and_benefits(asker_html):
    html = asker_html
    referred = {int(n) for n in re.findall(r'<h2 class="sdg" id="sdg-(\d+)"', section(html))}
    assert {3, 4, 9, 11, 13} <= referred
    assert not referred & {1, 2, 5}  # no goal or strategy of the plan refers to these
    eleven = detail(html, 11)
    assert "Kommunal betydning" in eleven
    assert "allmenn tilgang til grunnleggende behov som trygg bolig" in eleven
    assert "Delmål som betyr mest for kommunen: 11.1, 11.2, 11.3, 11.4, 11.6, 11.7, 11.a" in eleven
    assert "Prioriterte delmål (illustrativ vurdering)" in eleven
    assert "11.7 " in eleven and "viktighet 4,67, påvirkning 4,67" in eleven
    assert "Gevinster" in eleven
    assert "Flere nye boliger bygges tett, som leiligheter og rekkehus" in eleven
    assert "5 mål og 9 strategier i planen viser til bærekraftsmålet eller delmålene." in eleven
    # an SDG the plan refers to without method data: goals and indicators only
    sixteen = detail(html, 16)
    assert "Kommunal betydning" not in sixteen and "Indikatorer" in sixteen


def test_annual_report_and_english(asker_url):
    annual = render_report(report_of(asker_url, kind="annual"), lang="nb", interactive=True)
    assert "Kommunal betydning" in detail(annual, 11)
    assert len(chart_tiles(annual)) == 17
    english = render_report(report_of(asker_url, lang="en"), lang="en", interactive=True)
    tiles = chart_tiles(english)
    assert tiles[11][1].startswith("11 Sustainable cities and communities")
    assert "Municipal significance" in detail(english, 11)
    assert "importance 4.67, influence 4.67" in detail(english, 11)


def test_a_municipality_without_method_data(tmp_path):
    report = report_of(oslo_database(tmp_path))
    html = render_report(report, lang="nb", interactive=True)
    assert len(chart_tiles(html)) == 17
    part = section(html)
    assert '<h2 class="sdg"' in part  # Oslo's plan refers to some SDGs
    for absent in ("Kommunal betydning", "Prioriterte delmål", "Gevinster"):
        assert absent not in part


def test_chart_prints_on_one_page(asker, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: make test installs poppler-utils")
    path = tmp_path / "report.pdf"
    write_pdf(render_report(asker, lang="nb", interactive=False), path)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    page = next(p for p in pages if "Oversikt over bærekraftsmålene" in p and "Hver rute" in p)
    catalogue = load_sdg_catalogue()
    flat = " ".join(page.replace("\u2010\n", "").split())
    for number, goal in catalogue.goals.items():
        first_word = goal.short_nb.split()[0]
        assert re.search(rf"\b{number} {first_word}", flat), number
