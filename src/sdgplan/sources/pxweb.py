"""SSB's PxWebApi (https://www.ssb.no/api/api-mot-statistikkbanken--brukerveiledning):
version 2 by GET (`/api/pxwebapi/v2/tables/{id}/data?valueCodes[Var]=...`), the older v0
by POST (`/api/v0/no/table/{id}`) when v2 does not know the table or the query asks for it.
JSON-stat 2.0 in both. A query too large for SSB's cell limit or for a URL is split into
parts, fetched one after the other and returned together (docs/sources.md, "SSB queries").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from sdgplan.errors import ConfigError, FormatError
from sdgplan.i18n import _
from sdgplan.importers.jsonstat import Cell, read_jsonstat
from sdgplan.sources.http import Fetcher, Response

SSB_URL = "https://data.ssb.no"
# SSB's limits (https://data.ssb.no/api/pxwebapi/v2/config): 800 000 cells per query.
MAX_CELLS = 800_000
# Longer URLs are refused by some proxies and servers; 2000 is the common safe length.
MAX_URL_LENGTH = 2000
Api = Literal["v2", "v0"]

TABLE_ID = re.compile(r"^[A-Za-z0-9_]{1,20}$")
VARIABLE = re.compile(r"^[A-Za-z0-9_\-]{1,60}$")
# Selection expressions of PxWebApi 2 that this client writes: all values, the n newest,
# from a code on, up to a code.
EXPRESSION = re.compile(r"^(\*|top\((\d{1,6})\)|from\([^()]+\)|to\([^()]+\))$")
CODE = re.compile(r"^[^\s,()\[\]]{1,60}$")


@dataclass(frozen=True)
class Contents:
    """A contents code (a `ContentsCode` value) and the indicator its figures go to: the
    figure is multiplied by `scale` and stored in `unit`."""

    code: str
    indicator: str
    unit: str = ""
    scale: Decimal = Decimal(1)


@dataclass(frozen=True)
class Query:
    """Which table, which value codes (or one expression) per variable, which contents."""

    table: str
    variables: dict[str, tuple[str, ...]]
    contents: tuple[Contents, ...]
    language: str = "no"
    api: Api = "v2"
    contents_variable: str = "ContentsCode"
    source: str = ""  # the saved query file, for messages

    @property
    def label(self) -> str:
        return f"SSB {self.table}"

    def value_codes(self) -> dict[str, tuple[str, ...]]:
        """Every variable's selection, the contents codes last."""
        return {**self.variables, self.contents_variable: tuple(c.code for c in self.contents)}


@dataclass(frozen=True)
class Part:
    """One answer: the text (JSON-stat 2.0) and where and how it was got."""

    api: Api
    url: str
    text: str
    headers: dict[str, str]
    attempts: int
    body: dict[str, Any] | None = None  # the v0 query sent


@dataclass(frozen=True)
class TableResult:
    query: Query
    parts: tuple[Part, ...] = field(default_factory=tuple)


def check_query(query: Query) -> None:
    """ConfigError for a table id, variable or code that cannot be put in a URL safely."""
    if not TABLE_ID.match(query.table):
        raise ConfigError(_("Ugyldig tabellnummer: {table}").format(table=repr(query.table)))
    for variable, codes in query.value_codes().items():
        if not VARIABLE.match(variable):
            raise ConfigError(_("Ugyldig variabelnavn: {name}").format(name=repr(variable)))
        if not codes:
            raise ConfigError(_("Ingen verdier valgt for {name}").format(name=variable))
        for code in codes:
            if not (CODE.match(code) or EXPRESSION.match(code)):
                raise ConfigError(
                    _("Ugyldig verdi for {name}: {code}").format(name=variable, code=repr(code))
                )
        if len(codes) > 1 and any(EXPRESSION.match(c) for c in codes):
            raise ConfigError(_("{name}: et uttrykk som top(5) må stå alene").format(name=variable))


def v2_url(query: Query, *, base_url: str = SSB_URL) -> str:
    """`{base}/api/pxwebapi/v2/tables/{id}/data?lang=no&valueCodes[Region]=3203,0220&...`."""
    params = [("lang", query.language), ("outputFormat", "json-stat2")]
    params += [
        (f"valueCodes[{name}]", ",".join(codes)) for name, codes in query.value_codes().items()
    ]
    text = "&".join(f"{quote(k, safe='[]')}={quote(v, safe=',()*')}" for k, v in params)
    return f"{base_url.rstrip('/')}/api/pxwebapi/v2/tables/{query.table}/data?{text}"


def v0_url(query: Query, *, base_url: str = SSB_URL) -> str:
    return f"{base_url.rstrip('/')}/api/v0/{query.language}/table/{query.table}"


