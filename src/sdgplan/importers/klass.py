"""KOSTRA groups (SSB classification 112, "KOSTRA-gruppering") from a file in Klass's JSON.

Either the codes at a date, as https://data.ssb.no/api/klass/v1/classifications/112/codesAt
sends them (`{"codes": [...]}`), or a classification version (`{"classificationItems":
[...]}`). Each item has `code`, `parentCode`, `level` and `name` (`validFrom`, `validTo`,
`notes` and the rest are ignored): level 1 is a group, level 2 a municipality whose
`parentCode` is its group. Problems are reported together, each naming the item's path in
the file (`codes[3].parentCode`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sdgplan.domain.groups import ComparisonGroup, GroupKind
from sdgplan.errors import InvalidData
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, read_text

MAX_CHARS = 5_000_000
ITEM_LISTS = ("codes", "classificationItems")


@dataclass(frozen=True)
class _Item:
    path: str
    code: str
    parent: str | None
    level: int
    name: str


def read_kostra_groups(path: Path) -> tuple[ComparisonGroup, ...]:
    """The KOSTRA groups in the Klass file at `path`, in the file's order."""
    return parse_kostra_groups(read_text(path), source=str(path))


def parse_kostra_groups(text: str, *, source: str) -> tuple[ComparisonGroup, ...]:
    log = IssueLog(source)
    items = _items(text, log)
    groups = _groups(items, log)
    if log.issues:
        raise InvalidData(
            _("{source}: ikke en gyldig KOSTRA-gruppering fra Klass").format(source=source),
            issues=log.issues,
        )
    return groups


def _items(text: str, log: IssueLog) -> list[_Item]:
    if len(text) > MAX_CHARS:
        log.error(_("filen er større enn {limit} tegn").format(limit=MAX_CHARS))
        return []
    try:
        document = json.loads(text)
    except json.JSONDecodeError as e:
        log.error(
            _("ikke gyldig JSON: {reason}").format(reason=e.msg), line=e.lineno, column=e.colno
        )
        return []
    key = next((k for k in ITEM_LISTS if isinstance(document, dict) and k in document), None)
    if key is None or not isinstance(document[key], list):
        log.error(_("venter et objekt med listen «codes» eller «classificationItems»"))
        return []
    items = (_item(f"{key}[{i}]", raw, log) for i, raw in enumerate(document[key]))
    return [item for item in items if item is not None]


def _item(path: str, raw: Any, log: IssueLog) -> _Item | None:
    if not isinstance(raw, dict):
        log.error(_("{path}: venter et objekt").format(path=path))
        return None
    code, name, parent = raw.get("code"), raw.get("name"), raw.get("parentCode")
    level = _level(raw.get("level"))
    problems = []
    if not isinstance(code, str) or not code.strip():
        problems.append(_("{path}.code: mangler eller er tom").format(path=path))
    if not isinstance(name, str) or not name.strip():
        problems.append(_("{path}.name: mangler eller er tom").format(path=path))
    if level is None:
        problems.append(
            _("{path}.level: venter 1 (gruppe) eller 2 (kommune), fikk {value}").format(
                path=path, value=json.dumps(raw.get("level"))
            )
        )
    if parent is not None and not isinstance(parent, str):
        problems.append(_("{path}.parentCode: venter tekst eller null").format(path=path))
    for problem in problems:
        log.error(problem)
    if problems:
        return None
    assert isinstance(code, str) and isinstance(name, str) and level is not None
    return _Item(path, code.strip(), parent.strip() if parent else None, level, name.strip())


def _level(value: Any) -> int | None:
    """Klass sends the level as text ("1"); a number is accepted too."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip() in ("1", "2"):
        return int(value)
    return value if isinstance(value, int) and value in (1, 2) else None


def _groups(items: list[_Item], log: IssueLog) -> tuple[ComparisonGroup, ...]:
    members: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for item in items:
        if item.level != 1:
            continue
        if item.code in names:
            log.error(
                _("{path}.code: gruppen {code} står to ganger").format(
                    path=item.path, code=item.code
                )
            )
        names[item.code] = item.name
        members[item.code] = []
    seen: dict[str, str] = {}
    for item in items:
        if item.level != 2:
            continue
        if not (len(item.code) == 4 and item.code.isdigit()):
            log.error(
                _("{path}.code: venter et firesifret kommunenummer, fikk {code}").format(
                    path=item.path, code=json.dumps(item.code)
                )
            )
        elif item.parent not in members:
            log.error(
                _("{path}.parentCode: {parent} er ingen gruppe (nivå 1) i filen").format(
                    path=item.path, parent=json.dumps(item.parent)
                )
            )
        elif item.code in seen:
            log.error(
                _("{path}.code: kommune {code} står allerede i {first}").format(
                    path=item.path, code=item.code, first=seen[item.code]
                )
            )
        else:
            seen[item.code] = item.path
            members[item.parent].append(item.code)
    return tuple(
        ComparisonGroup(f"kostra:{code}", names[code], GroupKind.KOSTRA, tuple(numbers))
        for code, numbers in members.items()
    )
