"""The reporting round (issue 12, item 7) on the Asker example and on Oslo: the board against
counts made here from the database's own rows, late after the deadline, a draft making an
item pending, reminders by e-mail (a local SMTP server) or listed for the app, permissions,
and a signed-off snapshot that rebuilds the identical report after a later correction."""

import datetime as dt
import email
import email.policy
import re
import shutil
import socket
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from sdgplan import accounts
from sdgplan.config import Settings, SmtpSettings
from sdgplan.domain.users import Role, User
from sdgplan.editing import drafts, snapshots
from sdgplan.editing.board import Status, board, todo
from sdgplan.editing.reminders import reminders, send_reminders
from sdgplan.editing.rounds import get_round, list_rounds, open_round
from sdgplan.editing.signoff import sign_off
from sdgplan.editing.snapshot_report import report_from_snapshot, snapshot_html
from sdgplan.editing.subjects import Subject
from sdgplan.errors import ConfigError, Conflict, Forbidden, NotFound
from sdgplan.loading import load_example, load_observations
from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store import change_log
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import Base
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

ASKER = "3203"
OSLO = "0301"
PASSWORD = "korrekt-hest-batteri-42"
DEADLINE = dt.date(2024, 2, 1)
ADMIN = User("sjef", Role.ADMIN, None, (), dt.datetime.now(dt.UTC))
# 2023 figures for some of Asker's key figures: two measured, one "not measured" (filled),
# one "figures to come" (not filled)
ASKER_2023 = """indicator_id,area,period,breakdown,value,status,display,note
okonomi-disposisjonsfond,3203,2023,,16.2,,,
okonomi-netto-driftsresultat,3203,2023,,2.9,,,
helse-vaksinert-meslinger,3203,2023,,,not_measured,,
helse-stonad-livsopphold,3203,2023,,,pending,,
"""


@pytest.fixture(scope="module")
def asker_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("asker-round")
    asker_database(folder)
    return folder / "asker.db"


@pytest.fixture
def asker(asker_file, tmp_path):
    """A fresh copy of the Asker example with 2023 figures and the round's users."""
    path = tmp_path / "asker.db"
    shutil.copy(asker_file, path)
    engine = make_engine(f"sqlite:///{path}")
    figures = tmp_path / "asker-2023.csv"
    figures.write_text(ASKER_2023, encoding="utf-8")
    with session_scope(engine) as session:
        load_observations(session, figures, who="tester")
        add_users(session, ASKER)
    yield engine
    engine.dispose()


def add_users(session, municipality):
    for name, role in [
        ("kari@example.no", Role.EDITOR),
        ("ola", Role.EDITOR),
        ("godkjenner", Role.APPROVER),
    ]:
        accounts.add_user(
            session,
            name=name,
            password=PASSWORD,
            role=role,
            municipality=municipality,
            who="tester",
        )


def user(session, name):
    found = next(u for u in accounts.list_users(session) if u.name == name)
    return found


def expected_board(engine, municipality, year, period):
    """(focus area -> Counter of filled/open items) from the rows themselves: an indicator
    belongs to the focus area of its first goal in the plan, and is filled by a figure of a
    period ending in `year` that is not "figures to come"; a focus area's text, by a text of
    exactly `period`."""
    with create_engine(engine.url).connect() as c:
        goals = c.execute(
            text(
                "SELECT i.key, fa.key FROM indicators i "
                "JOIN indicator_goals ig ON ig.indicator_id = i.id "
                "JOIN goals g ON g.key = ig.goal_key "
                "JOIN focus_areas fa ON fa.id = g.focus_area_id "
                "WHERE i.municipality_number = :m ORDER BY i.position, ig.position"
            ),
            {"m": municipality},
        ).all()
        figures = c.execute(
            text(
                "SELECT i.key, o.period FROM observations o "
                "JOIN indicators i ON i.id = o.indicator_id "
                "WHERE i.municipality_number = :m AND o.status != 'pending'"
            ),
            {"m": municipality},
        ).all()
        areas = c.execute(text("SELECT DISTINCT key, name FROM focus_areas")).all()
        texts = c.execute(
            text("SELECT section FROM narratives WHERE municipality_number = :m AND period = :p"),
            {"m": municipality, "p": period},
        ).all()
    first_area = {}
    for key, area in goals:
        first_area.setdefault(key, area)
    ending = re.compile(rf"(\d{{4}}-)?{year}(-\d{{2}}){{0,2}}")
    filled = {key for key, p in figures if ending.fullmatch(p)}
    written = {section for (section,) in texts}
    counts = {}
    for key, area in first_area.items():
        counts.setdefault(area, Counter())["filled" if key in filled else "open"] += 1
    for key, name in areas:
        counts.setdefault(key, Counter())["filled" if name in written else "open"] += 1
    return counts


