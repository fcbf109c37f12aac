"""An assessment for the terminal, in the current language: indicators with symbol and words,
roll-ups, coverage."""

from __future__ import annotations

import textwrap

from sdgplan.assessment.progress import PROGRESS_LABELS
from sdgplan.assessment.rollup import (
    ATTAINMENT_LABELS,
    UNDER_DEVELOPMENT,
    Assessment,
    Attainment,
)
from sdgplan.assessment.verdicts import OUTCOME_LABELS, Outcome
from sdgplan.i18n import _

OUTCOME_SYMBOLS = {
    Outcome.ON_TRACK: "✔",
    Outcome.WATCH: "◆",
    Outcome.OFF_TRACK: "✖",
    Outcome.NOT_ASSESSED: "–",
}
ATTAINMENT_MARKS = {
    Attainment.GOOD: "✔",
    Attainment.MIXED: "◆",
    Attainment.POOR: "✖",
    Attainment.NOT_ASSESSED: "–",
}


def render_assessment_text(assessment: Assessment, *, width: int = 100) -> str:
    lines = [_("VURDERING {year}").format(year=assessment.year), ""]
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
                f"{_(ATTAINMENT_LABELS[rollup.attainment]).lower()}",
                *_wrap(rollup.reason_text, width, 2),
            ]
        mark = f"{OUTCOME_SYMBOLS[verdict.outcome]} {_(OUTCOME_LABELS[verdict.outcome]).lower()}"
        lines.append(
            f"  {mark:<15} {verdict.value_text or '-':>12}  {verdict.indicator.name}"[:width]
        )
        progress = _(PROGRESS_LABELS[verdict.progress.status])
        lines += _wrap(f"{progress}. {verdict.reason_text}", width, 20)
    lines += ["", _("MÅL")]
    for rollup in assessment.rollups:
        if rollup.level in ("goal", "main_goal") and rollup.indicators:
            lines += _wrap(f"{ATTAINMENT_MARKS[rollup.attainment]} {rollup.name}", width, 2)
            lines += _wrap(rollup.reason_text, width, 6)
    lines += ["", _("BÆREKRAFTSMÅL")]
    for rollup in assessment.rollups:
        if rollup.level == "sdg":
            lines += _wrap(
                f"{ATTAINMENT_MARKS[rollup.attainment]} {rollup.name}: {rollup.reason_text}",
                width,
                2,
            )
    lines += ["", _("DEKNING"), *_coverage_lines(assessment, width)]
    return "\n".join(lines) + "\n"


def _coverage_lines(assessment: Assessment, width: int) -> list[str]:
    coverage = assessment.coverage
    lines = [
        "  " + _("Mål uten indikator: {count}").format(count=len(coverage.goals_without_indicators))
    ]
    for focus_area, goal, developing in coverage.goals_without_indicators:
        note = f" ({_(UNDER_DEVELOPMENT)})" if developing else ""
        lines += _wrap(f"- {focus_area}: {goal}{note}", width, 4)
    recent = _("Indikatorer uten verdi i {previous}-{year}: {count}").format(
        previous=assessment.year - 1,
        year=assessment.year,
        count=len(coverage.indicators_without_recent_values),
    )
    lines.append(f"  {recent}")
    lines += _wrap(", ".join(coverage.indicators_without_recent_values), width, 4)
    targets = ", ".join(coverage.targets_without_indicators) or "-"
    lines.append("  " + _("FN-delmål referert uten indikator: {targets}").format(targets=targets))
    if coverage.indicators_with_unknown_goals:
        keys = ", ".join(coverage.indicators_with_unknown_goals)
        lines.append(
            "  " + _("Indikatorer med mål som ikke finnes i planen: {keys}").format(keys=keys)
        )
    return lines


def _wrap(text: str, width: int, indent: int) -> list[str]:
    return (
        textwrap.wrap(
            text, width=width, initial_indent=" " * indent, subsequent_indent=" " * indent
        )
        or []
    )
