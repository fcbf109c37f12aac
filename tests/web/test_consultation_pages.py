"""The public consultation pages and their moderation, without a browser: the form in the
period, closed outside it, input escaped, the rate limit, the honeypot, size limits, CSRF,
moderation by an approver only, and a second municipality beside Asker."""

import datetime as dt
import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sdgplan import accounts
from sdgplan import consultation as service
from sdgplan.config import Settings
from sdgplan.domain.consultation import DocumentKind
from sdgplan.domain.users import Role
from sdgplan.store import org_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow
from sdgplan.store.tables_consultation import SubmissionRow
from sdgplan.web.app import create_app
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

TODAY = dt.date.today()
OPEN = "handlingsprogram-2024-2027"
CLOSED = "gammel-horing"
APPROVER = ("ola", "ola-passordet-34")
EDITOR = ("kari", "kari-passord-12")


def open_consultations(url: str, municipality: str, document: tuple[DocumentKind, str | None]):
    engine = make_engine(url)
    with session_scope(engine) as session:
        owner = org_repo.find_organisation(session, municipality)
        for key, opens, closes in (
            (OPEN, TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=3)),
            (CLOSED, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=30)),
        ):
            service.open_consultation(
                session,
                owner,
                key=key,
                title=f"Høring {key}",
                document_kind=document[0],
                document=document[1],
                opens=opens,
                closes=closes,
                description="Si din mening om forslaget.",
                who="test",
            )
    engine.dispose()


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("consultation-pages"))
    open_consultations(url, "3203", (DocumentKind.PROGRAMME, "2024-2027/forslag"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name=APPROVER[0], password=APPROVER[1], role=Role.APPROVER, who="test"
        )
        accounts.add_user(session, name=EDITOR[0], password=EDITOR[1], role=Role.EDITOR, who="test")
    engine.dispose()
    return url


def csrf_of(text: str) -> str:
    return html.unescape(re.search(r'name="csrf" value="([^"]+)"', text).group(1))


def submissions(url: str) -> list[SubmissionRow]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = list(session.scalars(select(SubmissionRow).order_by(SubmissionRow.id)))
        session.expunge_all()
    engine.dispose()
    return found


def crumbs(text: str) -> list[str]:
    """The breadcrumb line's parts, each a link but the last (the page itself)."""
    line = re.search(r'<nav aria-label="Brødsmuler" class="breadcrumbs">(.*?)</nav>', text)
    assert line is not None
    parts = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in line[1].split(" › ")]
    assert line[1].count("<a href=") == len(parts) - 1 and 'aria-current="page"' in line[1]
    return parts


def send(client: TestClient, path: str, **fields: str):
    token = csrf_of(client.get(path).text)
    return client.post(path, data={"csrf": token, **fields}, follow_redirects=False)


def test_the_form_takes_input_in_the_period_and_the_page_escapes_it(asker):
    client = TestClient(create_app(Settings(db=asker)))
    assert 'href="/nb/consultations"' in client.get("/nb/").text
    path = f"/nb/consultations/{OPEN}"
    page = client.get(path)
    assert page.status_code == 200 and "no-store" in page.headers["cache-control"]
    assert 'name="text"' in page.text and 'name="website"' in page.text
    assert 'value="demografi-oppvekst"' in page.text  # a measure of the programme
    assert 'value="okonomi.1"' in page.text  # a goal of the plan
    before = len(submissions(asker))
    answer = send(
        client,
        path,
        name="<b>Per</b>",
        organisation="Velforeningen",
        concerns="demografi-oppvekst",
        text="Flere barnehageplasser <script>alert(1)</script>",
        consent="yes",
    )
    assert answer.status_code == 303
    stored = submissions(asker)[before:]
    assert [(s.name, s.consent, s.status) for s in stored] == [("<b>Per</b>", True, "received")]
    receipt = client.get(answer.headers["location"])
    assert f"nummer {stored[0].number}" in receipt.text
    trail = ["Forside", "Høringer", f"Høring {OPEN}"]
    assert crumbs(receipt.text) == [*trail, "Innspillet er mottatt"]
    assert crumbs(page.text) == trail
    assert crumbs(client.get("/nb/consultations").text) == ["Forside", "Høringer"]
    assert "<script>alert" not in client.get(path).text  # not published yet either way


def test_outside_the_period_the_form_is_closed(asker):
    client = TestClient(create_app(Settings(db=asker)))
    path = f"/nb/consultations/{CLOSED}"
    page = client.get(path)
    assert page.status_code == 200
    assert "Høringen er stengt" in page.text and 'name="text"' not in page.text
    token = csrf_of(client.get(f"/nb/consultations/{OPEN}").text)
    before = len(submissions(asker))
    refused = client.post(path, data={"csrf": token, "text": "Sent", "consent": "yes"})
    assert refused.status_code == 403 and "avsluttet" in refused.text
    assert len(submissions(asker)) == before
    listing = client.get("/nb/consultations").text
    assert "åpen for innspill" in listing and "avsluttet" in listing


