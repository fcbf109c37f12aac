"""Counts in the report's running text: "to satsingsområder", "two focus areas",
"1 satsingsområde"; the noun's number by gettext ngettext and the catalogue's plural rule."""

from __future__ import annotations

from sdgplan.i18n import translations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked, not translated here
    return message


# Norwegian style (Språkrådet) writes small numbers in words in running text; 1 stays a
# digit, as "en", "ei" and "ett" depend on the noun's gender.
NUMBER_WORDS = {
    2: N_("to"),
    3: N_("tre"),
    4: N_("fire"),
    5: N_("fem"),
    6: N_("seks"),
    7: N_("sju"),
    8: N_("åtte"),
    9: N_("ni"),
    10: N_("ti"),
    11: N_("elleve"),
    12: N_("tolv"),
}


def number_word(count: int, lang: str) -> str:
    """A count for running text: 2 to 12 in words ("to", "two"), others as digits.

    >>> number_word(2, "nb"), number_word(2, "en"), number_word(1, "nb"), number_word(17, "nb")
    ('to', 'two', '1', '17')
    """
    word = NUMBER_WORDS.get(count)
    return translations(lang).gettext(word) if word else str(count)


def counted(count: int, singular: str, plural: str, *, lang: str) -> str:
    """`singular` or `plural` by gettext ngettext in `lang`, with `%(count)s` replaced by
    `number_word(count)`.

    >>> counted(2, "%(count)s satsingsområde", "%(count)s satsingsområder", lang="nb")
    'to satsingsområder'
    """
    text = translations(lang).ngettext(singular, plural, count)
    return text % {"count": number_word(count, lang)}
