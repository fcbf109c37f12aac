"""An action programme as the YAML `sdgplan programme import` reads (amounts in kroner)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import yaml

from sdgplan.domain.programme import (
    ECONOMY_FIELDS,
    Change,
    ChangeAction,
    Measure,
    Programme,
    ProgrammeVersion,
    amount_text,
)
from sdgplan.importers.programme_yaml import FORMAT_NAME, FORMAT_VERSION


def programme_yaml(programme: Programme) -> str:
    return yaml.safe_dump(programme_data(programme), allow_unicode=True, sort_keys=False, width=100)


def programme_data(programme: Programme) -> dict[str, Any]:
    """The programme as plain data (also what the change log keeps)."""
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "municipality": programme.municipality,
        "period": str(programme.period),
        "title": programme.title,
    }
    if programme.illustrative:
        data["illustrative"] = True
    data["unit"] = "kr"
    if programme.rules:
        data["rules"] = dict(programme.rules)
    if programme.economy:
        data["economy"] = {
            year: {f: _number(getattr(e, f)) for f in ECONOMY_FIELDS}
            for year, e in sorted(programme.economy.items())
        }
    data["service_areas"] = [
        _without_empty(
            {
                "key": a.key,
                "name": a.name,
                "frames": _years(a.frames),
                "staff": _years(a.staff),
                "shares": _years(a.shares),
            }
        )
        for a in programme.service_areas
    ]
    if programme.investments:
        data["investments"] = [
            _without_empty(
                {
                    "key": p.key,
                    "name": p.name,
                    "service_area": p.service_area,
                    "amounts": _years(p.amounts),
                    "financing": {s: _years(a) for s, a in p.financing.items()},
                }
            )
            for p in programme.investments
        ]
    data["versions"] = [_version(v) for v in programme.versions]
    return data


def _version(version: ProgrammeVersion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": version.key,
        "kind": version.kind.value,
        "party": version.party,
        "base": version.base,
        "date": version.date.isoformat() if version.date else None,
    }
    if version.base is None:
        data["measures"] = [_measure(m) for m in version.measures]
    else:
        data["changes"] = [_change(c) for c in version.changes]
        data["financing"] = [
            {"key": f.key, "text": f.text, "amounts": _years(f.amounts)} for f in version.financing
        ]
    return _without_empty(data)


def _measure(m: Measure) -> dict[str, Any]:
    return _without_empty(
        {
            "key": m.key,
            "text": m.text,
            "kind": m.kind.value,
            "service_area": m.service_area,
            "goals": list(m.goals),
            "amounts": _years(m.amounts),
        }
    )


def _change(change: Change) -> dict[str, Any]:
    if change.action is ChangeAction.ADD and change.measure is not None:
        return {"add": _measure(change.measure)}
    if change.action is ChangeAction.REMOVE:
        return {"remove": change.key}
    return {"change": change.key, "amounts": _years(change.amounts)}


def _years(amounts: Mapping[int, Decimal]) -> dict[int, int | str]:
    return {year: _number(a) for year, a in sorted(amounts.items())}


def _number(amount: Decimal) -> int | str:
    return int(amount) if amount == amount.to_integral() else amount_text(amount)


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], {}) or k == "amounts"}
