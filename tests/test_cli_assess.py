"""`sdgplan assess` end to end, on both databases."""

import csv
import io
import json

from tests.test_cli import run
from tests.test_cli_indicators import load_asker


def test_assess_json(runner, db_url):
    load_asker(runner, db_url)
    records = json.loads(
        run(runner, "assess", "--year", "2022", "--format", "json", "--db", db_url).stdout
    )
    indicators = {r["indicator"]: r for r in records if r["level"] == "indicator"}
    assert len(indicators) == 91
    fund = indicators["okonomi-disposisjonsfond"]
    assert {
        k: fund[k] for k in ("goal", "focus_area", "period", "threshold_status", "display")
    } == {
        "goal": "Asker kommune har en god økonomisk bærekraft.",
        "focus_area": "Økonomi",
        "period": 2022,
        "threshold_status": "met",
        "display": "14,8 %",
    }
    for key in (
        "indicator",
        "goal",
        "focus_area",
        "period",
        "threshold_status",
        "progress_status",
        "score",
        "trend",
        "reason",
        "reason_parts",
    ):
        assert key in fund
    assert fund["reason"].startswith("Disposisjonsfond som andel av brutto driftsinntekter 14,8 %")
    emissions = indicators["klima-direkte-utslipp"]
    assert emissions["progress_status"] == "limited_progress" and emissions["period"] == 2021
    levels = {r["level"] for r in records}
    assert levels == {"indicator", "main_goal", "goal", "focus_area", "sdg", "coverage"}
    economy = next(r for r in records if r["level"] == "focus_area" and r["name"] == "Økonomi")
    assert economy["counts"] == {"on_track": 1, "watch": 0, "off_track": 3, "not_assessed": 0}


def test_assess_table_and_csv_for_one_focus_area(runner, db_url):
    load_asker(runner, db_url)
    table = run(runner, "assess", "--focus-area", "økonomi", "--db", db_url).stdout
    assert table.startswith("VURDERING 2022\n")
    assert "ØKONOMI: ✖ svak måloppnåelse" in table
    assert "✖ utenfor" in table and "✔ i rute" in table
    assert "MEDARBEIDERE" not in table
    rows = list(
        csv.DictReader(
            io.StringIO(
                run(
                    runner, "assess", "--focus-area", "Økonomi", "--format", "csv", "--db", db_url
                ).stdout
            )
        )
    )
    assert [r["indicator"] for r in rows if r["level"] == "indicator"] == [
        "okonomi-disposisjonsfond",
        "okonomi-netto-driftsresultat",
        "okonomi-netto-lanegjeld",
        "okonomi-vedlikehold-formalsbygg",
    ]
    assert json.loads(next(r for r in rows if r["level"] == "focus_area")["counts"]) == {
        "on_track": 1,
        "watch": 0,
        "off_track": 3,
        "not_assessed": 0,
    }


def test_assess_errors(runner, db_url, tmp_path):
    result = run(runner, "assess", "--db", f"sqlite:///{tmp_path / 'none.db'}", ok=False)
    assert "Databasen finnes ikke" in result.stderr
    load_asker(runner, db_url)
    result = run(runner, "assess", "--focus-area", "Kultur", "--db", db_url, ok=False)
    assert result.stderr.startswith(
        "Feil: Ukjent satsingsområde «Kultur»; velg en av: Økonomi (okonomi), Medarbeidere "
        "(medarbeidere)"
    )


def test_a_focus_area_may_be_named_by_its_key(runner, db_url):
    load_asker(runner, db_url)
    by_name = run(runner, "assess", "--focus-area", "Økonomi", "--db", db_url).stdout
    by_key = run(runner, "assess", "--focus-area", "okonomi", "--db", db_url).stdout
    assert by_key == by_name and "Økonomi" in by_key
