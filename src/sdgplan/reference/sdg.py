"""Load the SDG catalogue from the CSV files shipped in `data/`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import cache
from importlib import resources

from sdgplan.domain.sdg import SdgCatalogue, SdgGoal, SdgIndicator, SdgTarget


def read_data_csv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a CSV file in the package's reference data."""
    text = resources.files("sdgplan.reference").joinpath("data", name).read_text("utf-8")
    yield from csv.DictReader(io.StringIO(text, newline=""))


@cache
def load_sdg_catalogue() -> SdgCatalogue:
    """The 17 goals, 169 targets and 252 indicators, in English and Norwegian bokmål.

    Norwegian titles the source flags as wrong (`nb_suspect`, `nb_stale`) are replaced by
    the English title, so no reader sees another target's text.
    """
    goals = {
        int(r["goal"]): SdgGoal(
            int(r["goal"]), r["title_en"], r["title_nb"], r["short_en"], r["short_nb"]
        )
        for r in read_data_csv("goals.csv")
    }
    targets = {
        r["target"]: SdgTarget(r["target"], int(r["goal"]), r["title_en"], _title_nb(r))
        for r in read_data_csv("targets.csv")
    }
    indicators = {
        r["indicator"]: SdgIndicator(
            r["indicator"], r["target"], int(r["goal"]), r["title_en"], _title_nb(r)
        )
        for r in read_data_csv("indicators.csv")
    }
    return SdgCatalogue(goals=goals, targets=targets, indicators=indicators)


def _title_nb(row: dict[str, str]) -> str:
    wrong = "use title_en" in row["nb_note"] or row.get("nb_stale") == "true"
    return row["title_en"] if wrong else row["title_nb"]
