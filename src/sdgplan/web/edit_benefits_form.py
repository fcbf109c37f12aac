"""A benefit-realisation plan as a form and back: the title and years, the target areas, each
with its benefits (the state of `benefits:KEY`, editing/kinds/benefits.py), as inputs named
by their place in the form (`a.0.b.1.expected`). An item can be removed (a box) and added
(an empty one, by a submit button: no script). A key left empty is made from the name or
the text (`fresh_slug`, as a plan's new focus areas get theirs)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from sdgplan.domain.numbers import parse_number
from sdgplan.domain.plan_keys import fresh_slug
from sdgplan.i18n import N_, _
from sdgplan.web.edit_forms import blank_to_none

MAX_ITEMS = 2000  # target areas and benefits in one form
_INDEX = re.compile(r"^a\.(\d{1,4})(?:\.b\.(\d{1,4}))?\.")
_PROBLEM = re.compile(r"^areas\[(\d+)\](?:\.benefits\[(\d+)\])?(?:\.(\w+))?: (.*)$", re.S)
_TOP_PROBLEM = re.compile(r"^(title|baseline_year|target_year|illustrative): (.*)$", re.S)
TOP_FIELDS = {
    "title": N_("Tittel"),
    "baseline_year": N_("Nullpunktsår"),
    "target_year": N_("Målår"),
    "illustrative": N_("Illustrative tall"),
}
ITEM_FIELDS = {
    "key": N_("nøkkel"),
    "name": N_("navn"),
    "text": N_("tekst"),
    "indicator": N_("indikator"),
    "expected": N_("forventet verdi"),
    "expected_year": N_("år for forventet verdi"),
}


@dataclass
class BenefitInput:
    prefix: str  # its inputs' names start with it: `a.0.b.1`
    key: str = ""
    text: str = ""
    indicator: str = ""
    expected: str = ""
    expected_year: str = ""
    remove: bool = False

    NAMES: ClassVar[tuple[str, ...]] = ("key", "text", "indicator", "expected", "expected_year")

    @property
    def blank(self) -> bool:
        """A new benefit left empty (it is left out)."""
        return not any(str(getattr(self, name)).strip() for name in self.NAMES)


@dataclass
class AreaInput:
    prefix: str
    key: str = ""
    name: str = ""
    remove: bool = False
    benefits: list[BenefitInput] = field(default_factory=list)

    NAMES: ClassVar[tuple[str, ...]] = ("key", "name")

    @property
    def blank(self) -> bool:
        typed = self.key.strip() or self.name.strip()
        return not typed and all(b.blank for b in self.benefits)


@dataclass
class PlanForm:
    title: str = ""
    baseline_year: str = ""
    target_year: str = ""
    illustrative: bool = False
    areas: list[AreaInput] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _typed(value: Any) -> str:
    """An expected value as a Norwegian reader types it: `4,4`."""
    return _text(value).replace(".", ",")


def form_from_state(state: Mapping[str, Any]) -> PlanForm:
    form = PlanForm(
        _text(state.get("title")),
        _text(state.get("baseline_year")),
        _text(state.get("target_year")),
        bool(state.get("illustrative")),
    )
    for a, area in enumerate(state.get("areas") or []):
        item = AreaInput(f"a.{a}", _text(area.get("key")), _text(area.get("name")))
        item.benefits = [
            BenefitInput(
                f"a.{a}.b.{b}",
                _text(benefit.get("key")),
                _text(benefit.get("text")),
                _text(benefit.get("indicator")),
                _typed(benefit.get("expected")),
                _text(benefit.get("expected_year")),
            )
            for b, benefit in enumerate(area.get("benefits") or [])
        ]
        form.areas.append(item)
    return form


def form_from_fields(fields_: Mapping[str, Any]) -> PlanForm:
    """The plan as typed, its items in the order of their numbers."""
    found: set[tuple[int, ...]] = set()
    for name in fields_:
        match = _INDEX.match(name)
        if match:
            found.add(tuple(int(n) for n in match.groups() if n is not None))
    found = set(sorted(found)[:MAX_ITEMS])

    def text(name: str) -> str:
        return str(fields_.get(name) or "")

    form = PlanForm(
        text("title"),
        text("baseline_year"),
        text("target_year"),
        bool(fields_.get("illustrative")),
    )
    for (a,) in sorted(k for k in found if len(k) == 1):
        prefix = f"a.{a}"
        area = AreaInput(prefix, text(f"{prefix}.key"), text(f"{prefix}.name"))
        area.remove = bool(fields_.get(f"{prefix}.remove"))
        for _a, b in sorted(k for k in found if len(k) == 2 and k[0] == a):
            at = f"{prefix}.b.{b}"
            benefit = BenefitInput(
                at,
                text(f"{at}.key"),
                text(f"{at}.text"),
                text(f"{at}.indicator"),
                text(f"{at}.expected"),
                text(f"{at}.expected_year"),
                bool(fields_.get(f"{at}.remove")),
            )
            area.benefits.append(benefit)
        form.areas.append(area)
    return form


def add_empty(form: PlanForm, where: str) -> str | None:
    """Add an empty item at `where` (`a`: a target area; `a.0`: a benefit of it); the new
    item's prefix, or None for an unknown place."""
    if where == "a":
        prefix = f"a.{_next(a.prefix for a in form.areas)}"
        form.areas.append(AreaInput(prefix, benefits=[BenefitInput(f"{prefix}.b.0")]))
        return prefix
    for area in form.areas:
        if where == area.prefix:
            prefix = f"{area.prefix}.b.{_next(b.prefix for b in area.benefits)}"
            area.benefits.append(BenefitInput(prefix))
            return prefix
    return None


