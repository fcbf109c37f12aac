"""Indicator-definition readers by format: `INDICATOR_IMPORTERS`, chosen by name or suffix.

Every reader turns its file into records and leaves the checks to `checks.Definitions`, so
YAML and Excel read alike. A reader is opened first, so the municipality a file names
(`declared`) can be found before the plan its goals are looked up in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sdgplan.domain.indicators import IndicatorSet
from sdgplan.domain.plan import PlanVersion
from sdgplan.errors import FormatError
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed
from sdgplan.importers.indicators.checks import FORMAT_NAME, FORMAT_VERSION
from sdgplan.importers.indicators.xlsx import XlsxIndicators
from sdgplan.importers.indicators.yaml import YamlIndicators, read_indicators


class IndicatorFile(Protocol):
    """An opened indicator-definition file."""

    def declared(self) -> tuple[str, int | None] | None:
        """The municipality number the file names, and its line, if it names one."""
        ...

    def read(self, *, plan: PlanVersion | None) -> Parsed[IndicatorSet]: ...


class IndicatorReader(Protocol):
    def __call__(self, path: Path) -> IndicatorFile: ...


INDICATOR_IMPORTERS: dict[str, IndicatorReader] = {
    "yaml": YamlIndicators,
    "xlsx": XlsxIndicators,
}
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def open_indicators(path: Path, *, format: str | None = None) -> IndicatorFile:
    """Open `path` with the reader for `format`, or for its suffix (`.yaml`, `.xlsx`)."""
    name = format or _SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise FormatError(
            _("Kjenner ikke igjen formatet til {path}").format(path=path),
            hint=_("Oppgi formatet: {formats}").format(formats=", ".join(INDICATOR_IMPORTERS)),
        )
    if name not in INDICATOR_IMPORTERS:
        raise FormatError(
            _("Ukjent format: {name}").format(name=name),
            hint=_("Bruk {formats}").format(formats=", ".join(INDICATOR_IMPORTERS)),
        )
    return INDICATOR_IMPORTERS[name](path)


def read_indicator_file(
    path: Path, *, plan: PlanVersion | None, format: str | None = None
) -> Parsed[IndicatorSet]:
    """Read indicator definitions of any format; goals are looked up in `plan`.

    Example:
        >>> parsed = read_indicator_file(Path("indikatorer.xlsx"), plan=version)  # doctest: +SKIP
        >>> parsed.ok, len(parsed.data.indicators)  # doctest: +SKIP
        (True, 175)
    """
    return open_indicators(path, format=format).read(plan=plan)


__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "INDICATOR_IMPORTERS",
    "IndicatorFile",
    "open_indicators",
    "read_indicator_file",
    "read_indicators",
]
