"""An assessment for the terminal: indicators with symbol and words, roll-ups, coverage."""

from __future__ import annotations

import textwrap

from sdgplan.assessment.progress import LABELS_NB as PROGRESS_NB
from sdgplan.assessment.rollup import ATTAINMENT_NB, Assessment, Attainment
from sdgplan.assessment.verdicts import Outcome

OUTCOME_MARKS = {
    Outcome.ON_TRACK: "✔ i rute",
    Outcome.WATCH: "◆ følg med",
    Outcome.OFF_TRACK: "✖ utenfor",
    Outcome.NOT_ASSESSED: "– ikke vurdert",
}
ATTAINMENT_MARKS = {
    Attainment.GOOD: "✔",
    Attainment.MIXED: "◆",
    Attainment.POOR: "✖",
    Attainment.NOT_ASSESSED: "–",
}


def render_assessment_text(assessment: Assessment, *, width: int = 100) -> str:
    lines = [f"VURDERING / ASSESSMENT {assessment.year}", ""]
    current = None
    for verdict in assessment.indicators:
        focus_area = verdict.indicator.goals[0].focus_area
        if focus_area != current:
            current = focus_area
            rollup = next(
                r for r in assessment.rollups if r.level == "focus_area" and r.name == focus_area
            )
            lines += [
                "",
                f"{focus_area.upper()}: {ATTAINMENT_MARKS[rollup.attainment]} "
                f"{ATTAINMENT_NB[rollup.attainment]}",
                *_wrap(rollup.reason, width, 2),
            ]
        mark = OUTCOME_MARKS[verdict.outcome]
        lines.append(f"  {mark:<15} {verdict.display or '-':>12}  {verdict.indicator.name}"[:width])
        lines += _wrap(f"{PROGRESS_NB[verdict.progress.status]}. {verdict.reason}", width, 20)
    lines += ["", "MÅL / GOALS"]
    for rollup in assessment.rollups:
        if rollup.level in ("goal", "main_goal") and rollup.indicators:
            lines += _wrap(f"{ATTAINMENT_MARKS[rollup.attainment]} {rollup.name}", width, 2)
            lines += _wrap(rollup.reason, width, 6)
    lines += ["", "BÆREKRAFTSMÅL / SDGS"]
    for rollup in assessment.rollups:
        if rollup.level == "sdg":
            lines += _wrap(
                f"{ATTAINMENT_MARKS[rollup.attainment]} {rollup.name}: {rollup.reason}", width, 2
            )
    coverage = assessment.coverage
    lines += [
        "",
        "DEKNING / COVERAGE",
        f"  Mål uten indikator / goals without indicators: "
        f"{len(coverage.goals_without_indicators)}",
    ]
    for focus_area, goal, developing in coverage.goals_without_indicators:
        note = " (nøkkeltall under utvikling)" if developing else ""
        lines += _wrap(f"- {focus_area}: {goal}{note}", width, 4)
    lines.append(
        f"  Indikatorer uten verdi i {assessment.year - 1}-{assessment.year} / "
        f"without recent values: {len(coverage.indicators_without_recent_values)}"
    )
    lines += _wrap(", ".join(coverage.indicators_without_recent_values), width, 4)
    lines.append(
        f"  FN-delmål referert uten indikator / SDG targets without indicators: "
        f"{', '.join(coverage.targets_without_indicators) or '-'}"
    )
    if coverage.indicators_with_unknown_goals:
        lines.append(
            "  Indikatorer med mål som ikke finnes i planen / indicators whose goal is "
            f"not in the plan: {', '.join(coverage.indicators_with_unknown_goals)}"
        )
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, indent: int) -> list[str]:
    return (
        textwrap.wrap(
            text, width=width, initial_indent=" " * indent, subsequent_indent=" " * indent
        )
        or []
    )