def board_counts(current):
    return {
        area: Counter(
            {
                "filled": counts.filled,
                "open": counts.pending + counts.missing + counts.late,
            }
        )
        - Counter()
        for area, counts in current.by_focus_area.items()
    }


def test_asker_round_board_counts_match_the_data(asker):
    with session_scope(asker) as session:
        opened = open_round(
            session,
            ADMIN,
            "Asker",
            kind="annual",
            year=2023,
            deadline=DEADLINE,
            owners={"okonomi": "kari@example.no", "okonomi-netto-lanegjeld": "ola"},
        )
    expected = expected_board(asker, ASKER, 2023, "2023")
    with session_scope(asker) as session:
        current = board(session, ADMIN, opened.id, today=DEADLINE)
    assert board_counts(current) == {area: c - Counter() for area, c in expected.items()}
    assert current.total.filled == sum(c["filled"] for c in expected.values()) == 3
    assert current.total.missing == current.total.total - 3 and current.total.late == 0
    # the not-measured figure fills its item, figures to come do not
    status = {item.subject: item.status for item in current.items}
    assert status["observations:helse-vaksinert-meslinger"] is Status.FILLED
    assert status["observations:helse-stonad-livsopphold"] is Status.MISSING
    assert status["narrative:Økonomi (2023)"] is Status.MISSING
    # owners: per focus area, an indicator's own owner first
    owners = {item.subject: item.owner for item in current.items}
    assert owners["observations:okonomi-disposisjonsfond"] == "kari@example.no"
    assert owners["observations:okonomi-netto-lanegjeld"] == "ola"
    assert owners["narrative:Økonomi (2023)"] == "kari@example.no"
    assert owners["observations:helse-vaksinert-meslinger"] is None
    assert current.by_owner["ola"].total == 1
    assert current.by_owner["kari@example.no"].total == 4  # the text and 3 of 4 indicators
    # the day after the deadline what is missing is late
    with session_scope(asker) as session:
        late = board(session, ADMIN, opened.id, today=DEADLINE + dt.timedelta(days=1))
    assert (late.total.late, late.total.missing) == (current.total.missing, 0)
    assert late.total.filled == current.total.filled


def test_a_draft_makes_an_item_pending_and_publishing_fills_it(asker):
    subject = Subject("narrative", "Økonomi (2023)")
    with session_scope(asker) as session:
        opened = open_round(
            session,
            ADMIN,
            ASKER,
            kind="annual",
            year=2023,
            deadline=DEADLINE,
            owners={"okonomi": "kari@example.no"},
        )
        drafts.save_draft(
            session,
            user(session, "kari@example.no"),
            ASKER,
            subject,
            {"kind": "focus_area", "markdown": "Økonomien i 2023 var god."},
            version=0,
        )
    with session_scope(asker) as session:
        after_deadline = DEADLINE + dt.timedelta(days=3)
        mine = todo(session, user(session, "kari@example.no"), opened.id, today=after_deadline)
        assert [i.status for i in mine if i.subject == str(subject)] == [Status.PENDING]
        assert Counter(i.status for i in mine) == {
            Status.PENDING: 1,  # the text
            Status.FILLED: 2,  # the figures loaded for 2023
            Status.LATE: 2,
        }
        assert todo(session, user(session, "godkjenner"), opened.id) == []
        current = board(session, ADMIN, opened.id, today=after_deadline)
        assert current.by_focus_area["okonomi"].pending == 1
        version = drafts.editable(session, ASKER, subject).version
        drafts.publish(session, user(session, "godkjenner"), ASKER, subject, version=version)
    with session_scope(asker) as session:
        current = board(session, ADMIN, opened.id)
    assert {i.subject: i.status for i in current.items}[str(subject)] is Status.FILLED
    assert current.by_focus_area["okonomi"].pending == 0


