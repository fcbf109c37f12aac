"""A small municipality (Oslo, 0301) written as ordinary input files and loaded through the
importers: a plan with two focus areas, indicators with a table, observations, thematic plans
and narrative of every kind. Every free text is made by `text`, so a test can fill them all
with hostile payloads."""

import csv
from collections.abc import Callable
from pathlib import Path

import yaml

from sdgplan.loading import (
    load_indicators,
    load_narrative,
    load_observations,
    load_plan,
    load_thematic_plans,
)

NUMBER = "0301"
AREA = "bydel-1"


def plain(name: str) -> str:
    return name


def write_files(folder: Path, text: Callable[[str], str] = plain) -> dict[str, Path]:
    """Write the input files to `folder`; `text(name)` gives each free text."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = text("Fokus 1"), text("Fokus 2")
    files = {
        "plan": _yaml(folder / "plan.yaml", _plan(text, first, second)),
        "indicators": _yaml(folder / "indicators.yaml", _indicators(text, first, second)),
        "observations": _csv(folder / "observations.csv", _observations(text)),
        "thematic_plans": _csv(
            folder / "thematic-plans.csv",
            [
                ["name", "status", "adopted", "planned"],
                [text("Temaplan 1"), "adopted", "2021-03-01", ""],
                [text("Temaplan 2"), "planned", "", text("Vår 2024")],
            ],
        ),
    }
    narratives = [
        ("chapter", text("Kapittel 1")),
        ("focus_area", first),
        ("chapter", text("Kapittel 2")),
        ("service_area", text("Tjeneste")),
    ]
    for number, (kind, section) in enumerate(narratives):
        files[f"narrative-{number}"] = narrative_file(
            folder / f"narrative-{number}.md",
            section,
            kind,
            f"## {text('Overskrift')}\n\n{text('Avsnitt')}\n\n- {text('Punkt')}\n",
        )
    return files


def narrative_file(path: Path, section: str, kind: str, body: str) -> Path:
    front = yaml.safe_dump({"section": section, "kind": kind}, allow_unicode=True)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def load_files(session, files: dict[str, Path]) -> None:
    """Load the files in the order the importers need, failing on any issue."""
    issues = load_plan(session, files["plan"])[1]
    issues += load_indicators(session, files["indicators"])[1]
    issues += load_observations(session, files["observations"])[1]
    issues += load_thematic_plans(session, files["thematic_plans"], municipality=NUMBER)[1]
    for key in sorted(k for k in files if k.startswith("narrative-")):
        issues += load_narrative(session, files[key], municipality=NUMBER)[1]
    assert not issues, issues


def _plan(text: Callable[[str], str], first: str, second: str) -> dict:
    return {
        "municipality": NUMBER,
        "plan": text("Kommuneplan 2020-2030"),
        "version": "adopted",
        "date": "2020-06-01",
        "focus_areas": [
            {
                "name": first,
                "main_goal": {"text": text("Hovedmål 1"), "refs": ["3"]},
                "goals": [
                    {
                        "text": text("Delmål 1.1"),
                        "refs": ["3.4"],
                        "strategies": [{"text": text("Strategi 1.1.1"), "refs": ["AK"]}],
                    },
                    {"text": text("Delmål 1.2"), "refs": ["AK"]},
                ],
            },
            {
                "name": second,
                "goals": [{"text": text("Delmål 2.1"), "refs": ["11.3"]}],
            },
        ],
    }


def _indicators(text: Callable[[str], str], first: str, second: str) -> dict:
    return {
        "format": "sdgplan-indicators",
        "format_version": "1",
        "municipality": NUMBER,
        "years": "2015-2025",
        "areas": [{"code": AREA, "name": text("Bydel"), "kind": "district"}],
        "goals_under_development": [{"focus_area": first, "goal": "2"}],
        "indicators": [
            {
                "key": "andel",
                "name": text("Andel"),
                "unit": text("enhet"),
                "direction": "higher",
                "threshold": "> 10",
                "source": text("Kilde"),
                "notes": text("Merknad"),
                "focus_area": first,
                "goal": "1",
            },
            {
                "key": "antall",
                "name": text("Antall"),
                "direction": "lower",
                "bands": {"desired": "0-5", "acceptable": "5-8"},
                "focus_area": second,
                "goal": "1",
            },
        ],
        "tables": [
            {
                "key": "sammenligning",  # a key, not free text: a-z, 0-9 and -
                "title": text("Tabell"),
                "section": text("Kapittel 2"),
                "source": text("Tabellkilde"),
                "header": text("Hjørne"),
                "rows": "area",
                "columns": ["period"],
                "indicators": ["andel"],
                "labels": {NUMBER: text("Oslo-etikett"), "2021": text("År 2021")},
                "note": text("Tabellmerknad"),
            }
        ],
    }


def _observations(text: Callable[[str], str]) -> list[list[str]]:
    header = ["indicator_id", "area", "period", "breakdown", "value", "status", "display", "note"]
    rows = [
        ["andel", NUMBER, "2020", "", "8.5", "", "", text("Obsmerknad")],
        ["andel", NUMBER, "2021", "", "11.0", "", text("Visning"), ""],
        ["andel", NUMBER, "2022", "", "", "pending", "", ""],
        ["andel", AREA, "2020", "", "7", "", "", ""],
        ["andel", AREA, "2021", "", "9", "", "", ""],
        ["antall", NUMBER, "2020", "", "4", "", "", ""],
        ["antall", NUMBER, "2021", "", "6", "", "", ""],
        ["antall", NUMBER, "2022", text("Fordeling"), "6", "", "", ""],
    ]
    return [header, *rows]


def _yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path
