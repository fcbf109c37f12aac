"""`--help` in the run's language.

Help texts and metavars are Norwegian literals marked with `N_` where they are given to
click; click keeps them as they are, and they are translated here while the help is
formatted (the language is known only then). Click's own words (Usage, Options, the help
option's text, `[default: ...]`) are replaced by ours, so a help page is in one language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, NoReturn

import click

from sdgplan.i18n import N_, _

SECTIONS = {
    "Options": N_("Valg"),
    "Commands": N_("Kommandoer"),
    "Positional arguments": N_("Argumenter"),
}
USAGE_PIECES = {"[OPTIONS]": N_("[VALG]"), "COMMAND [ARGS]...": N_("KOMMANDO [ARGUMENTER]...")}
HELP_OPTION = N_("Vis denne hjelpen og avslutt.")


def translated(text: str | None) -> str | None:
    return _(text) if text else text


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else _("Bruk:") + " ")

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_(SECTIONS.get(name, name))):
            yield


class Context(click.Context):
    formatter_class = Formatter


class TranslatedHelp(click.Command):
    """Help texts, option texts, metavars and usage in the current language."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with self._translated(ctx):  # errors name the metavars too: "Missing argument 'FILE'"
            try:
                return super().parse_args(ctx, args)
            except click.UsageError as e:
                raise_framed(e)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with self._translated(ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with self._translated(ctx):
            super().format_usage(ctx, formatter)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [_(USAGE_PIECES[p]) if p in USAGE_PIECES else p for p in pieces]

    def get_short_help_str(self, limit: int = 45) -> str:
        saved = self.help, self.short_help
        self.help, self.short_help = translated(self.help), translated(self.short_help)
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help, self.short_help = saved

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for p in self.get_params(ctx) if (row := option_record(p, ctx)) is not None]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    @contextmanager
    def _translated(self, ctx: click.Context) -> Iterator[None]:
        """The command's texts and its parameters' metavars translated, for a while."""
        if getattr(self, "_translating", False):  # the usage, within the whole help
            yield
            return
        self._translating = True
        params = self.get_params(ctx)
        saved = self.help, self.epilog, [p.metavar for p in params]
        self.help, self.epilog = translated(self.help), translated(self.epilog)
        for param in params:
            param.metavar = translated(param.metavar)
        try:
            yield
        finally:
            self._translating = False
            self.help, self.epilog = saved[0], saved[1]
            for param, metavar in zip(params, saved[2], strict=True):
                param.metavar = metavar


def option_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line in the help: its flags, then its text and default, translated."""
    if not isinstance(param, click.Option) or param.hidden:
        return None
    extra = param.get_help_extra(ctx)
    notes = []
    if "default" in extra:
        notes.append(_("standard: {default}").format(default=extra["default"]))
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append(_("påkrevd"))
    text = translated(param.help) or ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
    return param.get_help_spec(ctx), text


class LocalUsageError(click.UsageError):
    """A usage error (unknown option, bad value) framed in the run's language; the
    message itself may be click's."""

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True, file=file, color=self.ctx.color)
            names = self.ctx.command.get_help_option_names(self.ctx)
            if names and self.ctx.command.get_help_option(self.ctx) is not None:
                hint = _("Se «{command} {option}» for hjelp.").format(
                    command=self.ctx.command_path, option=max(names, key=len)
                )
                click.echo(hint + "\n", err=True, file=file, color=self.ctx.color)
        click.echo(_("Feil: {message}").format(message=self.format_message()), err=True, file=file)


def raise_framed(error: click.UsageError) -> NoReturn:
    """Raise `error` to be shown in the run's language (its message as it reads now); the
    help shown for a bare group stays as it is."""
    if isinstance(error, (LocalUsageError, click.exceptions.NoArgsIsHelpError)):
        raise error
    raise LocalUsageError(error.format_message(), ctx=error.ctx) from error
