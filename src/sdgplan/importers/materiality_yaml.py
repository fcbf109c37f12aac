"""Materiality as YAML (`format: sdgplan-materiality`, version 1): a cycle's scale, how its
scorers are combined, the priority threshold and, optionally, the scores
(docs/method-tool.md, "Materiality")."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from yaml.nodes import Node

from sdgplan.domain.materiality import Aggregation, Method, Scale, Score, cycle_key
from sdgplan.domain.numbers import parse_number
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.materiality_csv import COLUMNS, duplicate, parse_score
from sdgplan.importers.yaml_nodes import NodeReader, compose_text

FORMAT, VERSION = "sdgplan-materiality", 1
TOP_KEYS = {
    "format",
    "format_version",
    "municipality",
    "cycle",
    "title",
    "illustrative",
    "scale",
    "aggregation",
    "threshold",
    "scores",
}


@dataclass(frozen=True)
class MaterialityFile:
    """What a file gives; `scores` is None when it has no `scores:` key (the stored scores
    are then kept, and checked against the new scale)."""

    cycle: str
    title: str | None
    illustrative: bool
    method: Method
    scores: list[Score] | None


def read_materiality(text: str, *, source: str, catalogue: SdgCatalogue) -> Parsed[MaterialityFile]:
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        return Parsed(None, log.issues)
    reader = NodeReader(log)
    top = reader.mapping(root, TOP_KEYS, FORMAT)
    if top is None:
        return Parsed(None, log.issues)
    reader.check_format(top, FORMAT, VERSION)
    cycle = reader.text(top.get("cycle"), required=True, at=root, key="cycle")
    if cycle and reader.parsed(top["cycle"], cycle_key) is None:
        cycle = ""
    title = reader.text(top.get("title"), required=False) or None
    illustrative = reader.parsed(top.get("illustrative"), _boolean) or False
    method = _method(reader, top, root)
    scores = None
    if "scores" in top:
        scale = method.scale if method is not None else None
        scores = _scores(reader, top["scores"], catalogue, scale)
    if method is None or not cycle:
        return Parsed(None, log.issues)
    return Parsed(MaterialityFile(cycle, title, illustrative, method, scores), log.issues)


def _method(reader: NodeReader, top: dict[str, Node], root: Node) -> Method | None:
    scale = Scale()
    if "scale" in top:
        fields = reader.mapping(top["scale"], {"min", "max"}, "scale")
        if fields is None:
            return None
        low = reader.parsed(fields.get("min"), parse_number)
        high = reader.parsed(fields.get("max"), parse_number)
        if low is None or high is None:
            reader.error(top["scale"], _("«scale» må ha både «min» og «max»"))
            return None
        try:
            scale = Scale(low, high)
        except ValueError as e:
            reader.error(top["scale"], str(e))
            return None
    aggregation = Aggregation.MEAN
    if "aggregation" in top:
        chosen = reader.choice(top["aggregation"], Aggregation, at=root, key="aggregation")
        if chosen is None:
            return None
        aggregation = chosen
    threshold = reader.parsed(top.get("threshold"), parse_number)
    if threshold is None and reader.text(top.get("threshold"), required=False):
        return None  # not a number (logged); an empty threshold is the scale's midpoint
    try:
        return Method(scale, aggregation, threshold)
    except ValueError as e:
        reader.error(top["threshold"], str(e))
        return None


def _boolean(text: str) -> bool:
    if text.lower() in ("true", "yes"):
        return True
    if text.lower() in ("false", "no"):
        return False
    raise ValueError(_("«{text}»: skriv true eller false").format(text=text))


def _scores(
    reader: NodeReader, node: Node, catalogue: SdgCatalogue, scale: Scale | None
) -> list[Score]:
    scores: list[Score] = []
    seen: dict[tuple[str, str], int] = {}
    for item in reader.sequence(node):
        fields = reader.mapping(item, set(COLUMNS), "scores")
        if fields is None:
            continue
        values = {k: reader.text(v, required=False) for k, v in fields.items()}
        score = parse_score(values, catalogue, scale, functools.partial(reader.error, item))
        if score is None:
            continue
        line = item.start_mark.line + 1
        first = seen.setdefault((score.code, score.scorer), line)
        if first != line:
            reader.error(item, duplicate(score, first))
            continue
        scores.append(score)
    return scores
