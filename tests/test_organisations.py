"""Organisations beyond the bundled register (issue 10, point 7): `sdgplan org add` registers a
Swedish municipality or a county, whose code then works wherever a municipality number does:
in files, with --municipality, for reports, assessments, deletes and the log."""

import csv
import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from sdgplan.domain.plan import Municipality, OrgKind
from sdgplan.errors import ConfigError, Conflict, NotFound
from sdgplan.i18n import use_language
from sdgplan.organisations import add_organisation, list_organisations, remove_organisation
from sdgplan.store.db import session_scope
from sdgplan.store.org_repo import find_organisation
from sdgplan.store.tables import AreaRow
from tests.test_cli import run

STOCKHOLM = ("SE-0180", "Stockholm", "municipality", "SE")
AKERSHUS = ("NO-32", "Akershus fylkeskommune", "county", "NO")


def add(runner, db_url, code, name, kind, country, ok=True):
    args = ["org", "add", "--code", code, "--name", name, "--kind", kind, "--country", country]
    return run(runner, *args, "--db", db_url, ok=ok)


def write_files(folder: Path, code: str, *, declare: bool = True) -> dict[str, Path]:
    """A small plan, its indicators and figures for `code`; the files name it if `declare`."""
    folder.mkdir(parents=True, exist_ok=True)
    owner = {"municipality": code} if declare else {}
    plan = {
        **owner,
        "plan": "Hållbarhetsprogram 2020-2030",
        "version": "adopted",
        "date": "2020-06-01",
        "focus_areas": [
            {
                "name": "Klimat",
                "main_goal": {"text": "Netto noll utsläpp", "refs": ["13"]},
                "goals": [{"text": "Mindre utsläpp från trafiken", "refs": ["11.6"]}],
            }
        ],
    }
    indicators = {
        "format": "sdgplan-indicators",
        "format_version": "1",
        **owner,
        "years": "2015-2025",
        "indicators": [
            {
                "key": "utslipp",
                "name": "Utsläpp per invånare",
                "unit": "tonn",
                "direction": "lower",
                "focus_area": "Klimat",
                "goal": "1",
            }
        ],
    }
    rows = [["indicator_id", "area", "period", "value"]]
    rows += [["utslipp", code, str(year), str(value)] for year, value in [(2019, 3.1), (2021, 2.7)]]
    files = {"plan": folder / "plan.yaml", "indicators": folder / "indicators.yaml"}
    for key, data in (("plan", plan), ("indicators", indicators)):
        files[key].write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    files["observations"] = folder / "observations.csv"
    with files["observations"].open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return files


def import_all(runner, db_url, files, *municipality):
    for kind in ("plan", "indicators", "observations"):
        run(runner, "import", kind, files[kind], *municipality, "--db", db_url)


def test_a_swedish_municipality_imports_a_plan_and_gets_a_report(runner, db_url, tmp_path):
    result = add(runner, db_url, *STOCKHOLM)
    assert result.stdout.startswith("Lagt til: SE-0180 Stockholm (kommune, SE) -> ")
    import_all(runner, db_url, write_files(tmp_path / "files", "SE-0180"))

    tree = run(runner, "show", "plan", "--municipality", "SE-0180", "--db", db_url).stdout
    assert "Mindre utsläpp från trafiken" in tree
    exported = run(runner, "export", "observations", "--format", "json", "--db", db_url).stdout
    figures = json.loads(exported)
    assert {(f["area"], f["period"], f["value"]) for f in figures} == {
        ("SE-0180", "2019", 3.1),
        ("SE-0180", "2021", 2.7),
    }
    assessed = run(
        runner, "assess", "--municipality", "stockholm", "--year", "2021", "--db", db_url
    )
    assert "Utsläpp per invånare" in assessed.stdout
    out = tmp_path / "rapport"
    args = ["report", "--no-pdf", "--year", "2021", "--municipality", "SE-0180", "--out", out]
    run(runner, *args, "--db", db_url)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Stockholm" in html and "Utsläpp per invånare" in html


def test_a_county_imports_with_the_code_on_the_command_line(runner, db_url, tmp_path):
    add(runner, db_url, *AKERSHUS)
    files = write_files(tmp_path / "files", "NO-32", declare=False)
    import_all(runner, db_url, files, "--municipality", "NO-32")
    out = tmp_path / "rapport"
    run(runner, "report", "--no-pdf", "--year", "2021", "--out", out, "--db", db_url)
    assert "Akershus fylkeskommune" in (out / "report.html").read_text(encoding="utf-8")
    listing = run(runner, "org", "list", "--db", db_url).stdout
    assert listing == (
        "NO-32  Akershus fylkeskommune (fylkeskommune, NO): 1 plan, 1 indikator, 2 tall\n"
    )
    engine_area = _area(db_url, "NO-32")
    assert engine_area == ("NO-32", "Akershus fylkeskommune", "county")


def _area(db_url, code):
    from sdgplan.store.db import make_engine

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            row = session.scalars(select(AreaRow).where(AreaRow.code == code)).one()
            return row.code, row.name, row.kind
    finally:
        engine.dispose()


