"""The area register (issue 13, item 7): national codes are shared, local areas belong to
their municipality, each municipality keeps its own names; an indicator can show a series
another organisation stores once for every municipality."""

from pathlib import Path

from sqlalchemy import text

from sdgplan.domain.indicators import SeriesRef
from sdgplan.domain.plan import OrgKind
from sdgplan.loading import load_indicators, load_observations
from sdgplan.organisations import add_organisation
from sdgplan.store import indicator_repo
from sdgplan.store.db import downgrade, make_engine, session_scope, upgrade

AREAS = """
areas:
- {{code: '30', name: {county}, kind: county}}
- {{code: sentrum, name: {district}, kind: district}}
indicators:
- {{key: befolkning, name: Befolkning, unit: personer{series}}}
"""


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def indicators(folder, number, county, district, series=""):
    body = f"format: sdgplan-indicators\nformat_version: 1\nmunicipality: '{number}'\n"
    body += AREAS.format(county=county, district=district, series=series)
    return write(folder, f"indicators-{number}.yaml", body)


def observations(folder, name, rows):
    header = "indicator_id,area,period,breakdown,value,status,display,note\n"
    return write(folder, name, header + "".join(_row("befolkning", r) for r in rows))


def _row(indicator, row):
    """`area,period,value` as a row of an observations file."""
    area, period, value = row.split(",")
    return f"{indicator},{area},{period},,{value},,,\n"


def areas(session, number):
    return {
        (a.code, a.name, a.kind.value)
        for a in indicator_repo.load_indicator_set(session, number).areas
    }


def test_two_municipalities_keep_their_own_names_and_districts(engine, tmp_path):
    with session_scope(engine) as session:
        load_indicators(session, indicators(tmp_path, "3203", "Viken", "Asker sentrum"))
        load_indicators(session, indicators(tmp_path, "0301", "Viken fylke", "Sentrum"))
        load_observations(
            session, observations(tmp_path, "a.csv", ["sentrum,2022,10"]), municipality="3203"
        )
        load_observations(
            session, observations(tmp_path, "o.csv", ["sentrum,2022,99"]), municipality="0301"
        )
    with session_scope(engine) as session:
        assert areas(session, "3203") == {
            ("30", "Viken", "county"),
            ("sentrum", "Asker sentrum", "district"),
        }
        assert areas(session, "0301") == {
            ("30", "Viken fylke", "county"),
            ("sentrum", "Sentrum", "district"),
        }
        assert [o.value for o in indicator_repo.load_observations(session, "3203")] == [10]
        assert [o.value for o in indicator_repo.load_observations(session, "0301")] == [99]
        rows = session.execute(
            text("SELECT code, municipality_number FROM areas ORDER BY code, municipality_number")
        ).all()
    assert rows == [("30", None), ("sentrum", "0301"), ("sentrum", "3203")]


def test_deleting_a_municipality_takes_its_districts_only(engine, tmp_path):
    with session_scope(engine) as session:
        load_indicators(session, indicators(tmp_path, "3203", "Viken", "Asker sentrum"))
        load_indicators(session, indicators(tmp_path, "0301", "Viken", "Sentrum"))
        indicator_repo.delete_municipality_data(session, "0301")
    with session_scope(engine) as session:
        rows = session.execute(
            text("SELECT code, municipality_number FROM areas ORDER BY code")
        ).all()
        assert rows == [("30", None), ("sentrum", "3203")]
        assert areas(session, "3203") == {
            ("30", "Viken", "county"),
            ("sentrum", "Asker sentrum", "district"),
        }


def national_series(session, folder, *, add=True):
    """An office that stores the population of three municipalities once."""
    if add:
        add_organisation(
            session, code="NO-SSB", name="Statistisk sentralbyrå", kind=OrgKind.OTHER, who="test"
        )
    body = (
        "format: sdgplan-indicators\nformat_version: 1\nmunicipality: NO-SSB\n"
        "areas:\n"
        "- {code: '3203', name: Asker, kind: municipality}\n"
        "- {code: '3201', name: Bærum, kind: municipality}\n"
        "- {code: '0301', name: Oslo, kind: municipality}\n"
        "- {code: '30', name: Viken, kind: county}\n"
        "indicators:\n- {key: folketall, name: Folketall, unit: personer}\n"
    )
    load_indicators(session, write(folder, "ssb.yaml", body), municipality="NO-SSB")
    rows = [
        "3203,2022,96000",
        "3201,2022,130000",
        "0301,2022,700000",
        "30,2022,1300000",
        "3203,2023,97000",
    ]
    csv = "indicator_id,area,period,breakdown,value,status,display,note\n"
    csv += "".join(_row("folketall", r) for r in rows)
    load_observations(session, write(folder, "ssb.csv", csv), municipality="NO-SSB")


