"""The command groups: `sdgplan`, `sdgplan import`, `show`, `export`, `sdg`."""

from __future__ import annotations

import logging

import click

from sdgplan.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