def test_sign_off_freezes_the_report_against_later_corrections(asker, tmp_path):
    with session_scope(asker) as session:
        opened = open_round(session, ADMIN, ASKER, kind="annual", year=2023, deadline=DEADLINE)
    with session_scope(asker) as session, pytest.raises(Conflict) as refused:
        sign_off(session, user(session, "godkjenner"), opened.id)
    assert refused.value.message == (
        f"{len(opened.items) - 3} av {len(opened.items)} punkter i runden er ikke fylt ut"
    )
    with session_scope(asker) as session:
        first = sign_off(session, user(session, "godkjenner"), opened.id, incomplete=True)
        signed = get_round(session, ADMIN, opened.id)
    assert (first.version, signed.status, signed.signed_off_by) == (1, "signed_off", "godkjenner")
    assert signed.versions == (1,)
    with session_scope(asker) as session:
        html = snapshot_html(session, opened.id, lang="nb")
        assert html == live_html(session, ASKER, "annual", 2023)  # what `sdgplan report` gives
    assert "16,2" in html
    # a correction afterwards, through a draft the approver publishes
    correct(asker, ASKER, "okonomi-disposisjonsfond", "3203/2023", 61.7)
    with session_scope(asker) as session:
        again = snapshot_html(session, opened.id, lang="nb")
        live = live_html(session, ASKER, "annual", 2023)
    assert again == html  # byte for byte
    assert live != html and "61,7" in live and "61,7" not in html
    # signed off again: version 2 is the corrected report, version 1 stays
    with session_scope(asker) as session:
        second = sign_off(session, user(session, "godkjenner"), opened.id, incomplete=True)
    assert second.version == 2
    with session_scope(asker) as session:
        assert snapshot_html(session, opened.id, lang="nb") == live
        assert snapshot_html(session, opened.id, version=1, lang="nb") == html
        assert get_round(session, ADMIN, opened.id).versions == (1, 2)
        with pytest.raises(Conflict, match="Ingenting er endret siden øyeblikksbildet versjon 2"):
            sign_off(session, ADMIN, opened.id, incomplete=True)
        written = report_from_snapshot(
            session, opened.id, version=1, out_dir=tmp_path / "r", lang="nb"
        )
    assert written == [tmp_path / "r" / "report.html"]
    assert written[0].read_text(encoding="utf-8") == html
    with session_scope(asker) as session:
        entries = change_log.load_log(session, ASKER, entity="round", limit=None)
    assert [(e.action, e.key, e.who) for e in entries] == [
        ("sign_off", str(opened.id), "godkjenner"),
        ("sign_off", str(opened.id), "godkjenner"),
        ("open", str(opened.id), "sjef"),
    ]
    assert entries[0].new["version"] == 2 and entries[1].new["version"] == 1


def correct(engine, municipality, indicator, cell, value):
    subject = Subject("observations", indicator)
    with session_scope(engine) as session:
        current = drafts.editable(session, municipality, subject)
        state = {**current.published, cell: {"value": value, "status": "measured"}}
        editor = user(session, "kari@example.no")
        draft = drafts.save_draft(
            session, editor, municipality, subject, state, version=current.version
        )
        assert draft.author == editor.name
    with session_scope(engine) as session:
        version = drafts.editable(session, municipality, subject).version
        drafts.publish(session, user(session, "godkjenner"), municipality, subject, version=version)


def live_html(session, municipality, kind, year, *, lang="nb"):
    """The report from the stored data as `sdgplan report` renders it, dated like the
    snapshot it is compared with (today: the test signs off today)."""
    model = build_report(
        session, municipality=municipality, kind=kind, year=year, labels=chart_labels(lang)
    )
    return render_report(model, lang=lang, interactive=True)


