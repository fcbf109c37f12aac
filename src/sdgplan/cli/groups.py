"""The command groups: `sdgplan`, `sdgplan import`, `show`, `export`, `sdg`."""

from __future__ import annotations

import logging
from typing import Any

import click

from sdgplan.cli.common import UserError
from sdgplan.cli.help import TranslatedHelp, raise_framed
from sdgplan.cli.language import META_KEY, flag_value, run_language
from sdgplan.i18n import LANGUAGES, N_, _, current_language, set_language, use_language
from sdgplan.version import __version__


class SdgplanCommand(TranslatedHelp):
    """Every command: its help in the run's language."""


class SdgplanGroup(TranslatedHelp, click.Group):
    """Its commands and groups are of these classes too. Usage errors are framed in the
    run's language; an unexpected error is a message, not a traceback (that with -v)."""

    command_class = SdgplanCommand

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.UsageError as e:
            raise_framed(e)
        except (click.ClickException, click.Abort, click.exceptions.Exit):
            raise
        except Exception as e:
            if ctx.find_root().params.get("verbose"):
                raise
            logging.getLogger("sdgplan").debug("unexpected error", exc_info=True)
            raise UserError(
                _("Uventet feil: {error}: {message}").format(error=type(e).__name__, message=e),
                hint=_("Kjør med -v for detaljer (sdgplan -v KOMMANDO ...)"),
            ) from e


SdgplanGroup.group_class = SdgplanGroup


class RootGroup(SdgplanGroup):
    """`sdgplan`: chooses the run's language before anything is parsed or printed, and
    leaves the language as it was when the run ends (tests run many in one process)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with use_language(current_language()):
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        flag = flag_value(args)
        ctx.meta[META_KEY] = flag
        try:
            set_language(run_language(flag))
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            raise_framed(e)


@click.group(
    cls=RootGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("sdgplan: planlegg, styr og rapporter etter FNs bærekraftsmål."),
)
@click.version_option(
    __version__,
    prog_name="sdgplan",
    message="%(prog)s %(version)s",
    help=N_("Vis versjonen og avslutt."),
)
@click.option("-v", "--verbose", count=True, help=N_("Mer logg (-vv for feilsøking)."))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    is_eager=True,
    expose_value=False,
    help=N_(
        "Språket sdgplan skriver på: nb (norsk bokmål) eller en (engelsk) "
        "[standard: SDGPLAN_LANG, ellers language i innstillingsfilen, ellers nb]."
    ),
)
def cli(verbose: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.group(name="import", help=N_("Importer data."))
def import_group() -> None:
    pass


@cli.group(help=N_("Vis data."))
def show() -> None:
    pass


@cli.group(help=N_("Eksporter data."))
def export() -> None:
    pass


@cli.group(help=N_("Bærekraftsmålene."))
def sdg() -> None:
    pass
