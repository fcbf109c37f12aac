"""Public consultation (høring, issue 14): open one on a document, take input from the public
form (rate limit per address, a honeypot field, size limits), moderate it, and list what
may be published or exported for the case file. Used by `sdgplan consultation` and the web."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from sdgplan.domain.consultation import (
    RATE_LIMIT,
    RATE_WINDOW,
    Consultation,
    DocumentKind,
    Input,
    State,
    Status,
    Submission,
    check_input,
    check_moderation,
    check_period,
)
from sdgplan.domain.indicators import KEY
from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.plan import Municipality, VersionKind
from sdgplan.errors import Conflict, FormatError, InvalidData, NotFound, SdgplanError
from sdgplan.i18n import _, current_language
from sdgplan.importers.base import read_text
from sdgplan.importers.consultation_yaml import read_consultations
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.loading import Declared, resolve_municipality
from sdgplan.programme import choose_programme, choose_version, places_of
from sdgplan.store import (
    calendar_repo,
    consultation_repo,
    indicator_repo,
    plan_repo,
    programme_repo,
)

DEFAULT_TIMEZONE = "Europe/Oslo"


class Closed(SdgplanError):
    status = 403


class TooManySubmissions(SdgplanError):
    status = 429


class InvalidInput(SdgplanError):
    """The form's problems by field, to show beside the fields."""

    status = 400

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(text for _field, text in problems))
        self.problems = problems


@dataclass(frozen=True)
class Concern:
    """A goal or measure an input may be about: its key, its text and its group's name."""

    key: str
    label: str
    group: str


def open_consultation(
    session: Session,
    municipality: Municipality,
    *,
    key: str,
    title: str,
    document_kind: DocumentKind,
    document: str | None,
    opens: dt.date,
    closes: dt.date,
    description: str | None = None,
    who: str,
) -> bool:
    """Add or change consultation `key`; whether anything changed. The document must exist."""
    if not KEY.fullmatch(key):
        raise FormatError(
            _("Ugyldig nøkkel «{key}»: bruk små bokstaver a-z, sifre og bindestrek").format(key=key)
        )
    try:
        check_period(opens, closes)
    except ValueError as e:
        raise FormatError(str(e)) from e
    _check_document(session, municipality.number, document_kind, document)
    template = calendar_repo.load_template(session, municipality.number)
    consultation = Consultation(
        key=key,
        title=title.strip(),
        document_kind=document_kind,
        document=document,
        opens=opens,
        closes=closes,
        timezone=template.timezone if template else DEFAULT_TIMEZONE,
        description=description.strip() if description else None,
    )
    return consultation_repo.save_consultation(session, municipality, consultation, who=who)


def import_consultations(
    session: Session, path: Path, *, municipality: str | None = None, who: str
) -> tuple[Municipality, int]:
    """Save every consultation of a consultations file (`importers/consultation_yaml.py`):
    all or nothing; the municipality and how many changed."""
    text = read_text(path)
    found = declared_municipality(text)
    declared = Declared(found[0], path, found[1]) if found else None
    parsed = read_consultations(text, source=str(path))
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    owner = resolve_municipality(session, municipality, declared)
    changed = 0
    for entry in parsed.data:
        try:
            changed += open_consultation(
                session,
                owner,
                key=entry.key,
                title=entry.title,
                document_kind=entry.document_kind,
                document=entry.document,
                opens=entry.opens,
                closes=entry.closes,
                description=entry.description,
                who=who,
            )
        except (FormatError, NotFound) as e:
            message = f"{e.message}. {e.hint}" if e.hint else e.message
            issue = Issue(Severity.ERROR, str(path), message, entry.line)
            raise InvalidData(
                _("{path}: ingenting er lagret").format(path=path), issues=[issue]
            ) from e
    return owner, changed


def load_consultation_example(
    session: Session, folder_path: Path, municipality: str, who: str
) -> dict[str, int]:
    """Load an example's `consultations*.yaml` files; how many consultations."""
    for path in sorted(folder_path.glob("consultations*.yaml")):
        import_consultations(session, path, municipality=municipality, who=who)
    return {"consultations": len(consultation_repo.load_consultations(session, municipality))}


def _check_document(
    session: Session, municipality: str, kind: DocumentKind, document: str | None
) -> None:
    if kind is DocumentKind.OTHER:
        return
    if not document:
        raise FormatError(_("Oppgi dokumentet høringen gjelder"))
    if kind is DocumentKind.PROGRAMME:
        period, _slash, version = document.partition("/")
        choose_version(choose_programme(session, municipality, period), version or None)
    elif kind is DocumentKind.PLAN:
        known = [v.value for v in VersionKind]
        if document not in known:
            raise FormatError(
                _("Ukjent planversjon «{document}»; velg en av {known}").format(
                    document=document, known=", ".join(known)
                )
            )
        plan_repo.load_plan_version(
            session, municipality=municipality, version=VersionKind(document)
        )
    else:
        names = [p.name for p in indicator_repo.load_thematic_plans(session, municipality)]
        if document not in names:
            raise NotFound(
                _("Ingen temaplan heter «{document}»").format(document=document),
                hint=_("Temaplanene: {names}").format(names=", ".join(names) or "-"),
            )


