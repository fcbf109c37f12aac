"""A version of the action programme (an amendment set, the supplementary recommendation, the
adopted change set) as a form and back: the version's fields, rows of changes to measures
(`c.0.action`, `c.0.measure`, the new measure's `c.0.text` ..., amounts `c.0.y.2026`) and
rows of financing (`f.0.text`, `f.0.y.2026`), amounts typed in the unit chosen on the form.
The version becomes a change set in the programme's state (editing/kinds/programme.py);
empty rows are left out, more are added by a submit button (no script)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sdgplan.domain.programme import UNITS, MeasureKind, VersionKind, amount_text, parse_amount
from sdgplan.i18n import N_, _

SPARE_ROWS = 2
MAX_ROWS = 200  # changes and financing lines in one form
DEFAULT_UNIT = "mill. kr"
KEY_LENGTH = 60
_ROW = re.compile(r"^([cf])\.(\d{1,4})\.")
_PROBLEM = re.compile(r"^versions\[(\d+)\](?:\.(changes|financing)\[(\d+)\])?(\S*): (.*)$", re.S)
VERSION_FIELDS = ("key", "kind", "party", "base", "date")
ACTIONS = {"add": N_("Legg til nytt tiltak"), "change": N_("Endre beløp"), "remove": N_("Fjern")}
VERSION_KINDS = {
    VersionKind.AMENDMENT.value: N_("Endringsforslag fra et parti"),
    VersionKind.SUPPLEMENTARY.value: N_("Tilleggsinnstilling"),
    VersionKind.ADOPTED.value: N_("Vedtak"),
}
MEASURE_KINDS = {
    MeasureKind.NEW.value: N_("Nytt tiltak"),
    MeasureKind.DEMOGRAPHY.value: N_("Demografijustering"),
    MeasureKind.RESTRUCTURING.value: N_("Omstilling og effektivisering"),
    MeasureKind.PRICE_WAGE.value: N_("Pris- og lønnsvekst"),
}


@dataclass
class ChangeRow:
    prefix: str  # `c.0`
    action: str = "add"
    measure: str = ""  # the measure changed or removed
    key: str = ""  # the new measure's
    text: str = ""
    kind: str = MeasureKind.NEW.value
    service_area: str = ""
    goals: str = ""
    amounts: dict[str, str] = field(default_factory=dict)  # year -> as typed
    remove: bool = False

    @property
    def blank(self) -> bool:
        typed = [self.measure, self.key, self.text, self.goals, *self.amounts.values()]
        return not any(t.strip() for t in typed)


@dataclass
class FinancingRow:
    prefix: str  # `f.0`
    key: str = ""
    text: str = ""
    amounts: dict[str, str] = field(default_factory=dict)
    remove: bool = False

    @property
    def blank(self) -> bool:
        return not any(t.strip() for t in [self.text, *self.amounts.values()])


@dataclass
class VersionForm:
    original: str = ""  # the version's key when it was opened; empty for a new one
    key: str = ""
    kind: str = VersionKind.AMENDMENT.value
    party: str = ""
    base: str = ""
    date: str = ""
    unit: str = DEFAULT_UNIT
    changes: list[ChangeRow] = field(default_factory=list)
    financing: list[FinancingRow] = field(default_factory=list)


def add_spares(
    form: VersionForm, *, changes: int = SPARE_ROWS, financing: int = SPARE_ROWS
) -> None:
    for _i in range(changes):
        if len(form.changes) < MAX_ROWS:
            form.changes.append(ChangeRow(f"c.{_next(r.prefix for r in form.changes)}"))
    for _i in range(financing):
        if len(form.financing) < MAX_ROWS:
            form.financing.append(FinancingRow(f"f.{_next(r.prefix for r in form.financing)}"))


def _next(prefixes: Iterable[str]) -> int:
    return max((int(p.split(".")[1]) for p in prefixes), default=-1) + 1


def _shown(amounts: Mapping[str, Any] | None, unit: str) -> dict[str, str]:
    """Kroner of the state as typed in `unit`: `2500000` in mill. kr is `2,5`."""
    return {
        str(year): format(Decimal(str(value)) / UNITS[unit], "f").replace(".", ",")
        for year, value in (amounts or {}).items()
    }


def amounts_of(version: Mapping[str, Any]) -> list[Any]:
    """Every amount of a version of the state (its measures, changes and financing)."""
    found: list[Any] = []
    items = [
        *(version.get("measures") or []),
        *(c.get("add") or c for c in version.get("changes") or []),
        *(version.get("financing") or []),
    ]
    for item in items:
        found += (item.get("amounts") or {}).values()
    return found


def unit_for(amounts: Iterable[Any]) -> str:
    """The largest unit in which every amount reads well: at least 1 and at most one
    decimal (`12,5` mill. kr; `40` 1000 kr rather than `0,04` mill. kr)."""
    values = [abs(Decimal(str(a))) for a in amounts if Decimal(str(a))]
    for unit in ("mill. kr", "1000 kr"):
        shown = [v / UNITS[unit] for v in values]
        if all(v >= 1 and (v * 10) == (v * 10).to_integral() for v in shown):
            return unit
    return "kr"


def form_from_version(version: Mapping[str, Any]) -> VersionForm:
    unit = unit_for(amounts_of(version))
    form = VersionForm(
        original=str(version.get("key") or ""),
        key=str(version.get("key") or ""),
        kind=str(version.get("kind") or VersionKind.AMENDMENT.value),
        party=str(version.get("party") or ""),
        base=str(version.get("base") or ""),
        date=str(version.get("date") or ""),
        unit=unit,
    )
    for i, change in enumerate(version.get("changes") or []):
        row = ChangeRow(f"c.{i}")
        if "add" in change:
            added = change["add"] or {}
            row.key, row.text = str(added.get("key") or ""), str(added.get("text") or "")
            row.kind = str(added.get("kind") or MeasureKind.NEW.value)
            row.service_area = str(added.get("service_area") or "")
            row.goals = " ".join(str(g) for g in added.get("goals") or [])
            row.amounts = _shown(added.get("amounts"), unit)
        elif "remove" in change:
            row.action, row.measure = "remove", str(change["remove"])
        else:
            row.action, row.measure = "change", str(change.get("change") or "")
            row.amounts = _shown(change.get("amounts"), unit)
        form.changes.append(row)
    for i, line in enumerate(version.get("financing") or []):
        form.financing.append(
            FinancingRow(
                f"f.{i}",
                str(line.get("key") or ""),
                str(line.get("text") or ""),
                _shown(line.get("amounts"), unit),
            )
        )
    return form


def form_from_fields(fields: Mapping[str, Any], years: Sequence[int]) -> VersionForm:
    """The version as typed, its rows in the order of their numbers."""

    def text(name: str) -> str:
        return str(fields.get(name) or "")

    unit = text("v.unit") if text("v.unit") in UNITS else DEFAULT_UNIT
    form = VersionForm(
        original=text("original"),
        key=text("v.key"),
        kind=text("v.kind"),
        party=text("v.party"),
        base=text("v.base"),
        date=text("v.date"),
        unit=unit,
    )
    rows: dict[str, set[int]] = {"c": set(), "f": set()}
    for name in fields:
        found = _ROW.match(name)
        if found:
            rows[found.group(1)].add(int(found.group(2)))

    def amounts(prefix: str) -> dict[str, str]:
        return {str(y): text(f"{prefix}.y.{y}") for y in years if text(f"{prefix}.y.{y}").strip()}

    for n in sorted(rows["c"])[:MAX_ROWS]:
        p = f"c.{n}"
        form.changes.append(
            ChangeRow(
                p,
                action=text(p + ".action") if text(p + ".action") in ACTIONS else "add",
                measure=text(p + ".measure"),
                key=text(p + ".key"),
                text=text(p + ".text"),
                kind=text(p + ".kind") or MeasureKind.NEW.value,
                service_area=text(p + ".service_area"),
                goals=text(p + ".goals"),
                amounts=amounts(p),
                remove=bool(fields.get(p + ".remove")),
            )
        )
    for n in sorted(rows["f"])[:MAX_ROWS]:
        p = f"f.{n}"
        form.financing.append(
            FinancingRow(
                p, text(p + ".key"), text(p + ".text"), amounts(p), bool(fields.get(p + ".remove"))
            )
        )
    return form


@dataclass
class Places:
    """Where the rows of the version's state came from: (label, form prefix) by place."""

    changes: list[tuple[str, str]] = field(default_factory=list)
    financing: list[tuple[str, str]] = field(default_factory=list)


