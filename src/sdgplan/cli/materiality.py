"""`sdgplan materiality import | show | chart`: materiality of SDG targets (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sdgplan.cli.common import (
    municipality_option,
    open_store,
    plan_filters,
    safe_url,
    store_options,
    terminal_width,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext

# The store and the renderers are imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.materiality import Aggregated
    from sdgplan.domain.sdg import SdgCatalogue
    from sdgplan.materiality import MaterialityView

cycle_option = click.option(
    "--cycle",
    metavar=N_("NØKKEL"),
    default=None,
    help=N_("Planperioden, f.eks. 2020-2032 [standard: den eneste lagrede]."),
)


@cli.group(
    name="materiality",
    help=N_(
        "Vesentlighet: mål og delmål vurdert på to akser (viktighet for interessentene og "
        "kommunens påvirkning) av en eller flere vurderere, slått sammen, prioritert og "
        "sjekket mot planen. Se docs/method-tool.md."
    ),
)
def materiality_group() -> None:
    pass


@materiality_group.command(
    name="import",
    short_help=N_("Importer vurderinger eller innstillinger."),
    help=N_(
        "Importer en fil med vurderinger. YAML (format: sdgplan-materiality): planperioden, "
        "skalaen, sammenslåingen (mean eller median), terskelen og eventuelt vurderingene. "
        "CSV med kolonnene code;scorer;importance;influence: vurderingene erstatter de "
        "lagrede for planperioden (--cycle). Alt sjekkes før noe lagres.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan materiality import vesentlighet.yaml\n"
        "    sdgplan materiality import vurderinger.csv --cycle 2020-2032"
    ),
)
@click.argument(
    "file", metavar=N_("FIL"), type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@cycle_option
@municipality_option
@store_options
def materiality_import(
    file: Path, cycle: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.materiality import import_materiality_file
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        result = import_materiality_file(
            session, file, municipality=municipality, cycle=cycle, who=current_user()
        )
    click.echo(render_issues(list(result.issues)), err=True, nl=False)
    scores = ngettext("{count} vurdering", "{count} vurderinger", result.scores).format(
        count=result.scores
    )
    scorers = ngettext("{count} vurderer", "{count} vurderere", result.scorers).format(
        count=result.scorers
    )
    click.echo(
        _("Importert {scores} fra {scorers} for {municipality}, {cycle} -> {database}").format(
            scores=scores,
            scorers=scorers,
            municipality=result.municipality.name,
            cycle=result.cycle,
            database=safe_url(settings.db),
        )
    )


@materiality_group.command(
    name="show",
    short_help=N_("Vis prioriterte mål og sjekken mot planen."),
    help=N_(
        "Vis de prioriterte målene og delmålene (begge akser minst på terskelen) med "
        "sammenslåtte vurderinger, og sjekken mot den lagrede planen: prioriterte delmål som "
        "ingen mål eller strategi viser til, og planens referanser til lavt vurderte delmål "
        "(begge akser under terskelen). --all viser alle vurderte.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan materiality show\n"
        "    sdgplan materiality show --cycle 2020-2032 --format json"
    ),
)
@cycle_option
@click.option(
    "--all", "show_all", is_flag=True, help=N_("Vis alle vurderte, ikke bare de prioriterte.")
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=N_("Utformat."),
)
@plan_filters
@store_options
def materiality_show(
    cycle: str | None,
    show_all: bool,
    format_name: str,
    municipality: str | None,
    version: str | None,
    title: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.reference import load_sdg_catalogue

    view = _load(settings, municipality, cycle, version, title)
    if format_name == "json":
        click.echo(json.dumps(view_to_dict(view), ensure_ascii=False, indent=2))
        return
    text = render_view(view, load_sdg_catalogue(), show_all=show_all, width=terminal_width())
    click.echo(text, nl=False)


@materiality_group.command(
    name="chart",
    short_help=N_("Tegn vesentlighetsmatrisen."),
    help=N_(
        "Tegn vesentlighetsmatrisen: kommunens påvirkning vannrett, viktighet for "
        "interessentene loddrett, hvert mål og delmål som et punkt i bærekraftsmålets farge "
        "med koden ved siden av, og det prioriterte feltet skravert. Formatet følger "
        "filendelsen: .svg (bilde), .html (interaktiv side uten nettilgang) eller .json "
        "(Vega-Lite-spesifikasjonen). --width 320 gir en utgave for mobil.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan materiality chart --out vesentlighet.svg\n"
        "    sdgplan materiality chart --out mobil.html --width 320"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Filen diagrammet skrives til: .svg, .html eller .json."),
)
@click.option(
    "--width",
    type=click.IntRange(280, 1600),
    metavar="PX",
    default=560,
    show_default=True,
    help=N_("Bredden i piksler (320 for mobil)."),
)
@cycle_option
@municipality_option
@store_options
def materiality_chart_command(
    out: Path, width: int, cycle: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.cli.common import UserError, chart_suffix, write_chart
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.reports.materiality_chart import materiality_chart

    chart_suffix(out)  # a wrong suffix is refused before the database is read
    view = _load(settings, municipality, cycle, None, None)
    chart = materiality_chart(
        view.materiality,
        view.aggregated,
        municipality=view.municipality.name,
        catalogue=load_sdg_catalogue(),
        width=width,
    )
    if chart is None:
        raise UserError(
            _("Planperioden {cycle} har ingen vurderinger").format(cycle=view.materiality.cycle),
            hint=_("Importer en: sdgplan materiality import FIL (--cycle NØKKEL for CSV)"),
        )
    write_chart(out, chart)


def _load(
    settings: Settings,
    municipality: str | None,
    cycle: str | None,
    version: str | None,
    title: str | None,
) -> MaterialityView:
    from sdgplan.domain.plan import VersionKind
    from sdgplan.materiality import materiality_view
    from sdgplan.store.db import session_scope

    kind = VersionKind(version) if version else None
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        return materiality_view(
            session, municipality=municipality, cycle=cycle, version=kind, plan_title=title
        )


def render_view(
    view: MaterialityView, catalogue: SdgCatalogue, *, show_all: bool, width: int
) -> str:
    """The prioritised list (or every score) and the plan check, as terminal text."""
    from sdgplan.domain.display import format_number
    from sdgplan.domain.materiality import Aggregation

    materiality, method = view.materiality, view.materiality.method
    how = _("gjennomsnitt") if method.aggregation is Aggregation.MEAN else _("median")
    lines = [
        _("Vesentlighet for {municipality}: {title} ({cycle})").format(
            municipality=view.municipality.name, title=materiality.title, cycle=materiality.cycle
        ),
        _("Skala {scale}, {how} av {scorers}; prioritert: begge akser minst {threshold}").format(
            scale=method.scale,
            how=how,
            scorers=", ".join(materiality.scorers),
            threshold=format_number(method.priority_threshold, 1).removesuffix(",0"),
        ),
    ]
    if materiality.illustrative:
        lines.append(_("Illustrative tall, ikke en faktisk vurdering."))
    shown = view.aggregated if show_all else view.prioritised
    heading = _("Alle vurderte ({count}):") if show_all else _("Prioriterte ({count}):")
    lines += ["", heading.format(count=len(shown))]
    lines += _score_table(shown, catalogue, width, mark=show_all)
    lines += _check_lines(view, catalogue, width)
    return "\n".join(lines) + "\n"


def _score_table(
    scores: list[Aggregated], catalogue: SdgCatalogue, width: int, *, mark: bool
) -> list[str]:
    from sdgplan.domain.display import format_number

    header = [_("kode"), _("viktighet"), _("påvirkning"), _("tittel")]
    rows = [
        [
            a.code + (" *" if mark and a.prioritised else ""),
            format_number(a.importance, 1),
            format_number(a.influence, 1),
            _title(a.code, catalogue),
        ]
        for a in scores
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        start = "  ".join(
            [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2])]
        )
        lines.append(_cut(f"  {start}  {row[3]}", width))
    if mark:
        lines.append("  " + _("* prioritert"))
    return lines


def _check_lines(view: MaterialityView, catalogue: SdgCatalogue, width: int) -> list[str]:
    from sdgplan.domain.display import format_number

    if view.check is None or view.plan is None or view.version is None:
        return ["", _("Ingen plan er lagret, så sjekken mot planen er hoppet over.")]
    kind = _("vedtatt") if view.version.kind.value == "adopted" else _("forslag")
    lines = ["", _("Sjekk mot «{plan}» ({kind}):").format(plan=view.plan.title, kind=kind)]
    gaps = view.check.unreferenced
    lines.append(
        _("Prioriterte som ingen mål eller strategi i planen viser til ({count}):").format(
            count=len(gaps)
        )
    )
    for gap in gaps:
        note = ""
        if gap.via_goal:
            note = " " + _("(bare mål {goal} som helhet: {paths})").format(
                goal=gap.score.sdg_goal, paths=", ".join(i.path for i in gap.via_goal)
            )
        lines.append(_cut(f"  {gap.score.code}  {_title(gap.score.code, catalogue)}", width))
        lines.append(
            "    "
            + _("viktighet {importance}, påvirkning {influence}").format(
                importance=format_number(gap.score.importance, 1),
                influence=format_number(gap.score.influence, 1),
            )
            + note
        )
    lows = view.check.low_referenced
    lines.append(_("Planen viser til lavt vurderte ({count}):").format(count=len(lows)))
    for low in lows:
        lines.append(
            f"  {low.score.code}  "
            + _("viktighet {importance}, påvirkning {influence}").format(
                importance=format_number(low.score.importance, 1),
                influence=format_number(low.score.influence, 1),
            )
        )
        for item in low.items:
            lines.append(_cut(f"    {item.path}  {item.text}", width))
    return lines


def _title(code: str, catalogue: SdgCatalogue) -> str:
    from sdgplan.i18n import current_language

    nb = current_language() == "nb"
    if "." in code:
        target = catalogue.targets[code]
        return target.title_nb if nb else target.title_en
    goal = catalogue.goals[int(code)]
    return goal.short_nb if nb else goal.short_en


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def view_to_dict(view: MaterialityView) -> dict[str, Any]:
    """The view as JSON: settings, every combined score, the prioritised codes and the
    check (null without a stored plan)."""
    materiality, method = view.materiality, view.materiality.method

    def score(a: Aggregated) -> dict[str, Any]:
        return {
            "code": a.code,
            "importance": a.importance,
            "influence": a.influence,
            "scorers": a.scorers,
            "prioritised": a.prioritised,
            "low": a.low,
        }

    check = None
    if view.check is not None and view.plan is not None and view.version is not None:
        check = {
            "plan": view.plan.title,
            "version": view.version.kind.value,
            "unreferenced": [
                {"code": g.score.code, "via_goal": [i.path for i in g.via_goal]}
                for g in view.check.unreferenced
            ],
            "low_referenced": [
                {"code": low.score.code, "items": [i.path for i in low.items]}
                for low in view.check.low_referenced
            ],
        }
    return {
        "municipality": view.municipality.number,
        "cycle": materiality.cycle,
        "title": materiality.title,
        "illustrative": materiality.illustrative,
        "scale": {"min": method.scale.minimum, "max": method.scale.maximum},
        "aggregation": method.aggregation.value,
        "threshold": method.priority_threshold,
        "scorers": materiality.scorers,
        "scores": [score(a) for a in view.aggregated],
        "prioritised": [a.code for a in view.prioritised],
        "check": check,
    }
