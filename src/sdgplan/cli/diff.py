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

# The store and the renderers are imported when the command runs, so `--help` stays fast.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sdgplan.config import Settings
    from sdgplan.domain.plan import Plan, PlanVersion

DIFF_FORMATS = ["text", "json", "html"]
VERSIONS = [kind.value for kind in VersionKind]


@cli.group()
def diff() -> None:
    """Sammenlign / compare."""


@diff.command(name="plan", short_help="Endringer i planen / what changed in the plan.")
@click.option(
    "--from",
    "old",
    type=click.Choice(VERSIONS),
    default=VersionKind.PROPOSAL.value,
    show_default=True,
    help="The version to compare from.",
)
@click.option(
    "--to",
    "new",
    type=click.Choice(VERSIONS),
    default=VersionKind.ADOPTED.value,
    show_default=True,
    help="The version to compare to.",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(DIFF_FORMATS),
    default="text",
    show_default=True,
    help="Output format: text (terminal), json (docs/formats.md) or html (one page).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file [default: standard output].",
)
@click.option(
    "--municipality", metavar="NUMBER", default=None, help="Municipality number, e.g. 3203."
)
@click.option(
    "--plan",
    "title",
    metavar="TITLE",
    default=None,
    help="Plan title, when the database holds several plans.",
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
    """Vis endringer mellom to planversjoner / show what changed between two plan versions.

    Focus areas, goals and strategies are matched by their stable keys and listed when
    added (+), removed (-), reworded (~, word changes as [-old-]{+new+}), moved (>) or
    given other references (~). Unchanged items are left out; the first lines give the
    counts. A new number caused only by an insertion above is not a move.

    Example:

        sdgplan diff plan --from proposal --to adopted

        sdgplan diff plan --format html --out endringer.html
    """
    from sdgplan.domain.plan_diff import diff_plan as compare
    from sdgplan.reports.plan_diff import RENDERERS
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        _, old_version = _load(session, VersionKind(old), municipality, title)
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
        plan, _ = plan_repo.load_plan_version(session, municipality=municipality, title=title)
    raise UserError(
        f"«{plan.title}» ({plan.municipality.name}) har ingen versjon «{kind.value}» / has no "
        f"{kind.value} version; importer den / import it: "
        f"sdgplan import plan FILE --version {kind.value}"
    )


def _colour_terminal() -> bool:
    """Colours only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
