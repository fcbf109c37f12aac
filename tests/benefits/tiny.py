"""A tiny municipality (Trondheim, 5001) with one indicator, written as ordinary files and
loaded through the importers, for the benefit tests."""

from pathlib import Path

from sdgplan.loading import load_indicators, load_observations

NUMBER = "5001"
HEADER = "indicator_id,area,period,breakdown,value,status,display,note\n"
BENEFITS = """\
format: sdgplan-benefits
format_version: 1
municipality: '5001'
key: gevinster
title: Gevinstplan
baseline_year: 2019
target_year: 2023
areas:
- key: tjenester
  name: Tjenesteproduksjon
  benefits:
  - key: fornoyde
    text: Flere fornøyde brukere
    indicator: fornoyde
    expected: 60
"""


def write_indicator(folder: Path, *, direction: str = "higher", unit: str = "%") -> Path:
    path = folder / "indicators.yaml"
    path.write_text(
        "format: sdgplan-indicators\n"
        "format_version: 1\n"
        f"municipality: '{NUMBER}'\n"
        "indicators:\n"
        "- key: fornoyde\n"
        "  name: Andel fornøyde brukere\n"
        f"  unit: '{unit}'\n"
        f"  direction: {direction}\n",
        encoding="utf-8",
    )
    return path


def load_tiny(session, folder: Path, rows: str, *, direction: str = "higher") -> None:
    """The indicator and its observations (`rows`: CSV lines without the header)."""
    folder.mkdir(parents=True, exist_ok=True)
    observations = folder / "observations.csv"
    observations.write_text(HEADER + rows, encoding="utf-8")
    assert not load_indicators(session, write_indicator(folder, direction=direction))[1]
    assert not load_observations(session, observations, municipality=NUMBER)[1]


def benefits_file(folder: Path, text: str = BENEFITS) -> Path:
    path = folder / "benefits.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALUES_2019_2022 = (
    "fornoyde,5001,2019,,50,,,\n"
    "fornoyde,5001,2020,,52,,,\n"
    "fornoyde,5001,2021,,55,,,\n"
    "fornoyde,5001,2022,,58,,,\n"
)