def choose(session: Session, municipality: str, key: str) -> Consultation:
    found = consultation_repo.load_consultation(session, municipality, key)
    if found is None:
        known = [c.key for c in consultation_repo.load_consultations(session, municipality)]
        raise NotFound(
            _("Ingen høring «{key}»").format(key=key),
            hint=_("Høringene: {known}").format(known=", ".join(known) or "-"),
        )
    return found


def concerns(session: Session, municipality: str, consultation: Consultation) -> list[Concern]:
    """What an input may be about: the plan's goals and strategies and, for a programme, its
    measures."""
    version = VersionKind.PROPOSAL if consultation.document == "proposal" else None
    try:
        _plan, plan_version = plan_repo.load_plan_version(
            session, municipality=municipality, version=version
        )
    except (NotFound, Conflict):
        plan_version = None
    found: list[Concern] = []
    if plan_version is not None:
        places = places_of(plan_version)
        for area, goal in plan_version.goals():
            items = [(goal.key, goal.text)] + [(s.key, s.text) for s in goal.strategies]
            found += [Concern(k, text, area.name) for k, text in items if k in places]
    if consultation.document_kind is DocumentKind.PROGRAMME and consultation.document:
        period, _slash, version_key = consultation.document.partition("/")
        if period in programme_repo.periods(session, municipality):
            programme = choose_programme(session, municipality, period)
            chosen = choose_version(programme, version_key or None)
            group = _("Tiltak i {title}").format(title=programme.title)
            found += [Concern(m.key, m.text, group) for m in programme.measures(chosen.key)]
    return found


def submit(
    session: Session,
    municipality: str,
    key: str,
    form: Input,
    *,
    address: str,
    honeypot: str = "",
    now: dt.datetime,
) -> Submission | None:
    """Store the input as received; None when the honeypot field was filled (a robot: nothing
    is stored, and it is told nothing). Every attempt counts towards the rate limit."""
    consultation = choose(session, municipality, key)
    if consultation.state(now) is not State.OPEN:
        raise Closed(closed_message(consultation, now))
    hashed = consultation_repo.address_hash(session, address)
    sent = consultation_repo.count_attempts(session, hashed, since=now - RATE_WINDOW)
    if sent >= RATE_LIMIT:
        raise TooManySubmissions(
            _(
                "For mange innspill fra samme adresse ({count} på {seconds} sekunder); "
                "vent et minutt og prøv igjen"
            ).format(count=sent, seconds=int(RATE_WINDOW.total_seconds()))
        )
    consultation_repo.add_attempt(session, hashed, at=now)
    if honeypot:
        return None
    problems = check_input(form, {c.key for c in concerns(session, municipality, consultation)})
    if problems:
        raise InvalidInput(problems)
    submission = Submission(
        number=0,
        submitted_at=now,
        text=form.text.strip(),
        consent=form.consent,
        name=form.name.strip() or None,
        organisation=form.organisation.strip() or None,
        concerns=form.concerns or None,
    )
    return consultation_repo.add_submission(session, municipality, key, submission)


def closed_message(consultation: Consultation, now: dt.datetime) -> str:
    if consultation.state(now) is State.UPCOMING:
        return _("Høringen åpner {opens}").format(opens=_long_date(consultation.opens))
    return _("Høringen ble avsluttet {closes}").format(closes=_long_date(consultation.closes))


def _long_date(day: dt.date) -> str:
    """`20. oktober 2023`, `20 October 2023`: the current language."""
    from babel.dates import format_date

    return format_date(day, "long", "en_GB" if current_language() == "en" else "nb_NO")


def moderate(
    session: Session,
    municipality: str,
    key: str,
    number: int,
    status: Status,
    *,
    who: str,
    now: dt.datetime,
) -> Submission:
    """Publish or reject submission `number` (only input with consent is published)."""
    choose(session, municipality, key)
    current = {s.number: s for s in consultation_repo.load_submissions(session, municipality, key)}
    if number not in current:
        raise NotFound(
            _("Høringen «{key}» har ikke innspill {number}").format(key=key, number=number)
        )
    try:
        check_moderation(current[number], status)
    except ValueError as e:
        raise Conflict(str(e)) from e
    consultation_repo.set_status(session, municipality, key, number, status, who=who, at=now)
    return replace(current[number], status=status, moderated_by=who, moderated_at=now)


def for_export(session: Session, municipality: str, key: str) -> list[Submission]:
    """The input for the case file's list: that with consent to publication, not rejected."""
    choose(session, municipality, key)
    return [
        s
        for s in consultation_repo.load_submissions(session, municipality, key)
        if s.consent and s.status is not Status.REJECTED
    ]