def test_snapshot_restores_every_row(asker):
    with session_scope(asker) as session:
        data = snapshots.take_snapshot(session, ASKER, kind="annual", year=2023)
    tables = data["tables"]
    with create_engine(asker.url).connect() as c:
        stored = c.execute(
            text(
                "SELECT count(*) FROM observations o JOIN indicators i ON i.id = o.indicator_id "
                "WHERE i.municipality_number = :m"
            ),
            {"m": ASKER},
        ).scalar()
    assert len(tables["observations"]["rows"]) == stored > 800
    assert {"goal_refs", "report_table_indicators", "areas", "narratives"} <= set(tables)
    assert len(tables["municipalities"]["rows"]) == 1
    with snapshots.restored(data) as session:
        again = snapshots.take_snapshot(session, ASKER, kind="annual", year=2023)
    assert again["tables"] == tables


def test_snapshot_report_on_each_database(engine, tmp_path):
    """On SQLite and PostgreSQL: the report from the snapshot is the live one of that time."""
    figures = tmp_path / "asker-2023.csv"
    figures.write_text(ASKER_2023, encoding="utf-8")
    with session_scope(engine) as session:
        load_example(session, "asker")
        load_observations(session, figures, who="tester")
        opened = open_round(session, ADMIN, ASKER, kind="annual", year=2023, deadline=DEADLINE)
        sign_off(session, ADMIN, opened.id, incomplete=True)
    with session_scope(engine) as session:
        assert snapshot_html(session, opened.id, lang="nb") == live_html(
            session, ASKER, "annual", 2023
        )


OFFICE = """format: sdgplan-indicators
format_version: 1
municipality: NO-SSB
areas:
- {code: 'NO', name: Hele landet, kind: country}
indicators:
- {key: turnover, name: Turnover, unit: '%'}
"""
OFFICE_FIGURES = """indicator_id,area,period,value
turnover,3203,2023,9.91
turnover,NO,2023,12.37
turnover,1101,2023,8.03
"""


def test_a_snapshot_keeps_the_shared_series_its_indicators_show(asker, tmp_path):
    from dataclasses import replace

    from sdgplan.domain.indicators import SeriesRef
    from sdgplan.domain.plan import OrgKind
    from sdgplan.loading import load_indicators
    from sdgplan.organisations import add_organisation
    from sdgplan.store import indicator_repo

    (tmp_path / "office.yaml").write_text(OFFICE, encoding="utf-8")
    (tmp_path / "office.csv").write_text(OFFICE_FIGURES, encoding="utf-8")
    with session_scope(asker) as session:
        add_organisation(session, code="NO-SSB", name="SSB", kind=OrgKind.OTHER, who="tester")
        load_indicators(session, tmp_path / "office.yaml", municipality="NO-SSB")
        load_observations(session, tmp_path / "office.csv", municipality="NO-SSB")
        stored = indicator_repo.load_indicator_set(session, ASKER).indicators
        turnover = next(i for i in stored if i.key == "medarbeidere-turnover")
        bound = replace(turnover, series=SeriesRef("NO-SSB", "turnover"))
        indicator_repo.save_indicators(session, ASKER, [bound])
    with session_scope(asker) as session:
        live = indicator_repo.load_observations(session, ASKER)
        data = snapshots.take_snapshot(session, ASKER, kind="annual", year=2023)
    # Asker shows 3203 and NO, not Eigersund (1101): the series' 2023 figures for those two
    shown = [(o.area, o.value) for o in live if o.indicator == "medarbeidere-turnover"]
    assert ("NO", 12.37) in shown and ("1101", 8.03) not in shown
    rows = data["tables"]["observations"]
    values = [row[rows["columns"].index("value")] for row in rows["rows"]]
    assert 12.37 in values and 8.03 not in values
    assert {row[0] for row in data["tables"]["municipalities"]["rows"]} == {ASKER, "NO-SSB"}
    with snapshots.restored(data) as session:
        assert indicator_repo.load_observations(session, ASKER) == live


