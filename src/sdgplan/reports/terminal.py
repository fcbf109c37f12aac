"""Plain-text renderings for the terminal: the plan tree and SDG coverage."""

from __future__ import annotations

import textwrap

from sdgplan.assessment.coverage import Coverage
from sdgplan.domain.issues import Issue, Severity
from sdgplan.domain.plan import (
    Goal,
    GoalLevel,
    Plan,
    PlanItem,
    PlanVersion,
    Strategy,
    VersionKind,
)
from sdgplan.domain.references import Reference
from sdgplan.i18n import N_, _, current_language, ngettext

VERSION_LABELS = {
    VersionKind.PROPOSAL: N_("forslag"),
    VersionKind.ADOPTED: N_("vedtatt"),
}


def plan_heading(plan: Plan, version: PlanVersion) -> str:
    date = f", {version.date.isoformat()}" if version.date else ""
    return (
        f"{plan.title} - {plan.municipality.name} ({plan.municipality.number}), "
        f"{_(VERSION_LABELS[version.kind])}{date}"
    )


def render_plan_tree(plan: Plan, version: PlanVersion, *, width: int = 100) -> str:
    """The plan as an indented tree: focus areas, main goal, sub-goals, strategies."""
    lines = [plan_heading(plan, version), ""]
    counts = version.counts()
    areas, main, sub, strategies = (
        counts["focus_areas"],
        counts[GoalLevel.MAIN],
        counts[GoalLevel.SUB],
        counts[GoalLevel.STRATEGY],
    )
    parts = [
        ngettext("{count} satsingsområde", "{count} satsingsområder", areas).format(count=areas),
        ngettext("{count} hovedmål", "{count} hovedmål", main).format(count=main),
        ngettext("{count} delmål", "{count} delmål", sub).format(count=sub),
        ngettext("{count} strategi", "{count} strategier", strategies).format(count=strategies),
    ]
    lines.append(", ".join(parts))
    for a, area in enumerate(version.focus_areas, start=1):
        lines += ["", f"{a} {area.name}"]
        if area.main_goal is not None:
            lines += _wrapped(_("Hovedmål") + ": ", area.main_goal, indent=2, width=width)
        for g, goal in enumerate(area.goals, start=1):
            lines += _wrapped(f"{a}.{g} ", goal, indent=2, width=width)
            for s, strategy in enumerate(goal.strategies, start=1):
                lines += _wrapped(f"{a}.{g}.{s} ", strategy, indent=6, width=width)
    return "\n".join(lines) + "\n"


def _wrapped(label: str, item: Goal | Strategy, *, indent: int, width: int) -> list[str]:
    text = f"{label}{item.text} [{refs_text(item.refs)}]"
    prefix = " " * indent
    return textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=prefix,
        subsequent_indent=prefix + " " * len(label),
    )


def refs_text(refs: tuple[Reference, ...]) -> str:
    return " ".join(r.code for r in refs) or "-"


def render_coverage(coverage: Coverage, *, width: int = 100) -> str:
    """Per SDG goal: targets referenced and by which plan items; then items with no SDG link."""
    lines = [_("SDG-dekning"), ""]
    english = current_language() == "en"
    for goal in coverage.goals:
        referenced = goal.referenced_targets
        lines.append(
            f"{goal.goal.number:>2} {goal.goal.short_en if english else goal.goal.short_nb}: "
            + _("{referenced} av {count} delmål").format(
                referenced=len(referenced), count=len(goal.targets)
            )
        )
        if goal.direct:
            lines += _item_list(f"   {goal.goal.number} ({_('hele målet')}): ", goal.direct, width)
        for target in referenced:
            lines += _item_list(f"   {target.target.code}: ", target.items, width)
        if not goal.referenced:
            lines.append("   " + _("ikke referert"))
    lines += [
        "",
        _("Uten SDG-referanse (bare AK): {count}").format(count=len(coverage.without_sdg)),
    ]
    for item in coverage.without_sdg:
        lines += textwrap.wrap(
            f"{item.path} {item.text}",
            width=max(width, 40),
            initial_indent="   ",
            subsequent_indent="   " + " " * (len(item.path) + 1),
        )
    return "\n".join(lines) + "\n"


def _item_list(label: str, items: list[PlanItem], width: int) -> list[str]:
    paths = ", ".join(f"{i.path} ({_short_level(i.level)})" for i in items)
    return textwrap.wrap(label + paths, width=max(width, 40), subsequent_indent=" " * len(label))


def _short_level(level: GoalLevel) -> str:
    labels = {GoalLevel.MAIN: N_("hovedmål"), GoalLevel.SUB: N_("delmål")}
    return _(labels.get(level, N_("strategi")))


def render_issues(issues: list[Issue]) -> str:
    labels = {Severity.ERROR: N_("FEIL"), Severity.WARNING: N_("ADVARSEL")}
    return "".join(f"{_(labels[i.severity])}: {i}\n" for i in issues)
