"""Reminders of an open round: per owner, the items still missing or late. With a mail
server in the settings (`smtp`) they are e-mailed to owners whose user name is an e-mail
address (users have no other address); otherwise, and for the rest, they are listed for the
application to show."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from email.message import EmailMessage

from babel.dates import format_date
from sqlalchemy.orm import Session

from sdgplan.config import Settings, SmtpSettings
from sdgplan.domain.users import User
from sdgplan.editing.board import Board, BoardItem, Status, board
from sdgplan.editing.permissions import Action, require
from sdgplan.editing.rounds import OPEN, kind_name, log_step
from sdgplan.errors import ConfigError
from sdgplan.i18n import _, current_language
from sdgplan.store import org_repo

ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")
SMTP_TIMEOUT = 30  # seconds
DATE_LOCALES = {"nb": "nb_NO", "en": "en_GB"}


@dataclass(frozen=True)
class Reminder:
    owner: str
    address: str | None  # None: the owner cannot be e-mailed
    items: tuple[BoardItem, ...]
    sent: bool = False
    problem: str | None = None  # why sending failed


def reminders(
    session: Session, user: User | None, round_id: int, *, today: dt.date | None = None
) -> list[Reminder]:
    """Per owner, in the order of the round's items, what is missing or late; none once the
    round is signed off. Items without an owner are on the board, not here."""
    return _reminders(board(session, user, round_id, today=today))


def _reminders(current: Board) -> list[Reminder]:
    if current.round.status != OPEN:
        return []
    owed: dict[str, list[BoardItem]] = {}
    for item in current.items:
        if item.owner and item.status in (Status.MISSING, Status.LATE):
            owed.setdefault(item.owner, []).append(item)
    return [
        Reminder(owner, owner if ADDRESS.fullmatch(owner) else None, tuple(items))
        for owner, items in owed.items()
    ]


def send_reminders(
    settings: Settings,
    session: Session,
    user: User | None,
    round_id: int,
    *,
    today: dt.date | None = None,
) -> list[Reminder]:
    """E-mail the reminders through `settings.smtp`, each sent one logged; without a mail
    server nothing is sent and all are returned for the application to show."""
    current = board(session, user, round_id, today=today)
    sender = require(user, Action.MANAGE, current.round.municipality)
    found = _reminders(current)
    if settings.smtp is None or not any(r.address for r in found):
        return found
    municipality = org_repo.find_organisation(session, current.round.municipality).name
    done: list[Reminder] = []
    with _connection(settings.smtp) as smtp:
        for reminder in found:
            if reminder.address is None:
                done.append(reminder)
                continue
            message = _message(settings.smtp.sender, reminder, current, municipality)
            try:
                smtp.send_message(message)
            except smtplib.SMTPException as e:
                done.append(replace(reminder, problem=str(e)[:300]))
            else:
                done.append(replace(reminder, sent=True))
    sent = [{"owner": r.owner, "items": [i.subject for i in r.items]} for r in done if r.sent]
    if sent:
        log_step(session, sender, current.round, "remind", new={"sent": sent})
    return done


@contextmanager
def _connection(server: SmtpSettings) -> Iterator[smtplib.SMTP]:
    try:
        with smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT) as smtp:
            if server.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if server.username:
                password = server.password.get_secret_value() if server.password else ""
                smtp.login(server.username, password)
            yield smtp
    except (OSError, smtplib.SMTPException) as e:
        raise ConfigError(
            _("Kan ikke sende e-post gjennom {host}:{port}: {reason}").format(
                host=server.host, port=server.port, reason=e
            ),
            hint=_("Sjekk innstillingen smtp."),
        ) from e


def _message(sender: str, reminder: Reminder, current: Board, municipality: str) -> EmailMessage:
    assert reminder.address is not None
    deadline = format_date(
        current.round.deadline, "long", locale=DATE_LOCALES.get(current_language(), "nb_NO")
    )
    report = _("{report} {period} for {municipality}").format(
        report=kind_name(current.round.kind),
        period=current.round.period,
        municipality=municipality,
    )
    if current.today > current.round.deadline:
        intro = _("Fristen for {report} var {deadline}. Dette mangler fortsatt:")
    else:
        intro = _("Dette mangler fortsatt i {report} (frist {deadline}):")
    lines = [
        intro.format(report=report, deadline=deadline),
        "",
        *(f"- {item.title}" for item in reminder.items),
    ]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = reminder.address
    message["Subject"] = _("Påminnelse: {report}, frist {deadline}").format(
        report=report, deadline=deadline
    )
    message.set_content("\n".join(lines) + "\n")
    return message
