"""Materiality (issue 15): SDG targets (`11.7`) or goals (`11`) scored by one or more scorers on
two axes, importance for the stakeholders and the municipality's influence, on a declared
scale; the scores combined per code, the prioritised list, and the check against the plan.

Rules (docs/method-tool.md, "Materiality"):
- Each scorer's scores are combined per code by the mean or the median, as the cycle states;
  a code counts the scorers who scored it (a scorer may leave codes out).
- A code is *prioritised* when both combined axes are at or above the threshold (by default
  the scale's midpoint), and *low* when both are below it. The prioritised list is sorted by
  importance + influence, then importance, then SDG order.
- The plan check uses direct references only: a reference to SDG `11` does not count as a
  reference to target 11.7 (a goal-level reference is too broad to show that the target is
  followed up), but it is shown beside the gap. A scored SDG (`11`) is referred to by a
  reference to the goal or to any of its targets.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sdgplan.domain.plan import PlanItem
from sdgplan.domain.references import ReferenceKind
from sdgplan.domain.sdg import normalize_sdg_code
from sdgplan.i18n import N_, _

DEFAULT_MIN, DEFAULT_MAX = 1.0, 5.0
CYCLE_KEY = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")  # as the method table's cycles


def cycle_key(text: str) -> str:
    """A plan cycle's key (`2020-2032`); ValueError naming it otherwise."""
    if not CYCLE_KEY.fullmatch(text):
        raise ValueError(
            _(
                "Planperioden «{key}» kan bare ha små bokstaver a-z, sifre, punktum, - og _ "
                "(høyst 100 tegn)"
            ).format(key=text)
        )
    return text


