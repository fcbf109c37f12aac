"""`sdgplan example NAME`: load a bundled example."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_store, safe_url, store_options
from sdgplan.cli.counts import listed
from sdgplan.cli.groups import cli
from sdgplan.cli.progress import Progress
from sdgplan.examples import EXAMPLES
from sdgplan.i18n import N_, _

# Loading (importers and the store) is imported when the command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.command(
    short_help=N_("Last inn et eksempel."),
    help=N_(
        "Last inn et innebygd eksempel (plan, indikatorer, tall, temaplaner og tekster).\n\n"
        "Filene går gjennom de samme importene som dine egne; å laste to ganger endrer "
        "ingenting.\n\n"
        "Eksempel:\n\n"
        "    sdgplan example asker"
    ),
)
@click.argument("name", type=click.Choice(list(EXAMPLES)))
@store_options
def example(name: str, *, settings: Settings) -> None:
    from sdgplan import loading
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with Progress.on_stderr() as progress:
        progress.stage(_("Laster eksempelet «{name}»").format(name=name))
        with open_store(settings) as engine, session_scope(engine) as session:
            counts = loading.load_example(session, name, who=current_user())
    loaded = {
        "plan_version": counts["plans"],
        "indicator": counts["indicators"],
        "observation": counts["observations"],
        "thematic_plans": counts["thematic_plans"],
        "narrative": counts["narratives"],
        "boundaries": counts["boundaries"],
    }
    click.echo(
        _("Eksempelet «{name}» er lastet: {counts} -> {database}").format(
            name=name, counts=listed(loaded), database=safe_url(settings.db)
        )
    )
