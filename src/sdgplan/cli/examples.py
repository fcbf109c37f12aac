"""`sdgplan example NAME`: load a bundled example."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_store, safe_url, store_options
from sdgplan.cli.groups import cli
from sdgplan.examples import EXAMPLES

# Loading (importers and the store) is imported when the command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.command(short_help="Last inn et eksempel / load an example.")
@click.argument("name", type=click.Choice(list(EXAMPLES)))
@store_options
def example(name: str, *, settings: Settings) -> None:
    """Last inn et innebygd eksempel / load a bundled example (plan, indicators, figures).

    The files go through the same importers as your own; loading twice changes nothing.

    Example:

        sdgplan example asker
    """
    from sdgplan import loading
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        counts = loading.load_example(session, name, who=current_user())
    click.echo(
        f"Eksempelet «{name}» er lastet / example '{name}' loaded: {counts['plans']} "
        f"planversjoner / plan versions, {counts['indicators']} indikatorer / indicators, "
        f"{counts['observations']} observasjoner / observations, {counts['thematic_plans']} "
        f"temaplaner / thematic plans, {counts['narratives']} tekster / narratives "
        f"-> {safe_url(settings.db)}"
    )
