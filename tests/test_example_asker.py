"""The bundled Asker example against the four-year report it was transcribed from."""

import re
from pathlib import Path

import pytest

from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import ObservationStatus, ThematicPlanStatus
from sdgplan.domain.plan import VersionKind
from sdgplan.loading import load_example
from sdgplan.reports.key_figures import key_figure_tables
from sdgplan.store import indicator_repo, plan_repo
from sdgplan.store.db import session_scope

REPORT = Path(__file__).parent / "data" / "asker-four-year-report-2020-2023.txt"
YEARS = ["2019", "2020", "2021", "2022"]


def normalize(text):
    """Undo the PDF-to-text artefacts the example cleaned up (spaced super/subscripts)."""
    text = re.sub(r"\s+([²³₂])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def squash(text):
    return re.sub(r"[\s-]", "", text).lower()


def is_row(line):
    return line.count("\t") == 4


def report_key_figures():
    """Per "KOMMUNEPLANENS MÅL" table of the report: its rows (name, four cells) and the goals
    marked "Nøkkeltall under utvikling", read straight from the report text.

    A table starts at its "Nøkkeltall 2019 2020 2021 2022" header; goal texts between rows
    are plain lines followed by a row or by "Nøkkeltall under utvikling"; the first plain
    line followed by neither ends the table.
    """
    lines = [line for line in REPORT.read_text(encoding="utf-8").split("\n") if line.strip()]
    sections, current = [], None
    for index, line in enumerate(lines):
        stripped = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if stripped.split("\t")[0] == "Nøkkeltall" and stripped.endswith("2022"):
            current = {"rows": [], "under_development": []}
            sections.append(current)
        elif current is None:
            continue
        elif stripped == "Nøkkeltall under utvikling":
            current["under_development"].append(normalize(lines[index - 1]))
        elif is_row(line):
            name, *cells = [c.strip() for c in line.split("\t")]
            if any(cells) and not set(name) <= {"-"}:
                current["rows"].append((normalize(name), [normalize(c) for c in cells]))
        elif not (is_row(following) or following == "Nøkkeltall under utvikling"):
            current = None
    return sections


@pytest.fixture
def asker(engine):
    with session_scope(engine) as session:
        load_example(session, "asker")
    with session_scope(engine) as session:
        _, version = plan_repo.load_plan_version(session, municipality="3203")
        data = indicator_repo.load_indicator_set(session, "3203")
        observations = indicator_repo.load_observations(session, "3203")
        plans = indicator_repo.load_thematic_plans(session, "3203")
    return version, data, observations, plans


def test_key_figures_match_the_report(asker):
    version, data, observations, _ = asker
    tables = key_figure_tables(version, data, observations, area="3203")
    report = report_key_figures()
    assert len(report) == len(tables) == 8
    assert sum(len(s["rows"]) for s in report) == 91
    for section, table in zip(report, tables, strict=True):
        assert table.periods == YEARS
        ours = [
            (normalize(r.indicator.name), [r.cells.get(y, "") for y in YEARS]) for r in table.rows
        ]
        assert len(ours) == len(section["rows"]), table.focus_area
        for (name, cells), (our_name, our_cells) in zip(section["rows"], ours, strict=True):
            assert our_cells == cells, name
            # names lose only conversion artefacts and notes in parentheses (kept as notes)
            assert squash(name).startswith(squash(our_name)[:40]), (name, our_name)


def test_statuses_are_not_zeros(asker):
    _, data, observations, _ = asker
    key_figures = {i.key for i in data.indicators if i.goals}
    rows = [o for o in observations if o.indicator in key_figures and o.area == "3203"]
    assert len(rows) == 91 * 4
    counts = {s: sum(1 for o in rows if o.status is s) for s in ObservationStatus}
    assert counts[ObservationStatus.NOT_MEASURED] == sum(
        cells.count("Ikke målt") for s in report_key_figures() for _, cells in s["rows"]
    )
    assert counts[ObservationStatus.PENDING] == sum(
        cells.count("Tall kommer") for s in report_key_figures() for _, cells in s["rows"]
    )
    assert all(o.value is None for o in rows if o.status is not ObservationStatus.MEASURED)


def test_goals_under_development(asker):
    version, data, observations, _ = asker
    tables = key_figure_tables(version, data, observations, area="3203")
    ours = [normalize(g.goal) for t in tables for g in t.groups if g.under_development]
    theirs = [g for s in report_key_figures() for g in s["under_development"]]
    assert len(ours) == 4
    assert ours == theirs
    assert all(not g.rows for t in tables for g in t.groups if g.under_development)


def test_thresholds_scales_and_notes(asker):
    _, data, _, _ = asker
    by_name = {i.name: i for i in data.indicators}
    fund = by_name["Disposisjonsfond som andel av brutto driftsinntekter (> 10 %)"]
    assert (fund.threshold.operator, fund.threshold.value, fund.direction) == (">", 10, "higher")
    maintenance = by_name["Vedlikehold per m2 i formålsbygg (> 140 kr/m2)"]
    assert str(maintenance.threshold) == "> 140 kr/m2" and maintenance.unit == "kr/m2"
    debt = by_name["Netto lånegjeld som andel av brutto driftsinntekter (< 80 %)"]
    assert (debt.threshold.operator, debt.threshold.value) == ("<", 80)
    survey = by_name[
        "Medarbeideres opplevelse av å ha relevant kompetanseutvikling, skala 1-5 hvor 5 er best"
    ]
    assert (survey.scale.minimum, survey.scale.maximum) == (1, 5)
    water = by_name["Andel av befolkningen tilknyttet kommunal vannforsyning"]
    assert water.notes.startswith("Metodikken for innhenting av tall er forbedret i 2022")
    emissions = next(
        i for i in data.indicators if i.name.startswith("Mengde direkte klimagassutslipp")
    )
    assert "CO₂e" in emissions.name


def cell(data, observations, table_key, **where):
    table = next(t for t in data.tables if t.key == table_key)
    units = {i.key: i.unit for i in data.indicators}
    found = [
        o
        for o in observations
        if o.indicator in table.indicators and all(getattr(o, k) == v for k, v in where.items())
    ]
    assert len(found) == 1, (table_key, where, found)
    return display_observation(found[0], units[found[0].indicator])


def test_other_tables(asker):
    _, data, observations, _ = asker
    assert len(data.tables) >= 50
    by_title = {t.title: t for t in data.tables}
    turnover = by_title[
        "TURNOVER - ANDEL ANSATTE I SOM HAR SLUTTET I KOMMUNAL SEKTOR I LØPET AV ÅRET"
    ]
    assert turnover.source == "KS/PAI" and turnover.section == "Medarbeidere"
    assert cell(data, observations, turnover.key, area="3203", period="2021-2022") == "13,2 %"
    assert cell(data, observations, turnover.key, area="NO", period="2018-2019") == "12,6 %"
    meetings = by_title["ANTALL POLITISKE MØTER OG SAKER"]
    assert (
        cell(
            data,
            observations,
            meetings.key,
            breakdown="Kommunestyre",
            period="2020",
            indicator=meetings.indicators[0],
        )
        == "11"
    )
    assert (
        cell(
            data,
            observations,
            meetings.key,
            breakdown="Sum",
            period="2022",
            indicator=meetings.indicators[1],
        )
        == "1087"
    )
    assert (
        cell(
            data,
            observations,
            meetings.key,
            breakdown="Heltidsutvalget",
            period="2022",
            indicator=meetings.indicators[0],
        )
        == "Avsluttet"
    )
    population = by_title["BEFOLKNINGSVEKST PER ÅR I GJENNOMSNIITT"]
    assert population.source == "SSB 01222"
    assert cell(data, observations, population.key, area="30") == "1,4 %"
    assert cell(data, observations, population.key, area="3312") == "1,7 %"
    kindergartens = by_title["BARNEHAGEDEKNING"]
    assert (
        cell(
            data,
            observations,
            kindergartens.key,
            area="asker-nord",
            indicator=kindergartens.indicators[1],
        )
        == "-95"
    )
    former = by_title["ANDELEN UNGDOMSSKOLEELEVER SOM OPPLEVER AT KOLLEKTIVTILBUDET ER BRA"]
    assert cell(data, observations, former.key, area="0628", period="2019") == "32 %"
    assert cell(data, observations, former.key, area="0220", period="2022") == "81 %"
    energy = by_title["ENERGIBRUK I KOMMUNALE BYGG"]
    assert cell(data, observations, energy.key, period="2021") == "82 104 622"
    areas = {a.code: a for a in data.areas}
    assert (areas["0628"].name, areas["0628"].kind) == ("Hurum", "former_municipality")
    assert (areas["asker-sor"].name, areas["asker-sor"].kind) == ("Asker Sør", "district")
    assert (areas["3201"].name, areas["3201"].kind) == ("Bærum", "municipality")
    assert all(any(o.indicator in t.indicators for o in observations) for t in data.tables)


def test_thematic_plans(asker):
    *_, plans = asker
    assert len(plans) == 17
    assert (plans[0].name, plans[0].adopted.isoformat()) == ("Arbeidsgiverpolitikk", "2020-09-08")
    assert sum(p.status is ThematicPlanStatus.ADOPTED for p in plans) == 13
    assert (plans[-1].name, plans[-1].planned) == ("Boligutvikling", "2. kvartal 2024")


def test_adopted_plan_differs_from_proposal(engine, asker):
    with session_scope(engine) as session:
        _, proposal = plan_repo.load_plan_version(session, version=VersionKind.PROPOSAL)
        _, adopted = plan_repo.load_plan_version(session, version=VersionKind.ADOPTED)
    assert [a.name for a in adopted.focus_areas][:2] == ["Økonomi", "Medarbeidere"]
    assert adopted.counts() == proposal.counts()
    economy = {a.name: a for a in adopted.focus_areas}["Økonomi"]
    assert economy.goals[0].text == "Asker kommune har en god økonomisk bærekraft."
    assert {a.name: a for a in proposal.focus_areas}["Økonomi"].goals[0].text == (
        "Asker kommune har god økonomisk bærekraft."
    )


def test_loading_twice_duplicates_nothing(engine, asker):
    with session_scope(engine) as session:
        before = indicator_repo.count_observations(session)
        load_example(session, "asker")
    with session_scope(engine) as session:
        assert indicator_repo.count_observations(session) == before == 799
        assert len(plan_repo.list_plans(session)) == 2
        assert len(indicator_repo.load_thematic_plans(session, "3203")) == 17
