"""Observations as tidy CSV text; kept for callers of `read_observations`.

The readers live in `sdgplan.importers.observations` (CSV and Excel, one set of row checks).
"""

from __future__ import annotations

from sdgplan.importers.observations.csv import read_csv_observations as read_observations
from sdgplan.importers.observations.rows import DEFINING, OPTIONAL, REQUIRED

__all__ = ["DEFINING", "OPTIONAL", "REQUIRED", "read_observations"]
