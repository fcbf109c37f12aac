"""Example data shipped with sdgplan; Asker kommune is the bundled municipality."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


def example_path(*parts: str) -> Path:
    """The path of a file in the bundled examples, e.g. `example_path("asker", "x.txt")`."""
    return Path(str(resources.files("sdgplan.examples").joinpath(*parts)))


@dataclass(frozen=True)
class Example:
    """The files of an example, in the order they are imported, with the usual importers."""

    municipality: str
    plans: tuple[tuple[str, str], ...]  # (file, version)
    indicators: tuple[str, ...]
    observations: tuple[str, ...]
    thematic_plans: tuple[str, ...]
    narratives: str  # a folder of Markdown files, loaded in name order
    boundaries: tuple[str, ...] = ()  # GeoJSON map shapes and points


EXAMPLES = {
    "asker": Example(
        municipality="3203",
        plans=(
            ("plan-overview-proposal-2020-2032.txt", "proposal"),
            ("plan-adopted.yaml", "adopted"),
        ),
        indicators=("indicators.yaml",),
        observations=("observations.csv",),
        thematic_plans=("thematic-plans.csv",),
        narratives="narrative",
        boundaries=("boundaries-illustrative.geojson",),  # simplified, illustrative shapes
    ),
}
