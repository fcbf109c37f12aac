"""The command groups: `sdgplan`, `sdgplan import`, `show`, `export`, `sdg`."""

from __future__ import annotations

import logging

import click

from sdgplan.cli.common import UserError
from sdgplan.version import __version__


class SdgplanGroup(click.Group):
    """Shows an unexpected error as a message, not a traceback (the traceback with -v)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as e:
            if ctx.params.get("verbose"):
                raise
            logging.getLogger("sdgplan").debug("unexpected error", exc_info=True)
            raise UserError(
                f"Uventet feil / unexpected error: {type(e).__name__}: {e}\n"
                "Kjør med -v for detaljer / run with -v for details (sdgplan -v COMMAND ...)"
            ) from e


@click.group(cls=SdgplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdgplan")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """sdgplan: planlegg, styr og rapporter etter FNs bærekraftsmål.

    Plan, steer and report a municipality by the UN Sustainable Development Goals.
    """
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.group(name="import")
def import_group() -> None:
    """Importer data / import data."""


@cli.group()
def show() -> None:
    """Vis data / show data."""


@cli.group()
def export() -> None:
    """Eksporter data / export data."""


@cli.group()
def sdg() -> None:
    """Bærekraftsmålene / the SDGs."""
