"""The exceptions sdgplan raises. Data problems in input files are `Issue` values, not these."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time errors import nothing: i18n and the domain import errors
    from sdgplan.domain.issues import Issue


class SdgplanError(Exception):
    """Base class: a message for the user and an optional hint on what to do."""

    status = 500

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class ConfigError(SdgplanError):
    """Settings or command-line values that cannot be used."""

    status = 400


class FormatError(SdgplanError):
    """An input file that cannot be read as the format it claims to be."""

    status = 400


class NotFound(SdgplanError):
    """A plan, municipality or other object that is not there."""

    status = 404


class Conflict(SdgplanError):
    """A request that contradicts what is stored, or is ambiguous."""

    status = 409


class Forbidden(SdgplanError):
    """A signed-in user (or a token) whose role or scope does not allow the request."""

    status = 403


class Unauthorized(SdgplanError):
    """A request that needs a signed-in user or a valid API token and has neither."""

    status = 401


class VersionConflict(Conflict):
    """A save based on an older version of an object: `current` is the version now stored,
    `state` its content, so the editor can compare and choose."""

    def __init__(self, message: str, *, current: int, state: object) -> None:
        super().__init__(message)
        self.current = current
        self.state = state


class OutdatedDraft(Conflict):
    """A draft made before the published state last changed (an import, say): publishing it
    would silently undo that change, so its author must look at it and save it again."""


class ChoiceNeeded(Conflict):
    """Several stored things (or none) could be meant: the caller must say which. `needs`
    names what to give, e.g. ("municipality",) or ("municipality", "plan"), so the CLI can
    point at its own options."""

    def __init__(self, message: str, *, hint: str | None = None, needs: tuple[str, ...]) -> None:
        super().__init__(message, hint=hint)
        self.needs = needs


class InvalidData(SdgplanError):
    """Input files with errors; `issues` lists every problem found. Nothing was saved."""

    status = 422

    def __init__(self, message: str, *, issues: list[Issue]) -> None:
        super().__init__(message)
        self.issues = issues


class StoreError(SdgplanError):
    """A database that cannot be used now: locked, read-only, full, not a database, unreachable."""

    status = 503


class SourceError(SdgplanError):
    """An outside service (SSB, Kolada, Klass) that failed or refused after the retries."""

    status = 502
