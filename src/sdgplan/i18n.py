"""User-facing text in one language per run: Norwegian bokmål is the source, English beside.

Messages are written in Norwegian and marked with `_()` (or `ngettext`); English lives in
gettext catalogues, one per part of the package (`locales/en/LC_MESSAGES/<part>.po`, see
`tools/update_messages.py`), compiled in memory when first used. The language of the
current run (CLI) or request (web) is a context variable: `set_language`, `use_language`.
Placeholders are named and filled after translation: `_("Kan ikke lese {path}").format(...)`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from io import BytesIO

from sdgplan.errors import ConfigError

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
LANGUAGE_ENV = "SDGPLAN_LANG"

_language: ContextVar[str] = ContextVar("sdgplan_language", default=DEFAULT_LANGUAGE)


def checked_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ConfigError(
            _("Ukjent språk: {lang!r}").format(lang=lang),
            hint=_("Velg {choices}").format(choices=", ".join(LANGUAGES)),
        )
    return lang


def set_language(lang: str) -> None:
    """Speak `lang` from now on in this context (a CLI run, a web request)."""
    _language.set(checked_language(lang))


def current_language() -> str:
    return _language.get()


def language_from_env() -> str | None:
    """`SDGPLAN_LANG` if set (checked), else None."""
    value = os.environ.get(LANGUAGE_ENV, "").strip()
    return checked_language(value) if value else None


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    token = _language.set(checked_language(lang))
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """`message` (Norwegian) in the current language."""
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural` by `count` and the current language's plural rule."""
    return translations(_language.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked, translated later
    return message


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Every catalogue of `lang` merged into one; Norwegian needs none."""
    checked_language(lang)
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # here: `--help` needs LANGUAGES, not Babel
    from babel.messages.pofile import read_po
    from babel.support import Translations

    folder = resources.files("sdgplan").joinpath("locales", lang, "LC_MESSAGES")
    merged: Translations | None = None
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".po"):
            continue
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        compiled = BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        part = Translations(compiled, domain=path.name.removesuffix(".po"))
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    return merged if merged is not None else gettext.NullTranslations()