# tables that are not the report's data: accounts, editing, the log, the rounds themselves
NOT_REPORT_DATA = {
    # the planning cycle's data: not in the reports a round signs off (yet)
    "calendar_meetings",
    "calendar_milestones",
    "calendar_templates",
    "political_activity",
    "climate_emissions",
    "climate_measures",
    "climate_targets",
    "programmes",
    "programme_investments",
    "programme_lines",
    "programme_service_areas",
    "programme_versions",
    # public input, not figures or texts of the report
    "consultations",
    "consultation_submissions",
    "consultation_attempts",
    "source_queries",  # how figures are fetched, not figures
    "api_tokens",
    "change_log",
    "drafts",
    "login_attempts",
    "object_versions",
    "round_items",
    "rounds",
    "secrets",
    "snapshots",
    "users",
}


def test_every_table_is_in_the_snapshot_or_said_not_to_be():
    """A new table the report reads must be added to `snapshots.OWNED_TABLES`."""
    chosen = {"municipalities", *snapshots.OWNED_TABLES, *snapshots.SHARED_TABLES}
    assert chosen.isdisjoint(NOT_REPORT_DATA)
    assert chosen | NOT_REPORT_DATA == set(Base.metadata.tables)


def test_permissions(asker):
    with session_scope(asker) as session:
        editor, approver = user(session, "ola"), user(session, "godkjenner")
        for who in (editor, approver, None):
            with pytest.raises(Forbidden):
                open_round(session, who, ASKER, kind="annual", year=2023, deadline=DEADLINE)
        opened = open_round(session, ADMIN, ASKER, kind="annual", year=2023, deadline=DEADLINE)
        with pytest.raises(Forbidden, match="Rollen redaktør kan ikke gjøre dette her"):
            sign_off(session, editor, opened.id, incomplete=True)
        with pytest.raises(Forbidden):
            send_reminders(Settings(), session, approver, opened.id)
        # everyone of the municipality sees the board; someone of another does not
        assert board(session, editor, opened.id).total.total == len(opened.items)
        stranger = User("x", Role.ADMIN, OSLO, (), dt.datetime.now(dt.UTC))
        with pytest.raises(Forbidden):
            board(session, stranger, opened.id)
        assert list_rounds(session, stranger) == []
        assert [r.id for r in list_rounds(session, editor)] == [opened.id]


