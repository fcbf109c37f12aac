"""Political activity as data reproduces seed 001's table «Antall politiske møter og saker»."""

from sdgplan.domain.plan import Municipality
from sdgplan.political_calendar import activity_table
from sdgplan.store.db import make_engine, session_scope
from tests.test_cli import run

ASKER = Municipality("3203", "Asker")
# Seed 001: (meetings, cases) per year for some bodies, and the sums.
SEED_ROWS = {
    "Kommunestyre": [(11, 133), (9, 92), (9, 121)],
    "Formannskap": [(25, 278), (30, 243), (21, 251)],
    "Utvalg for plan og byggesak": [(13, 116), (14, 117), (14, 115)],
    "Valgstyret": [(0, 0), (6, 17), (1, 2)],
}
SEED_SUMS = {2020: (142, 975), 2021: (191, 1095), 2022: (172, 1087)}


def load_table(url):
    engine = make_engine(url)
    with session_scope(engine) as session:
        table = activity_table(session, ASKER)
    engine.dispose()
    return table


def test_asker_activity_reproduces_seed_001(asker_url):
    table = load_table(asker_url)
    assert table.years == (2020, 2021, 2022)
    assert len(table.bodies) == 21
    assert table.bodies[:2] == ("Kommunestyre", "Formannskap")
    assert table.bodies[-1] == "Oppgaveutvalg Skogsborg"
    for body, figures in SEED_ROWS.items():
        assert [
            (table.cell(body, y).meetings, table.cell(body, y).cases) for y in table.years
        ] == figures
    assert {year: table.totals(year) for year in table.years} == SEED_SUMS
    assert table.grand_totals() == (505, 3157)  # «505 møter og behandlet 3157 saker»
    assert table.cell("Heltidsutvalget", 2022).ended
    assert table.cell("Oppgaveutvalg Skogsborg", 2021) is None


def test_activity_command_prints_the_table(asker_url, runner):
    output = run(runner, "calendar", "activity", "--db", asker_url).stdout
    lines = output.splitlines()
    assert lines[0] == "Politisk aktivitet – Asker (3203)"
    assert lines[2].split() == ["Kommunestyre", "11", "133", "9", "92", "9", "121"]
    assert "Heltidsutvalget" in output and "Avsluttet" in output
    assert lines[-2].split() == ["Sum", "142", "975", "191", "1095", "172", "1087"]
    assert lines[-1] == "I alt 505 møter og 3157 saker i 2020–2022."
    one = run(runner, "calendar", "activity", "--year", "2021", "--db", asker_url).stdout
    assert one.splitlines()[-2].split() == ["Sum", "191", "1095"]


def test_a_year_without_activity_is_a_clear_error(asker_url, runner):
    result = run(runner, "calendar", "activity", "--year", "2019", "--db", asker_url, ok=False)
    assert "Ingen politisk aktivitet er lagret for Asker (3203) i 2019" in result.stderr
