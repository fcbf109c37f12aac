"""Reasons as values, rendered in the current language when read.

A reason is a tuple of sentences, a sentence a tuple of clauses (`ReasonPart`: a Norwegian
message id marked with `N_` and its parameters). Parameters stay values: years and counts as
`int`, figures as `Number`, `Percent` or `Quantity`, rule texts as `Rule`, names from data as
`str`, and nested parts, so that `render_reason` can translate the message with `_()` and
write every number as a reader of that language expects (see docs/assessment.md, Reasons).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from sdgplan.assessment.wording import number, signed, with_unit
from sdgplan.i18n import _, current_language, ngettext, use_language


@dataclass(frozen=True)
class Number:
    value: float
    decimals: int | None = None  # None: as many as the size needs

    def text(self) -> str:
        return number(self.value, self.decimals)

    def data(self) -> object:
        return self.value


@dataclass(frozen=True)
class Percent:
    """A share or change given in percent (`-67` for -67 %), with `+` before a rise."""

    value: float
    decimals: int | None = None

    def text(self) -> str:
        return with_unit(signed(number(self.value, self.decimals), self.value), "%")

    def data(self) -> object:
        return self.value


@dataclass(frozen=True)
class Quantity:
    """A value with its unit, as many decimals as the figure was given with."""

    value: float
    decimals: int
    unit: str | None

    def text(self) -> str:
        return with_unit(number(self.value, self.decimals), self.unit)

    def data(self) -> object:
        return {"value": self.value, "unit": self.unit}


@dataclass(frozen=True)
class Rule:
    """A threshold or range as the rules write it, with decimal points: `> 3 %`, `1.70-1.99 %`."""

    value: str

    def text(self) -> str:
        if current_language() == "en":
            return self.value.replace(" %", "%")
        return self.value.replace(".", ",")

    def data(self) -> object:
        return self.value


@dataclass(frozen=True)
class OneOf:
    """Alternatives: `1,30-1,69 % eller 2,00-2,50 %`."""

    rules: tuple[Rule, ...]

    def text(self) -> str:
        texts = [r.text() for r in self.rules]
        joined = texts[0] if texts else ""
        for following in texts[1:]:
            joined = _("{first} eller {second}").format(first=joined, second=following)
        return joined

    def data(self) -> object:
        return [r.value for r in self.rules]


_NOUNS: dict[str, Callable[[int], str]] = {
    "indicator": lambda n: ngettext("{count} indikator", "{count} indikatorer", n),
}


@dataclass(frozen=True)
class Count:
    """A number of things (`4 indikatorer`), singular or plural by the language's rule."""

    count: int
    noun: str  # a key of _NOUNS

    def text(self) -> str:
        return _NOUNS[self.noun](self.count).format(count=self.count)

    def data(self) -> object:
        return self.count


@dataclass(frozen=True)
class ReasonPart:
    """One clause: a message id (Norwegian, marked with N_) and its parameters."""

    message: str
    params: tuple[tuple[str, Param], ...] = ()

    def text(self) -> str:
        values = {name: _param_text(value) for name, value in self.params}
        return _(self.message).format(**values)

    def data(self) -> dict[str, object]:
        return {
            "message": self.message,
            "params": {name: _param_data(value) for name, value in self.params},
        }


Param: TypeAlias = (
    int | str | Number | Percent | Quantity | Rule | OneOf | Count | ReasonPart | None
)
Sentence: TypeAlias = tuple[ReasonPart, ...]
Reason: TypeAlias = tuple[Sentence, ...]


def part(message: str, **params: Param) -> ReasonPart:
    """`part(N_("trend {trend} fra {year}"), trend=part(N_("bedring")), year=2021)`."""
    return ReasonPart(message, tuple(params.items()))


def render_reason(reason: Reason, lang: str | None = None) -> str:
    """The reason in `lang` (default: the current language): each sentence's clauses joined
    by `; ` and closed with a full stop, the sentences joined by a space."""
    if lang is not None:
        with use_language(lang):
            return render_reason(reason)
    return " ".join("; ".join(clause.text() for clause in s) + "." for s in reason)


def reason_data(reason: Reason) -> list[list[dict[str, object]]]:
    """The reason as plain data (JSON): sentences of `{"message", "params"}`."""
    return [[clause.data() for clause in sentence] for sentence in reason]


def messages(reason: Reason) -> set[str]:
    """Every message id a reason uses, nested ones included."""
    found: set[str] = set()
    pending = [clause for sentence in reason for clause in sentence]
    while pending:
        current = pending.pop()
        found.add(current.message)
        pending += [value for _name, value in current.params if isinstance(value, ReasonPart)]
    return found


def _param_text(value: Param) -> str:
    if value is None:
        return ""
    if isinstance(value, int | str):
        return str(value)
    return value.text()


def _param_data(value: Param) -> object:
    if value is None or isinstance(value, int | str):
        return value
    return value.data()
