"""CSV and JSON text that is safe to open: no formulas run, no NaN or Infinity written."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from sdgplan.domain.cells import neutralise_formula


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header; text a spreadsheet would run as a formula is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_formula(_finite_or_none(cell)) for cell in row])
    return out.getvalue()


def json_text(data: Any, *, indent: int) -> str:
    """JSON as the standard defines it: a value that is not finite becomes null."""
    return json.dumps(_finite(data), ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def _finite(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return _finite_or_none(data)


def _finite_or_none(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value
