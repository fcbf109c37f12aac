"""Translations of user-facing report text: Norwegian bokmål is the source, English beside.

Catalogues are gettext .po files in `locales/`, compiled in memory when first used.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources
from io import BytesIO

from sdgplan.errors import ConfigError

LANGUAGES = ("nb", "en")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations for `lang`; Norwegian needs none."""
    if lang not in LANGUAGES:
        raise ConfigError(
            f"Ukjent språk / unknown language: {lang!r}", hint=f"Bruk / use {', '.join(LANGUAGES)}"
        )
    if lang == "nb":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # here: `--help` needs LANGUAGES, not Babel
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = resources.files("sdgplan").joinpath("locales", lang, "LC_MESSAGES", "messages.po")
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
