"""The consultation service (sdgplan.consultation) on SQLite and PostgreSQL: opening, the
period in the municipality's time zone, the rate limit, the honeypot, size limits,
moderation, what the case file lists, and the change log."""

import csv
import datetime as dt
import io

import pytest

from sdgplan import consultation as service
from sdgplan.domain.consultation import DocumentKind, Input, Status
from sdgplan.errors import Conflict, FormatError, NotFound
from sdgplan.exporters.consultation import export_submissions
from sdgplan.loading import resolve_municipality
from sdgplan.store import change_log, consultation_repo
from sdgplan.store.db import session_scope
from tests.consultation.conftest import OSLO

OPENS, CLOSES = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
DURING = dt.datetime(2025, 3, 10, 11, 0, tzinfo=dt.UTC)  # 12:00 in Oslo


def open_plan_consultation(engine, key="kp-2025", **changes):
    arguments = {
        "key": key,
        "title": "Kommuneplanens samfunnsdel",
        "document_kind": DocumentKind.PLAN,
        "document": "adopted",
        "opens": OPENS,
        "closes": CLOSES,
        "who": "anne",
    } | changes
    with session_scope(engine) as session:
        org = resolve_municipality(session, OSLO)
        return service.open_consultation(session, org, **arguments)


def submit(engine, form=None, *, key="kp-2025", address="192.0.2.1", honeypot="", now=DURING):
    with session_scope(engine) as session:
        return service.submit(
            session,
            OSLO,
            key,
            form or Input(text="Bygg flere sykkelveier.", consent=True),
            address=address,
            honeypot=honeypot,
            now=now,
        )


def stored(engine, key="kp-2025"):
    with session_scope(engine) as session:
        return consultation_repo.load_submissions(session, OSLO, key)


def test_open_adds_then_changes_and_logs_who(oslo_engine):
    assert open_plan_consultation(oslo_engine) is True
    assert open_plan_consultation(oslo_engine) is False  # the same again: unchanged
    assert open_plan_consultation(oslo_engine, title="Ny tittel", who="bjørn") is True
    with session_scope(oslo_engine) as session:
        chosen = service.choose(session, OSLO, "kp-2025")
        log = change_log.load_log(session, OSLO, entity="consultation")
    assert (chosen.title, chosen.timezone, chosen.closes) == ("Ny tittel", "Europe/Oslo", CLOSES)
    assert [(c.action, c.who, c.key) for c in log] == [
        ("update", "bjørn", "kp-2025"),
        ("open", "anne", "kp-2025"),
    ]
    assert log[0].old["title"] == "Kommuneplanens samfunnsdel"
    assert log[0].new["title"] == "Ny tittel"


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"key": "Høring 1"}, FormatError, "Ugyldig nøkkel «Høring 1»"),
        (
            {"opens": CLOSES, "closes": OPENS},
            FormatError,
            "Høringen slutter (2025-03-01) før den begynner (2025-03-31)",
        ),
        ({"document": "draft"}, FormatError, "Ukjent planversjon «draft»"),
        (
            {"document_kind": DocumentKind.THEMATIC_PLAN, "document": "Ingen slik"},
            NotFound,
            "Ingen temaplan heter «Ingen slik»",
        ),
        (
            {"document_kind": DocumentKind.PROGRAMME, "document": "2024-2027"},
            NotFound,
            "",
        ),
        ({"document": None}, FormatError, "Oppgi dokumentet høringen gjelder"),
    ],
)
def test_open_refuses_bad_key_period_or_unknown_document(oslo_engine, changes, error, message):
    with pytest.raises(error) as caught:
        open_plan_consultation(oslo_engine, **changes)
    assert caught.value.message.startswith(message)
    with session_scope(oslo_engine) as session:
        assert consultation_repo.load_consultations(session, OSLO) == []


def test_open_other_and_thematic_plan(oslo_engine):
    assert open_plan_consultation(
        oslo_engine, key="annet", document_kind=DocumentKind.OTHER, document=None
    )
    assert open_plan_consultation(
        oslo_engine, key="tema", document_kind=DocumentKind.THEMATIC_PLAN, document="Temaplan 1"
    )
    with session_scope(oslo_engine) as session:
        keys = [c.key for c in consultation_repo.load_consultations(session, OSLO)]
        with pytest.raises(NotFound) as caught:
            service.choose(session, OSLO, "mangler")
    assert sorted(keys) == ["annet", "tema"]
    assert caught.value.hint == "Høringene: " + ", ".join(keys)


