"""The climate budget as YAML (`format: sdgplan-climate-budget`): the target, an optional
chosen ceiling path, and the measures (docs/planning-cycle.md, "Climate budget")."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from yaml.nodes import Node

from sdgplan.domain.climate import ClimateMeasure, ClimateTarget, PathPoint
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.climate_csv import MEASURE_COLUMNS, parse_measure, parse_tonnes, parse_year
from sdgplan.importers.yaml_nodes import NodeReader, compose_text

T = TypeVar("T")
FORMAT, VERSION = "sdgplan-climate-budget", 1
TOP_KEYS = {"format", "format_version", "municipality", "target", "measures"}
TARGET_KEYS = {"reference_year", "target_year", "reduction_percent", "path", "source"}


@dataclass(frozen=True)
class BudgetFile:
    """What a budget file gives; `measures` is None when it has no `measures:` key (the
    stored list is then kept)."""

    target: ClimateTarget | None
    measures: list[ClimateMeasure] | None


def read_budget(text: str, *, source: str) -> Parsed[BudgetFile]:
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        return Parsed(None, log.issues)
    reader = NodeReader(log)
    top = reader.mapping(root, TOP_KEYS, FORMAT)
    if top is None:
        return Parsed(None, log.issues)
    reader.check_format(top, FORMAT, VERSION)
    target = _target(reader, top["target"]) if "target" in top else None
    measures = _measures(reader, top["measures"]) if "measures" in top else None
    if target is None and measures is None and not log.issues:
        log.error(_("Filen har verken «target» eller «measures»"))
    return Parsed(BudgetFile(target, measures), log.issues)


def _target(reader: NodeReader, node: Node) -> ClimateTarget | None:
    fields = reader.mapping(node, TARGET_KEYS, "target")
    if fields is None:
        return None
    reference = _required(reader, fields, "reference_year", node, parse_year)
    year = _required(reader, fields, "target_year", node, parse_year)
    percent = _required(reader, fields, "reduction_percent", node, _percent)
    path = _path(reader, fields.get("path"))
    if reference is None or year is None or percent is None or path is None:
        return None
    if year <= reference:
        reader.error(
            fields["target_year"],
            _("Målåret {year} må være etter referanseåret {reference}").format(
                year=year, reference=reference
            ),
        )
        return None
    source = reader.text(fields.get("source"), required=False) or None
    return ClimateTarget(reference, year, percent, tuple(path), source)


def _required(
    reader: NodeReader, fields: dict[str, Node], key: str, at: Node, parse: Callable[[str], T]
) -> T | None:
    if key not in fields:
        reader.error(at, _("Mangler «{key}»").format(key=key))
        return None
    value = reader.parsed(fields[key], parse)
    if value is None and not reader.text(fields[key], required=False):
        reader.error(fields[key], _("Mangler «{key}»").format(key=key))
    return value


def _percent(text: str) -> float:
    value = parse_tonnes(text.removesuffix("%").strip())
    if not 0 <= value <= 100:
        raise ValueError(_("Reduksjonen «{text}» må være mellom 0 og 100 %").format(text=text))
    return value


def _path(reader: NodeReader, node: Node | None) -> list[PathPoint] | None:
    """The chosen path's points, years rising; None after an error."""
    points: list[PathPoint] = []
    ok = True
    for item in reader.sequence(node):
        fields = reader.mapping(item, {"year", "ceiling"}, "path")
        if fields is None:
            ok = False
            continue
        year = _required(reader, fields, "year", item, parse_year)
        ceiling = _required(reader, fields, "ceiling", item, parse_tonnes)
        if year is None or ceiling is None:
            ok = False
        elif points and year <= points[-1].year:
            reader.error(
                fields["year"],
                _("Året {year} i «path» må komme etter {previous}").format(
                    year=year, previous=points[-1].year
                ),
            )
            ok = False
        else:
            points.append(PathPoint(year, ceiling))
    return points if ok else None


def _measures(reader: NodeReader, node: Node) -> list[ClimateMeasure]:
    measures: list[ClimateMeasure] = []
    keys: dict[str, int] = {}
    for item in reader.sequence(node):
        fields = reader.mapping(item, set(MEASURE_COLUMNS), "measures")
        if fields is None:
            continue
        values = {k: reader.text(v, required=False) for k, v in fields.items()}
        measure = parse_measure(values, functools.partial(reader.error, item))
        if measure is None:
            continue
        if reader.first_time(
            item, measure.key, keys, _("Tiltaket «{key}» står også på linje {first}")
        ):
            measures.append(measure)
    return measures