class Aggregation(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"


class Axis(StrEnum):
    IMPORTANCE = "importance"
    INFLUENCE = "influence"


AXIS_NAMES = {Axis.IMPORTANCE: N_("viktighet"), Axis.INFLUENCE: N_("påvirkning")}


@dataclass(frozen=True)
class Scale:
    """The scores' range, e.g. 1-5; any minimum below the maximum."""

    minimum: float = DEFAULT_MIN
    maximum: float = DEFAULT_MAX

    def __post_init__(self) -> None:
        if not self.minimum < self.maximum:
            raise ValueError(
                _("Skalaen {minimum}-{maximum}: minimum må være lavere enn maksimum").format(
                    minimum=_number(self.minimum), maximum=_number(self.maximum)
                )
            )

    @property
    def midpoint(self) -> float:
        return (self.minimum + self.maximum) / 2

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.minimum <= value <= self.maximum

    def __str__(self) -> str:
        return f"{_number(self.minimum)}-{_number(self.maximum)}"


@dataclass(frozen=True)
class Method:
    """How a cycle's scores are read: the scale, the aggregation and the priority threshold
    (None: the scale's midpoint)."""

    scale: Scale = field(default_factory=Scale)
    aggregation: Aggregation = Aggregation.MEAN
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.threshold is not None and self.threshold not in self.scale:
            raise ValueError(
                _("Terskelen {threshold} er utenfor skalaen {scale}").format(
                    threshold=_number(self.threshold), scale=self.scale
                )
            )

    @property
    def priority_threshold(self) -> float:
        return self.scale.midpoint if self.threshold is None else self.threshold


@dataclass(frozen=True)
class Score:
    """One scorer's score of one code."""

    code: str
    scorer: str
    importance: float
    influence: float


@dataclass(frozen=True)
class Materiality:
    """A cycle's scoring: its key (`2020-2032`), title, method and scores."""

    cycle: str
    title: str
    method: Method
    scores: tuple[Score, ...]
    illustrative: bool = False

    @property
    def scorers(self) -> list[str]:
        return list(dict.fromkeys(s.scorer for s in self.scores))


@dataclass(frozen=True)
class Aggregated:
    """A code's combined scores, and where it falls against the threshold."""

    code: str
    importance: float
    influence: float
    scorers: int
    prioritised: bool
    low: bool

    @property
    def sdg_goal(self) -> int:
        return int(self.code.split(".")[0])

    @property
    def is_goal(self) -> bool:
        return "." not in self.code


def score_code(text: str) -> str:
    """The canonical code of a scored target (`11.7`) or SDG (`11`); ValueError for anything
    else, an indicator included."""
    code = normalize_sdg_code(text)
    if code.count(".") > 1:
        raise ValueError(_("«{code}» er en indikator, ikke et mål eller delmål").format(code=text))
    return code


def code_order(code: str) -> tuple[int, int, str]:
    """SDG order: 3 < 3.1 < 3.9 < 3.a < 4."""
    goal, _dot, target = code.partition(".")
    if not target:
        return int(goal), -1, ""
    return (int(goal), int(target), "") if target.isdigit() else (int(goal), 1000, target)


def out_of_scale(score: Score, scale: Scale) -> list[str]:
    """Messages for each axis of `score` outside `scale`, naming the code, scorer and value."""
    problems = []
    for axis, value in ((Axis.IMPORTANCE, score.importance), (Axis.INFLUENCE, score.influence)):
        if value not in scale:
            problems.append(
                _("{axis} {value} for {code} ({scorer}) er utenfor skalaen {scale}").format(
                    axis=_(AXIS_NAMES[axis]).capitalize(),
                    value=_number(value),
                    code=score.code,
                    scorer=score.scorer,
                    scale=scale,
                )
            )
    return problems


def aggregate(scores: Iterable[Score], method: Method) -> list[Aggregated]:
    """Each code's combined scores, in SDG order. Raises ValueError naming the first score
    outside the scale."""
    by_code: dict[str, list[Score]] = {}
    for score in scores:
        problems = out_of_scale(score, method.scale)
        if problems:
            raise ValueError(problems[0])
        by_code.setdefault(score.code, []).append(score)
    combine = statistics.fmean if method.aggregation is Aggregation.MEAN else statistics.median
    threshold = method.priority_threshold
    found = []
    for code in sorted(by_code, key=code_order):
        given = by_code[code]
        importance = round(float(combine([s.importance for s in given])), 9)
        influence = round(float(combine([s.influence for s in given])), 9)
        found.append(
            Aggregated(
                code=code,
                importance=importance,
                influence=influence,
                scorers=len(given),
                prioritised=importance >= threshold and influence >= threshold,
                low=importance < threshold and influence < threshold,
            )
        )
    return found


def prioritised(aggregated: Iterable[Aggregated]) -> list[Aggregated]:
    """The prioritised codes, strongest first (importance + influence, then importance)."""
    chosen = [a for a in aggregated if a.prioritised]
    return sorted(chosen, key=lambda a: (-(a.importance + a.influence), -a.importance))


@dataclass(frozen=True)
class Gap:
    """A prioritised code no plan goal or strategy refers to; `via_goal` are the items that
    refer to its SDG as a whole (only for a target)."""

    score: Aggregated
    via_goal: tuple[PlanItem, ...] = ()


@dataclass(frozen=True)
class LowReference:
    """A code scored low that plan goals or strategies refer to."""

    score: Aggregated
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class PlanCheck:
    unreferenced: list[Gap]
    low_referenced: list[LowReference]


def check_plan(aggregated: Sequence[Aggregated], items: Iterable[PlanItem]) -> PlanCheck:
    """Prioritised codes the plan does not refer to, and plan references to low codes."""
    plan_items = list(items)
    gaps = []
    for score in prioritised(aggregated):
        if _referring(score, plan_items):
            continue
        via_goal = () if score.is_goal else _goal_items(score.sdg_goal, plan_items)
        gaps.append(Gap(score, via_goal))
    lows = [
        LowReference(score, referring)
        for score in aggregated
        if score.low and (referring := _referring(score, plan_items))
    ]
    return PlanCheck(gaps, lows)


def _referring(score: Aggregated, items: list[PlanItem]) -> tuple[PlanItem, ...]:
    if score.is_goal:
        return tuple(
            i
            for i in items
            if any(
                r.kind is not ReferenceKind.LOCAL and r.sdg_goal == score.sdg_goal for r in i.refs
            )
        )
    return tuple(i for i in items if any(r.code == score.code for r in i.refs))


def _goal_items(goal: int, items: list[PlanItem]) -> tuple[PlanItem, ...]:
    code = str(goal)
    return tuple(
        i for i in items if any(r.kind is ReferenceKind.GOAL and r.code == code for r in i.refs)
    )


def _number(value: float) -> str:
    """`3`, `2,5`: a score as written in Norwegian (pure: no locale data needed)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