@pytest.mark.parametrize(
    ("now", "message"),
    [
        # 23:30 on 28 February in Oslo (UTC+1): the day before it opens
        (dt.datetime(2025, 2, 28, 22, 30, tzinfo=dt.UTC), "Høringen åpner 1. mars 2025"),
        # 00:00 on 1 April in Oslo (summer time, UTC+2): the day after the last
        (dt.datetime(2025, 3, 31, 22, 0, tzinfo=dt.UTC), "Høringen ble avsluttet 31. mars 2025"),
    ],
)
def test_submit_outside_the_period_is_closed(oslo_engine, now, message):
    open_plan_consultation(oslo_engine)
    with pytest.raises(service.Closed) as caught:
        submit(oslo_engine, now=now)
    assert caught.value.message == message
    assert caught.value.status == 403
    assert stored(oslo_engine) == []


def test_submit_on_the_first_and_last_day_in_local_time(oslo_engine):
    open_plan_consultation(oslo_engine)
    first = dt.datetime(2025, 2, 28, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 March in Oslo
    last = dt.datetime(2025, 3, 31, 21, 59, tzinfo=dt.UTC)  # 23:59 on 31 March in Oslo
    form = Input(
        text="  Mer grøntareal.  ",
        consent=True,
        name=" Kari ",
        organisation="Velforeningen",
        concerns="fokus-1.1",
    )
    one = submit(oslo_engine, form, now=first)
    two = submit(oslo_engine, now=last, address="198.51.100.7")
    assert (one.number, two.number) == (1, 2)
    kept = stored(oslo_engine)
    assert [s.submitted_at for s in kept] == [first, last]  # in UTC on both databases
    assert (kept[0].text, kept[0].name, kept[0].organisation) == (
        "Mer grøntareal.",
        "Kari",
        "Velforeningen",
    )
    assert (kept[0].concerns, kept[0].status, kept[0].consent) == (
        "fokus-1.1",
        Status.RECEIVED,
        True,
    )


def test_rate_limit_per_address(oslo_engine):
    open_plan_consultation(oslo_engine)
    start = DURING
    for second in range(10):
        assert submit(oslo_engine, now=start + dt.timedelta(seconds=second)) is not None
    with pytest.raises(service.TooManySubmissions) as caught:
        submit(oslo_engine, now=start + dt.timedelta(seconds=20))
    assert caught.value.status == 429
    assert caught.value.message == (
        "For mange innspill fra samme adresse (10 på 60 sekunder); vent et minutt og prøv igjen"
    )
    other = submit(oslo_engine, address="2001:db8::1", now=start + dt.timedelta(seconds=20))
    assert other.number == 11
    again = submit(oslo_engine, now=start + dt.timedelta(seconds=70))
    assert again.number == 12
    assert len(stored(oslo_engine)) == 12


def test_address_is_kept_only_as_a_keyed_hash(oslo_engine):
    from sqlalchemy import select

    from sdgplan.store.tables_consultation import SubmissionAttemptRow

    open_plan_consultation(oslo_engine)
    submit(oslo_engine, address="192.0.2.55")
    with session_scope(oslo_engine) as session:
        hashes = session.scalars(select(SubmissionAttemptRow.address_hash)).all()
    assert len(hashes) == 1
    assert "192.0.2.55" not in hashes[0]
    assert len(hashes[0]) == 64


def test_honeypot_stores_nothing_but_counts(oslo_engine):
    open_plan_consultation(oslo_engine)
    assert submit(oslo_engine, honeypot="http://spam.example", now=DURING) is None
    assert stored(oslo_engine) == []
    for second in range(1, 10):
        submit(oslo_engine, honeypot="x", now=DURING + dt.timedelta(seconds=second))
    with pytest.raises(service.TooManySubmissions):
        submit(oslo_engine, now=DURING + dt.timedelta(seconds=30))
    assert stored(oslo_engine) == []


@pytest.mark.parametrize(
    ("form", "problems"),
    [
        (
            Input(text="x" * 10_001, consent=True),
            [("text", "Innspillet har 10 001 tegn; høyst 10 000 er tillatt")],
        ),
        (Input(text="   ", consent=True), [("text", "Skriv innspillet ditt")]),
        (
            Input(text="ok", consent=True, name="n" * 201, organisation="o" * 201),
            [
                ("name", "Høyst 200 tegn er tillatt her"),
                ("organisation", "Høyst 200 tegn er tillatt her"),
            ],
        ),
        (
            Input(text="ok", consent=True, concerns="ukjent-mål"),
            [("concerns", "Velg et mål eller tiltak fra listen")],
        ),
    ],
)
def test_invalid_input_is_refused_by_field(oslo_engine, form, problems):
    open_plan_consultation(oslo_engine)
    with pytest.raises(service.InvalidInput) as caught:
        submit(oslo_engine, form)
    assert caught.value.problems == problems
    assert caught.value.status == 400
    assert stored(oslo_engine) == []


def test_the_limits_themselves_are_accepted(oslo_engine):
    open_plan_consultation(oslo_engine)
    form = Input(text="x" * 10_000, consent=False, name="n" * 200, organisation="o" * 200)
    assert submit(oslo_engine, form).number == 1


def test_concerns_are_the_plans_goals_and_strategies(oslo_engine):
    open_plan_consultation(oslo_engine)
    with session_scope(oslo_engine) as session:
        chosen = service.choose(session, OSLO, "kp-2025")
        found = service.concerns(session, OSLO, chosen)
    assert [(c.key, c.label, c.group) for c in found] == [
        ("fokus-1.0", "Hovedmål 1", "Fokus 1"),
        ("fokus-1.1", "Delmål 1.1", "Fokus 1"),
        ("fokus-1.1.1", "Strategi 1.1.1", "Fokus 1"),
        ("fokus-1.2", "Delmål 1.2", "Fokus 1"),
        ("fokus-2.1", "Delmål 2.1", "Fokus 2"),
    ]


def three_submissions(engine):
    """1: consent, 2: no consent, 3: consent (a fresh address each)."""
    open_plan_consultation(engine)
    submit(engine, Input(text="Første", consent=True, name="Kari"), address="192.0.2.1")
    submit(engine, Input(text="Andre", consent=False, name="Ola"), address="192.0.2.2")
    submit(engine, Input(text="Tredje", consent=True), address="192.0.2.3")


def moderate(engine, number, status, who="moderator"):
    with session_scope(engine) as session:
        return service.moderate(
            session, OSLO, "kp-2025", number, status, who=who, now=DURING + dt.timedelta(days=1)
        )


def test_moderation_publishes_only_with_consent(oslo_engine):
    three_submissions(oslo_engine)
    with pytest.raises(Conflict) as caught:
        moderate(oslo_engine, 2, Status.PUBLISHED)
    assert caught.value.message == ("Innspill 2 kan ikke publiseres: avsenderen har ikke samtykket")
    published = moderate(oslo_engine, 1, Status.PUBLISHED, who="kari")
    assert (published.status, published.moderated_by) == (Status.PUBLISHED, "kari")
    moderate(oslo_engine, 2, Status.REJECTED)  # rejecting needs no consent
    with pytest.raises(NotFound) as missing:
        moderate(oslo_engine, 9, Status.PUBLISHED)
    assert missing.value.message == "Høringen «kp-2025» har ikke innspill 9"
    kept = {s.number: s for s in stored(oslo_engine)}
    assert [kept[n].status for n in (1, 2, 3)] == [
        Status.PUBLISHED,
        Status.REJECTED,
        Status.RECEIVED,
    ]
    assert kept[1].moderated_at == DURING + dt.timedelta(days=1)
    with session_scope(oslo_engine) as session:
        public = consultation_repo.load_submissions(session, OSLO, "kp-2025", public_only=True)
    assert [s.number for s in public] == [1]


def test_for_export_lists_consented_and_not_rejected(oslo_engine):
    three_submissions(oslo_engine)
    moderate(oslo_engine, 1, Status.PUBLISHED)
    with session_scope(oslo_engine) as session:
        assert [s.number for s in service.for_export(session, OSLO, "kp-2025")] == [1, 3]
    moderate(oslo_engine, 3, Status.REJECTED)
    with session_scope(oslo_engine) as session:
        assert [s.number for s in service.for_export(session, OSLO, "kp-2025")] == [1]


def test_change_log_names_who_and_keeps_no_text(oslo_engine):
    three_submissions(oslo_engine)
    moderate(oslo_engine, 1, Status.PUBLISHED, who="kari")
    moderate(oslo_engine, 1, Status.PUBLISHED, who="kari")  # unchanged: not logged again
    with session_scope(oslo_engine) as session:
        log = change_log.load_log(session, OSLO, entity="consultation_submission")
    assert [(c.action, c.who, c.key) for c in reversed(log)] == [
        ("submit", "public", "kp-2025/1"),
        ("submit", "public", "kp-2025/2"),
        ("submit", "public", "kp-2025/3"),
        ("moderate", "kari", "kp-2025/1"),
    ]
    assert log[0].old == {"status": "received"} and log[0].new == {"status": "published"}
    assert all("Første" not in str(c.new) and "Kari" not in str(c.new) for c in log)


def test_export_csv_in_the_consultations_time_zone(oslo_engine):
    three_submissions(oslo_engine)
    with session_scope(oslo_engine) as session:
        org = resolve_municipality(session, OSLO)
        data, media_type = export_submissions(session, org, "kp-2025", "csv")
        english, _media = export_submissions(session, org, "kp-2025", "csv", lang="en")
    assert media_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows == [
        ["Nr.", "Mottatt", "Navn", "Organisasjon", "Gjelder", "Status", "Innspill"],
        ["1", "2025-03-10 12:00", "Kari", "", "", "mottatt", "Første"],
        ["3", "2025-03-10 12:00", "", "", "", "mottatt", "Tredje"],
    ]
    header = english.decode("utf-8").splitlines()[0]
    assert header == "No.,Received,Name,Organisation,Concerns,Status,Input"
    with session_scope(oslo_engine) as session, pytest.raises(FormatError):
        export_submissions(session, org, "kp-2025", "docx")