def version_from_form(form: VersionForm) -> tuple[dict[str, Any], Places, list[str]]:
    """The version's state (a change set), where its rows came from, and the amounts that
    are not amounts (as problems naming the row and year)."""
    places, problems = Places(), []
    unit = UNITS[form.unit]

    def money(label: str, typed: Mapping[str, str]) -> dict[str, int | str]:
        found: dict[str, int | str] = {}
        for year, text in typed.items():
            try:
                amount = parse_amount(text, unit)
            except ValueError as e:
                problems.append(f"{label}, {year}: {e}")
                continue
            found[year] = int(amount) if amount == amount.to_integral() else amount_text(amount)
        return found

    changes: list[dict[str, Any]] = []
    for number, row in enumerate(form.changes, start=1):
        if row.remove or row.blank:
            continue
        label = _("Endring {number}").format(number=number)
        places.changes.append((label, row.prefix))
        if row.action == "remove":
            changes.append({"remove": row.measure})
        elif row.action == "change":
            changes.append({"change": row.measure, "amounts": money(label, row.amounts)})
        else:
            added = {
                "key": row.key.strip() or key_of(row.text),
                "text": row.text.strip(),
                "kind": row.kind,
                "service_area": row.service_area or None,
                "goals": row.goals.replace(",", " ").split(),
                "amounts": money(label, row.amounts),
            }
            changes.append({"add": {k: v for k, v in added.items() if v is not None}})
    financing: list[dict[str, Any]] = []
    for number, line in enumerate(form.financing, start=1):
        if line.remove or line.blank:
            continue
        label = _("Inndekning {number}").format(number=number)
        places.financing.append((label, line.prefix))
        key = line.key.strip() or key_of(line.text)
        financing.append(
            {"key": key, "text": line.text.strip(), "amounts": money(label, line.amounts)}
        )
    version = {
        "key": form.key.strip(),
        "kind": form.kind,
        "party": form.party.strip() or None,
        "base": form.base or None,
        "date": form.date.strip() or None,
        "changes": changes,
        "financing": financing,
    }
    return {k: v for k, v in version.items() if v is not None}, places, problems


