"""The reporting-round pages (issue 12, item 7) through the app, on Asker and on a small Oslo:
an admin opens a round through the form, the board shows the counts `board()` gives, an
owner's to-do list, reminders listed without a mail server and sent with one (a local SMTP
server), an approver's sign-off with its snapshot report, and who may not."""

import datetime as dt
import email
import email.policy
import html
import re
import shutil

import pytest
from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from sdgplan import accounts
from sdgplan.config import Settings, SmtpSettings
from sdgplan.domain.users import Role
from sdgplan.editing.board import board, todo
from sdgplan.editing.reminders import reminders
from sdgplan.editing.rounds import get_round, list_rounds, open_round
from sdgplan.editing.snapshot_report import snapshot_html
from sdgplan.editing.subjects import Subject
from sdgplan.loading import load_observations
from sdgplan.reports.settings import ReportSettings
from sdgplan.store import change_log
from sdgplan.store.db import make_engine, session_scope
from sdgplan.web.app import create_app
from sdgplan.web.edit_common import edit_url
from sdgplan.web.pages_rounds import ROUND_ROUTES
from sdgplan.web.report_files import REPORT_POLICY
from tests.editing.test_rounds import (
    ADMIN,
    ASKER_2023,
    PASSWORD,
    add_users,
    smtp_server,  # noqa: F401 - the fixture
    user,
)
from tests.reports.oslo import oslo_database
from tests.web.test_editing import csrf_of, form_fields
from tests.web.test_pages import asker_database

ASKER, OSLO = "3203", "0301"
DEADLINE = "2024-02-01"
STATUS_WORDS = {
    "filled": "utfylt",
    "pending": "venter på godkjenning",
    "missing": "mangler",
    "late": "forsinket",
}


def app_for(url: str, **settings) -> TestClient:
    """The app, with the round pages in front of the pages' catch-all if not yet there."""
    app = create_app(Settings(db=url, **settings))
    if not any(getattr(r, "path", "") == ROUND_ROUTES[0][1] for r in app.routes):
        router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
        for method, path, handler in ROUND_ROUTES:
            router.add_api_route(path, handler, methods=[method])
        app.router.routes[:0] = router.routes
    return app


