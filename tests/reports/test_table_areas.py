"""The report's tables show the areas they declare, not every municipality with figures
stored (issue 13, item 8), and lay out many columns right."""

from pathlib import Path

import pytest

from sdgplan.domain.indicators import Area, AreaKind, Indicator, Observation, ReportTable
from sdgplan.loading import load_example, load_observations
from sdgplan.reference.municipalities import load_municipalities
from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.reports.tables import UNNAMED_MUNICIPALITIES, table_grid
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.oslo import oslo_database

HEADER = "indicator_id,area,period,breakdown,value,status,display,note\n"
# municipalities neither Asker's example nor the Oslo fixture names
OTHERS = sorted(set(load_municipalities()) - {"0301", "3201", "3203", "3301", "3312"})[:40]


def _report(url: str, extra: str = "", *, municipality: str | None = None):
    engine = make_engine(url)
    if extra:
        path = Path(url.removeprefix("sqlite:///")).with_suffix(".csv")
        path.write_text(HEADER + extra, encoding="utf-8")
        with session_scope(engine) as session:
            issues = load_observations(session, path, municipality=municipality)[1]
            assert not [i for i in issues if i.severity == "error"]
    with session_scope(engine) as session:
        report = build_report(
            session, municipality=municipality, year=2022, labels=chart_labels("nb")
        )
    engine.dispose()
    return report


def _grid(report, key):
    return next(
        figure.grid
        for section in report.sections
        for figure in [*section.figures, *(p.figure for p in section.narrative if p.figure)]
        if figure.grid.table.key == key
    )


def _asker(folder: Path) -> str:
    url = f"sqlite:///{folder / 'asker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def asker_alone(tmp_path_factory):
    url = _asker(tmp_path_factory.mktemp("alone"))
    report = _report(url)
    return report, render_report(report, lang="nb", interactive=True)


def test_asker_table_shows_only_the_municipalities_it_names(tmp_path, asker_alone):
    """Turnover names Oslo, Bærum, Lier and Drammen; 40 more municipalities' figures for it
    and for a key figure change neither the table nor the assessment nor the page."""
    extra = "".join(
        f"medarbeidere-turnover,{code},2020-2021,,{10 + n % 7}.5,,,\n"
        f"okonomi-disposisjonsfond,{code},2020,,{n}.0,,,\n"
        f"okonomi-disposisjonsfond,{code},2022,,{n}.5,,,\n"
        for n, code in enumerate(OTHERS)
    )
    report = _report(_asker(tmp_path), extra, municipality="3203")
    alone, html_alone = asker_alone
    grid = _grid(report, "medarbeidere-turnover")
    assert [label for label, _ in grid.rows] == [
        "Asker kommune",
        "Oslo kommune",
        "Bærum kommune",
        "Lier kommune",
        "Drammen kommune",
        "Alle kommuner",
    ]
    assert grid.rows == _grid(alone, "medarbeidere-turnover").rows
    assert {o.area for o in grid.values} == {"3203", "0301", "3201", "3312", "3301", "NO"}
    assert report.assessment == alone.assessment
    assert report.warnings == alone.warnings == []
    assert render_report(report, lang="nb", interactive=True) == html_alone


def test_asker_unnamed_peers_stay_but_a_national_series_does_not(tmp_path, asker_alone):
    """Housing construction names no municipality: its four peers stay while few; with the
    whole country stored it shows Asker alone and says so."""
    alone, _ = asker_alone
    peers = _grid(alone, "byer-boligproduksjon-kommune")
    assert {o.area for o in peers.values} == {"3203", "3201", "3301", "3312", "0301"}
    extra = "".join(
        f"byer-boligproduksjon-snitt,{code},2020-2022,,{100 + n},,,\n"
        for n, code in enumerate(OTHERS)
    )
    report = _report(_asker(tmp_path), extra, municipality="3203")
    grid = _grid(report, "byer-boligproduksjon-kommune")
    assert {o.area for o in grid.values} == {"3203"}
    assert grid.hidden == len(OTHERS) + 4
    assert report.warnings == [
        "Tabellen «byer-boligproduksjon-kommune» viser ikke tallene for 44 andre kommuner; "
        "nevn kommunene den skal vise under labels"
    ]


