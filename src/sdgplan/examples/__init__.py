"""Example data shipped with sdgplan; Asker kommune is the bundled municipality."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def example_path(*parts: str) -> Path:
    """The path of a file in the bundled examples, e.g. `example_path("asker", "x.txt")`."""
    return Path(str(resources.files("sdgplan.examples").joinpath(*parts)))
