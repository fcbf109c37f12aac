"""The language of a run: `--lang` > `SDGPLAN_LANG` > the settings file's `language` > nb."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import click

from sdgplan.i18n import DEFAULT_LANGUAGE, LANGUAGE_ENV, LANGUAGES, _

FLAG = "--lang"
META_KEY = "sdgplan.lang_flag"  # the root context's meta: the --lang given, or None


def run_language(flag: str | None, config: Path | None = None) -> str:
    """The language to speak; an unknown `SDGPLAN_LANG` is an error."""
    if flag:
        return flag
    from_env = os.environ.get(LANGUAGE_ENV, "").strip()
    if from_env:
        if from_env not in LANGUAGES:
            raise click.UsageError(
                _("Ukjent språk i {variable}: {value!r}; bruk {languages}").format(
                    variable=LANGUAGE_ENV, value=from_env, languages=", ".join(LANGUAGES)
                )
            )
        return from_env
    from sdgplan.config_file import configured_language

    return configured_language(config) or DEFAULT_LANGUAGE


def flag_value(args: Sequence[str]) -> str | None:
    """`--lang X` or `--lang=X` among the root options (before the command name), if X is a
    known language; an unknown one is left to the option's own check."""
    rest = iter(args)
    for arg in rest:
        if arg == FLAG:
            value = next(rest, None)
        elif arg.startswith(FLAG + "="):
            value = arg.partition("=")[2]
        elif arg == "--" or not arg.startswith("-"):
            return None
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def given_flag() -> str | None:
    """The root `--lang` of the running command, if any."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().meta.get(META_KEY) if ctx is not None else None
