"""Saved SSB queries: a YAML file kept with the municipality's data that says which table,
which variables and value codes, and which contents code goes to which indicator, in which
unit and scale (docs/sources.md, "SSB queries"). Every problem is an Issue with its line."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from sdgplan.errors import InvalidData, NotFound
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, read_text
from sdgplan.importers.yaml_nodes import NodeReader, compose_text
from sdgplan.sources.pxweb import CODE, EXPRESSION, TABLE_ID, VARIABLE, Contents, Query
from sdgplan.sources.regions import codes_to_ask

FORMAT = "sdgplan-ssb-query"
VERSION = 1
TOP_KEYS = {"format", "format_version", "table", "api", "language", "municipality"}
TOP_KEYS |= {"region_variable", "variables", "contents"}
CONTENTS_KEYS = {"code", "indicator", "unit", "scale"}
APIS = ("v2", "v0")
LANGUAGES = ("no", "en")


def read_query_file(path: Path) -> Query:
    """The query saved in `path`; InvalidData listing every problem with its line."""
    return parse_query(read_text(path), source=str(path))


def parse_query(text: str, *, source: str) -> Query:
    log = IssueLog(source)
    query = _parse(text, log, source)
    if query is None or log.issues:
        raise InvalidData(
            _("{source}: spørringen har feil").format(source=source), issues=log.issues
        )
    return query


def _parse(text: str, log: IssueLog, source: str) -> Query | None:
    root = compose_text(text, log)
    if root is None:
        if not log.issues:
            log.error(_("Filen er tom"))
        return None
    nodes = NodeReader(log)
    top = nodes.mapping(root, TOP_KEYS, _("spørringen"))
    if top is None:
        return None
    nodes.check_format(top, FORMAT, VERSION)
    table = nodes.text(top.get("table"), required=True, at=root, key="table")
    if table and not TABLE_ID.match(table):
        nodes.error(top["table"], _("Ugyldig tabellnummer: {table}").format(table=table))
    api = _one_of(nodes, top, "api", APIS, "v2")
    language = _one_of(nodes, top, "language", LANGUAGES, "no")
    variables = _variables(nodes, top.get("variables"), at=root)
    region = nodes.text(top.get("region_variable"), required=False) or "Region"
    municipality = nodes.text(top.get("municipality"), required=False)
    if municipality and region not in variables:
        try:
            variables[region] = codes_to_ask(municipality)
        except NotFound as e:
            nodes.error(top["municipality"], e.message)
    contents = _contents(nodes, top.get("contents"), at=root)
    if log.issues:
        return None
    return Query(
        table=table,
        variables=variables,
        contents=contents,
        language=language,
        api="v0" if api == "v0" else "v2",
        source=source,
    )


def _one_of(
    nodes: NodeReader, top: dict[str, Node], key: str, allowed: tuple[str, ...], default: str
) -> str:
    value = nodes.text(top.get(key), required=False) or default
    if value not in allowed:
        nodes.error(
            top[key],
            _("Ugyldig {key}: «{value}»; tillatt: {allowed}").format(
                key=key, value=value, allowed=", ".join(allowed)
            ),
        )
    return value


def _variables(nodes: NodeReader, node: Node | None, *, at: Node) -> dict[str, tuple[str, ...]]:
    if node is None:
        nodes.error(at, _("Mangler «variables»: verdikodene for hver variabel"))
        return {}
    mapping = nodes.mapping(node, None, "variables")
    result: dict[str, tuple[str, ...]] = {}
    for name, value in (mapping or {}).items():
        if not VARIABLE.match(name):
            nodes.error(value, _("Ugyldig variabelnavn: «{name}»").format(name=name))
            continue
        items = nodes.sequence(value) if isinstance(value, SequenceNode) else [value]
        codes = tuple(nodes.text(item, required=True, at=value, key=name) for item in items)
        for item, code in zip(items, codes, strict=True):
            if code and not (CODE.match(code) or EXPRESSION.match(code)):
                nodes.error(
                    item,
                    _(
                        "Ugyldig verdikode «{code}»; bruk koder, *, top(n), from(x) eller to(x)"
                    ).format(code=code),
                )
        if not codes:
            nodes.error(value, _("Ingen verdier valgt for {name}").format(name=name))
        elif len(codes) > 1 and any(EXPRESSION.match(c) for c in codes):
            nodes.error(value, _("{name}: et uttrykk som top(5) må stå alene").format(name=name))
        result[name] = codes
    return result


def _contents(nodes: NodeReader, node: Node | None, *, at: Node) -> tuple[Contents, ...]:
    items = nodes.sequence(node)
    if not items:
        nodes.error(node or at, _("Mangler «contents»: minst én innholdskode og dens indikator"))
    result = []
    for item in items:
        entry = nodes.mapping(item, CONTENTS_KEYS, "contents")
        if entry is None:
            continue
        code = nodes.text(entry.get("code"), required=True, at=item, key="code")
        if code and not CODE.match(code):
            nodes.error(entry["code"], _("Ugyldig innholdskode «{code}»").format(code=code))
        indicator = nodes.text(entry.get("indicator"), required=True, at=item, key="indicator")
        unit = nodes.text(entry.get("unit"), required=False)
        result.append(Contents(code, indicator, unit, _scale(nodes, entry.get("scale"))))
    codes = [c.code for c in result]
    for item, code in zip(items, codes, strict=False):
        if code and codes.count(code) > 1:
            nodes.error(item, _("Innholdskoden «{code}» står to ganger").format(code=code))
    return tuple(result)


def _scale(nodes: NodeReader, node: Node | None) -> Decimal:
    text = nodes.text(node, required=False)
    if not text:
        return Decimal(1)
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0 or not isinstance(node, ScalarNode):
        nodes.error(
            node, _("Ugyldig skala «{text}»; bruk et positivt tall, f.eks. 1000").format(text=text)
        )
        return Decimal(1)
    return value
