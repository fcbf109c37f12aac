"""Corrections and the change log: `sdgplan delete ...` (with --dry-run) and `sdgplan log`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from sdgplan.cli.common import UserError, municipality_option, open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.domain.plan import VersionKind

# The store and the use cases are imported when a command runs: `--help` stays fast.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sdgplan.config import Settings
    from sdgplan.corrections import Removal

ENTITIES = {
    "observation": "observasjoner / observations",
    "indicator": "indikatorer / indicators",
    "narrative": "tekster / narratives",
    "plan_version": "planversjoner / plan versions",
    "plan_item": "mål og strategier / goals and strategies",
    "thematic_plans": "temaplaner / thematic plans",
    "municipality": "kommune / municipality",
}

dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Only list what would be deleted; change nothing."
)


@cli.group(name="delete")
def delete_group() -> None:
    """Slett data / delete data (logged; --dry-run shows what would go)."""


def _run(
    settings: Settings,
    municipality: str | None,
    dry_run: bool,
    action: Callable[[Session, str, str], Removal],
) -> None:
    """Run one delete in one transaction (a dry run only reads) and print what went."""
    from sdgplan import loading
    from sdgplan.store import change_log
    from sdgplan.store.db import session_scope

    with open_store(settings, create=not dry_run) as engine, session_scope(engine) as session:
        number = loading.resolve_municipality(session, municipality).number
        removal = action(session, number, change_log.current_user())
    click.echo(render_removal(removal))


def render_removal(removal: Removal) -> str:
    """Counts, then the first items; a dry run says that nothing changed."""
    from sdgplan.corrections import SHOWN

    verb = "Ville slette / would delete" if removal.dry_run else "Slettet / deleted"
    counts = ", ".join(f"{n} {ENTITIES.get(e, e)}" for e, n in removal.counts().items())
    lines = [f"{verb} ({removal.municipality}): {counts or '0'}"]
    lines += [f"  {item.entity} {item.key}" for item in removal.items[:SHOWN]]
    if len(removal.items) > SHOWN:
        lines.append(f"  ... {len(removal.items) - SHOWN} til / more")
    if removal.dry_run:
        lines.append("Prøvekjøring: ingenting er endret / dry run: nothing was changed")
    return "\n".join(lines)


@delete_group.command(name="observations", short_help="Slett tall / delete observations.")
@click.option("--indicator", metavar="KEY", required=True, help="The indicator's key.")
@click.option("--area", metavar="CODE", default=None, help="Only this area [default: all].")
@click.option("--period", metavar="PERIOD", default=None, help="Only this period [default: all].")
@click.option(
    "--breakdown", metavar="TEXT", default=None, help="Only this breakdown [default: all]."
)
@dry_run_option
@municipality_option
@store_options
def delete_observations(
    indicator: str,
    area: str | None,
    period: str | None,
    breakdown: str | None,
    dry_run: bool,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    """Slett observasjoner / delete an indicator's observations, all or those matching.

    Example:

    \b
        sdgplan delete observations --indicator andel --period 2021 --dry-run
        sdgplan delete observations --indicator andel --area 0301 --period 2021
    """
    from sdgplan import corrections

    _run(
        settings,
        municipality,
        dry_run,
        lambda session, number, who: corrections.delete_observations(
            session,
            municipality=number,
            indicator=indicator,
            area=area,
            period=period,
            breakdown=breakdown,
            who=who,
            dry_run=dry_run,
        ),
    )


@delete_group.command(name="indicator", short_help="Slett en indikator / delete an indicator.")
@click.argument("key")
@dry_run_option
@municipality_option
@store_options
def delete_indicator(
    key: str, dry_run: bool, municipality: str | None, *, settings: Settings
) -> None:
    """Slett en indikator med observasjonene / delete an indicator with its observations.

    Example:

        sdgplan delete indicator andel --dry-run
    """
    from sdgplan import corrections

    _run(
        settings,
        municipality,
        dry_run,
        lambda session, number, who: corrections.delete_indicator(
            session, municipality=number, key=key, who=who, dry_run=dry_run
        ),
    )


@delete_group.command(name="narrative", short_help="Slett en tekst / delete a narrative.")
@click.argument("section")
@dry_run_option
@municipality_option
@store_options
def delete_narrative(
    section: str, dry_run: bool, municipality: str | None, *, settings: Settings
) -> None:
    """Slett teksten til en seksjon / delete the narrative of a report section.

    Example:

        sdgplan delete narrative "Kapittel 1"
    """
    from sdgplan import corrections

    _run(
        settings,
        municipality,
        dry_run,
        lambda session, number, who: corrections.delete_narrative(
            session, municipality=number, section=section, who=who, dry_run=dry_run
        ),
    )


@delete_group.command(name="plan-version", short_help="Slett en planversjon / delete a version.")
@click.argument("kind", type=click.Choice([k.value for k in VersionKind]))
@click.option("--plan", "title", metavar="TITLE", default=None, help="Plan title, if several.")
@dry_run_option
@municipality_option
@store_options
def delete_plan_version(
    kind: str, title: str | None, dry_run: bool, municipality: str | None, *, settings: Settings
) -> None:
    """Slett en planversjon / delete the proposal or the adopted version of a plan.

    Refused when indicators refer to goals that only that version has (the indicators are
    read against the adopted version, else the proposal).

    Example:

        sdgplan delete plan-version proposal --dry-run
    """
    from sdgplan import corrections

    _run(
        settings,
        municipality,
        dry_run,
        lambda session, number, who: corrections.delete_plan_version(
            session,
            municipality=number,
            kind=VersionKind(kind),
            title=title,
            who=who,
            dry_run=dry_run,
        ),
    )


@delete_group.command(name="municipality", short_help="Slett en kommune / delete a municipality.")
@click.argument("number")
@click.option("--yes", is_flag=True, help="Confirm: delete everything of the municipality.")
@dry_run_option
@store_options
def delete_municipality(number: str, yes: bool, dry_run: bool, *, settings: Settings) -> None:
    """Slett alt for en kommune / delete everything stored for a municipality.

    Plans, indicators, observations, tables, thematic plans and narratives go; the change
    log stays. Needs --yes (or --dry-run).

    Example:

    \b
        sdgplan delete municipality 0301 --dry-run
        sdgplan delete municipality 0301 --yes
    """
    from sdgplan import corrections

    if not yes and not dry_run:
        raise UserError(
            "Bekreft med --yes (eller se først med --dry-run) / confirm with --yes "
            "(or look first with --dry-run)"
        )
    _run(
        settings,
        number,
        dry_run,
        lambda session, found, who: corrections.delete_municipality(
            session, municipality=found, who=who, dry_run=dry_run
        ),
    )


@cli.command(name="log", short_help="Vis endringsloggen / show the change log.")
@municipality_option
@click.option(
    "--entity", type=click.Choice(list(ENTITIES)), default=None, help="Only this kind of thing."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@store_options
def show_log(
    municipality: str | None,
    entity: str | None,
    limit: int,
    format_name: str,
    *,
    settings: Settings,
) -> None:
    """Vis endringsloggen / show the change log, newest first: when, who, what, old and new.

    Example:

    \b
        sdgplan log --entity observation --limit 20
        sdgplan log --municipality 0301 --format json
    """
    from sdgplan import loading
    from sdgplan.store import change_log
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        number = (
            loading.resolve_municipality(session, municipality).number if municipality else None
        )
        changes = change_log.load_log(session, number, limit=limit, entity=entity)
    if format_name == "json":
        click.echo(json.dumps([c.to_dict() for c in changes], ensure_ascii=False, indent=2))
        return
    for change in changes:
        click.echo(
            f"{change.at:%Y-%m-%d %H:%M:%S} {change.who} {change.municipality or '-'} "
            f"{change.action} {change.entity} {change.key}: "
            f"{_short(change.old)} -> {_short(change.new)}"
        )


def _short(value: Any) -> str:
    """A JSON value on one line, cut to 60 characters."""
    if value is None:
        return "-"
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 60 else text[:57] + "..."
