"""Problems found in input data: values that importers return, not exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sdgplan.i18n import _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """A problem at a place in a file; `line` and `column` count from 1."""

    severity: Severity
    source: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.source
        if self.line is not None:
            place += ", " + _("linje {line}").format(line=self.line)
        if self.column is not None:
            place += ", " + _("kolonne {column}").format(column=self.column)
        return f"{place}: {self.message}"


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
