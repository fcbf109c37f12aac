"""Which SDG targets a goal or strategy may serve (issue 15, item 3): suggestions for a text
and for every goal and strategy of a plan version, beside the references it already has.

Suggestions are offers, never applied: the plan import lists them for goals marked AK
(`local_suggestion_lines`), and `sdgplan sdg suggest` shows them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache
from typing import Any

from sdgplan.domain.plan import PlanItem, PlanVersion
from sdgplan.domain.references import ReferenceKind
from sdgplan.i18n import _, current_language
from sdgplan.suggesting.ranker import Suggestion, TargetRanker, prose_weights

DEFAULT_TOP = 5
LOCAL_TOP = 2  # suggestions per AK goal in the import summary
# Below this score a match rests on one or two words; the summary would list nearly every
# AK line (in the Asker example, 56 of 65 at 4.0, 20 at 10.0).
LOCAL_MIN_SCORE = 10.0
LOCAL_TEXT = 60  # characters of the goal's text in the summary


@cache
def default_ranker() -> TargetRanker:
    """The ranker over the bundled catalogue and lexicon, built when first asked for
    (about half a second)."""
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.suggesting.lexicon import LEXICON

    return TargetRanker(load_sdg_catalogue(), lexicon=LEXICON)


def suggest_targets(
    text: str, *, top: int = DEFAULT_TOP, ranker: TargetRanker | None = None
) -> list[Suggestion]:
    """The targets most likely meant by a goal or strategy, in Norwegian or English.

    Example:
        >>> [s.target.code for s in suggest_targets("Redusere klimagassutslipp", top=1)]
        ['13.2']
    """
    return (ranker or default_ranker()).rank(text, top=top)


@dataclass(frozen=True)
class ItemSuggestions:
    """A goal or strategy, its suggestions and how they meet the references it has."""

    item: PlanItem
    suggestions: list[Suggestion]

    @property
    def sdg_refs(self) -> list[str]:
        """Its SDG goals and targets (`11`, `11.7`); AK left out."""
        return [r.code for r in self.item.refs if r.kind is not ReferenceKind.LOCAL]

    @property
    def confirmed(self) -> list[str]:
        """Its references among the suggestions: a target itself, or a goal with one of its
        targets suggested."""
        codes = {s.target.code for s in self.suggestions}
        goals = {str(s.target.goal) for s in self.suggestions}
        return [
            r.code
            for r in self.item.refs
            if (r.kind is ReferenceKind.TARGET and r.code in codes)
            or (r.kind is ReferenceKind.GOAL and r.code in goals)
        ]

    @property
    def local_only(self) -> bool:
        return not self.sdg_refs


def suggest_for_plan(
    version: PlanVersion, *, top: int = DEFAULT_TOP, ranker: TargetRanker | None = None
) -> list[ItemSuggestions]:
    """Suggestions for every main goal, sub-goal and strategy, in plan order. Words common
    in this plan's own lines ("kommune", its name) count less (`prose_weights`)."""
    ranker = ranker or default_ranker()
    items = list(version.items())
    weights = prose_weights([i.text for i in items], ranker.analyzer)
    return [ItemSuggestions(i, ranker.rank(i.text, top=top, weights=weights)) for i in items]


def local_suggestion_lines(
    version: PlanVersion, *, top: int = LOCAL_TOP, ranker: TargetRanker | None = None
) -> list[str]:
    """For the plan import's summary: each goal or strategy marked only AK that may relate
    to SDG targets, one line each (`2.1.3 may relate to 11.7, 11.3`); nothing is applied.
    Empty when no AK line has a strong enough match."""
    if all(_has_sdg_refs(i) for i in version.items()):
        return []  # spares building the index
    lines = []
    for found in suggest_for_plan(version, top=top, ranker=ranker):
        strong = [s for s in found.suggestions if s.score >= LOCAL_MIN_SCORE]
        if found.local_only and strong:
            text = textwrap.shorten(found.item.text, LOCAL_TEXT, placeholder=" …")
            lines.append(
                _("  {path} «{text}»: kan høre til {targets}").format(
                    path=found.item.key or found.item.path,
                    text=text,
                    targets=", ".join(s.target.code for s in strong),
                )
            )
    if lines:
        lines.insert(0, _("Mål og strategier merket AK som kan høre til delmål (ikke lagt til):"))
    return lines


def _has_sdg_refs(item: PlanItem) -> bool:
    return any(r.kind is not ReferenceKind.LOCAL for r in item.refs)


def target_title(suggestion: Suggestion) -> str:
    """The target's title in the current language."""
    target = suggestion.target
    return target.title_en if current_language() == "en" else target.title_nb


def suggestion_to_dict(rank: int, suggestion: Suggestion) -> dict[str, Any]:
    return {
        "rank": rank,
        "target": suggestion.target.code,
        "goal": suggestion.target.goal,
        "score": round(suggestion.score, 3),
        "matched": list(suggestion.matched),
        "title": target_title(suggestion),
    }


def plan_suggestions_to_dict(found: list[ItemSuggestions]) -> list[dict[str, Any]]:
    """The JSON form of `suggest_for_plan` (see docs/method-tool.md)."""
    return [
        {
            "path": f.item.path,
            "key": f.item.key,
            "level": f.item.level.value,
            "focus_area": f.item.focus_area,
            "text": f.item.text,
            "refs": [r.code for r in f.item.refs],
            "confirmed": f.confirmed,
            "suggestions": [suggestion_to_dict(n, s) for n, s in enumerate(f.suggestions, 1)],
        }
        for f in found
    ]