def v0_body(query: Query) -> dict[str, Any]:
    """The v0 POST query: `item` codes, `all` for `*`, `top` for `top(n)`."""
    selections = []
    for name, codes in query.value_codes().items():
        expression = EXPRESSION.match(codes[0])
        if expression is None:
            selection: dict[str, Any] = {"filter": "item", "values": list(codes)}
        elif codes[0] == "*":
            selection = {"filter": "all", "values": ["*"]}
        elif expression.group(2):
            selection = {"filter": "top", "values": [expression.group(2)]}
        else:
            raise ConfigError(
                _("{label}: {expression} finnes ikke i SSBs eldre API (v0)").format(
                    label=query.label, expression=codes[0]
                ),
                hint=_("Skriv verdikodene ut, eller bruk API-versjon 2."),
            )
        selections.append({"code": name, "selection": selection})
    return {"query": selections, "response": {"format": "json-stat2"}}


def cell_count(query: Query) -> int:
    """The cells the query asks for, as far as it can tell: `top(n)` counts n, `*`, `from()`
    and `to()` count 1 (their size is known only to SSB)."""
    count = 1
    for codes in query.value_codes().values():
        expression = EXPRESSION.match(codes[0])
        if expression is None:
            count *= len(codes)
        elif expression.group(2):
            count *= int(expression.group(2))
    return count


def split_query(
    query: Query,
    *,
    base_url: str = SSB_URL,
    max_cells: int = MAX_CELLS,
    max_url_length: int = MAX_URL_LENGTH,
) -> list[Query]:
    """`query` as parts within the cell limit and URL length, each asking for a share of the
    variable with the most value codes; ConfigError if no variable can be split further."""
    too_long = query.api == "v2" and len(v2_url(query, base_url=base_url)) > max_url_length
    if cell_count(query) <= max_cells and not too_long:
        return [query]
    splittable = {
        name: codes
        for name, codes in query.variables.items()
        if len(codes) > 1 and not EXPRESSION.match(codes[0])
    }
    if not splittable:
        raise ConfigError(
            _("{label}: spørringen er for stor ({cells} celler) og kan ikke deles").format(
                label=query.label, cells=cell_count(query)
            ),
            hint=_("Velg færre verdier, eller del den i flere spørringer."),
        )
    name, codes = max(splittable.items(), key=lambda item: len(item[1]))
    half = len(codes) // 2
    halves = [
        replace(query, variables={**query.variables, name: part})
        for part in (codes[:half], codes[half:])
    ]
    return [
        piece
        for part in halves
        for piece in split_query(
            part, base_url=base_url, max_cells=max_cells, max_url_length=max_url_length
        )
    ]


def fetch_table(
    query: Query,
    *,
    fetcher: Fetcher,
    base_url: str = SSB_URL,
    max_cells: int = MAX_CELLS,
    max_url_length: int = MAX_URL_LENGTH,
) -> TableResult:
    """Every part of `query` from SSB, by v2 unless the query asks for v0 or v2 answers 404
    for the table; ConfigError for a refused query, FormatError for a body that is not JSON."""
    check_query(query)
    parts = split_query(
        query, base_url=base_url, max_cells=max_cells, max_url_length=max_url_length
    )
    api = query.api
    answers: list[Part] = []
    for number, part in enumerate(parts, start=1):
        if len(parts) > 1:
            fetcher.say(
                _("{label}: henter del {number} av {count}").format(
                    label=query.label, number=number, count=len(parts)
                )
            )
        if api == "v2":
            answer = fetcher.get(v2_url(part, base_url=base_url), label=query.label)
            if answer.status == 404 and not answers:
                fetcher.say(
                    _("{label}: ukjent i API-versjon 2, prøver det eldre API-et (v0)").format(
                        label=query.label
                    )
                )
                api = "v0"
            else:
                answers.append(_checked(query, answer, api="v2"))
                continue
        body = v0_body(part)
        answer = fetcher.post(v0_url(part, base_url=base_url), body=body, label=query.label)
        answers.append(_checked(query, answer, api="v0", body=body))
    return TableResult(query=query, parts=tuple(answers))


def read_cells(result: TableResult) -> list[Cell]:
    """The cells of every part, read as JSON-stat 2.0 (`importers.jsonstat`), in order."""
    return [cell for part in result.parts for cell in _part_cells(result.query, part)]


def _part_cells(query: Query, part: Part) -> Iterator[Cell]:
    yield from read_jsonstat(part.text, source=f"{query.label} ({part.url})").cells


def _checked(query: Query, answer: Response, *, api: Api, body: Any = None) -> Part:
    if not answer.ok:
        raise ConfigError(
            _("{label}: SSB avviste spørringen (HTTP {status}): {reason}").format(
                label=query.label, status=answer.status, reason=_excerpt(answer.text)
            ),
            hint=_("Sjekk tabellnummer, variabler og verdikoder i {source}.").format(
                source=query.source or _("spørringen")
            ),
        )
    try:
        parsed = json.loads(answer.text)
    except ValueError as e:
        raise FormatError(
            _("{label}: svaret fra SSB er ikke gyldig JSON ({error})").format(
                label=query.label, error=e
            ),
            hint=_("Prøv igjen senere; svaret kan ha blitt avbrutt."),
        ) from e
    if not isinstance(parsed, dict):
        raise FormatError(
            _("{label}: svaret fra SSB er ikke et JSON-stat-datasett").format(label=query.label)
        )
    return Part(api, answer.url, answer.text, answer.headers, answer.attempts, body)


def _excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + " …"
