"""JSON-stat 2.0 datasets (https://json-stat.org/full/) as SSB's PxWeb API sends them
(docs/sources.md, "JSON-stat 2.0 (SSB)"). A pure reader: text in, a `Dataset` out.

Unlike pyjstat it keeps status symbols and notes. A cell whose status is one of SSB's
missing-figure symbols (`.`, `..`, `...`, `:`) has no value, never zero. A JSON-stat 1.x
file holding one dataset is converted; anything else that is not a 2.0 dataset is a
`FormatError` naming the source.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from sdgplan.domain.indicators import ObservationStatus
from sdgplan.errors import FormatError
from sdgplan.i18n import _

MAX_CHARS = 50_000_000
MAX_DECIMALS = 15
# SSB's standard symbols (https://www.ssb.no/diverse/standardtegn-i-tabeller) that stand
# for a missing figure, and our status for each; the raw symbol is kept on the cell too.
MISSING_SYMBOLS: dict[str, ObservationStatus] = {
    ".": ObservationStatus.NOT_MEASURED,  # cannot be given: the category did not apply
    "..": ObservationStatus.NOT_MEASURED,  # figures missing: not received, or too uncertain
    "...": ObservationStatus.PENDING,  # figures not yet available (tables before 2021)
    ":": ObservationStatus.NOT_MEASURED,  # withheld for confidentiality
}
ROLES = ("time", "geo", "metric")

Json = Any


@dataclass(frozen=True)
class Unit:
    """The unit of a category of the metric dimension: `label` (SSB sends it as `base`)."""

    label: str | None
    decimals: int | None
    symbol: str | None = None


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    unit: Unit | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    role: str | None  # "time", "geo", "metric" or None
    categories: tuple[Category, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One cell: a category code per dimension id, its value (None when missing), our
    status and SSB's raw symbol, the unit of its metric category and its categories' notes."""

    codes: dict[str, str]
    value: float | None
    status: ObservationStatus
    symbol: str | None
    unit: Unit | None
    notes: tuple[str, ...]

    @property
    def decimals(self) -> int | None:
        return self.unit.decimals if self.unit else None


@dataclass(frozen=True)
class Dataset:
    """A cube: its dimensions in order and the values present, keyed by row-major index."""

    label: str
    source: str | None
    updated: dt.datetime | None
    dimensions: tuple[Dimension, ...]
    notes: tuple[str, ...]
    values: dict[int, float | None]
    symbols: dict[int, str] | str  # a symbol per index, or one for every cell
    decimals: int | None = None  # SSB's `extension.px.decimals`, for units that lack them

    @property
    def time(self) -> Dimension | None:
        return self._role("time")

    @property
    def geo(self) -> Dimension | None:
        return self._role("geo")

    @property
    def metric(self) -> Dimension | None:
        return self._role("metric")

    def _role(self, role: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.role == role), None)

    @property
    def cells(self) -> Iterator[Cell]:
        """Every cell with a value or a status symbol, in row-major order."""
        if isinstance(self.symbols, str):
            indices = sorted(self.values)
        else:
            indices = sorted(self.values.keys() | self.symbols.keys())
        for index in indices:
            symbol = self.symbols if isinstance(self.symbols, str) else self.symbols.get(index)
            value = self.values.get(index)
            if value is None and symbol is None:
                continue
            yield self._cell(index, value, symbol)

    def _cell(self, index: int, value: float | None, symbol: str | None) -> Cell:
        categories: list[Category] = []
        for dimension in reversed(self.dimensions):
            index, position = divmod(index, len(dimension.categories))
            categories.append(dimension.categories[position])
        categories.reverse()
        status = MISSING_SYMBOLS.get(symbol or "")
        if status is not None:
            value = None  # a missing figure is never a number, whatever was sent
        elif value is None:
            status = ObservationStatus.NOT_MEASURED
        else:
            status = ObservationStatus.MEASURED
        unit = next(
            (
                c.unit
                for d, c in zip(self.dimensions, categories, strict=True)
                if d.role == "metric"
            ),
            None,
        )
        if self.decimals is not None and (unit is None or unit.decimals is None):
            unit = replace(unit or Unit(label=None, decimals=None), decimals=self.decimals)
        return Cell(
            codes={d.id: c.code for d, c in zip(self.dimensions, categories, strict=True)},
            value=value,
            status=status,
            symbol=symbol,
            unit=unit,
            notes=tuple(note for c in categories for note in c.notes),
        )