def signed_in(app, name: str) -> tuple[TestClient, str]:
    """A client signed in as `name`, and its CSRF token."""
    client = TestClient(app)
    answer = client.post(
        "/login",
        data={"csrf": csrf_of(client.get("/login").text), "name": name, "password": PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client, csrf_of(client.get("/login").text)  # a new token once signed in


@pytest.fixture(scope="module")
def asker_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("asker-round-pages")
    url = asker_database(folder)
    engine = make_engine(url)
    figures = folder / "asker-2023.csv"
    figures.write_text(ASKER_2023, encoding="utf-8")
    with session_scope(engine) as session:
        load_observations(session, figures, who="tester")
        add_users(session, ASKER)
        accounts.add_user(
            session, name="sjef", password=PASSWORD, role=Role.ADMIN, municipality=ASKER, who="t"
        )
    engine.dispose()
    return folder / "asker.db"


@pytest.fixture
def asker(asker_file, tmp_path):
    """A fresh copy of Asker with its 2023 figures and the round's users: its URL."""
    shutil.copy(asker_file, tmp_path / "asker.db")
    return f"sqlite:///{tmp_path / 'asker.db'}"


def open_through_form(client, token, code, *, year, owners) -> int:
    page = client.get(f"/nb/edit/{code}/rounds")
    assert page.status_code == 200 and "Åpne en runde" in page.text
    form = re.search(r'<form method="post" action="/nb/edit/\d+/rounds".*?</form>', page.text, re.S)
    fields = form_fields(form.group(0))
    assert fields["kind"] == "annual" and fields["csrf"] == token
    fields.update(year=str(year), deadline=DEADLINE, **owners)
    answer = client.post(f"/nb/edit/{code}/rounds", data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(rf"/nb/edit/{code}/rounds/(\d+)", answer.headers["location"])
    return int(found.group(1))


def table(text: str, table_id: str) -> dict[str, list[int]]:
    """Row heading -> the numbers of a table of the page, its total row included."""
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', text, re.S).group(1)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', found, re.S)
    return {
        html.unescape(name): [int(n) for n in re.findall(r'<td class="number">(\d+)</td>', cells)]
        for name, cells in rows
    }


def numbers(counts) -> list[int]:
    return [counts.filled, counts.pending, counts.missing, counts.late, counts.total]


def test_an_admin_opens_a_round_and_the_board_shows_its_counts(asker):
    app = app_for(asker)
    client, token = signed_in(app, "sjef")
    round_id = open_through_form(
        client,
        token,
        ASKER,
        year=2023,
        owners={
            "owner-area:okonomi": "kari@example.no",
            "owner-indicator:okonomi-netto-lanegjeld": "ola",
        },
    )
    page = client.get(f"/nb/edit/{ASKER}/rounds/{round_id}").text
    engine = make_engine(asker)
    with session_scope(engine) as session:
        opened = get_round(session, ADMIN, round_id)
        current = board(session, ADMIN, round_id)
    assert (opened.kind, opened.year, opened.deadline) == ("annual", 2023, dt.date(2024, 2, 1))
    owners = {i.subject: i.owner for i in opened.items}
    assert owners["narrative:Økonomi (2023)"] == "kari@example.no"
    assert owners["observations:okonomi-netto-lanegjeld"] == "ola"
    # the page's numbers are the board's
    names = current.focus_area_names
    assert table(page, "by-focus-area") == {
        **{names[key]: numbers(c) for key, c in current.by_focus_area.items()},
        "I alt": numbers(current.total),
    }
    assert table(page, "by-owner") == {
        **{(key or "(ingen eier)"): numbers(c) for key, c in current.by_owner.items()},
        "I alt": numbers(current.total),
    }
    totals = re.search(r'<dl class="facts" id="totals">(.*?)</dl>', page, re.S).group(1)
    assert [int(n) for n in re.findall(r"<dd>(\d+)</dd>", totals)] == numbers(current.total)
    assert current.total.filled == 3 and current.total.total == len(opened.items)
    # every item, its status in words and a link to the form that edits it
    items = re.search(r'<table id="items">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r'<a href="([^"]+)">[^<]*</a></th>.*?<td>([^<]*)</td></tr>', items)
    assert rows == [
        (
            html.escape(edit_url("nb", ASKER, Subject.parse(i.subject))),
            STATUS_WORDS[i.status.value],
        )
        for i in current.items
    ]
    assert client.get(html.unescape(rows[0][0])).status_code == 200
    # the list of rounds counts it too
    listed = client.get(f"/nb/edit/{ASKER}/rounds").text
    assert f'href="/nb/edit/{ASKER}/rounds/{round_id}"' in listed
    row = re.search(rf'rounds/{round_id}">(.*?)</tr>', listed, re.S).group(1)
    assert "Runde" in row and "årsrapporten 2023" in row and "1. februar 2024" in row
    counted = [int(n) for n in re.findall(r'<td class="number">(\d+)</td>', row)]
    assert counted == numbers(current.total)
    engine.dispose()


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(asker):
    app = app_for(asker)
    client, token = signed_in(app, "sjef")
    fields = {"csrf": token, "kind": "annual", "year": "2O23", "deadline": "1.2.2024"}
    fields["owner-area:okonomi"] = "ola"
    answer = client.post(f"/nb/edit/{ASKER}/rounds", data=fields)
    assert answer.status_code == 422
    assert "Skriv året med fire sifre" in answer.text
    assert "«1.2.2024» er ikke en dato: skriv ÅÅÅÅ-MM-DD" in answer.text
    kept = form_fields(answer.text)
    assert (kept["year"], kept["deadline"], kept["owner-area:okonomi"]) == (
        "2O23",
        "1.2.2024",
        "ola",
    )
    engine = make_engine(asker)
    with session_scope(engine) as session:
        assert list_rounds(session, ADMIN, ASKER) == []
    engine.dispose()
    fields.update(year="2023", deadline=DEADLINE)
    assert client.post(f"/nb/edit/{ASKER}/rounds", data=fields).status_code == 200
    again = client.post(f"/nb/edit/{ASKER}/rounds", data=fields)
    assert again.status_code == 409
    assert "Det finnes allerede en runde for årsrapporten 2023" in again.text


def open_asker_round(url, owners=None) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        opened = open_round(
            session,
            ADMIN,
            ASKER,
            kind="annual",
            year=2023,
            deadline=dt.date(2024, 2, 1),
            owners=owners or {"okonomi": "kari@example.no", "okonomi-netto-lanegjeld": "ola"},
        )
    engine.dispose()
    return opened.id


def test_an_editor_sees_its_to_do_list(asker):
    round_id = open_asker_round(asker)
    client, _token = signed_in(app_for(asker), "kari@example.no")
    page = client.get(f"/nb/edit/{ASKER}/rounds/{round_id}").text
    engine = make_engine(asker)
    with session_scope(engine) as session:
        mine = todo(session, user(session, "kari@example.no"), round_id)
    engine.dispose()
    listed = re.search(r'<ul class="edit-list" id="mine">(.*?)</ul>', page, re.S).group(1)
    found = re.findall(r'<a href="([^"]+)">([^<]*)</a>: ([^<]*)</li>', listed)
    assert [(html.unescape(h), html.unescape(t), s) for h, t, s in found] == [
        (edit_url("nb", ASKER, Subject.parse(i.subject)), i.title, STATUS_WORDS[i.status.value])
        for i in mine
    ]
    assert len(mine) == 4 and page.index("Mine oppgaver") < page.index("Per satsingsområde")
    # an editor neither reminds nor signs off: no buttons
    assert "Send påminnelser" not in page and "Godkjenn runden" not in page
    other, _token = signed_in(app_for(asker), "godkjenner")
    assert (
        "Du eier ingen punkter i denne runden."
        in other.get(f"/nb/edit/{ASKER}/rounds/{round_id}").text
    )


def test_reminders_without_a_mail_server_are_listed(asker):
    round_id = open_asker_round(asker)
    client, token = signed_in(app_for(asker), "sjef")
    page = client.get(f"/nb/edit/{ASKER}/rounds/{round_id}").text
    engine = make_engine(asker)
    with session_scope(engine) as session:
        expected = reminders(session, ADMIN, round_id)
    listed = re.search(r'<ul id="reminders">(.*?)\n</ul>', page, re.S).group(1)
    assert re.findall(r"<strong>([^<]+)</strong>", listed) == [r.owner for r in expected]
    titles = [html.unescape(t) for t in re.findall(r"<li>([^<]+) \(", listed)]
    assert titles == [item.title for r in expected for item in r.items]
    assert "ola</strong> (ingen e-postadresse)" in listed
    assert "Ingen e-posttjener er satt opp" in page
    size = round_log_size(engine)
    answer = client.post(f"/nb/edit/{ASKER}/rounds/{round_id}/remind", data={"csrf": token})
    assert answer.status_code == 200
    assert "Ikke sendt til kari@example.no: ingen e-posttjener er satt opp" in answer.text
    assert '<ul id="reminders">' in answer.text  # the list to pass on
    assert round_log_size(engine) == size  # nothing sent, nothing logged
    engine.dispose()


def round_log_size(engine) -> int:
    with session_scope(engine) as session:
        return len(change_log.load_log(session, ASKER, entity="round", limit=None))


def test_reminders_are_sent_through_the_mail_server(asker, smtp_server):  # noqa: F811
    handler, port = smtp_server
    round_id = open_asker_round(asker)
    smtp = SmtpSettings(
        host="127.0.0.1", port=port, sender="rapport@asker.kommune.no", starttls=False
    )
    client, token = signed_in(app_for(asker, smtp=smtp), "sjef")
    page = client.get(f"/nb/edit/{ASKER}/rounds/{round_id}").text
    assert "Ingen e-posttjener er satt opp" not in page and handler.messages == []
    answer = client.post(f"/nb/edit/{ASKER}/rounds/{round_id}/remind", data={"csrf": token})
    assert answer.status_code == 200
    sent = re.search(r'<div role="status" id="sent">(.*?)</div>', answer.text, re.S).group(1)
    assert "Sendt til kari@example.no" in sent
    assert "Ikke sendt til ola: brukernavnet er ikke en e-postadresse" in sent
    [envelope] = handler.messages
    assert envelope.rcpt_tos == ["kari@example.no"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"].startswith("Påminnelse: årsrapporten 2023 for Asker")
    engine = make_engine(asker)
    with session_scope(engine) as session:
        [entry] = change_log.load_log(session, ASKER, entity="round", limit=1)
    engine.dispose()
    assert (entry.action, entry.who) == ("remind", "sjef")


def test_an_approver_signs_off_and_the_report_comes_from_the_snapshot(asker):
    round_id = open_asker_round(asker)
    app = app_for(asker)
    client, token = signed_in(app, "godkjenner")
    base = f"/nb/edit/{ASKER}/rounds/{round_id}"
    page = client.get(base).text
    assert "Godkjenn runden" in page and "Send påminnelser" not in page
    refused = client.post(f"{base}/sign-off", data={"csrf": token})
    engine = make_engine(asker)
    with session_scope(engine) as session:
        total = len(get_round(session, ADMIN, round_id).items)
    assert refused.status_code == 409
    assert f"{total - 3} av {total} punkter i runden er ikke fylt ut" in refused.text
    answer = client.post(
        f"{base}/sign-off", data={"csrf": token, "incomplete": "1"}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"{base}?signed=1"
    page = client.get(answer.headers["location"]).text
    assert "Runden er godkjent: øyeblikksbilde versjon 1." in page
    assert f'href="{base}/report?version=1"' in page
    with session_scope(engine) as session:
        signed = get_round(session, ADMIN, round_id)
        expected = snapshot_html(
            session, round_id, version=1, lang="nb", settings=ReportSettings(), interactive=False
        )
    assert (signed.status, signed.signed_off_by, signed.versions) == (
        "signed_off",
        "godkjenner",
        (1,),
    )
    report = client.get(f"{base}/report?version=1")
    assert report.status_code == 200
    assert report.headers["content-type"] == "text/html; charset=utf-8"
    assert report.headers["content-security-policy"] == REPORT_POLICY
    assert report.text == expected and "16,2" in report.text and "<script" not in report.text
    assert client.get(f"{base}/report").text == expected  # the newest version
    assert client.get(f"{base}/report?version=2").status_code == 404
    engine.dispose()


def test_an_editor_may_not_open_remind_or_sign_off_and_csrf_is_needed(asker):
    round_id = open_asker_round(asker)
    app = app_for(asker)
    base = f"/nb/edit/{ASKER}/rounds"
    opening = {"kind": "four-year", "year": "2023", "deadline": DEADLINE}
    writes = [
        (base, opening),
        (f"{base}/{round_id}/remind", {}),
        (f"{base}/{round_id}/sign-off", {"incomplete": "1"}),
    ]
    engine = make_engine(asker)

    def log_size():
        with session_scope(engine) as session:
            return len(change_log.load_log(session, ASKER, limit=None))

    editor, token = signed_in(app, "ola")
    page = editor.get(base).text
    assert "Åpne en runde" not in page and f"{base}/{round_id}" in page
    size = log_size()
    for path, data in writes:
        assert editor.post(path, data={**data, "csrf": token}).status_code == 403, path
    assert log_size() == size
    admin, token = signed_in(app, "sjef")
    for path, data in writes:
        assert admin.post(path, data=data).status_code == 403, path  # no CSRF token
    assert log_size() == size
    with session_scope(engine) as session:
        assert [r.id for r in list_rounds(session, ADMIN, ASKER)] == [round_id]
        assert get_round(session, ADMIN, round_id).versions == ()
    engine.dispose()
    # signed out: to the sign-in page
    answer = TestClient(app).get(f"{base}/{round_id}", follow_redirects=False)
    assert answer.status_code == 303 and "/login?next=" in answer.headers["location"]


def test_a_round_of_another_municipality_is_not_found_here(asker):
    round_id = open_asker_round(asker)
    client, _token = signed_in(app_for(asker), "sjef")
    assert client.get(f"/nb/edit/{ASKER}/rounds/{round_id}").status_code == 200
    assert client.get(f"/nb/edit/{ASKER}/rounds/{round_id + 1}").status_code == 404
    assert client.get(f"/nb/edit/{ASKER}/rounds/{round_id}/report").status_code == 404  # not yet


def test_oslo_round_through_the_pages(tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        add_users(session, OSLO)
        accounts.add_user(
            session, name="sjef", password=PASSWORD, role=Role.ADMIN, municipality=OSLO, who="t"
        )
    app = app_for(url)
    client, token = signed_in(app, "sjef")
    round_id = open_through_form(
        client, token, OSLO, year=2022, owners={"owner-indicator:andel": "ola"}
    )
    page = client.get(f"/nb/edit/{OSLO}/rounds/{round_id}").text
    with session_scope(engine) as session:
        current = board(session, ADMIN, round_id)
    assert [(i.subject, i.owner) for i in current.items] == [
        ("narrative:Fokus 1 (2022)", None),
        ("observations:andel", "ola"),
        ("narrative:Fokus 2 (2022)", None),
        ("observations:antall", None),
    ]
    names = current.focus_area_names
    assert table(page, "by-focus-area") == {
        **{names[key]: numbers(c) for key, c in current.by_focus_area.items()},
        "I alt": numbers(current.total),
    }
    assert table(page, "by-owner") == {
        "ola": numbers(current.by_owner["ola"]),
        "(ingen eier)": numbers(current.by_owner[None]),
        "I alt": [1, 0, 0, 3, 4],  # the deadline has passed
    }
    approver, token = signed_in(app, "godkjenner")
    answer = approver.post(
        f"/en/edit/{OSLO}/rounds/{round_id}/sign-off",
        data={"csrf": token, "incomplete": "1"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    report = approver.get(f"/en/edit/{OSLO}/rounds/{round_id}/report?version=1")
    assert report.status_code == 200 and '<html lang="en"' in report.text
    with session_scope(engine) as session:
        assert report.text == snapshot_html(
            session, round_id, lang="en", settings=ReportSettings(), interactive=False
        )
    engine.dispose()
