"""`sdgplan fetch`: observations updated from SSB through saved query files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import municipality_option, open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext

# The store, the use case and the HTTP client are imported when the command runs.
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.indicators import Observation
    from sdgplan.fetching import FetchReport, TablePlan

QUERY_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
SHOWN = 50  # changes listed per table


@cli.command(
    name="fetch",
    short_help=N_("Hent tall fra SSB."),
    help=N_(
        "Oppdater observasjonene fra SSB med lagrede spørrefiler (sdgplan-ssb-query): nye år "
        "og reviderte tall lagres samlet og logges med kilden. Tall lagt inn for hånd beholdes "
        "uten --overwrite.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan fetch ssb/07459.yaml --dry-run\n"
        "    sdgplan fetch ssb/*.yaml --indicator befolkning"
    ),
)
@click.argument("query_files", metavar=N_("SPØRREFIL..."), nargs=-1, required=True, type=QUERY_FILE)
@click.option(
    "--indicator",
    metavar=N_("NØKKEL"),
    default=None,
    help=N_("Bare denne indikatoren [standard: alle i spørrefilene]."),
)
@click.option("--dry-run", is_flag=True, help=N_("Vis bare hva som ville endres; lagre ingenting."))
@click.option("--overwrite", is_flag=True, help=N_("Erstatt også tall som er lagt inn for hånd."))
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help=N_("SSBs adresse [standard: https://data.ssb.no]."),
)
@municipality_option
@store_options
def fetch(
    query_files: tuple[Path, ...],
    indicator: str | None,
    dry_run: bool,
    overwrite: bool,
    base_url: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    import time

    from sdgplan.fetching import fetch_observations
    from sdgplan.sources.pxweb import SSB_URL
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings, create=not dry_run) as engine, session_scope(engine) as session:
        report = fetch_observations(
            session,
            query_files,
            municipality=municipality,
            indicator=indicator,
            dry_run=dry_run,
            overwrite=overwrite,
            base_url=base_url or SSB_URL,
            who=current_user(),
            sleep=time.sleep,
            progress=lambda line: click.echo(line, err=True),
        )
    click.echo(render_fetch(report))


def render_fetch(report: FetchReport) -> str:
    """A summary line per table, then its changes; a dry run says that nothing changed."""
    lines = []
    for plan in report.tables:
        lines.append(summary(plan, overwrite=report.overwrite))
        lines += _changes(plan, overwrite=report.overwrite)
    if report.dry_run:
        lines.append(_("Prøvekjøring: ingenting er endret"))
    return "\n".join(lines)


def summary(plan: TablePlan, *, overwrite: bool) -> str:
    """`07459: 3 nye, 1 revidert, 10 uendret, 2 håndlagt (beholdt)`."""
    parts = [
        ngettext("{count} ny", "{count} nye", len(plan.new)).format(count=len(plan.new)),
        ngettext("{count} revidert", "{count} reviderte", len(plan.revised)).format(
            count=len(plan.revised)
        ),
        _("{count} uendret").format(count=plan.unchanged),
    ]
    if plan.hand_entered:
        kept = _("{count} håndlagt (overskrevet)") if overwrite else _("{count} håndlagt (beholdt)")
        parts.append(kept.format(count=len(plan.hand_entered)))
    if plan.skipped_regions:
        parts.append(
            ngettext(
                "{count} tall for andre regioner hoppet over",
                "{count} tall for andre regioner hoppet over",
                plan.skipped_regions,
            ).format(count=plan.skipped_regions)
        )
    return f"{plan.table}: {', '.join(parts)}"


def _changes(plan: TablePlan, *, overwrite: bool) -> list[str]:
    from sdgplan.corrections import observation_key

    rows: list[tuple[str, Observation | None, Observation]] = [(_("ny"), None, o) for o in plan.new]
    rows += [(_("revidert"), r.old, r.new) for r in plan.revised]
    kept = _("håndlagt, overskrives") if overwrite else _("håndlagt, beholdes")
    rows += [(kept, r.old, r.new) for r in plan.hand_entered]
    lines = []
    for what, old, new in rows[:SHOWN]:
        change = _shown(new) if old is None else f"{_shown(old)} -> {_shown(new)}"
        lines.append(f"  {what} {observation_key(new)}: {change}")
    if len(rows) > SHOWN:
        more = len(rows) - SHOWN
        lines.append("  " + ngettext("... {count} til", "... {count} til", more).format(count=more))
    return lines


def _shown(obs: Observation) -> str:
    from sdgplan.domain.display import display_observation

    return display_observation(obs, None)
