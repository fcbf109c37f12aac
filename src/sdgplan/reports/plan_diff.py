"""A plan diff for people and programs: terminal text, JSON (docs/formats.md, "Plan diff")
and one self-contained HTML page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import click
from jinja2 import Environment, PackageLoader, select_autoescape

from sdgplan.domain.plan import Plan
from sdgplan.domain.plan_diff import FOCUS_AREA, ChangeKind, ItemChange, PlanDiff, SegmentOp
from sdgplan.exporters.writers import json_text
from sdgplan.i18n import N_, _, current_language, ngettext
from sdgplan.reports.terminal import VERSION_LABELS
from sdgplan.version import __version__

FORMAT = "sdgplan-plan-diff"
FORMAT_VERSION = 1
COUNT_LABELS = {
    "added": N_("nye"),
    "removed": N_("fjernet"),
    "reworded": N_("omformulert"),
    "moved": N_("flyttet"),
    "refs_changed": N_("endrede referanser"),
    "unchanged": N_("uendret"),
}
MARKERS = {
    ChangeKind.ADDED: ("+", "green"),
    ChangeKind.REMOVED: ("-", "red"),
    ChangeKind.REWORDED: ("~", "yellow"),
    ChangeKind.MOVED: (">", "cyan"),
    ChangeKind.REFS_CHANGED: ("~", "yellow"),
}
FOCUS_AREA_LABEL = N_("satsingsområde")


def groups(diff: PlanDiff) -> list[tuple[str, list[ItemChange]]]:
    """The changes by focus area (its name in the new version), in plan order."""
    grouped: dict[tuple[str, str], list[ItemChange]] = {}
    for change in diff.changes:
        grouped.setdefault((change.focus_area_key, change.focus_area), []).append(change)
    return [(name, changes) for (_, name), changes in grouped.items()]


def title_line(plan: Plan, diff: PlanDiff) -> str:
    return (
        f"«{plan.title}», {plan.municipality.name} ({plan.municipality.number}): "
        f"{_(VERSION_LABELS[diff.old_version])} -> {_(VERSION_LABELS[diff.new_version])}"
    )


def counts_line(diff: PlanDiff) -> str:
    return ", ".join(f"{n} {_(COUNT_LABELS[name])}" for name, n in diff.counts().items())


def render_text(plan: Plan, diff: PlanDiff, *, color: bool = False) -> str:
    """The changes grouped by focus area, one line each; unchanged items are left out.

    Word changes are marked `[-old-]{+new+}`, and coloured too when `color` is set.
    """
    lines = [_("Planendringer: {title}").format(title=title_line(plan, diff)), counts_line(diff)]
    if not diff.changes:
        lines.append(_("Ingen endringer"))
    for name, changes in groups(diff):
        lines += ["", click.style(name, bold=True) if color else name]
        lines += [line for change in changes for line in _change_lines(change, color)]
    return "\n".join(lines) + "\n"


def _change_lines(change: ItemChange, color: bool) -> Iterator[str]:
    side = change.new or change.old
    assert side is not None  # an item is in at least one version
    label = f"{side.path} {change.key}".rstrip()
    text = f"{side.text} – {_(FOCUS_AREA_LABEL)}" if change.level == FOCUS_AREA else side.text
    for kind in change.kinds:
        marker, colour = MARKERS[kind]
        body = {
            ChangeKind.ADDED: lambda: text + _refs(side.refs),
            ChangeKind.REMOVED: lambda: text,
            ChangeKind.REWORDED: lambda: _words(change, color),
            ChangeKind.MOVED: lambda: _moved(change, text),
            ChangeKind.REFS_CHANGED: lambda: _refs_change(change),
        }[kind]()
        yield f"  {click.style(marker, fg=colour) if color else marker} {label}: {body}"


def _refs(refs: tuple[str, ...]) -> str:
    return f" ({' '.join(refs)})" if refs else ""


def _words(change: ItemChange, color: bool) -> str:
    parts = []
    for segment in change.words:
        if segment.op is SegmentOp.DELETE:
            part = f"[-{segment.text}-]"
            parts.append(click.style(part, fg="red") if color else part)
        elif segment.op is SegmentOp.INSERT:
            part = f"{{+{segment.text}+}}"
            parts.append(click.style(part, fg="green") if color else part)
        else:
            parts.append(segment.text)
    return "".join(parts)


def _moved(change: ItemChange, text: str) -> str:
    assert change.old is not None and change.new is not None
    shown = "" if ChangeKind.REWORDED in change.kinds else f"{text} "
    area = f", {change.from_focus_area}" if change.from_focus_area else ""
    return shown + "(" + _("flyttet fra {path}").format(path=f"{change.old.path}{area}") + ")"


def _refs_change(change: ItemChange) -> str:
    codes = [f"-{code}" for code in change.refs_removed]
    codes += [f"+{code}" for code in change.refs_added]
    return _("referanser {codes}").format(codes=" ".join(codes))


def diff_document(plan: Plan, diff: PlanDiff) -> dict[str, Any]:
    """The JSON document: the plan, the two versions, counts and every change."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "municipality": {"number": plan.municipality.number, "name": plan.municipality.name},
        "plan": plan.title,
        **diff.to_dict(),
    }


def render_json(plan: Plan, diff: PlanDiff) -> str:
    return json_text(diff_document(plan, diff), indent=2)


@cache
def _environment() -> Environment:
    # Autoescape: every plan text is data and may hold markup.
    env = Environment(
        loader=PackageLoader("sdgplan.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # the current language at render time, not when the environment was made
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def render_html(plan: Plan, diff: PlanDiff) -> str:
    """One HTML page, no scripts: word changes as `<del>` and `<ins>`."""
    template = _environment().get_template("plan_diff.html.j2")
    return template.render(
        plan=plan,
        diff=diff,
        title=title_line(plan, diff),
        counts=[(_(COUNT_LABELS[name]), n) for name, n in diff.counts().items()],
        lang=current_language(),
        groups=groups(diff),
        markers={kind.value: marker for kind, (marker, _) in MARKERS.items()},
        focus_area=FOCUS_AREA,
        version=__version__,
    )


RENDERERS: dict[str, Callable[[Plan, PlanDiff, bool], str]] = {
    "text": lambda plan, diff, color: render_text(plan, diff, color=color),
    "json": lambda plan, diff, color: render_json(plan, diff),
    "html": lambda plan, diff, color: render_html(plan, diff),
}
