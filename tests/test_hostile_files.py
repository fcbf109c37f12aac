"""Every importer against the hostile corpus (issue 9, point 8): no unexpected error, and a
rejected file changes nothing.

Each file of `tests/data/hostile/` is imported with its `sdgplan import` command into a
copy of a SQLite database holding the small municipality of `tests/reports/municipality`.
The outcome each file must have is in `tests/data/hostile/README.md`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from sdgplan.cli import cli
from sdgplan.exporters.indicators import indicators_workbook
from sdgplan.importers import workbook
from sdgplan.importers.indicators import read_indicator_file
from sdgplan.store import plan_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.data.hostile.make_corpus import PAYLOADS
from tests.reports.municipality import load_files, write_files

HOSTILE = Path(__file__).parent / "data" / "hostile"
# Plans may drop the goals Oslo's indicators refer to: that refusal has its own tests
# (tests/test_plan_keys.py); here the point is what the readers make of hostile text.
COMMANDS = {
    "plan-overview": ["import", "plan", "--format", "overview", "--allow-orphans"],
    "plan-yaml": ["import", "plan", "--format", "yaml", "--allow-orphans"],
    "indicators": ["import", "indicators"],
    "observations": ["import", "observations"],
    "thematic-plans": ["import", "thematic-plans"],
    "narrative": ["import", "narrative"],
}
ACCEPTED, REJECTED, AT_LINE = "accepted", "rejected", "rejected at a line"
AT_EVERY_ROW = "rejected at every row"
_LISTED = re.compile(r"^- `(?P<path>[^`]+)` \((?P<outcome>[a-z ]+)\): (?P<what>.+)$")
_UNEXPECTED = ("Uventet feil", "unexpected error", "Traceback")
_LINE = re.compile(r"linje(?:/line)? (\d+)")  # as an issue names its line
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MARKER = "hostile-pwned"  # what the `!!python/object/apply:os.system` files would create


@dataclass(frozen=True)
class Case:
    folder: str
    path: Path
    outcome: str

    @property
    def id(self) -> str:
        return f"{self.folder}/{self.path.name}"


def listed_cases() -> list[Case]:
    """The corpus files with the outcome the README gives them."""
    cases = []
    for line in (HOSTILE / "README.md").read_text(encoding="utf-8").splitlines():
        if match := _LISTED.match(line):
            folder = match["path"].split("/")[0]
            assert match["outcome"] in (ACCEPTED, REJECTED, AT_LINE, AT_EVERY_ROW), line
            cases.append(Case(folder, HOSTILE / match["path"], match["outcome"]))
    return cases


CASES = listed_cases()


def _big_cases() -> list[tuple[str, str, str, str]]:
    """Files too big to check in: a 200 000-character field in every format, and YAML files
    over the 10 MB limit."""
    field = "x" * 200_000
    base = {
        "observations": "indicator_id,area,period,breakdown,value,status,display,note\n",
        "thematic-plans": "name,status,adopted,planned\n",
    }
    lines = "municipality: '0301'\nplan: Stor\nfocus_areas:\n- name: A\n  goals: []\n"
    return [
        (
            "observations",
            "field-200000.csv",
            AT_LINE,
            base["observations"] + f"andel,0301,2019,,1,,,{field}\n",
        ),
        (
            "observations",
            "unterminated-quote-200000.csv",
            AT_LINE,
            base["observations"] + f'andel,0301,2019,,1,,,"{field}\nandel,0301,2018,,1,,,\n',
        ),
        (
            "thematic-plans",
            "field-200000.csv",
            AT_LINE,
            base["thematic-plans"] + f"{field},planned,,2025\n",
        ),
        ("plan-yaml", "field-200000.yaml", ACCEPTED, lines.replace("name: A", f"name: {field}")),
        ("plan-yaml", "title-200000.yaml", AT_LINE, lines.replace("Stor", field)),
        (
            "plan-overview",
            "field-200000.txt",
            ACCEPTED,
            "Samlet oversikt for Oslo kommune\n\nStor plan 2020\n\nA\n\nHovedmål\n\n"
            f"Delmål og strategier\n\nAK\t{field}\t\t\n",
        ),
        (
            "indicators",
            "field-200000.yaml",
            ACCEPTED,
            f"indicators:\n- key: stor\n  name: {field}\n",
        ),
        (
            "narrative",
            "field-200000.md",
            ACCEPTED,
            f"---\nsection: Stor\nkind: chapter\n---\n{field}\n",
        ),
        ("plan-yaml", "over-10-mb.yaml", REJECTED, lines + "# " + "x" * 10_000_000 + "\n"),
        ("indicators", "over-10-mb.yaml", REJECTED, "indicators: []\n# " + "x" * 10_000_000),
    ]


BIG = _big_cases()


@pytest.fixture(scope="session")
def oslo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the small municipality loaded; each test works on a copy."""
    folder = tmp_path_factory.mktemp("oslo")
    engine = make_engine(f"sqlite:///{folder / 'oslo.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, write_files(folder / "files"))
    engine.dispose()
    return folder / "oslo.db"


def dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def stored_texts(db: Path) -> str:
    """Every text value in the database, one per line."""
    connection = sqlite3.connect(db)
    try:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return "\n".join(
            text
            for table in tables
            for row in connection.execute(f'SELECT * FROM "{table}"')
            for value in row
            if isinstance(value, str)
            for text in _json_texts(value)
        )
    finally:
        connection.close()


def _json_texts(value: str) -> list[str]:
    """The value, and the texts inside it if it is a JSON object or array (labels, bands)."""
    if value.startswith(("{", "[")):
        try:
            return [value, *_leaves(json.loads(value))]
        except json.JSONDecodeError:
            pass
    return [value]


def import_file(
    folder: str, path: Path, outcome: str, *, db: Path, tmp_path: Path, monkeypatch
) -> str:
    """Import `path` into `db` and check what every hostile file must satisfy; the output."""
    monkeypatch.chdir(tmp_path)  # where a YAML tag running os.system would leave its marker
    before = dump(db)
    result = CliRunner().invoke(
        cli, [*COMMANDS[folder], str(path), "--db", f"sqlite:///{db}"], catch_exceptions=True
    )
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code in (0, 1), output
    for text in _UNEXPECTED:
        assert text not in output
    assert not _CONTROL.search(output), "control characters reach the terminal"
    assert not (tmp_path / MARKER).exists()
    if outcome == ACCEPTED:
        assert result.exit_code == 0, output
        assert result.stdout.startswith("Importert")
        return output
    assert result.exit_code == 1, output
    assert "Importert" not in result.stdout
    assert str(path) in output, "the message names the file"
    assert dump(db) == before, "a rejected file changed the database"
    assert "FEIL" in output or "ingenting er lagret" not in output, "says why"
    flagged = {int(n) for n in _LINE.findall(output)}
    if outcome in (AT_LINE, AT_EVERY_ROW):
        assert flagged, output
    if outcome == AT_EVERY_ROW:
        assert rows(path) - flagged == set(), output
    return output


def rows(path: Path) -> set[int]:
    """The line numbers of the data rows: after a CSV header, or an overview's table rows."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if path.suffix == ".csv":
        return {number for number, line in enumerate(lines, 1) if number > 1 and line.strip()}
    return {
        number
        for number, line in enumerate(lines, 1)
        if "\t" in line and not line.startswith("Referanse")
    }


def _params() -> list:
    return [pytest.param(case, id=case.id) for case in CASES]


@pytest.mark.parametrize("case", _params())
def test_hostile_file(case: Case, oslo_db: Path, tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "sdgplan.db"
    shutil.copy(oslo_db, db)
    import_file(
        case.folder, case.path, case.outcome, db=db, tmp_path=tmp_path, monkeypatch=monkeypatch
    )
    if case.outcome == ACCEPTED and case.path.stem.startswith("payload-"):
        payloads = PAYLOADS[case.path.stem.removeprefix("payload-")]
        written = [t for t in free_texts(case.path) if any(p in t for p in payloads)]
        assert written
        stored = stored_texts(db)
        for text in written:
            assert text.strip() in stored, f"{text!r} was not stored as written"


@pytest.mark.parametrize(
    ("folder", "name", "outcome", "text"),
    [pytest.param(*c, id=f"{c[0]}/{c[1]}") for c in BIG],
)
def test_big_file(folder, name, outcome, text, oslo_db, tmp_path, monkeypatch) -> None:
    db = tmp_path / "sdgplan.db"
    shutil.copy(oslo_db, db)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    import_file(folder, path, outcome, db=db, tmp_path=tmp_path, monkeypatch=monkeypatch)


def _workbook(path: Path, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    book.active.title = "indicators"
    for row in rows:
        book.active.append(row)
    book.save(path)


def _zip_of_text(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<ikke xml")


HOSTILE_WORKBOOKS = {
    "text-named-xlsx.xlsx": lambda path: path.write_text("key,name\na,A\n", encoding="utf-8"),
    "zip-without-workbook.xlsx": _zip_of_text,
    "png-named-xlsx.xlsx": lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "formula-without-value.xlsx": lambda path: _workbook(path, [["key", "name"], ["a", "=1+1"]]),
    "unknown-sheet-only.xlsx": lambda path: _workbook(path, [["key"]]),
}


@pytest.mark.parametrize("name", list(HOSTILE_WORKBOOKS))
def test_hostile_workbook(name, oslo_db, tmp_path, monkeypatch) -> None:
    """Indicator definitions in Excel: a file that is no workbook, a formula with no saved
    value, a sheet without the required columns; each is refused naming the file."""
    db = tmp_path / "sdgplan.db"
    shutil.copy(oslo_db, db)
    path = tmp_path / name
    HOSTILE_WORKBOOKS[name](path)
    import_file("indicators", path, REJECTED, db=db, tmp_path=tmp_path, monkeypatch=monkeypatch)


def test_workbook_over_the_unpacked_limit_is_refused(oslo_db, tmp_path, monkeypatch) -> None:
    db = tmp_path / "sdgplan.db"
    shutil.copy(oslo_db, db)
    path = tmp_path / "large.xlsx"
    _workbook(path, [["key", "name"], ["a", "A" * 20_000]])
    monkeypatch.setattr(workbook, "MAX_UNPACKED", 10_000)  # instead of writing 200 MB
    import_file("indicators", path, REJECTED, db=db, tmp_path=tmp_path, monkeypatch=monkeypatch)


def test_one_far_cell_is_refused_before_the_sheet_is_filled_out(oslo_db, tmp_path, monkeypatch):
    """A 5 kB workbook with one cell at XFD1048576: openpyxl would fill out 17 billion cells."""
    db = tmp_path / "sdgplan.db"
    shutil.copy(oslo_db, db)
    path = tmp_path / "far-cell.xlsx"
    _workbook(path, [["key", "name"], ["a", "A"]])
    book = openpyxl.load_workbook(path)
    book.active.cell(row=1_048_576, column=16_384, value="x")
    book.save(path)
    assert path.stat().st_size < 10_000
    result = import_file(
        "indicators", path, REJECTED, db=db, tmp_path=tmp_path, monkeypatch=monkeypatch
    )
    assert "arket «indicators» er for stort" in result


PAYLOAD_INDICATORS = [
    c for c in CASES if c.folder == "indicators" and c.path.stem.startswith("payload-")
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.path.stem) for c in PAYLOAD_INDICATORS])
def test_payloads_survive_the_workbook(case, oslo_db, tmp_path, monkeypatch) -> None:
    """The payload indicator files, exported to Excel and imported from it: every text is
    stored as written, none runs as a formula."""
    db = tmp_path / "sdgplan.db"
    shutil.copy(oslo_db, db)
    engine = make_engine(f"sqlite:///{db}")
    with session_scope(engine) as session:
        _, version = plan_repo.load_plan_version(session, municipality="0301")
    engine.dispose()
    parsed = read_indicator_file(case.path, plan=version)
    assert parsed.ok, parsed.issues
    path = tmp_path / f"{case.path.stem}.xlsx"
    path.write_bytes(indicators_workbook(parsed.data, municipality="0301"))
    assert not any(
        cell.data_type == "f"
        for sheet in openpyxl.load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    import_file("indicators", path, ACCEPTED, db=db, tmp_path=tmp_path, monkeypatch=monkeypatch)
    payloads = PAYLOADS[case.path.stem.removeprefix("payload-")]
    written = [t for t in free_texts(case.path) if any(p in t for p in payloads)]
    stored = stored_texts(db)
    for text in written:
        assert text.strip() in stored, f"{text!r} was not stored as written"


STRETCHING = ("long-line", "nul-inside", "nul-in-body", "field-200000")


def _stretching_the_columns() -> list:
    """Accepted files with a NUL or a very long text: what SQLite stores but a PostgreSQL
    column (VARCHAR(n), text without NUL) may refuse."""
    cases = [(c.folder, c.path.name, c.path.read_bytes()) for c in CASES if c.outcome == ACCEPTED]
    cases += [(f, n, t.encode("utf-8")) for f, n, o, t in BIG if o == ACCEPTED]
    return [
        pytest.param(folder, name, data, id=f"{folder}/{name}")
        for folder, name, data in cases
        if name.split(".")[0] in STRETCHING
    ]


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.parametrize(("folder", "name", "data"), _stretching_the_columns())
def test_long_texts_and_nul_on_postgresql(folder, name, data, db_url, tmp_path) -> None:
    """What SQLite stores (test_hostile_file) PostgreSQL stores too, or rejects naming the
    file: never an unexpected error."""
    engine = make_engine(db_url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, write_files(tmp_path / "oslo"))
    engine.dispose()
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(cli, [*COMMANDS[folder], str(path), "--db", db_url])
    for text in _UNEXPECTED:
        assert text not in result.output
    assert result.exit_code == 0 or (result.exit_code == 1 and str(path) in result.output)


def free_texts(path: Path) -> list[str]:
    """The texts of a valid file, read with PyYAML and the csv module (not our readers)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        return list(_leaves(yaml.safe_load(text)))
    if path.suffix == ".csv":
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell]
    if path.suffix == ".markdown":
        _, front, body = text.split("---\n", 2)
        return [*_leaves(yaml.safe_load(front)), *(line for line in body.split("\n") if line)]
    return [cell for line in text.split("\n") for cell in line.split("\t") if cell]


def _leaves(data: object):
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _leaves(value)
    elif isinstance(data, list):
        for item in data:
            yield from _leaves(item)
    elif data is not None:
        yield str(data)


def test_readme_lists_every_file_once() -> None:
    listed = [case.path for case in CASES]
    on_disk = {p for folder in COMMANDS for p in (HOSTILE / folder).iterdir()}
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk
    assert {case.folder for case in CASES} == set(COMMANDS)


def test_corpus_stays_small() -> None:
    sizes = {case.path: case.path.stat().st_size for case in CASES}
    assert max(sizes.values()) < 20_000
    assert sum(sizes.values()) < 1_000_000