def key_of(text: str) -> str:
    """A key made from a text: `Mer veivedlikehold` -> `mer-veivedlikehold`."""
    folded = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:KEY_LENGTH]


def with_version(state: Mapping[str, Any], version: dict[str, Any], original: str) -> Any:
    """`state` with `version` in place of version `original` (or added last), and its
    place in the list."""
    versions = list(state.get("versions") or [])
    keys = [v.get("key") for v in versions]
    index = keys.index(original) if original and original in keys else len(versions)
    versions[index : index + 1] = [version]
    return {**state, "versions": versions}, index


def placed(
    problems: Iterable[str], index: int, places: Places, state: Mapping[str, Any]
) -> tuple[list[str], set[str]]:
    """The problems in the form's words (`Endring 2, beløp 2026: ...`), and the inputs they
    name; problems of other versions name those (`Versjonen «vedtatt»: ...`)."""
    shown, invalid = [], set()
    versions = state.get("versions") or []
    for problem in problems:
        found = _PROBLEM.match(problem)
        if found is None:
            shown.append(problem)
            continue
        number, section, row, rest, message = found.groups()
        if int(number) != index:
            key = versions[int(number)].get("key") if int(number) < len(versions) else number
            shown.append(_("Versjonen «{key}»: {message}").format(key=key, message=message))
            continue
        parts = [p for p in re.split(r"[.\[\]]+", rest) if p and p != "add"]
        if section is None:
            if parts and parts[0] in VERSION_FIELDS:
                invalid.add(f"v.{parts[0]}")
            shown.append(message)
            continue
        rows = places.changes if section == "changes" else places.financing
        label, prefix = rows[int(row)] if int(row) < len(rows) else (problem, "")
        name = parts[0] if parts else ""
        if name == "amounts":
            invalid |= {f"{prefix}.y.{parts[1]}"} if len(parts) > 1 else {f"{prefix}.amounts"}
        elif name in ("remove", "change"):
            invalid.add(f"{prefix}.measure")
        elif name:
            invalid.add(f"{prefix}.{name}")
        shown.append(f"{label}: {message}")
    return shown, invalid