def test_open_round_checks_its_input(asker):
    with session_scope(asker) as session:
        with pytest.raises(ConfigError, match="Ukjent satsingsområde eller indikator i runden: x"):
            open_round(
                session,
                ADMIN,
                ASKER,
                kind="annual",
                year=2023,
                deadline=DEADLINE,
                owners={"x": "ola"},
            )
        with pytest.raises(NotFound, match="Ukjent bruker: 'per'"):
            open_round(
                session,
                ADMIN,
                ASKER,
                kind="annual",
                year=2023,
                deadline=DEADLINE,
                owners={"okonomi": "per"},
            )
        with pytest.raises(ConfigError, match="Ukjent rapporttype"):
            open_round(session, ADMIN, ASKER, kind="monthly", year=2023, deadline=DEADLINE)
        opened = open_round(session, ADMIN, ASKER, kind="four-year", year=2023, deadline=DEADLINE)
        with pytest.raises(
            Conflict, match=f"allerede en runde for fireårsrapporten 2023: runde {opened.id}"
        ):
            open_round(session, ADMIN, ASKER, kind="four-year", year=2023, deadline=DEADLINE)
        with pytest.raises(NotFound, match="Ukjent runde: 99"):
            board(session, ADMIN, 99)
    # the four-year round asks for the texts of the council term, which Asker has
    assert opened.period == "2020-2023"
    texts = [i.subject for i in opened.items if i.subject.startswith("narrative:")]
    assert texts[0] == "narrative:Økonomi (2020-2023)" and len(texts) == 8
    expected = expected_board(asker, ASKER, 2023, "2020-2023")
    with session_scope(asker) as session:
        current = board(session, ADMIN, opened.id)
    assert board_counts(current) == {area: c - Counter() for area, c in expected.items()}


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def test_reminders_by_mail_or_listed(asker, smtp_server):
    handler, port = smtp_server
    with session_scope(asker) as session:
        opened = open_round(
            session,
            ADMIN,
            ASKER,
            kind="annual",
            year=2023,
            deadline=DEADLINE,
            owners={"okonomi": "kari@example.no", "okonomi-netto-lanegjeld": "ola"},
        )
    late = DEADLINE + dt.timedelta(days=1)
    with session_scope(asker) as session:
        listed = send_reminders(Settings(), session, ADMIN, opened.id, today=late)
        assert listed == reminders(session, ADMIN, opened.id, today=late)
    assert [(r.owner, r.address, r.sent) for r in listed] == [
        ("kari@example.no", "kari@example.no", False),
        ("ola", None, False),
    ]
    # kari's: the text and the two 2023 figures not yet there; the filled ones are not owed
    assert [i.subject for i in listed[0].items] == [
        "narrative:Økonomi (2023)",
        "observations:okonomi-vedlikehold-formalsbygg",
    ]
    assert handler.messages == []
    smtp = SmtpSettings(
        host="127.0.0.1", port=port, sender="rapport@asker.kommune.no", starttls=False
    )
    with session_scope(asker) as session:
        sent = send_reminders(Settings(smtp=smtp), session, ADMIN, opened.id, today=late)
    assert [(r.owner, r.sent) for r in sent] == [("kari@example.no", True), ("ola", False)]
    [envelope] = handler.messages
    assert envelope.mail_from == "rapport@asker.kommune.no"
    assert envelope.rcpt_tos == ["kari@example.no"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Påminnelse: årsrapporten 2023 for Asker, frist 1. februar 2024"
    assert message.get_content().splitlines() == [
        "Fristen for årsrapporten 2023 for Asker var 1. februar 2024. Dette mangler fortsatt:",
        "",
        "- Tekst: Økonomi (2023)",
        "- Vedlikehold per m2 i formålsbygg (> 140 kr/m2) (tall)",
    ]
    with session_scope(asker) as session:
        [entry] = change_log.load_log(session, ASKER, entity="round", limit=1)
    assert entry.action == "remind"
    assert entry.new == {
        "sent": [{"owner": "kari@example.no", "items": [i.subject for i in sent[0].items]}]
    }


def test_oslo_round(tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            add_users(session, OSLO)
            opened = open_round(
                session,
                ADMIN,
                OSLO,
                kind="annual",
                year=2022,
                deadline=DEADLINE,
                owners={"andel": "ola"},
            )
        expected = expected_board(engine, OSLO, 2022, "2022")
        with session_scope(engine) as session:
            current = board(session, ADMIN, opened.id, today=DEADLINE)
        assert board_counts(current) == {area: c - Counter() for area, c in expected.items()}
        status = {i.subject: i.status for i in current.items}
        assert status == {
            "narrative:Fokus 1 (2022)": Status.MISSING,
            "observations:andel": Status.MISSING,  # 2022 is "figures to come"
            "narrative:Fokus 2 (2022)": Status.MISSING,
            "observations:antall": Status.FILLED,
        }
        with session_scope(engine) as session:
            sign_off(session, user(session, "godkjenner"), opened.id, incomplete=True)
            html = snapshot_html(session, opened.id, lang="en")
            assert html == live_html(session, OSLO, "annual", 2022, lang="en")
        correct(engine, OSLO, "antall", "0301/2021", 7.5)
        with session_scope(engine) as session:
            assert snapshot_html(session, opened.id, lang="en") == html
            assert live_html(session, OSLO, "annual", 2022, lang="en") != html
    finally:
        engine.dispose()


def test_a_mail_server_that_does_not_answer(asker):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    smtp = SmtpSettings(host="127.0.0.1", port=port, sender="rapport@asker.kommune.no")
    with session_scope(asker) as session:
        opened = open_round(
            session, ADMIN, ASKER, kind="annual", year=2023, deadline=DEADLINE,
            owners={"okonomi": "kari@example.no"},
        )  # fmt: skip
        with pytest.raises(ConfigError, match=f"Kan ikke sende e-post gjennom 127.0.0.1:{port}: "):
            send_reminders(Settings(smtp=smtp), session, ADMIN, opened.id)
        assert change_log.load_log(session, ASKER, entity="round", limit=1)[0].action == "open"
