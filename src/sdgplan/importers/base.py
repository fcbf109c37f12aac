"""What every plan importer shares: the options, the result and reading text files."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.plan import Municipality, Plan, VersionKind
from sdgplan.domain.references import (
    Reference,
    ReferenceKind,
    parse_references,
    unknown_references,
)
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.errors import FormatError
from sdgplan.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class PlanOptions:
    """What the user said on the command line; values in the file win only where these are None."""

    municipality: Municipality | None = None
    version: VersionKind | None = None
    date: dt.date | None = None
    title: str | None = None


@dataclass
class ImportResult:
    """The plan read from a file (None when it could not be read) and the problems found."""

    plan: Plan | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None and not has_errors(self.issues)


@dataclass
class Parsed(Generic[T]):
    """Data read from a file (None when it could not be read) and the problems found."""

    data: T | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not has_errors(self.issues)


class PlanImporter(Protocol):
    def read(
        self, text: str, *, source: str, options: PlanOptions, catalogue: SdgCatalogue
    ) -> ImportResult: ...


def read_text(path: Path) -> str:
    """The text of a file as exported from Word or PDF: any BOM, any line ends.

    UTF-8 and UTF-16 are read as such; a file that is not UTF-8 is read as Windows-1252,
    the encoding Word's plain-text export uses on Norwegian Windows.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise FormatError(
            _("Kan ikke lese {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e
    try:
        text = _decode(data)
    except UnicodeDecodeError as e:
        raise FormatError(
            _("{path}: ukjent tegnkoding (byte 0x{byte:02x} ved posisjon {offset})").format(
                path=path, byte=data[e.start], offset=e.start
            ),
            hint=_("Lagre filen som UTF-8."),
        ) from e
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FormatError(
            _("{path}, linje {line}: filen inneholder et NUL-tegn").format(path=path, line=line),
            hint=_("Er det en tekstfil? Lagre den som UTF-8."),
        )
    return text


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:1000]:  # UTF-16 without a BOM: ASCII characters have a zero byte
        zeros_first = data[:1000:2].count(0) > data[1:1000:2].count(0)
        return data.decode("utf-16-be" if zeros_first else "utf-16-le")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("not UTF-8; reading it as Windows-1252")
        return data.decode("cp1252")


def missing(key: str) -> str:
    """The message for a required `key` left out or empty."""
    return _("Mangler «{key}»").format(key=key)


def invalid_choice(key: str, value: str, enum: type[Enum]) -> str:
    """The message for a `value` of `key` that is not one of `enum`'s."""
    allowed = ", ".join(str(e.value) for e in enum)
    return _("Ugyldig «{key}»: «{value}»; bruk {allowed}").format(
        key=key, value=value, allowed=allowed
    )


def unknown_format(given: str, expected: str) -> str:
    """The message for a file that names another format than `expected`."""
    return _("Ukjent format «{given}»; ventet {name}").format(given=given, name=expected)


def unsupported_version(given: str, version: int) -> str:
    """The message for a format version this sdgplan cannot read."""
    return _(
        "Formatversjon {given} støttes ikke (denne sdgplan leser {version}); oppgrader sdgplan"
    ).format(given=given, version=version)


class IssueLog:
    """Collects the issues of one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[Issue] = []

    def error(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.issues.append(Issue(Severity.ERROR, self.source, message, line, column))

    def warning(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.issues.append(Issue(Severity.WARNING, self.source, message, line, column))

    def references(
        self, text: str, catalogue: SdgCatalogue, *, line: int | None, column: int | None = None
    ) -> tuple[Reference, ...]:
        """Parse a reference list, logging syntax errors and codes not in the catalogue."""
        try:
            refs = parse_references(text)
        except ValueError as e:
            self.error(
                _("Ugyldig referanse «{text}»: {reason}").format(text=text.strip(), reason=e),
                line=line,
                column=column,
            )
            return ()
        self._check_known(refs, text, catalogue, line=line, column=column)
        return refs

    def reference_codes(
        self,
        codes: list[str],
        catalogue: SdgCatalogue,
        *,
        line: int | None,
        column: int | None = None,
    ) -> tuple[Reference, ...]:
        """Parse canonical codes (`AK`, `11`, `11.3`) as written in plan files."""
        refs: list[Reference] = []
        for code in codes:
            try:
                refs.append(Reference.from_code(code))
            except ValueError:
                self.error(
                    _(
                        "Ugyldig referanse «{code}»: skriv AK, et mål (11) eller et delmål (11.3)"
                    ).format(code=code),
                    line=line,
                    column=column,
                )
        self._check_known(tuple(refs), " ".join(codes), catalogue, line=line, column=column)
        return tuple(dict.fromkeys(refs))

    def _check_known(
        self,
        refs: tuple[Reference, ...],
        text: str,
        catalogue: SdgCatalogue,
        *,
        line: int | None,
        column: int | None,
    ) -> None:
        for ref in unknown_references(refs, catalogue):
            message = (
                _("Ukjent bærekraftsmål «{code}» i referansen «{text}»")
                if ref.kind is ReferenceKind.GOAL
                else _("Ukjent FN-delmål «{code}» i referansen «{text}»")
            )
            self.error(message.format(code=ref.code, text=text.strip()), line=line, column=column)
