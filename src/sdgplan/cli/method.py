"""`sdgplan method import | show | export`: the SDG method tool's table of three levels
(issue 15, docs/method-tool.md)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import municipality_option, open_store, store_options, user_errors
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.method import MethodRow, MethodTable
    from sdgplan.domain.sdg import SdgCatalogue

MIN_COLUMN = 12  # characters; a text column narrower than this is not worth reading


def cycle_option(command: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--cycle",
        metavar=N_("NØKKEL"),
        default=None,
        help=N_("Plansyklusen, f.eks. 2020-2032 [standard: den siste lagrede]."),
    )(command)


@cli.group(
    name="method",
    help=N_(
        "Metodeverktøyet for bærekraftsmålene: nivå 1 (globale mål og kommunal betydning), "
        "nivå 2 (muligheter og utfordringer per delmål) og nivå 3 (mål, strategier og "
        "interesser for tjenesteutvikling og samfunnsutvikling), per plansyklus. Formatene "
        "er beskrevet i docs/method-tool.md."
    ),
)
def method_group() -> None:
    pass


@method_group.command(
    name="import",
    short_help=N_("Importer en metodetabell."),
    help=N_(
        "Les en metodetabell (YAML, sdgplan-method, eller en Excel-arbeidsbok .xlsx med ett "
        "ark per nivå) og lagre den; radene til en lagret tabell for samme syklus erstattes, "
        "vesentlighetsvurderingene beholdes. Plankoder må finnes i den lagrede planen. Ved "
        "en feil lagres ingenting.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan method import metode-2020-2032.yaml\n"
        "    sdgplan method import metode-2020-2032.xlsx"
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@municipality_option
@store_options
def method_import(file: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.method_tool import import_method
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with user_errors(), open_store(settings) as engine, session_scope(engine) as session:
        imported = import_method(session, file, municipality=municipality, who=current_user())
    if imported.issues:
        click.echo(render_issues(imported.issues), err=True, nl=False)
    table = imported.table
    done = (
        _("Uendret") if imported.unchanged else _("Erstattet") if imported.replaced else _("Lagret")
    )
    counts = ", ".join(
        _("nivå {level}: {count}").format(level=level, count=len(table.level(level)))
        for level in (1, 2, 3)
    )
    click.echo(
        _("{done}: metodetabell {cycle} for {municipality} ({counts})").format(
            done=done, cycle=table.cycle.key, municipality=table.municipality, counts=counts
        )
    )


@method_group.command(
    name="show",
    short_help=N_("Vis ett nivå av metodetabellen."),
    help=N_(
        "Vis ett nivå av metodetabellen som en tabell: nivå 1 globale mål, kommunal betydning "
        "og delmål; nivå 2 muligheter og utfordringer; nivå 3 mål, strategi og interesser for "
        "tjenesteutvikling og samfunnsutvikling.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan method show --level 1\n"
        "    sdgplan method show --cycle 2020-2032 --level 3"
    ),
)
@cycle_option
@click.option(
    "--level",
    type=click.IntRange(1, 3),
    metavar="1|2|3",
    default=1,
    show_default=True,
    help=N_("Nivået: 1, 2 eller 3."),
)
@municipality_option
@store_options
def method_show(
    cycle: str | None, level: int, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.cli.common import terminal_width
    from sdgplan.loading import resolve_municipality
    from sdgplan.method_tool import choose_method
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.store.db import session_scope

    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        table = choose_method(s, owner, cycle)
    click.echo(render_level(table, level, load_sdg_catalogue(), width=terminal_width()))


@method_group.command(
    name="export",
    short_help=N_("Skriv metodetabellen som YAML, Excel, HTML eller PDF."),
    help=N_(
        "Skriv en lagret metodetabell; formatet følger filendelsen: .yaml (leses igjen av "
        "sdgplan method import), .xlsx (ett ark per nivå, som lysbildene), .html eller .pdf "
        "(for utskrift).\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan method export --out metode.xlsx\n"
        "    sdgplan method export --cycle 2020-2032 --out metode.pdf"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Utfil: .yaml, .xlsx, .html eller .pdf."),
)
@cycle_option
@municipality_option
@store_options
def method_export(
    out: Path, cycle: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.cli.common import bad_value, replace_file
    from sdgplan.loading import resolve_municipality
    from sdgplan.method_tool import EXPORT_SUFFIXES, choose_method, export_method
    from sdgplan.store.db import session_scope

    if out.suffix.lower() not in EXPORT_SUFFIXES:
        raise bad_value(
            "--out",
            _("bruk en av filendelsene {suffixes}").format(suffixes=", ".join(EXPORT_SUFFIXES)),
        )
    with user_errors(), open_store(settings, create=False) as engine, session_scope(engine) as s:
        owner = resolve_municipality(s, municipality).number
        data = export_method(s, choose_method(s, owner, cycle), out)
    if data is not None:
        replace_file(out, data)
    click.echo(_("Skrevet: {path}").format(path=out), err=True)


def render_level(table: MethodTable, level: int, catalogue: SdgCatalogue, *, width: int) -> str:
    """One level as a table of wrapped columns under a heading. Level 3 has too many
    columns for a terminal: each of its rows is a small table of its own, goal, strategy
    and interests by service and community development, as the slides group them."""
    from sdgplan.domain.method import LEVEL_FIELDS, goal_label
    from sdgplan.i18n import current_language

    titles = {
        1: _("Nivå 1: Globale mål og kommunal betydning"),
        2: _("Nivå 2: Muligheter og utfordringer for å levere på globale delmål"),
        3: _("Nivå 3: Mål, strategier og interesser"),
    }
    heading = f"{table.cycle.title} ({table.cycle.key})\n{titles[level]}\n\n"
    rows = table.level(level)
    if not rows:
        return heading + _("Ingen rader på nivå {level}.").format(level=level) + "\n"
    if level == 3:
        return heading + "".join(_level_3_row(row, width) for row in rows)
    headers = {
        1: [_("Globalt mål"), _("Kommunal betydning"), _("Globale delmål")],
        2: [_("Globalt delmål"), _("Muligheter"), _("Utfordringer")],
    }[level]
    cells = []
    for row in rows:
        english = current_language() == "en"
        first = goal_label(row.sdg_goal, catalogue, english=english) if level == 1 else ""
        first = first or row.target or ""
        cells.append(
            [first + _plan_line(row.plan_keys), *(row.text(n) for n in LEVEL_FIELDS[level])]
            + ([", ".join(row.targets)] if level == 1 else [])
        )
    return heading + _grid(headers, cells, width, [2, 1] if level == 1 else [1, 1])


def _level_3_row(row: MethodRow, width: int) -> str:
    headers = [(row.target or "") + _plan_line(row.plan_keys)]
    headers += [_("Tjenesteutvikling"), _("Samfunnsutvikling")]
    labels = {"goal": _("mål"), "strategy": _("strategi"), "interests": _("interesser")}
    cells = [
        [label, row.text(f"service_{part}"), row.text(f"community_{part}")]
        for part, label in labels.items()
    ]
    return _grid(headers, cells, width, [1, 1])


def _plan_line(keys: tuple[str, ...]) -> str:
    return "\n" + _("plan: {keys}").format(keys=", ".join(keys)) if keys else ""


def _grid(headers: list[str], rows: list[list[str]], width: int, weights: list[int]) -> str:
    """Rows of cells wrapped to their columns; the first column as wide as its longest
    line (up to 24), the others sharing what is left by their `weights`."""
    gap = "  "
    first = min(24, max(len(line) for r in [headers, *rows] for line in r[0].split("\n")))
    room = width - first - len(gap) * len(weights)
    widths = [first] + [max(MIN_COLUMN, room * w // sum(weights)) for w in weights]
    lines: list[str] = []
    for cells in [headers, *rows]:
        wrapped = [
            [part for line in cell.split("\n") for part in textwrap.wrap(line, w) or [""]]
            for cell, w in zip(cells, widths, strict=True)
        ]
        for at in range(max(len(w) for w in wrapped)):
            parts = [
                (w[at] if at < len(w) else "").ljust(n)
                for w, n in zip(wrapped, widths, strict=True)
            ]
            lines.append(gap.join(parts).rstrip())
        lines.append("")
    return "\n".join(lines)