def test_an_indicator_shows_a_shared_series_for_the_areas_its_municipality_shows(engine, tmp_path):
    with session_scope(engine) as session:
        national_series(session, tmp_path)
        load_indicators(
            session,
            indicators(
                tmp_path, "3203", "Viken", "Asker sentrum", series=", series: NO-SSB/folketall"
            ),
        )
        own = observations(tmp_path, "a.csv", ["3203,2023,97500", "sentrum,2023,20000"])
        load_observations(session, own, municipality="3203")
    with session_scope(engine) as session:
        data = indicator_repo.load_indicator_set(session, "3203")
        assert data.indicators[0].series == SeriesRef("NO-SSB", "folketall")
        shown = [
            (o.area, o.period, o.value) for o in indicator_repo.load_observations(session, "3203")
        ]
        # its own figures first (its own 2023 figure wins over the series'), then the series'
        assert shown == [
            ("3203", "2023", 97500),
            ("sentrum", "2023", 20000),
            ("3203", "2022", 96000),
            ("30", "2022", 1300000),
        ]
        every = indicator_repo.load_observations(session, "3203", every_area=True)
        assert {o.area for o in every} == {"3203", "3201", "0301", "30", "sentrum"}
        assert {o.indicator for o in every} == {"befolkning"}
        # the series is stored once
        count = session.execute(text("SELECT count(*) FROM observations")).scalar_one()
        assert count == 7


def observation(number, area, value):
    return (
        "INSERT INTO observations (indicator_id, area_id, period, value, status) VALUES ("
        f"(SELECT id FROM indicators WHERE municipality_number = '{number}'), "
        f"(SELECT id FROM areas WHERE code = '{area}'), '2022', {value}, 'measured')"
    )


def test_the_migration_gives_each_municipality_its_own_copy_of_a_shared_district(engine):
    downgrade(engine, "0012")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO municipalities (number, name) VALUES ('3203', 'Asker'), ('0301', 'Oslo')",
            "INSERT INTO areas (code, name, kind) VALUES ('sentrum', 'Sentrum', 'district'), "
            "('30', 'Viken', 'county'), ('ubrukt', 'Ubrukt', 'district')",
            "INSERT INTO indicators (municipality_number, key, name) VALUES "
            "('3203', 'x', 'X'), ('0301', 'x', 'X')",
            observation("3203", "sentrum", 1),
            observation("0301", "sentrum", 2),
            observation("0301", "30", 3),
        ):
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        owners = connection.execute(
            text("SELECT code, municipality_number FROM areas ORDER BY code, municipality_number")
        ).all()
        shown = connection.execute(
            text(
                "SELECT m.municipality_number, a.code, m.name FROM municipality_areas m "
                "JOIN areas a ON a.id = m.area_id ORDER BY 1, 2"
            )
        ).all()
    assert owners == [("30", None), ("sentrum", "0301"), ("sentrum", "3203"), ("ubrukt", None)]
    assert shown == [
        ("0301", "30", "Viken"),
        ("0301", "sentrum", "Sentrum"),
        ("3203", "sentrum", "Sentrum"),
    ]
    with session_scope(engine) as session:
        assert [o.value for o in indicator_repo.load_observations(session, "3203")] == [1]
        assert sorted(o.value for o in indicator_repo.load_observations(session, "0301")) == [2, 3]


def test_a_downgrade_refuses_while_two_municipalities_share_a_district_code(engine, tmp_path):
    from sdgplan.errors import Conflict
    from sdgplan.store.db import current_revision, display_url, head_revision

    with session_scope(engine) as session:
        load_indicators(session, indicators(tmp_path, "3203", "Viken", "Asker sentrum"))
        load_indicators(session, indicators(tmp_path, "0301", "Viken", "Sentrum"))
    try:
        downgrade(engine, "0012")
    except Conflict as refused:
        assert str(refused) == (
            f"{display_url(engine.url)}: nedgradering under 0013 går ikke: areas.code har "
            "verdier som finnes flere ganger (sentrum), og før den var de unike; "
            "ingenting er endret"
        )
    else:
        raise AssertionError("the downgrade went through")
    assert current_revision(engine) == head_revision()  # nothing was changed


def test_the_commands_store_a_series_once_and_a_municipality_exports_it(runner, tmp_path):
    from tests.test_cli import run

    db = ["--db", f"sqlite:///{tmp_path / 'shared.db'}"]
    run(runner, "org", "add", "--code", "NO-SSB", "--name", "SSB", "--kind", "other", *db)
    engine = make_engine(db[1])
    with session_scope(engine) as session:
        national_series(session, tmp_path, add=False)
    engine.dispose()
    bound = indicators(tmp_path, "3203", "Viken", "Asker sentrum", ", series: NO-SSB/folketall")
    run(runner, "import", "indicators", bound, *db)
    out = run(runner, "export", "observations", "--municipality", "3203", *db).stdout
    rows = [line.split(",") for line in out.splitlines()[1:]]
    header = out.splitlines()[0].split(",")
    area, period, value = (header.index(c) for c in ("area", "period", "value"))
    assert sorted((r[area], r[period], r[value]) for r in rows) == [
        ("30", "2022", "1300000"),
        ("3203", "2022", "96000"),
        ("3203", "2023", "97000"),
    ]
