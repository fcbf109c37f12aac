"""Corrections and the change log: `sdgplan delete ...` (with --dry-run) and `sdgplan log`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from sdgplan.cli.common import UserError, municipality_option, open_store, store_options
from sdgplan.cli.counts import listed
from sdgplan.cli.groups import cli
from sdgplan.domain.plan import VersionKind
from sdgplan.i18n import N_, _, ngettext

# The store and the use cases are imported when a command runs: `--help` stays fast.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sdgplan.config import Settings
    from sdgplan.corrections import Removal

# What the change log records (`sdgplan log --entity`).
ENTITIES = (
    "observation",
    "indicator",
    "narrative",
    "plan_version",
    "plan_item",
    "thematic_plans",
    "boundaries",
    "municipality",
    "organisation",
    "user",
    "draft",
    "goal_verdict",
    "plan",
    "round",
    "api_token",
    "source_query",
    "climate_emissions",
    "climate_target",
    "climate_measures",
    "calendar_template",
    "calendar_meetings",
    "political_activity",
    "programme",
)

dry_run_option = click.option(
    "--dry-run", is_flag=True, help=N_("Vis bare hva som ville bli slettet; endre ingenting.")
)


@cli.group(name="delete", help=N_("Slett data (logges; --dry-run viser hva som ville gått)."))
def delete_group() -> None:
    pass


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

    counts = listed(removal.counts()) or "0"
    if removal.dry_run:
        head = _("Ville slette ({municipality}): {counts}")
    else:
        head = _("Slettet ({municipality}): {counts}")
    lines = [head.format(municipality=removal.municipality, counts=counts)]
    lines += [f"  {item.entity} {item.key}" for item in removal.items[:SHOWN]]
    if len(removal.items) > SHOWN:
        more = len(removal.items) - SHOWN
        lines.append("  " + ngettext("... {count} til", "... {count} til", more).format(count=more))
    if removal.dry_run:
        lines.append(_("Prøvekjøring: ingenting er endret"))
    return "\n".join(lines)


@delete_group.command(
    name="observations",
    short_help=N_("Slett tall."),
    help=N_(
        "Slett observasjonene til en indikator, alle eller de som passer.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan delete observations --indicator andel --period 2021 --dry-run\n"
        "    sdgplan delete observations --indicator andel --area 0301 --period 2021"
    ),
)
@click.option("--indicator", metavar=N_("NØKKEL"), required=True, help=N_("Indikatorens nøkkel."))
@click.option(
    "--area", metavar=N_("KODE"), default=None, help=N_("Bare dette området [standard: alle].")
)
@click.option(
    "--period",
    metavar=N_("PERIODE"),
    default=None,
    help=N_("Bare denne perioden [standard: alle]."),
)
@click.option(
    "--breakdown",
    metavar=N_("TEKST"),
    default=None,
    help=N_("Bare denne nedbrytningen [standard: alle]."),
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


@delete_group.command(
    name="indicator",
    short_help=N_("Slett en indikator."),
    help=N_(
        "Slett en indikator med observasjonene.\n\n"
        "Eksempel:\n\n"
        "    sdgplan delete indicator andel --dry-run"
    ),
)
@click.argument("key", metavar=N_("NØKKEL"))
@dry_run_option
@municipality_option
@store_options
def delete_indicator(
    key: str, dry_run: bool, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import corrections

    _run(
        settings,
        municipality,
        dry_run,
        lambda session, number, who: corrections.delete_indicator(
            session, municipality=number, key=key, who=who, dry_run=dry_run
        ),
    )


@delete_group.command(
    name="narrative",
    short_help=N_("Slett en tekst."),
    help=N_(
        "Slett teksten til en seksjon i rapporten.\n\n"
        "Eksempel:\n\n"
        '    sdgplan delete narrative "Kapittel 1"'
    ),
)
@click.argument("section", metavar=N_("SEKSJON"))
@dry_run_option
@municipality_option
@store_options
def delete_narrative(
    section: str, dry_run: bool, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import corrections

    _run(
        settings,
        municipality,
        dry_run,
        lambda session, number, who: corrections.delete_narrative(
            session, municipality=number, section=section, who=who, dry_run=dry_run
        ),
    )


@delete_group.command(
    name="plan-version",
    short_help=N_("Slett en planversjon."),
    help=N_(
        "Slett forslaget eller den vedtatte versjonen av en plan.\n\n"
        "Nektes når indikatorer viser til mål som bare den versjonen har (indikatorene leses "
        "mot den vedtatte versjonen, ellers forslaget).\n\n"
        "Eksempel:\n\n"
        "    sdgplan delete plan-version proposal --dry-run"
    ),
)
@click.argument("kind", type=click.Choice([k.value for k in VersionKind]))
@click.option(
    "--plan",
    "title",
    metavar=N_("TITTEL"),
    default=None,
    help=N_("Planens tittel, om det er flere."),
)
@dry_run_option
@municipality_option
@store_options
def delete_plan_version(
    kind: str, title: str | None, dry_run: bool, municipality: str | None, *, settings: Settings
) -> None:
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


@delete_group.command(
    name="municipality",
    short_help=N_("Slett en kommune."),
    help=N_(
        "Slett alt som er lagret for en kommune.\n\n"
        "Planer, indikatorer, observasjoner, tabeller, temaplaner og tekster forsvinner; "
        "endringsloggen blir. Krever --yes (eller --dry-run).\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan delete municipality 0301 --dry-run\n"
        "    sdgplan delete municipality 0301 --yes"
    ),
)
@click.argument("number", metavar=N_("NUMMER"))
@click.option("--yes", is_flag=True, help=N_("Bekreft: slett alt for kommunen."))
@dry_run_option
@store_options
def delete_municipality(number: str, yes: bool, dry_run: bool, *, settings: Settings) -> None:
    from sdgplan import corrections

    if not yes and not dry_run:
        raise UserError(_("Bekreft med --yes (eller se først med --dry-run)"))
    _run(
        settings,
        number,
        dry_run,
        lambda session, found, who: corrections.delete_municipality(
            session, municipality=found, who=who, dry_run=dry_run
        ),
    )


@cli.command(
    name="log",
    short_help=N_("Vis endringsloggen."),
    help=N_(
        "Vis endringsloggen, nyeste først: når, hvem, hva, gammelt og nytt.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan log --entity observation --limit 20\n"
        "    sdgplan log --municipality 0301 --format json"
    ),
)
@municipality_option
@click.option(
    "--entity",
    type=click.Choice(ENTITIES),
    default=None,
    help=N_("Bare denne typen ting."),
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help=N_("Høyst så mange endringer."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=N_("Utformat."),
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