def test_oslo_table_shows_its_district_and_few_unnamed_peers(tmp_path):
    few = OTHERS[:2]
    extra = "".join(f"andel,{code},2021,,{20 + n},,,\n" for n, code in enumerate(few))
    grid = _grid(_report(oslo_database(tmp_path, extra_observations=extra)), "sammenligning")
    assert [o.area for o in grid.values if o.period == "2021"] == ["0301", "bydel-1", *few]
    assert grid.hidden == 0


def test_oslo_table_leaves_out_a_national_series(tmp_path):
    many = OTHERS[: UNNAMED_MUNICIPALITIES + 1]
    extra = "".join(f"andel,{code},2021,,{20 + n},,,\n" for n, code in enumerate(many))
    report = _report(oslo_database(tmp_path, extra_observations=extra))
    grid = _grid(report, "sammenligning")
    assert {o.area for o in grid.values} == {"0301", "bydel-1"}
    assert len(grid.rows) == 2
    assert grid.hidden == len(many)
    assert report.warnings[-1] == (
        "Tabellen «sammenligning» viser ikke tallene for 11 andre kommuner; nevn kommunene "
        "den skal vise under labels"
    )


def test_named_municipality_is_shown_among_many(tmp_path):
    """A table that names another municipality shows it and no other, however many."""
    areas = {c: Area(c, f"Kommune {c}", AreaKind.MUNICIPALITY) for c in ["0301", *OTHERS]}
    table = ReportTable(
        key="t", title="T", section="S", indicators=("x",), labels={OTHERS[5]: "Naboen"}
    )
    observations = [Observation("x", code, "2021", float(n)) for n, code in enumerate(areas)]
    grid = table_grid(table, {"x": Indicator("x", "X")}, areas, observations, own="0301")
    assert [label for label, _ in grid.rows] == ["Kommune 0301", "Naboen"]
    assert grid.hidden == 0  # it names those it shows: nothing to warn about
    everything = table_grid(table, {"x": Indicator("x", "X")}, areas, observations)
    assert len(everything.rows) == len(areas)


def test_layout_of_many_columns():
    """300 areas by 3 years as columns: one spanning header cell per area, one per year,
    values under the right headings; two areas of the same name are not merged."""
    codes = [f"d{n:03d}" for n in range(300)]
    areas = {
        c: Area(c, f"Område {int(c[1:]) // 2 if c in codes[:2] else c}", AreaKind.DISTRICT)
        for c in codes
    }
    years = ["2020", "2021", "2022"]
    table = ReportTable(
        key="t",
        title="T",
        section="S",
        indicators=("x", "y"),
        rows="indicator",
        columns=("area", "period"),
    )
    observations = [
        Observation(key, code, year, float(n * 10 + i))
        for key in ("x", "y")
        for n, code in enumerate(codes)
        for i, year in enumerate(years)
    ]
    indicators = {"x": Indicator("x", "Iks"), "y": Indicator("y", "Ypsilon")}
    grid = table_grid(table, indicators, areas, observations, own="0000")
    top, bottom = grid.header_rows
    assert [(c.label, c.span) for c in top[:3]] == [
        ("Område 0", 3),
        ("Område 0", 3),
        ("Område d002", 3),
    ]
    assert len(top) == 300 and all(c.span == 3 for c in top)
    assert [c.label for c in bottom] == years * 300
    assert [label for label, _ in grid.rows] == ["Iks", "Ypsilon"]
    cells = grid.rows[1][1]
    assert len(cells) == 900
    assert cells[3 * 123 + 2] == "1232"
    assert cells[0] == "0"