def test_problems_are_shown_beside_the_fields_and_nothing_is_stored(asker):
    client = TestClient(create_app(Settings(db=asker)))
    path = f"/en/consultations/{OPEN}"
    before = len(submissions(asker))
    long = send(client, path, text="x" * 10_001, name="n" * 201, concerns="no-such-goal")
    assert long.status_code == 400
    assert "10000" in long.text or "10 000" in long.text
    assert 'aria-invalid="true"' in long.text and "Choose a goal or measure" in long.text
    assert "x" * 10_001 in long.text  # what was typed is kept
    missing_csrf = client.post(path, data={"text": "Hei"})
    assert missing_csrf.status_code == 403
    huge = client.post(
        path,
        content=b"text=" + b"x" * 70_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert huge.status_code == 413
    assert len(submissions(asker)) == before


def test_the_honeypot_stores_nothing_and_the_eleventh_in_a_minute_is_refused(tmp_path):
    url = oslo_database(tmp_path)
    open_consultations(url, "0301", (DocumentKind.OTHER, None))
    client = TestClient(create_app(Settings(db=url)))
    path = f"/nb/consultations/{OPEN}"
    robot = send(client, path, text="Kjøp billig", website="http://spam.example")
    assert robot.status_code == 303 and "number=" not in robot.headers["location"]
    assert submissions(url) == []
    for n in range(9):  # the robot's attempt counted as the first
        assert send(client, path, text=f"Innspill {n}").status_code == 303
    eleventh = send(client, path, text="Ett til")
    assert eleventh.status_code == 429 and "For mange innspill" in eleventh.text
    assert len(submissions(url)) == 9


def test_an_approver_publishes_with_consent_only_and_an_editor_may_not(asker):
    app = create_app(Settings(db=asker))
    public = TestClient(app)
    path = f"/nb/consultations/{OPEN}"
    assert send(public, path, text="Publiser meg", consent="yes").status_code == 303
    assert send(public, path, text="Ikke publiser meg").status_code == 303
    with_consent, without = submissions(asker)[-2:]

    def signed_in(user):
        client = TestClient(app)
        token = csrf_of(client.get("/login").text)
        client.post("/login", data={"csrf": token, "name": user[0], "password": user[1]})
        return client

    editor, approver = signed_in(EDITOR), signed_in(APPROVER)
    board = f"/nb/edit/3203/consultations/{OPEN}"
    assert "Publiser meg" in editor.get(board).text
    token = csrf_of(editor.get(board).text)
    moderate = f"{board}/moderate"
    refused = editor.post(
        moderate,
        data={"csrf": token, "number": str(with_consent.number), "status": "published"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    token = csrf_of(approver.get(board).text)
    no_consent = approver.post(
        moderate,
        data={"csrf": token, "number": str(without.number), "status": "published"},
        follow_redirects=False,
    )
    assert no_consent.status_code == 400 and "ikke samtykket" in no_consent.text
    done = approver.post(
        moderate,
        data={"csrf": token, "number": str(with_consent.number), "status": "published"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = public.get(path).text
    assert "Publiser meg" in page and "Ikke publiser meg" not in page
    engine = make_engine(asker)
    with session_scope(engine) as session:
        logged = session.scalar(
            select(func.count(ChangeLogRow.id)).where(
                ChangeLogRow.entity == "consultation_submission",
                ChangeLogRow.action == "moderate",
                ChangeLogRow.who == APPROVER[0],
            )
        )
    engine.dispose()
    assert logged == 1


def test_two_visitors_each_get_their_own_form_and_both_can_send(asker):
    app = create_app(Settings(db=asker))
    first, second = TestClient(app), TestClient(app)
    path = f"/nb/consultations/{OPEN}"
    tokens = [csrf_of(client.get(path).text) for client in (first, second)]  # same data
    assert tokens[0] != tokens[1]
    for client, token in zip((first, second), tokens, strict=True):
        sent = client.post(path, data={"csrf": token, "text": "Hei"}, follow_redirects=False)
        assert sent.status_code == 303


def test_a_static_copy_of_the_site_has_no_form_to_send(asker, tmp_path):
    from sdgplan.web.static_site import build_site

    out = tmp_path / "site"
    build_site(Settings(db=asker), out, reports=False)
    copy = (out / "nb" / "consultations" / OPEN / "index.html").read_text("utf-8")
    assert "<form" not in copy and 'name="text"' not in copy
    assert "denne kopien av nettstedet kan ikke ta imot innspill" in copy
    live = TestClient(create_app(Settings(db=asker))).get(f"/nb/consultations/{OPEN}").text
    assert '<form method="post"' in live and "denne kopien" not in live
