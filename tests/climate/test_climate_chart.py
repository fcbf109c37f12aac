"""The climate budget of the Asker example and of a second, small municipality (Oslo): its
rows, its chart (valid Vega-Lite, with the emissions, the path and the gap in its data) and
the commands that show them."""

import json
from importlib import resources

import jsonschema
import pytest

import sdgplan.cli.climate  # noqa: F401  (registers `sdgplan climate`)
from sdgplan.climate import climate_budget, load_climate_example
from sdgplan.examples import example_path
from sdgplan.loading import load_example
from sdgplan.reports.charts import VEGA_LITE_SCHEMA, chart_html
from sdgplan.reports.climate_chart import climate_chart
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.oslo import oslo_database
from tests.test_cli import run

REFERENCE_2009 = 319_614  # 178 984 t in 2021 is 44 % below 2009 (seed 001)
TARGET_2030 = REFERENCE_2009 * 0.33


@pytest.fixture(scope="module")
def validator():
    schema_file = resources.files("altair").joinpath(
        "vegalite", "v6", "schema", "vega-lite-schema.json"
    )
    return jsonschema.Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('asker') / 'asker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
        counts = load_climate_example(session, example_path("asker"), "3203", "test")
    engine.dispose()
    assert counts == {"climate_emissions": 13, "climate_measures": 3}
    return url


@pytest.fixture(scope="module")
def asker_view(asker_url):
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        view = climate_budget(session, municipality="3203")
    engine.dispose()
    return view


def layer(spec, mark):
    found = [x for x in spec["layer"] if x["mark"]["type"] == mark]
    assert len(found) == 1
    return found[0]


def test_asker_carries_the_reports_figures(asker_view):
    totals = {row.year: row.emissions for row in asker_view.years if row.emissions}
    assert list(totals) == list(range(2009, 2022))
    assert (totals[2019], totals[2020], totals[2021]) == (186_211, 180_661, 178_984)
    assert totals[2009] == REFERENCE_2009
    assert round(1 - totals[2021] / totals[2009], 2) == 0.44  # "redusert med 44 prosent"
    assert all(m.illustrative for m in asker_view.budget.measures)


def test_asker_chart_shows_the_emissions_the_path_and_the_gap(asker_view, validator):
    chart = climate_chart(asker_view.budget, asker_view.years, municipality="Asker")
    spec = chart.spec
    assert not [e.message for e in validator.iter_errors(spec)]
    assert spec["$schema"] == VEGA_LITE_SCHEMA
    bars = layer(spec, "bar")["data"]["values"]
    assert [b["year"] for b in bars] == [str(y) for y in range(2009, 2022)]
    assert {b["year"]: b["tonnes"] for b in bars}["2021"] == 178_984
    assert {b["basis"] for b in bars} == {"rapportert", "avledet", "illustrativt"}
    lines = [x for x in spec["layer"] if x["mark"]["type"] == "line"]
    ceiling, projection = (x["data"]["values"] for x in lines)
    assert "strokeDash" not in lines[0]["mark"] and lines[1]["mark"]["strokeDash"]
    assert ceiling[0] == {"year": "2009", "tonnes": REFERENCE_2009}
    assert ceiling[-1]["year"] == "2030"
    assert ceiling[-1]["tonnes"] == pytest.approx(TARGET_2030)  # -67 %
    assert projection[0] == {"year": "2021", "tonnes": 178_984}
    assert projection[-1] == {"year": "2030", "tonnes": 178_984 - 1500 - 2500 - 3000}
    gaps = layer(spec, "area")["data"]["values"]
    assert gaps[-1]["year"] == "2030"
    assert gaps[-1]["gap"] == pytest.approx(171_984 - TARGET_2030)
    assert [g["year"] for g in gaps] == [str(y) for y in range(2023, 2031)]
    assert "mål -67 % fra 2009 til 2030" in spec["title"]["subtitle"]
    # axes and labels in the Norwegian number format
    assert layer(spec, "bar")["encoding"]["y"]["axis"]["format"] == ",~f"


def test_asker_show_and_chart_commands(runner, asker_url, tmp_path):
    shown = run(runner, "climate", "show", "--year", "2025", "--db", asker_url).output
    assert "Mål: -67 % direkte utslipp fra 2009 til 2030" in shown
    assert "2025           156 459       171 984  15 525" in shown
    out = tmp_path / "klima.json"
    run(runner, "climate", "chart", "--out", out, "--db", asker_url)
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert [x["mark"]["type"] for x in spec["layer"]] == ["area", "bar", "line", "line"]
    svg = tmp_path / "klima.svg"
    run(runner, "climate", "chart", "--out", svg, "--db", asker_url)
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "150\u00a0000" in text and "Utslippstak" in text


def test_the_html_chart_cannot_end_its_script(asker_view):
    chart = climate_chart(asker_view.budget, asker_view.years, municipality="</script><b>")
    page = chart_html(chart)
    assert "</script><b>" not in page
    assert page.count("</script>") == 3


OSLO_EMISSIONS = """\
År;Sektor;Kilde;Utslipp (tonn CO₂-ekvivalenter)
2020;Veitrafikk;Personbiler;300
2020;Oppvarming;;100
2020;Skog og arealbruk;;-50
2022;Veitrafikk;Personbiler;250
2022;Oppvarming;;90
"""
OSLO_BUDGET = """\
format: sdgplan-climate-budget
municipality: "0301"
target:
  reference_year: 2020
  target_year: 2024
  reduction_percent: 50
  path:
    - {year: 2020, ceiling: 400}
    - {year: 2022, ceiling: 300}
    - {year: 2024, ceiling: 200}
measures:
  - {key: trikk, name: Trikk, effect: 40, start_year: 2023, owner: Bymiljøetaten}
"""


def test_oslo_with_sectors_land_use_and_a_chosen_path(runner, tmp_path, validator):
    url = oslo_database(tmp_path)
    emissions, budget = tmp_path / "utslipp.csv", tmp_path / "klimabudsjett.yaml"
    emissions.write_text(OSLO_EMISSIONS, encoding="utf-8")
    budget.write_text(OSLO_BUDGET, encoding="utf-8")
    imported = run(runner, "climate", "import", emissions, "--db", url).output
    assert imported.startswith("Importert 5 utslippstall for Oslo")
    assert "1 tiltak" in run(runner, "climate", "import", budget, "--db", url).output
    shown = run(runner, "climate", "show", "--db", url).output.splitlines()
    assert shown[2:8] == [
        "År    Utslipp  Tak  Framskriving  Gap",
        "2020      400  400                  0",
        "2021           350",
        "2022      340  300           340   40",
        "2023           250           300   50",
        "2024           200           300  100",
    ]
    out = tmp_path / "oslo.json"
    run(runner, "climate", "chart", "--out", out, "--db", url)
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert not [e.message for e in validator.iter_errors(spec)]
    bars = layer(spec, "bar")["data"]["values"]
    assert {(b["year"], b["sector"]) for b in bars} == {
        ("2020", "Veitrafikk"),
        ("2020", "Oppvarming"),
        ("2022", "Veitrafikk"),
        ("2022", "Oppvarming"),
    }  # land use is not stacked with the direct emissions
    assert layer(spec, "area")["data"]["values"][-1] == {
        "year": "2024",
        "ceiling": 200,
        "level": 300,
        "gap": 100,
    }


def test_an_empty_budget_is_a_message(runner, tmp_path):
    url = oslo_database(tmp_path)
    result = run(runner, "climate", "show", "--db", url, ok=False)
    assert result.stderr.startswith("Feil: Oslo har ikke noe klimabudsjett\n")