def test_remove_refuses_while_there_is_data_and_delete_keeps_the_organisation(
    runner, db_url, tmp_path
):
    add(runner, db_url, *STOCKHOLM)
    import_all(runner, db_url, write_files(tmp_path / "files", "SE-0180"))
    refused = run(runner, "org", "remove", "SE-0180", "--db", db_url, ok=False)
    assert refused.stderr == (
        "Feil: SE-0180 Stockholm har data: 1 plan, 1 indikator, 2 tall; ingenting er fjernet\n"
        "Slett dataene først: sdgplan delete municipality SE-0180\n"
    )
    run(runner, "delete", "municipality", "SE-0180", "--yes", "--db", db_url)
    assert "SE-0180  Stockholm (kommune, SE): ingen data\n" == (
        run(runner, "org", "list", "--db", db_url).stdout
    )
    assert run(runner, "org", "remove", "se-0180", "--db", db_url).stdout == (
        "Fjernet: SE-0180 Stockholm (kommune, SE)\n"
    )
    assert run(runner, "org", "list", "--db", db_url).stdout == "Ingen organisasjoner er lagret.\n"
    log = json.loads(run(runner, "log", "--format", "json", "--db", db_url).stdout)
    organisation = [e for e in log if e["entity"] == "organisation"]
    assert [(e["action"], e["key"], e["old"], e["new"]) for e in organisation] == [
        ("delete", "SE-0180", {"name": "Stockholm", "kind": "municipality", "country": "SE"}, None),
        ("add", "SE-0180", None, {"name": "Stockholm", "kind": "municipality", "country": "SE"}),
    ]


def test_an_unknown_code_says_what_to_do(runner, db_url, tmp_path):
    files = write_files(tmp_path / "files", "SE-0180")
    result = run(runner, "import", "plan", files["plan"], "--db", db_url, ok=False)
    assert "Ukjent kommune: 'SE-0180'" in result.stderr
    add(runner, db_url, *AKERSHUS)  # the database exists: the code is looked up there too
    result = run(runner, "import", "indicators", files["indicators"], "--db", db_url, ok=False)
    assert "Ukjent kommune eller organisasjon: 'SE-0180'" in result.stderr
    assert "sdgplan org add" in result.stderr


def test_an_ambiguous_name_lists_the_candidates_with_codes(runner, db_url):
    add(runner, db_url, "SE-1515", "Herøy", "other", "SE")
    result = run(runner, "show", "plan", "--municipality", "Herøy", "--db", db_url, ok=False)
    assert result.stderr.startswith(
        "Feil: «Herøy» passer flere: 1515 Herøy (Møre og Romsdal), 1818 Herøy (Nordland), "
        "SE-1515 Herøy (annen, SE)\n"
    )


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("0301", "Koden 0301 er kommunenummeret til Oslo i det innebygde registeret"),
        ("3025", "Koden 3025 er kommunenummeret til Asker i det innebygde registeret"),
        ("9999", "Koden 9999 har bare sifre, som et kommunenummer"),
        ("asker", "Koden asker er navnet på en kommune i det innebygde registeret: 3203 Asker"),
        ("SE 0180", "Ugyldig kode «SE 0180»: bruk 1-32 bokstaver (a-z), sifre, - eller _"),
        ("x" * 33, "Ugyldig kode"),
        ("", "Ugyldig kode"),
    ],
)
def test_codes_are_checked(engine, code, problem):
    with session_scope(engine) as session, pytest.raises(ConfigError) as refused:
        add_organisation(session, code=code, name="Noe", who="test")
    assert problem in refused.value.message


def test_the_same_code_twice_and_bad_names_and_countries_are_refused(engine):
    with session_scope(engine) as session:
        add_organisation(session, code="SE-0180", name=" Stockholm ", country="se", who="test")
    with session_scope(engine) as session:
        org = find_organisation(session, "STOCKHOLM")
        assert org == Municipality("SE-0180", "Stockholm", country="SE")
        with pytest.raises(Conflict, match="Koden SE-0180 er allerede tatt: Stockholm"):
            add_organisation(session, code="se-0180", name="Annet", who="test")
        with pytest.raises(ConfigError) as refused:
            add_organisation(session, code="DK-101", name="", country="Denmark", who="test")
        assert refused.value.message == (
            "Navnet mangler; Ugyldig land «DENMARK»: bruk en landkode med to bokstaver, "
            "f.eks. NO, SE"
        )


def test_the_register_still_works_without_adding(engine):
    with session_scope(engine) as session:
        assert find_organisation(session, "3025").number == "3203"
        assert find_organisation(session, "Herøy (Nordland)").number == "1818"
        assert list_organisations(session) == []
        with pytest.raises(NotFound, match="Ukjent kommunenummer: '9999'"):
            find_organisation(session, "9999")
        with pytest.raises(NotFound, match="sdgplan org remove|Ingen organisasjon"):
            remove_organisation(session, code="SE-0180", who="test")
        with pytest.raises(NotFound, match="3203 Asker er en kommune i det innebygde registeret"):
            remove_organisation(session, code="3203", who="test")


def test_messages_in_english(engine):
    with session_scope(engine) as session:
        add_organisation(
            session, code="NO-32", name="Akershus fylkeskommune", kind=OrgKind.COUNTY, who="t"
        )
    with use_language("en"), session_scope(engine) as session:
        with pytest.raises(NotFound) as unknown:
            find_organisation(session, "SE-0180")
        assert unknown.value.message == "Unknown municipality or organisation: 'SE-0180'"
        assert "sdgplan org add" in (unknown.value.hint or "")
        with pytest.raises(ConfigError) as refused:
            add_organisation(session, code="0301", name="X", who="t")
        assert refused.value.message == (
            "The code 0301 is the municipality number of Oslo in the bundled register"
        )
        org = find_organisation(session, "no-32")
        assert org.kind.label == "county"


def test_english_on_the_command_line(runner, db_url):
    result = run(
        runner,
        "--lang",
        "en",
        "org",
        "add",
        "--code",
        "SE-0180",
        "--name",
        "Stockholm",
        "--country",
        "SE",
        "--db",
        db_url,
    )
    assert result.stdout.startswith("Added: SE-0180 Stockholm (municipality, SE) -> ")
    assert run(runner, "--lang", "en", "org", "list", "--db", db_url).stdout == (
        "SE-0180  Stockholm (municipality, SE): no data\n"
    )
