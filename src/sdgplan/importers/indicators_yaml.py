"""Indicator definitions as YAML; kept for callers of `read_indicators`.

The readers live in `sdgplan.importers.indicators` (YAML and Excel, one set of checks).
"""

from __future__ import annotations

from sdgplan.importers.indicators.checks import FORMAT_NAME, FORMAT_VERSION, TABLE_DIMENSIONS
from sdgplan.importers.indicators.yaml import read_indicators

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "TABLE_DIMENSIONS", "read_indicators"]