def read_jsonstat(text: str | bytes, *, source: str) -> Dataset:
    """The dataset in `text` (JSON-stat 2.0, or a JSON-stat 1.x file with one dataset);
    `source` names the file or URL in error messages."""
    if len(text) > MAX_CHARS:
        raise FormatError(
            _("{source}: filen er for stor ({size} MB; grensen er {limit} MB)").format(
                source=source, size=len(text) // 1_000_000, limit=MAX_CHARS // 1_000_000
            )
        )
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:  # JSONDecodeError and bad bytes are ValueErrors
        reason = e.msg if isinstance(e, json.JSONDecodeError) else str(e) or type(e).__name__
        raise FormatError(
            _("{source}: ikke gyldig JSON: {reason}").format(source=source, reason=reason)
        ) from e
    return _Reader(source).dataset(data)


def _no_constant(name: str) -> None:
    raise ValueError(_("{name} er ikke et tall").format(name=name))


class _Reader:
    """Checks one parsed document; every problem is a FormatError naming the source."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str) -> FormatError:
        return FormatError(f"{self.source}: {message}")

    def dataset(self, data: Json) -> Dataset:
        if not isinstance(data, dict):
            raise self.fail(_("ikke et JSON-stat-datasett (ventet et JSON-objekt)"))
        if "class" not in data and "version" not in data:
            data = self.from_version_1(data)
        if data.get("class") != "dataset":
            raise self.fail(
                _("ventet et JSON-stat-datasett (class «dataset»), fant «{found}»").format(
                    found=data.get("class")
                )
            )
        version = data.get("version")
        if not isinstance(version, str) or not version.startswith("2."):
            raise self.fail(
                _("JSON-stat-versjon «{found}» støttes ikke; ventet 2.0").format(found=version)
            )
        ids, sizes = self.ids_and_sizes(data.get("id"), data.get("size"))
        dimensions = self.dimensions(data, ids, sizes)
        total = math.prod(sizes)
        return Dataset(
            label=self.text(data.get("label"), "label") or "",
            source=self.text(data.get("source"), "source"),
            updated=self.updated(data.get("updated")),
            dimensions=dimensions,
            notes=self.notes(data.get("note"), "note"),
            values=self.values(data.get("value"), total),
            symbols=self.symbols(data.get("status"), total),
            decimals=self.px_decimals(data.get("extension")),
        )

    def from_version_1(self, data: dict[str, Json]) -> dict[str, Json]:
        """A JSON-stat 1.x bundle of one dataset as 2.0: `id`, `size` and `role` move up."""
        datasets = [v for v in data.values() if isinstance(v, dict) and "dimension" in v]
        if len(datasets) != 1 or len(data) != 1:
            raise self.fail(
                _(
                    "ser ut som JSON-stat 1 med {count} datasett; bare JSON-stat 2.0 (eller "
                    "JSON-stat 1 med ett datasett) kan leses: be om «json-stat2»"
                ).format(count=len(datasets))
            )
        old = datasets[0]
        dimension = old["dimension"]
        if not isinstance(dimension, dict):
            raise self.fail(_("JSON-stat 1: «dimension» er ikke et objekt"))
        converted = {k: v for k, v in old.items() if k != "dimension"}
        converted["dimension"] = {
            k: v for k, v in dimension.items() if k not in ("id", "size", "role")
        }
        for key in ("id", "size", "role"):
            if key in dimension:
                converted[key] = dimension[key]
        converted.update({"class": "dataset", "version": "2.0"})
        return converted

    def ids_and_sizes(self, ids: Json, sizes: Json) -> tuple[list[str], list[int]]:
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise self.fail(_("«id» må være en liste med dimensjonsnavn"))
        if len(set(ids)) != len(ids):
            raise self.fail(_("«id» nevner samme dimensjon to ganger"))
        if not isinstance(sizes, list) or not all(_is_count(s) for s in sizes):
            raise self.fail(_("«size» må være en liste med hele tall"))
        if len(sizes) != len(ids):
            raise self.fail(
                _("«size» har {sizes} tall, men «id» har {ids} dimensjoner").format(
                    sizes=len(sizes), ids=len(ids)
                )
            )
        return ids, sizes

    def dimensions(
        self, data: dict[str, Json], ids: list[str], sizes: list[int]
    ) -> tuple[Dimension, ...]:
        described = data.get("dimension")
        if not isinstance(described, dict):
            raise self.fail(_("«dimension» mangler eller er ikke et objekt"))
        roles = self.roles(data.get("role"), ids)
        result = []
        for dimension_id, size in zip(ids, sizes, strict=True):
            body = described.get(dimension_id)
            if not isinstance(body, dict):
                raise self.fail(_("dimensjonen «{id}» er ikke beskrevet").format(id=dimension_id))
            categories = self.categories(dimension_id, body.get("category"))
            if len(categories) != size:
                raise self.fail(
                    _("dimensjonen «{id}» har {count} kategorier, men «size» sier {size}").format(
                        id=dimension_id, count=len(categories), size=size
                    )
                )
            result.append(
                Dimension(
                    id=dimension_id,
                    label=self.text(body.get("label"), dimension_id) or dimension_id,
                    role=roles.get(dimension_id),
                    categories=categories,
                    notes=self.notes(body.get("note"), dimension_id),
                )
            )
        return tuple(result)

    def roles(self, roles: Json, ids: list[str]) -> dict[str, str]:
        """The role of each dimension that has one (dimension id -> role)."""
        if roles is None:
            return {}
        if not isinstance(roles, dict):
            raise self.fail(_("«role» er ikke et objekt"))
        result: dict[str, str] = {}
        for role, members in roles.items():
            if not isinstance(members, list) or not all(m in ids for m in members):
                raise self.fail(
                    _("«role.{role}» nevner en dimensjon som ikke finnes").format(role=role)
                )
            if role in ROLES:
                result.update({member: role for member in members})
        return result

    def categories(self, dimension_id: str, category: Json) -> tuple[Category, ...]:
        if not isinstance(category, dict):
            raise self.fail(_("dimensjonen «{id}» mangler «category»").format(id=dimension_id))
        codes = self.category_order(dimension_id, category.get("index"), category.get("label"))
        labels = category.get("label") or {}
        units = category.get("unit") or {}
        notes = category.get("note") or {}
        if not all(isinstance(part, dict) for part in (labels, units, notes)):
            raise self.fail(
                _("«label», «unit» og «note» i «{id}» må være objekter").format(id=dimension_id)
            )
        where = f"{dimension_id}.category"
        return tuple(
            Category(
                code=code,
                label=self.text(labels.get(code), f"{where}.label.{code}") or code,
                unit=self.unit(units.get(code), f"{where}.unit.{code}"),
                notes=self.notes(notes.get(code), f"{where}.note.{code}"),
            )
            for code in codes
        )

    def category_order(self, dimension_id: str, index: Json, labels: Json) -> list[str]:
        """The category codes in order: `index` is a list of codes or an object code ->
        position; without it, a single label (the only case the format allows)."""
        if isinstance(index, list) and all(isinstance(code, str) for code in index):
            codes = index
        elif isinstance(index, dict):
            positions = list(index.values())
            if sorted(p if _is_count(p) else -1 for p in positions) != list(range(len(index))):
                raise self.fail(
                    _("«{id}.category.index» må nummerere kategoriene 0, 1, 2, …").format(
                        id=dimension_id
                    )
                )
            codes = sorted(index, key=index.__getitem__)
        elif index is None and isinstance(labels, dict) and len(labels) == 1:
            codes = list(labels)
        else:
            raise self.fail(
                _("dimensjonen «{id}» mangler kategorier («index» eller én «label»)").format(
                    id=dimension_id
                )
            )
        if len(set(codes)) != len(codes):
            raise self.fail(
                _("dimensjonen «{id}» har samme kategori to ganger").format(id=dimension_id)
            )
        return codes

    def unit(self, unit: Json, where: str) -> Unit | None:
        if unit is None:
            return None
        if not isinstance(unit, dict):
            raise self.fail(_("«{where}» er ikke et objekt").format(where=where))
        decimals = unit.get("decimals")
        if decimals is not None and not (_is_count(decimals) and decimals <= MAX_DECIMALS):
            raise self.fail(
                _("«{where}.decimals» må være et helt tall fra 0 til {limit}").format(
                    where=where, limit=MAX_DECIMALS
                )
            )
        label = unit.get("label", unit.get("base"))
        return Unit(
            label=self.text(label, f"{where}.label"),
            decimals=decimals,
            symbol=self.text(unit.get("symbol"), f"{where}.symbol"),
        )

    def values(self, values: Json, total: int) -> dict[int, float | None]:
        """Values by row-major index: a list of every cell, or an object of those present."""
        if isinstance(values, list):
            if len(values) != total:
                raise self.fail(
                    _("«value» har {count} verdier, men dimensjonene gir {total} celler").format(
                        count=len(values), total=total
                    )
                )
            items: Iterable[tuple[int, Json]] = enumerate(values)
        elif isinstance(values, dict):
            items = ((self.position(key, total, "value"), v) for key, v in values.items())
        else:
            raise self.fail(_("«value» mangler eller er verken liste eller objekt"))
        result: dict[int, float | None] = {}
        for index, value in items:
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise self.fail(
                    _("verdi nr. {index} er ikke et tall: «{value}»").format(
                        index=index, value=value
                    )
                )
            result[index] = None if value is None else float(value)
        return result

    def symbols(self, status: Json, total: int) -> dict[int, str] | str:
        """Status symbols: one string for all, a list (one per cell, or one for all) or an
        object keyed by index."""
        if status is None:
            return {}
        if isinstance(status, str):
            return status
        if isinstance(status, list):
            if len(status) == 1 and isinstance(status[0], str):
                return str(status[0])
            if len(status) != total:
                raise self.fail(
                    _("«status» har {count} verdier, men dimensjonene gir {total} celler").format(
                        count=len(status), total=total
                    )
                )
            items: Iterable[tuple[int, Json]] = enumerate(status)
        elif isinstance(status, dict):
            items = ((self.position(key, total, "status"), s) for key, s in status.items())
        else:
            raise self.fail(_("«status» er verken tekst, liste eller objekt"))
        result: dict[int, str] = {}
        for index, symbol in items:
            if symbol is None:
                continue
            if not isinstance(symbol, str):
                raise self.fail(_("status nr. {index} er ikke tekst").format(index=index))
            result[index] = symbol
        return result

    def position(self, key: str, total: int, member: str) -> int:
        if not (key.isascii() and key.isdigit() and str(int(key)) == key) or int(key) >= total:
            raise self.fail(
                _("«{member}» har nøkkelen «{key}», som ikke er en celle (0–{last})").format(
                    member=member, key=key, last=total - 1
                )
            )
        return int(key)

    def px_decimals(self, extension: Json) -> int | None:
        px = extension.get("px") if isinstance(extension, dict) else None
        decimals = px.get("decimals") if isinstance(px, dict) else None
        if _is_count(decimals) and isinstance(decimals, int) and decimals <= MAX_DECIMALS:
            return decimals
        return None

    def updated(self, updated: Json) -> dt.datetime | None:
        if updated is None:
            return None
        try:
            when = dt.datetime.fromisoformat(str(updated))
        except ValueError as e:
            raise self.fail(
                _("«updated» er ikke et tidspunkt: «{value}»").format(value=updated)
            ) from e
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)

    def notes(self, notes: Json, where: str) -> tuple[str, ...]:
        if notes is None:
            return ()
        if isinstance(notes, str):
            return (notes,)
        if isinstance(notes, list) and all(isinstance(n, str) for n in notes):
            return tuple(notes)
        raise self.fail(_("noten i «{where}» er ikke tekst").format(where=where))

    def text(self, value: Json, where: str) -> str | None:
        if value is None or isinstance(value, str):
            return value
        raise self.fail(_("«{where}» er ikke tekst").format(where=where))


def _is_count(value: Json) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
