"""Text cells that a spreadsheet never runs as a formula (OWASP, "CSV Injection").

Spreadsheets treat a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula. Exports prefix such text with an apostrophe, which spreadsheets show as text;
imports remove that one apostrophe again, so our own exports read back as written. Plain
numbers (`-0.7`, `+3`) are left as they are: they are values, not formulas.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PREFIX = "'"
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")


def neutralise_formula(value: object) -> object:
    """`value`, with an apostrophe in front if it is text a spreadsheet would run."""
    if not isinstance(value, str) or not value or _PLAIN_NUMBER.match(value):
        return value
    if value.startswith((*FORMULA_STARTS, _PREFIX)):
        return _PREFIX + value
    return value


def restore_formula(text: str) -> str:
    """The text a neutralised cell stood for (the inverse of `neutralise_formula`)."""
    if text.startswith(_PREFIX) and text[1:].startswith((*FORMULA_STARTS, _PREFIX)):
        return text[1:]
    return text
