"""Observation readers by format: `OBSERVATION_IMPORTERS`, chosen by name or by suffix.

Every reader turns its file into rows and leaves the checks to `rows.RowReader`, so CSV
(comma or semicolon, decimal point or comma) and Excel (tidy or template) read alike.
A reader is opened first, so the municipality a file names (`declared`) can be found
before the database context it is read against.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sdgplan.domain.indicators import ObservationBatch, ObservationContext
from sdgplan.domain.plan import Municipality
from sdgplan.errors import FormatError
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed
from sdgplan.importers.observations.csv import CsvObservations
from sdgplan.importers.observations.decimals import Decimal
from sdgplan.importers.observations.xlsx import XlsxObservations


class ObservationFile(Protocol):
    """An opened observations file."""

    values_only: bool  # True: it carries values and statuses, not display texts or notes

    def declared(self) -> tuple[str, int | None] | None:
        """The municipality number the file names, and its line, if it names one."""
        ...

    def read(
        self, *, context: ObservationContext, municipality: Municipality | None
    ) -> Parsed[ObservationBatch]: ...


class ObservationReader(Protocol):
    def __call__(self, path: Path, *, decimal: Decimal | None = None) -> ObservationFile: ...


OBSERVATION_IMPORTERS: dict[str, ObservationReader] = {
    "csv": CsvObservations,
    "xlsx": XlsxObservations,
}
_SUFFIXES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def open_observations(
    path: Path, *, format: str | None = None, decimal: Decimal | None = None
) -> ObservationFile:
    """Open `path` with the reader for `format`, or for its suffix (`.csv`, `.xlsx`)."""
    name = format or _SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise FormatError(
            _("Kjenner ikke igjen formatet til {path}").format(path=path),
            hint=_("Oppgi formatet: {formats}").format(formats=", ".join(OBSERVATION_IMPORTERS)),
        )
    if name not in OBSERVATION_IMPORTERS:
        raise FormatError(
            _("Ukjent format: {name}").format(name=name),
            hint=_("Bruk {formats}").format(formats=", ".join(OBSERVATION_IMPORTERS)),
        )
    return OBSERVATION_IMPORTERS[name](path, decimal=decimal)


def read_observations_file(
    path: Path,
    *,
    context: ObservationContext,
    municipality: Municipality | None = None,
    format: str | None = None,
    decimal: Decimal | None = None,
) -> Parsed[ObservationBatch]:
    """Read an observations file of any format against `context`.

    Example:
        >>> parsed = read_observations_file(Path("tall.xlsx"), context=context)  # doctest: +SKIP
        >>> parsed.ok, len(parsed.data.observations)  # doctest: +SKIP
        (True, 12)
    """
    opened = open_observations(path, format=format, decimal=decimal)
    return opened.read(context=context, municipality=municipality)


__all__ = [
    "OBSERVATION_IMPORTERS",
    "Decimal",
    "ObservationFile",
    "open_observations",
    "read_observations_file",
]
