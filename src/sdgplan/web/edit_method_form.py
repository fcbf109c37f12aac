"""A method table as a form and back: the rows of each level (the state of `method:CYCLE`,
editing/kinds/method.py) as inputs named by level, row and field (`l2.0.target`); target
lists and plan keys as typed text (`3.3, 3.9a`, as a method file takes them). A row can be
removed (a box) and added (an empty one, by a submit button: no script)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sdgplan.domain.method import LEVEL_FIELDS, LEVELS
from sdgplan.i18n import N_, _
from sdgplan.importers.base import missing
from sdgplan.web.edit_forms import blank_to_none

MAX_ROWS = 600  # 17 goals and twice 169 targets, with room for rows being added
# each level's inputs, the SDG code first
ROW_FIELDS: dict[int, tuple[str, ...]] = {
    1: ("goal", "significance", "targets", "plan_keys"),
    2: ("target", *LEVEL_FIELDS[2], "plan_keys"),
    3: ("target", *LEVEL_FIELDS[3], "plan_keys"),
}
LISTS = ("targets", "plan_keys")  # typed as text, kept as lists
COLUMNS = {
    "goal": N_("Globalt mål"),
    "target": N_("Globalt delmål"),
    "significance": N_("Kommunal betydning"),
    "targets": N_("Globale delmål"),
    "opportunities": N_("Muligheter"),
    "challenges": N_("Utfordringer"),
    "service_goal": N_("Tjenesteutvikling mål"),
    "service_strategy": N_("Tjenesteutvikling strategi"),
    "service_interests": N_("Tjenesteutvikling interesser"),
    "community_goal": N_("Samfunnsutvikling mål"),
    "community_strategy": N_("Samfunnsutvikling strategi"),
    "community_interests": N_("Samfunnsutvikling interesser"),
    "plan_keys": N_("Plannøkler"),
}
_INDEX = re.compile(r"^l([123])\.(\d{1,4})\.")
_PROBLEM = re.compile(r"^level_([123])\[(\d+)\](?:\.(\w+))?(?:\[\d+\])?: (.*)$", re.S)
_TOP = re.compile(r"^(title): (.*)$", re.S)


@dataclass
class Row:
    """A row as typed: its inputs' values by field name."""

    level: int
    prefix: str  # its inputs' names start with it: `l2.0`
    values: dict[str, str] = field(default_factory=dict)
    remove: bool = False

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def blank(self) -> bool:
        """A new row left empty (it is left out)."""
        return not any(text.strip() for text in self.values.values())


@dataclass
class TableForm:
    title: str = ""
    rows: dict[int, list[Row]] = field(default_factory=lambda: {level: [] for level in LEVELS})


@dataclass(frozen=True)
class Problem:
    """A problem in the form's words, and the input it is about (None: the whole table)."""

    text: str
    field: str | None = None


def form_from_state(state: Mapping[str, Any]) -> TableForm:
    form = TableForm(title=str(state.get("title") or ""))
    for level in LEVELS:
        for index, data in enumerate(state.get(f"level_{level}") or []):
            values = {name: _typed(data.get(name)) for name in ROW_FIELDS[level]}
            form.rows[level].append(Row(level, f"l{level}.{index}", values))
    return form


def _typed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def form_from_fields(fields: Mapping[str, Any]) -> TableForm:
    """The rows as typed, in the order of their numbers."""
    found = sorted({(int(m[1]), int(m[2])) for name in fields if (m := _INDEX.match(name))})[
        :MAX_ROWS
    ]
    form = TableForm(title=str(fields.get("title") or ""))
    for level, index in found:
        prefix = f"l{level}.{index}"
        values = {name: str(fields.get(f"{prefix}.{name}") or "") for name in ROW_FIELDS[level]}
        form.rows[level].append(
            Row(level, prefix, values, remove=bool(fields.get(prefix + ".remove")))
        )
    return form


def add_empty(form: TableForm, level: str) -> str | None:
    """Add an empty row to `level` (`1`, `2` or `3`); the new row's prefix, or None for an
    unknown level."""
    if level not in ("1", "2", "3"):
        return None
    rows = form.rows[int(level)]
    number = max((int(r.prefix.rsplit(".", 1)[1]) for r in rows), default=-1) + 1
    rows.append(Row(int(level), f"l{level}.{number}"))
    return rows[-1].prefix


@dataclass
class Places:
    """Where each row of the state came from: its label and form row, by (level, index)."""

    rows: dict[tuple[int, int], tuple[str, Row]] = field(default_factory=dict)


def state_from_form(base: Mapping[str, Any], form: TableForm) -> tuple[dict[str, Any], Places]:
    """The table the form asks for (removed rows and new empty ones left out), with the rest
    of `base` (the cycle, its materiality settings) kept."""
    places = Places()
    state = {k: v for k, v in base.items() if not k.startswith("level_")}
    state["title"] = blank_to_none(form.title)
    for level in LEVELS:
        rows: list[dict[str, Any]] = []
        for number, row in enumerate(form.rows[level], start=1):
            if row.remove or row.blank:
                continue
            label = _("Nivå {level}, rad {number}").format(level=level, number=number)
            places.rows[(level, len(rows))] = (label, row)
            typed = {name: blank_to_none(row.value(name)) for name in ROW_FIELDS[level]}
            rows.append({name: value for name, value in typed.items() if value is not None})
        if rows:
            state[f"level_{level}"] = rows
    return state, places


def placed(problems: list[str], places: Places) -> tuple[list[Problem], set[str]]:
    """The problems in the form's words (`Nivå 2, rad 1, globalt delmål: ...`), each with
    the input to go to, and the inputs they name."""
    shown, invalid = [], set()
    for problem in problems:
        top = _TOP.match(problem)
        match = _PROBLEM.match(problem)
        if top:
            shown.append(Problem(f"{_('Tittel')}: {top[2]}", "title"))
            invalid.add("title")
            continue
        found = places.rows.get((int(match[1]), int(match[2]))) if match else None
        if match is None or found is None:
            shown.append(Problem(problem))
            continue
        label, row = found
        name, message = match[3], match[4]
        names = ROW_FIELDS[row.level]
        if name is None:
            name, marked = _row_problem(row.level, message)
            if name is not None:  # the reader's `Mangler «significance»`, in the form's words
                message = _("må fylles ut")
        else:
            marked = [name]
        if name in names:
            label = f"{label}, {_(COLUMNS[name]).lower()}"
        invalid |= {f"{row.prefix}.{n}" for n in marked if n in names}
        target = name if name in names else marked[0]
        shown.append(Problem(f"{label}: {message}", f"{row.prefix}.{target}"))
    return shown, invalid


def _row_problem(level: int, message: str) -> tuple[str | None, list[str]]:
    """The field a problem of a whole row is about, if it names one, and the inputs to mark:
    a missing field; no text (the texts); else the SDG code (a row given twice)."""
    for name in ROW_FIELDS[level]:
        if message == missing(name):
            return name, [name]
    code = ROW_FIELDS[level][0]
    if message == _("Raden har ingen tekst"):
        return None, list(LEVEL_FIELDS[level])
    return None, [code]