def _next(prefixes: Any) -> int:
    return max((int(p.rsplit(".", 1)[1]) for p in prefixes), default=-1) + 1


@dataclass
class Places:
    """Each item of the state by its place (`(0,)`, `(0, 1)`): its label and form prefix."""

    items: dict[tuple[int, ...], tuple[str, str]] = field(default_factory=dict)


def state_from_form(base: Mapping[str, Any], form: PlanForm) -> tuple[dict[str, Any], Places]:
    """The plan the form asks for (removed items and new empty ones left out), with the rest
    of `base` (the format, the municipality, the key) kept."""
    places = Places()
    area_keys = {a.key.strip() for a in form.areas if a.key.strip()}
    benefit_keys = {b.key.strip() for a in form.areas for b in a.benefits if b.key.strip()}
    areas: list[dict[str, Any]] = []
    for number, area in enumerate(form.areas, start=1):
        if area.remove or area.blank:
            continue
        label = _("Målområde {number}").format(number=number)
        places.items[(len(areas),)] = (label, area.prefix)
        benefits: list[dict[str, Any]] = []
        for b, benefit in enumerate(area.benefits, start=1):
            if benefit.remove or benefit.blank:
                continue
            places.items[(len(areas), len(benefits))] = (
                _("{area}, gevinst {number}").format(area=label, number=b),
                benefit.prefix,
            )
            benefits.append(
                {
                    "key": _key(benefit.key, benefit.text, benefit_keys),
                    "text": blank_to_none(benefit.text),
                    "indicator": blank_to_none(benefit.indicator),
                    "expected": _number(benefit.expected),
                    "expected_year": _year(benefit.expected_year),
                }
            )
        key = _key(area.key, area.name, area_keys)
        areas.append({"key": key, "name": blank_to_none(area.name), "benefits": benefits})
    state = dict(base)
    state.update(
        title=blank_to_none(form.title),
        baseline_year=_year(form.baseline_year),
        target_year=_year(form.target_year),
        illustrative=form.illustrative,
        areas=areas,
    )
    return state, places


def _number(typed: str) -> str | None:
    """A typed number as the state keeps it (`4,40` -> `4.40`), so that only real changes
    differ from the published state; anything else as typed, for the check to name."""
    text = blank_to_none(typed)
    if text is None:
        return None
    try:
        parse_number(text)
    except ValueError:
        return text
    return str(Decimal(re.sub(r"\s", "", text).replace(",", ".")))


def _year(typed: str) -> int | str | None:
    text = blank_to_none(typed)
    return int(text) if text and text.isascii() and text.isdigit() else text


def _key(typed: str, name: str, taken: set[str]) -> str | None:
    """The typed key, or one made from the name (kept clear of the others)."""
    if typed.strip():
        return typed.strip()
    if not name.strip():
        return None
    key = fresh_slug(name, taken)
    taken.add(key)
    return key


@dataclass(frozen=True)
class Problem:
    text: str
    target: str | None = None  # the input it is about, linked from the list


def placed(problems: list[str], places: Places) -> tuple[list[Problem], set[str]]:
    """The problems with the form's words for where they are (`Målområde 2, gevinst 1,
    forventet verdi: ...`), each with the input it names, and all the inputs named."""
    shown, invalid = [], set()
    for problem in problems:
        found, named = _placed(problem, places)
        shown.append(found)
        invalid.update(named)
    return shown, invalid


def _placed(problem: str, places: Places) -> tuple[Problem, list[str]]:
    top = _TOP_PROBLEM.match(problem)
    if top is not None:
        name, message = top.groups()
        return Problem(f"{_(TOP_FIELDS[name])}: {message}", name), [name]
    match = _PROBLEM.match(problem)
    if match is None:
        return Problem(problem), []
    area, benefit, name, message = match.groups()
    at = (int(area),) + ((int(benefit),) if benefit is not None else ())
    label, prefix = places.items.get(at, ("", ""))
    if not prefix:
        return Problem(problem), []
    names = BenefitInput.NAMES if benefit is not None else AreaInput.NAMES
    if name in names:  # else the whole item: each of its inputs
        label, names = f"{label}, {_(ITEM_FIELDS[name])}", (name,)
    named = [f"{prefix}.{n}" for n in names]
    return Problem(f"{label}: {message}", named[0]), named
