import csv
import io
import json

from sdgplan.domain.plan_keys import assign_keys
from sdgplan.exporters.plan import dump_csv, dump_json


def test_json_contract(asker_plan):
    data = json.loads(dump_json(asker_plan, asker_plan.versions[0]))
    assert data["municipality"] == {"number": "3203", "name": "Asker"}
    assert data["version"] == "proposal"
    areas = data["focus_areas"]
    assert len(areas) == 8
    assert set(areas[0]) == {"name", "main_goal", "goals"}
    assert set(areas[0]["main_goal"]) == {"text", "refs"}
    assert set(areas[0]["goals"][0]) == {"text", "refs", "strategies"}
    assert set(areas[0]["goals"][0]["strategies"][0]) == {"text", "refs"}
    cities = areas[1]
    assert cities["name"] == "Bærekraftige byer og samfunn"
    assert cities["main_goal"]["refs"] == ["11"]
    assert cities["goals"][0]["refs"] == ["AK"]
    assert cities["goals"][0]["strategies"][2]["refs"] == ["11.a", "AK"]
    assert sum(len(g["strategies"]) for a in areas for g in a["goals"]) == 87


def test_csv_has_one_row_per_goal_and_strategy(asker_plan):
    assign_keys(asker_plan.versions[0])
    rows = list(csv.DictReader(io.StringIO(dump_csv(asker_plan, asker_plan.versions[0]))))
    assert len(rows) == 8 + 28 + 87
    assert rows[0] == {
        "key": "samarbeid-for-a-na-malene.0",
        "focus_area": "Samarbeid for å nå målene",
        "level": "main_goal",
        "path": "1",
        "text": "Askersamfunnet har virkemidler, partnerskap og samarbeid på tvers som sikrer "
        "en bærekraftig utvikling.",
        "refs": "17",
    }
    assert [r["path"] for r in rows[1:3]] == ["1.1", "1.1.1"]
    assert [r["key"] for r in rows[1:3]] == [
        "samarbeid-for-a-na-malene.1",
        "samarbeid-for-a-na-malene.1.1",
    ]
    assert [r for r in rows if r["path"] == "2.1.3"][0]["refs"] == "11.a AK"
