"""Exports never hand a spreadsheet a formula, and our own exports read back as written."""

import csv
import io
import json

import pytest

from sdgplan.domain.cells import FORMULA_STARTS, neutralise_formula, restore_formula
from sdgplan.exporters.writers import csv_text, json_text
from tests.reports.municipality import NUMBER, write_files
from tests.test_cli import run

PREFIXES = ("=cmd|' /C calc'!A0 ", "+", "@", "-", "'")


def hostile(name: str) -> str:
    """Every free text starts with a formula character (or an apostrophe)."""
    return PREFIXES[sum(map(ord, name)) % len(PREFIXES)] + name


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def load(runner, db_url, files):
    run(runner, "import", "plan", files["plan"], "--db", db_url)
    run(runner, "import", "indicators", files["indicators"], "--db", db_url)
    run(runner, "import", "observations", files["observations"], "--db", db_url)


def test_csv_exports_neutralise_formulas(runner, db_url, tmp_path):
    load(runner, db_url, write_files(tmp_path / "in", hostile))
    exports = {
        "observations": run(runner, "export", "observations", "--db", db_url).stdout,
        "plan": run(runner, "export", "plan", "--format", "csv", "--db", db_url).stdout,
        "assess": run(runner, "assess", "--format", "csv", "--db", db_url).stdout,
    }
    for name, text in exports.items():
        written = cells(text)
        dangerous = [c for c in written if c.startswith(FORMULA_STARTS) and not _number(c)]
        assert not dangerous, (name, dangerous)
        assert any(c.startswith("'=cmd|") for c in written), name
    observations = cells(exports["observations"])
    assert "'" + hostile("Obsmerknad") in observations
    assert "8.5" in observations


def test_own_export_reads_back_as_written(runner, db_url, tmp_path):
    load(runner, db_url, write_files(tmp_path / "in", hostile))
    first = run(runner, "export", "observations", "--db", db_url).stdout
    exported = tmp_path / "observations.csv"
    exported.write_text(first, encoding="utf-8")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    run(runner, "import", "observations", exported, "--db", empty)
    assert run(runner, "export", "observations", "--db", empty).stdout == first
    records = json.loads(
        run(runner, "export", "observations", "--format", "json", "--db", empty).stdout
    )
    notes = {r["note"] for r in records if r["note"]}
    assert notes == {hostile("Obsmerknad")}
    assert {r["municipality"] for r in records} == {NUMBER}


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+UNIT", "'+UNIT"),
        ("-BRK", "'-BRK"),
        ("@NOTE", "'@NOTE"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("'quoted", "''quoted"),
        ("-0.7", "-0.7"),
        ("+3", "+3"),
        ("-0,7", "-0,7"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_neutralise_and_restore(text, written):
    assert neutralise_formula(text) == written
    assert restore_formula(written) == text


def test_numbers_stay_numbers():
    assert neutralise_formula(-0.7) == -0.7
    assert cells(csv_text(["a", "b"], [[-0.7, "-0.7"]])) == ["a", "b", "-0.7", "-0.7"]


def test_json_never_writes_nan_or_infinity():
    text = json_text({"a": float("inf"), "b": [float("nan"), -float("inf"), 1.5]}, indent=1)
    assert json.loads(text) == {"a": None, "b": [None, None, 1.5]}
    assert "Infinity" not in text and "NaN" not in text


def _number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True
