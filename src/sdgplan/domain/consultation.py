"""Public consultation (høring) on a document: its period, the input citizens and
organisations send, and the rules for that input (size limits, consent, moderation).

The period is whole days in the municipality's time zone, the last day included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from sdgplan.domain.display import format_number
from sdgplan.i18n import _

NAME_LIMIT = 200  # characters of a name or an organisation
TEXT_LIMIT = 10_000  # characters of the input itself
RATE_LIMIT = 10  # submissions from one address ...
RATE_WINDOW = dt.timedelta(minutes=1)  # ... within this time


class DocumentKind(StrEnum):
    PROGRAMME = "programme"  # an action programme version: `2024-2027` or `2024-2027/proposal`
    PLAN = "plan"  # a plan version by its key
    THEMATIC_PLAN = "thematic-plan"  # a thematic plan by its key
    OTHER = "other"  # any other document, named by the title


class Status(StrEnum):
    RECEIVED = "received"  # waits for moderation
    PUBLISHED = "published"  # shown on the public page
    REJECTED = "rejected"  # spam or unlawful content: kept, never shown


class State(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Consultation:
    key: str
    title: str
    document_kind: DocumentKind
    document: str | None
    opens: dt.date
    closes: dt.date  # the last day input is taken
    timezone: str = "Europe/Oslo"
    description: str | None = None

    def state(self, now: dt.datetime) -> State:
        today = now.astimezone(ZoneInfo(self.timezone)).date()
        if today < self.opens:
            return State.UPCOMING
        return State.OPEN if today <= self.closes else State.CLOSED


def check_period(opens: dt.date, closes: dt.date) -> None:
    if closes < opens:
        raise ValueError(
            _("Høringen slutter ({closes}) før den begynner ({opens})").format(
                closes=closes.isoformat(), opens=opens.isoformat()
            )
        )


@dataclass(frozen=True)
class Submission:
    """One input; `number` counts the consultation's input from 1, in the order it came."""

    number: int
    submitted_at: dt.datetime
    text: str
    consent: bool
    name: str | None = None
    organisation: str | None = None
    concerns: str | None = None  # the key of the goal or measure it is about
    status: Status = Status.RECEIVED
    moderated_by: str | None = None
    moderated_at: dt.datetime | None = None

    @property
    def public(self) -> bool:
        return self.consent and self.status is Status.PUBLISHED


@dataclass(frozen=True)
class Input:
    """What the public form sends, before it is checked."""

    text: str
    consent: bool
    name: str = ""
    organisation: str = ""
    concerns: str = ""


def check_input(form: Input, concerns: set[str]) -> list[tuple[str, str]]:
    """The problems of the form by field (empty when it may be stored); `concerns` are the
    keys the input may be about."""
    problems: list[tuple[str, str]] = []
    if not form.text.strip():
        problems.append(("text", _("Skriv innspillet ditt")))
    elif len(form.text) > TEXT_LIMIT:
        problems.append(
            (
                "text",
                _("Innspillet har {count} tegn; høyst {limit} er tillatt").format(
                    count=format_number(len(form.text)), limit=format_number(TEXT_LIMIT)
                ),
            )
        )
    for field, value in (("name", form.name), ("organisation", form.organisation)):
        if len(value) > NAME_LIMIT:
            problems.append(
                (field, _("Høyst {limit} tegn er tillatt her").format(limit=NAME_LIMIT))
            )
    if form.concerns and form.concerns not in concerns:
        problems.append(("concerns", _("Velg et mål eller tiltak fra listen")))
    return problems


def check_moderation(submission: Submission, status: Status) -> None:
    """ValueError when `status` may not be given: only input with consent is published."""
    if status is Status.PUBLISHED and not submission.consent:
        raise ValueError(
            _("Innspill {number} kan ikke publiseres: avsenderen har ikke samtykket").format(
                number=submission.number
            )
        )
