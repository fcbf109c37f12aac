"""`sdgplan diff plan`: what changed between two stored versions of a plan."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import UserError, open_store, store_options, write_output
from sdgplan.cli.groups import cli
from sdgplan.domain.plan import VersionKind
from sdgplan.i18n import N_, _

# The store and the renderers are imported when the command runs, so `--help` stays fast.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sdgplan.config import Settings
    from sdgplan.domain.plan import Plan, PlanVersion

DIFF_FORMATS = ["text", "json", "html"]
VERSIONS = [kind.value for kind in VersionKind]


@cli.group(help=N_("Sammenlign."))
def diff() -> None:
    pass


@diff.command(
    name="plan",
    short_help=N_("Endringer i planen."),
    help=N_(
        "Vis endringene mellom to planversjoner.\n\n"
        "Satsingsområder, mål og strategier kobles etter de faste nøklene sine og listes når "
        "de er lagt til (+), fjernet (-), omformulert (~, ordendringer som [-gammelt-]{+nytt+}), "
        "flyttet (>) eller har fått andre referanser (~). Uendrede punkter utelates; de første "
        "linjene gir antallene. Et nytt nummer som bare kommer av et innskudd ovenfor, er "
        "ingen flytting.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan diff plan --from proposal --to adopted\n"
        "    sdgplan diff plan --format html --out endringer.html"
    ),
)
@click.option(
    "--from",
    "old",
    type=click.Choice(VERSIONS),
    default=VersionKind.PROPOSAL.value,
    show_default=True,
    help=N_("Versjonen det sammenlignes fra."),
)
@click.option(
    "--to",
    "new",
    type=click.Choice(VERSIONS),
    default=VersionKind.ADOPTED.value,
    show_default=True,
    help=N_("Versjonen det sammenlignes med."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help=N_("Utformat: text (terminal), json (docs/formats.md) eller html (én side)."),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Utfil [standard: standard ut]."),
)
@click.option(
    "--municipality",
    metavar=N_("NUMMER"),
    default=None,
    help=N_("Kommunenummer, f.eks. 3203."),
)
@click.option(
    "--plan",
    "title",
    metavar=N_("TITTEL"),
    default=None,
    help=N_("Planens tittel, når databasen har flere planer."),
)
@store_options
def diff_plan(
    old: str,
    new: str,
    format_name: str,
    out: Path | None,
    municipality: str | None,
    title: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.domain.plan_diff import diff_plan as compare
    from sdgplan.reports.plan_diff import RENDERERS
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        old_version = _load(session, VersionKind(old), municipality, title)[1]
        plan, new_version = _load(session, VersionKind(new), municipality, title)
    color = out is None and format_name == "text" and _colour_terminal()
    write_output(RENDERERS[format_name](plan, compare(old_version, new_version), color), out)


def _load(
    session: Session, kind: VersionKind, municipality: str | None, title: str | None
) -> tuple[Plan, PlanVersion]:
    """The stored version `kind`, or a one-line error naming the plan that lacks it."""
    from sdgplan.errors import NotFound
    from sdgplan.store import plan_repo

    try:
        return plan_repo.load_plan_version(
            session, municipality=municipality, version=kind, title=title
        )
    except NotFound:
        # No plan at all (or several) is reported as such by the unfiltered load.
        plan = plan_repo.load_plan_version(session, municipality=municipality, title=title)[0]
    raise UserError(
        _("«{title}» ({municipality}) har ingen versjon «{version}»").format(
            title=plan.title, municipality=plan.municipality.name, version=kind.value
        ),
        hint=_("Importer den: sdgplan import plan FIL --version {version}").format(
            version=kind.value
        ),
    )


def _colour_terminal() -> bool:
    """Colours only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
