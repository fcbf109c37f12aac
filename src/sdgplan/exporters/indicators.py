"""Write indicator definitions as the files `sdgplan import indicators` reads: the YAML file
(`sdgplan-indicators`) or the Excel workbook an analyst edits (importers/indicators/xlsx.py).

Both are written from one plain-data form (`indicators_to_dict`), so they hold the same.
A goal is written by its key (`okonomi.1`), or by its text when it has none (a reference
made from names only). Numbers are written in full (`0.00001`, never `1e-05`), so the file
reads back as the same values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml

from sdgplan.domain.indicators import Area, GoalRef, Indicator, IndicatorSet, ReportTable
from sdgplan.domain.rules import ProgressOptions, Target, Threshold, ValueRange
from sdgplan.importers.indicators.checks import FORMAT_NAME, FORMAT_VERSION, NESTED, TARGET
from sdgplan.importers.indicators.xlsx import INFO_SHEET, SEPARATORS, SHEETS

NUMERIC = {*TARGET, "progress_base_year", "progress_limit"}
# What an .xlsx file cannot hold (XML 1.0): control characters, shown as U+FFFD instead.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def indicators_to_dict(data: IndicatorSet, *, municipality: str) -> dict[str, Any]:
    """The definitions as plain data with the keys of the YAML file, empty values left out."""
    result: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "municipality": municipality,
    }
    if data.years is not None:
        first, last = data.years
        result["years"] = str(first) if first == last else f"{first}-{last}"
    result["areas"] = [_area(a) for a in data.areas]
    result["goals_under_development"] = _goals(list(data.goals_under_development))
    result["indicators"] = [_indicator(i) for i in data.indicators]
    result["tables"] = [_table(t) for t in data.tables]
    return result


def indicators_yaml(data: IndicatorSet, *, municipality: str) -> str:
    header = (
        f"# sdgplan indicator file (format {FORMAT_NAME} {FORMAT_VERSION}). Check it with:\n"
        "#   sdgplan import indicators THIS_FILE\n"
    )
    body = yaml.dump(
        indicators_to_dict(data, municipality=municipality),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body


def indicators_workbook(data: IndicatorSet, *, municipality: str) -> bytes:
    """The definitions as .xlsx bytes: a sheet per list, a row per item (see docs/formats.md)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # here: slow to load
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    plain = indicators_to_dict(data, municipality=municipality)
    rows: dict[str, list[dict[str, Any]]] = {
        "indicators": [flat_row(i) for i in plain["indicators"]],
        "areas": plain["areas"],
        "goals_under_development": [flat_row(g) for g in plain["goals_under_development"]],
        "tables": [
            flat_row({k: v for k, v in t.items() if k != "labels"}) for t in plain["tables"]
        ],
        "labels": [
            {"table": t["key"], "value": value, "label": label}
            for t in plain["tables"]
            for value, label in t.get("labels", {}).items()
        ],
    }
    book = Workbook()
    book.remove(book.active)
    for sheet, columns in SHEETS.items():
        ws = book.create_sheet(sheet)
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows[sheet]:
            ws.append([_cell_value(row.get(c), numeric=c in NUMERIC) for c in columns])
            for cell, column in zip(ws[ws.max_row], columns, strict=True):
                if column not in NUMERIC:
                    _as_text(cell)
        ws.freeze_panes = "A2"
        for at, column in enumerate(columns):
            ws.column_dimensions[_letter(at)].width = 60 if column in ("name", "title") else 18
    info = book.create_sheet(INFO_SHEET)
    for name in ("format", "format_version", "municipality", "years"):
        if name in plain:
            info.append([name, _cell_value(plain[name], numeric=False)])
            _as_text(info.cell(row=info.max_row, column=2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _yaml_bytes(data: IndicatorSet, *, municipality: str) -> bytes:
    return indicators_yaml(data, municipality=municipality).encode("utf-8")


# format -> the file's bytes, for `sdgplan export indicators --format yaml|xlsx`
INDICATOR_EXPORTERS: dict[str, Callable[..., bytes]] = {
    "yaml": _yaml_bytes,
    "xlsx": indicators_workbook,
}


def _area(area: Area) -> dict[str, Any]:
    return {"code": area.code, "name": area.name, "kind": area.kind.value}


def _goals(refs: list[GoalRef]) -> list[dict[str, Any]]:
    """Goals under development: one entry per goal."""
    return [_goal_fields((ref,)) for ref in refs]


def _goal_fields(refs: tuple[GoalRef, ...]) -> dict[str, Any]:
    """`focus_area` and `goal` (a key, or a text; a list when several) of an item's goals."""
    if not refs:
        return {}
    goals = [ref.key if ref.resolved else ref.goal for ref in refs]
    return {"focus_area": refs[0].focus_area, "goal": goals[0] if len(goals) == 1 else goals}


def _indicator(indicator: Indicator) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "key": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction.value if indicator.direction else None,
        "threshold": _threshold(indicator.threshold) if indicator.threshold else None,
        "scale": str(indicator.scale) if indicator.scale else None,
        "source": indicator.source,
        "notes": indicator.notes,
        **_goal_fields(indicator.goals),
        "series": str(indicator.series) if indicator.series else None,
        "group_method": indicator.group_method,
    }
    if indicator.bands is not None:
        fields["bands"] = {
            "desired": _ranges(indicator.bands.desired),
            "acceptable": _ranges(indicator.bands.acceptable),
        }
    if indicator.target is not None:
        fields["target"] = _target(indicator.target)
    progress = indicator.progress
    if progress != ProgressOptions():
        fields["progress"] = {
            "base_year": progress.base_year,
            "limit": _number(progress.limit) if progress.limit is not None else None,
        }
    return _without_empty(fields)


def _target(target: Target) -> dict[str, Any]:
    reached = None
    if target.reached_change is not None:
        reached = {"change": _percent(target.reached_change), "year": target.reached_year}
    return {
        "value": _number(target.value) if target.value is not None else None,
        "change": _percent(target.change) if target.change is not None else None,
        "base_year": target.base_year,
        "year": target.year,
        "reached": reached,
    }


def _table(table: ReportTable) -> dict[str, Any]:
    return _without_empty(
        {
            "key": table.key,
            "title": table.title,
            "section": table.section,
            "source": table.source,
            "header": table.header,
            "rows": table.rows,
            "columns": list(table.columns),
            "indicators": list(table.indicators),
            "labels": dict(table.labels),
            "note": table.note,
        }
    )


def _threshold(threshold: Threshold) -> str:
    """`> 10 %`, `10-20 %`: as `Threshold.parse` reads it back exactly."""
    if threshold.operator == "between":
        assert threshold.upper is not None
        text = f"{_number(threshold.value)}-{_number(threshold.upper)}"
    else:
        text = f"{threshold.operator} {_number(threshold.value)}"
    return f"{text} {threshold.unit}" if threshold.unit else text


def _ranges(ranges: tuple[ValueRange, ...]) -> str | list[str] | None:
    texts = [
        f"{_number(r.lower)}-{_number(r.upper)}" + (f" {r.unit}" if r.unit else "") for r in ranges
    ]
    if not texts:
        return None
    return texts[0] if len(texts) == 1 else texts


def _number(value: float) -> str:
    """`10`, `1.3`, `0.00001`: in full, with a decimal point."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _percent(value: float) -> str:
    return f"{_number(value)} %"


def _without_empty(fields: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for key, value in fields.items():
        if isinstance(value, dict):
            value = _without_empty(value)
        if value not in (None, "", [], {}):
            result[key] = value
    return result


def flat_row(fields: dict[str, Any]) -> dict[str, Any]:
    """A YAML item as a workbook row: nested keys as flat columns, lists in one cell."""
    row: dict[str, Any] = {}
    for column in {c for columns in SHEETS.values() for c in columns}:
        value: Any = fields
        for key in NESTED.get(column, (column,)):
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = f"{SEPARATORS.get(column, ',')} ".join(str(v) for v in value)
        if value is not None:
            row[column] = value
    return row


def _cell_value(value: Any, *, numeric: bool) -> Any:
    """A number for a numeric column (`-67 %` -> -67); text for the others."""
    if value is None:
        return None
    if numeric:
        number = float(str(value).removesuffix(" %"))
        return int(number) if number.is_integer() else number
    return _ILLEGAL.sub("\ufffd", str(value))


def _as_text(cell: Any) -> None:
    """A text cell in the Text format, so Excel never turns `1-5` into a date, `0220` into
    220 or a formula-like text into a formula, also when it is typed anew."""
    if cell.value is not None:
        cell.data_type = "s"
    cell.number_format = "@"


def _letter(at: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(at + 1))


class _Dumper(yaml.SafeDumper):
    """Lists of keys written inline (`columns: [period]`), as in the bundled files."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    inline = all(isinstance(v, str) and len(v) < 60 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


_Dumper.add_representer(list, _represent_list)
