"""`sdgplan benefits import | show | export` on the Asker example and on the small Oslo
municipality of the report tests."""

import pytest
from click.testing import CliRunner

import sdgplan.cli.benefits  # noqa: F401  (registers `sdgplan benefits`)
from sdgplan.examples import example_path
from tests.reports.oslo import oslo_database
from tests.test_cli import problems, run
from tests.web.test_pages import asker_database

ASKER = example_path("asker", "benefits-2019.yaml")
OSLO_BENEFITS = """\
format: sdgplan-benefits
municipality: '0301'
key: gevinster-2020
title: Gevinster
baseline_year: 2020
areas:
- key: tjenester
  name: Tjenester
  benefits:
  - key: andel
    text: Større andel
    indicator: andel
    expected: 12.5
    expected_year: 2023
  - key: antall
    text: Færre tilfeller
    indicator: antall
    expected: 3
    expected_year: 2024
"""


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("asker"))
    run(CliRunner(), "benefits", "import", ASKER, "--db", url)
    return url


def test_show_on_asker_lists_the_seven_areas_with_verdicts(runner, asker_url):
    out = run(runner, "benefits", "show", "--db", asker_url).stdout
    lines = out.splitlines()
    assert lines[:2] == [
        "Plan for gevinstrealisering (gevinster-2019): nullpunkt 2019, mål 2023 (illustrativ)",
        "Vurdert for 2022",
    ]
    areas = [line for line in lines if line and not line.startswith(" ")][2:]
    assert areas == [
        "Tjenesteproduksjon",
        "Samfunnsutvikling",
        "Økonomisk robusthet",
        "Demokratisk arena",
        "Klima, miljø og bærekraft",
        "Innovasjon, SmartBy og digitalisering",
        "Arbeidsgiverutvikling",
    ]
    at = lines.index("  - Lavere direkte klimagassutslipp i askersamfunnet [klima-direkte-utslipp]")
    assert lines[at + 1] == (
        "    nullpunkt 2019: 186 211 | siste: 178 984 (2021) | endring: nedgang på 7227 "
        "(bedring) | forventet: 160 000 i 2023"
    )
    assert lines[at + 2].startswith(
        "    Følg med: Endring fra nullpunktet 2019 til 2021: nedgang på 7227 (bedring). "
    )
    at = lines.index("  - Lavere sykefravær [medarbeidere-sykefravaer]")
    assert lines[at + 1 : at + 3] == [
        "    nullpunkt 2019: – | forventet: 7,0 % i 2023",
        "    Ikke målt: Sykefraværspersent har ingen målt verdi i nullpunktsåret 2019 (ikke målt).",
    ]
    assert lines[-1] == (
        "  Samlet: Ikke vurdert: 0 i rute, 0 følges med, 0 utenfor, 2 ikke vurdert av "
        "2 indikatorer."
    )


def test_show_a_chosen_year_and_in_english(runner, asker_url):
    out = run(runner, "benefits", "show", "--year", "2020", "--db", asker_url).stdout
    assert "Vurdert for 2020" in out
    assert (
        "nullpunkt 2019: 15,1 % | siste: 18,1 % (2020) | endring: økning på 3,0 prosentpoeng" in out
    )
    out = run(runner, "--lang", "en", "benefits", "show", "--db", asker_url).stdout
    assert "Assessed for 2022" in out
    assert (
        "    Not measured: Sykefraværspersent has no measured value in the baseline year 2019 "
        "(not measured)." in out
    )


def test_an_unknown_plan_is_a_clear_error(runner, asker_url):
    result = run(runner, "benefits", "show", "--plan", "nei", "--db", asker_url, ok=False)
    assert result.stderr == ("Feil: Ukjent gevinstplan «nei»\nLagrede planer: gevinster-2019\n")


def test_export_imports_back_unchanged(runner, asker_url, tmp_path):
    out = tmp_path / "gevinster.yaml"
    run(runner, "benefits", "export", "--out", out, "--db", asker_url)
    text = out.read_text(encoding="utf-8")
    assert "key: gevinster-2019" in text and "name: Klima, miljø og bærekraft" in text
    result = run(runner, "benefits", "import", out, "--db", asker_url)
    assert result.stdout.startswith(
        "Gevinstplanen «gevinster-2019» (15 gevinster) for Asker er uendret"
    )


def test_oslo_import_show_and_an_unknown_indicator(runner, tmp_path):
    url = oslo_database(tmp_path)
    path = tmp_path / "oslo-gevinster.yaml"
    path.write_text(OSLO_BENEFITS.replace("indicator: antall", "indicator: mangler"), "utf-8")
    result = run(runner, "benefits", "import", path, "--db", url, ok=False)
    assert problems(result.stderr) == [
        (
            17,
            16,
            "Ukjent indikator «mangler»: kommunen har ingen indikator med den nøkkelen; "
            "importer indikatorene først",
        )
    ]
    path.write_text(OSLO_BENEFITS, "utf-8")
    result = run(runner, "benefits", "import", path, "--db", url)
    assert result.stdout.startswith(
        "Importert gevinstplanen «gevinster-2020» (2 gevinster) for Oslo"
    )
    lines = run(runner, "benefits", "show", "--db", url).stdout.splitlines()
    assert lines[:4] == [
        "Gevinster (gevinster-2020): nullpunkt 2020",
        "Vurdert for 2021",
        "",
        "Tjenester",
    ]
    assert lines[5] == (
        "    nullpunkt 2020: 8,5 enhet | siste: 11,0 enhet (2021) | endring: økning på 2,5 enhet "
        "(bedring) | forventet: 12,5 enhet i 2023"
    )
    assert lines[8] == (
        "    nullpunkt 2020: 4 | siste: 6 (2021) | endring: økning på 2 (forverring) | "
        "forventet: 3 i 2024"
    )
    assert lines[9].startswith("    Utenfor: Endring fra nullpunktet 2020 til 2021: økning på 2")
    assert lines[10].startswith("  Samlet: ")


def test_the_example_loader_loads_the_plan_once(asker_url):
    from sdgplan.benefits import load_benefits_example
    from sdgplan.store import benefit_repo
    from sdgplan.store.change_log import load_log
    from sdgplan.store.db import make_engine, session_scope

    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        before = len(load_log(session, "3203", entity="benefit_plan", limit=None))
        counts = load_benefits_example(session, example_path("asker"), "3203", "test")
        assert counts == {"benefit_plans": 1}
        [plan] = benefit_repo.load_benefit_plans(session, "3203")
        assert (plan.baseline_year, plan.illustrative, len(plan.areas)) == (2019, True, 7)
        assert all(1 <= len(area.benefits) <= 3 for area in plan.areas)
        # loading twice changes nothing
        assert len(load_log(session, "3203", entity="benefit_plan", limit=None)) == before
    engine.dispose()
