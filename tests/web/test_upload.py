"""Uploading an observations file on the editing pages (issue 12): a preview of what each
indicator would become and nothing saved, then on confirming one draft per indicator with
the merged state; problems by file, line and value with no way to confirm; Excel as well as
CSV; a changed payload refused; a scoped editor told which indicators are not theirs. On
Asker and on a small Oslo."""

import io
import re

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from sqlalchemy import select

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import DraftRow
from sdgplan.web.app import create_app
from sdgplan.web.pages_upload import UPLOAD_ROUTES
from tests.reports.oslo import oslo_database
from tests.web.test_editing import add_users, csrf_of, form_fields, log_size, signed_in
from tests.web.test_pages import asker_database

UPLOAD = "/nb/edit/3203/upload"
CHANGES = (
    "indicator_id,area,period,value\n"
    "okonomi-disposisjonsfond,3203,2021,18.0\n"  # as stored
    "okonomi-disposisjonsfond,3203,2022,13.9\n"  # was 14.8
    "okonomi-disposisjonsfond,3203,2023,12.5\n"  # new
    "okonomi-netto-driftsresultat,3203,2023,1.5\n"  # new
)


def with_routes(app: FastAPI, *route_lists) -> FastAPI:
    """`app` with these page routes first, unless pages_edit.py registers them already."""
    present = {(r.path, m) for r in app.router.routes for m in getattr(r, "methods", None) or ()}
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
    for routes in route_lists:
        for method, path, handler in routes:
            if (path, method) not in present:
                router.add_api_route(path, handler, methods=[method])
    app.router.routes[:0] = router.routes
    return app


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("upload"))
    add_users(url, "3203", "okonomi", "god-helse")
    return url


@pytest.fixture(scope="module")
def app(asker_url):
    return with_routes(create_app(Settings(db=asker_url)), UPLOAD_ROUTES)


def upload(client, path: str, name: str, data: bytes, **extra):
    token = csrf_of(client.get(path).text)
    return client.post(
        path, data={"csrf": token, **extra}, files={"file": (name, data)}, follow_redirects=False
    )


def open_drafts(url: str) -> dict[str, dict]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = session.scalars(select(DraftRow).where(DraftRow.status == "open")).all()
        found = {row.subject: row.state for row in rows}
    engine.dispose()
    return found


def confirm_form(text: str) -> dict[str, str]:
    form = re.search(
        r'<form method="post" class="edit-form" action="[^"]*confirm".*?</form>', text, re.S
    )
    assert form, "no confirm form"
    return form_fields(form.group(0))


def test_the_upload_form_has_a_labelled_file_field(app):
    page = signed_in(app, "editor").get(UPLOAD)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'enctype="multipart/form-data"' in page.text
    assert '<label for="file">' in page.text and 'accept=".csv,.xlsx' in page.text


def test_preview_lists_new_and_changed_values_and_confirm_saves_a_draft_each(app, asker_url):
    editor = signed_in(app, "editor")
    size = log_size(asker_url)
    preview = upload(editor, UPLOAD, "tall.csv", CHANGES.encode())
    assert preview.status_code == 200, preview.text
    text = preview.text
    assert "Nye tall: 1 · endrede: 1 · uendrede: 1" in text  # disposisjonsfond
    assert "Nye tall: 1 · endrede: 0 · uendrede: 0" in text  # netto driftsresultat
    assert re.search(r"Asker 2022</th><td>14,8</td><td>13,9</td>", text)
    assert re.search(r"Asker 2023</th><td>12,5</td>", text)
    assert log_size(asker_url) == size and open_drafts(asker_url) == {}  # nothing saved

    form = confirm_form(text)
    form["reason"] = "Nye tall fra regnskapet"
    saved = editor.post(f"{UPLOAD}/confirm", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/nb/edit/3203/pending"
    drafts = open_drafts(asker_url)
    assert set(drafts) == {
        "observations:okonomi-disposisjonsfond",
        "observations:okonomi-netto-driftsresultat",
    }
    fund = drafts["observations:okonomi-disposisjonsfond"]
    assert fund["3203/2022"]["value"] == 13.9 and fund["3203/2023"]["value"] == 12.5
    assert fund["3203/2019"]["value"] == 15.1  # the rest of the series is kept
    assert drafts["observations:okonomi-netto-driftsresultat"]["3203/2020"]["value"] == 3.9
    pending = editor.get("/nb/edit/3203/pending").text
    assert "13,9" in pending and "Nye tall fra regnskapet" in pending

    size = log_size(asker_url)
    again = editor.post(f"{UPLOAD}/confirm", data=form)  # the drafts hold the file already
    assert again.status_code == 200 and "Filen endrer ingenting" in again.text
    assert "Nye tall: 0 · endrede: 0 · uendrede: 3" in again.text
    assert log_size(asker_url) == size


def test_a_change_after_the_preview_is_a_conflict_and_saves_nothing(app, asker_url):
    admin = signed_in(app, "admin")
    key = "okonomi-forvaltning"
    data = f"indicator_id,area,period,value\n{key},3203,2023,5\n"
    form = confirm_form(upload(admin, UPLOAD, "f.csv", data.encode()).text)
    grid = f"/nb/edit/3203/observations/{key}"
    other = signed_in(app, "admin")
    fields = form_fields(other.get(grid).text)
    fields["v:3203/2024"] = "7"
    assert other.post(grid, data=fields, follow_redirects=False).status_code == 303
    size = log_size(asker_url)
    conflict = admin.post(f"{UPLOAD}/confirm", data=form)
    assert conflict.status_code == 409 and "endret av noen andre" in conflict.text
    assert "Sammenlignet med utkastet av admin" in conflict.text
    assert log_size(asker_url) == size
    saved = admin.post(
        f"{UPLOAD}/confirm", data=confirm_form(conflict.text), follow_redirects=False
    )
    assert saved.status_code == 303
    state = open_drafts(asker_url)[f"observations:{key}"]
    assert state["3203/2023"]["value"] == 5 and state["3203/2024"]["value"] == 7


def test_a_bad_value_is_shown_by_line_with_no_way_to_confirm(app, asker_url):
    editor = signed_in(app, "editor")
    bad = CHANGES + "okonomi-disposisjonsfond,3203,2020,12x\n"
    size = log_size(asker_url)
    preview = upload(editor, UPLOAD, "feil.csv", bad.encode())
    assert preview.status_code == 422
    row = re.search(r"<tr><td>feil.csv</td><td>6</td><td>4</td><td>([^<]*)</td></tr>", preview.text)
    assert row and "12x" in row.group(1)
    assert "confirm" not in preview.text and 'name="payload"' not in preview.text
    assert log_size(asker_url) == size


def test_new_indicators_and_areas_are_refused(app):
    editor = signed_in(app, "editor")
    new = (
        "indicator_id,area,period,value,indicator\n"
        "ny-indikator,3203,2022,1,Ny indikator\n"
        "okonomi-disposisjonsfond,0301,2022,1,\n"
    )
    preview = upload(editor, UPLOAD, "ny.csv", new.encode())
    assert preview.status_code == 422
    assert "en opplasting lager ikke nye indikatorer" in preview.text
    assert 'name="payload"' not in preview.text


def test_an_excel_file_works_too(app, asker_url):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(["indicator_id", "area", "period", "value"])
    sheet.append(["medarbeidere-sykefravaer", "3203", "2022", 9.9])
    data = io.BytesIO()
    book.save(data)
    admin = signed_in(app, "admin")
    preview = upload(admin, UPLOAD, "tall.xlsx", data.getvalue())
    assert preview.status_code == 200, preview.text
    assert re.search(r"Asker 2022</th><td>9,3</td><td>9,9</td>", preview.text)
    saved = admin.post(f"{UPLOAD}/confirm", data=confirm_form(preview.text), follow_redirects=False)
    assert saved.status_code == 303
    state = open_drafts(asker_url)["observations:medarbeidere-sykefravaer"]
    assert state["3203/2022"]["value"] == 9.9 and state["3203/2021"]["value"] == 8.4


def test_a_changed_payload_is_refused(app, asker_url):
    editor = signed_in(app, "editor")
    data = "indicator_id,area,period,value\nokonomi-netto-lanegjeld,3203,2023,70\n"
    form = confirm_form(upload(editor, UPLOAD, "lan.csv", data.encode()).text)
    size = log_size(asker_url)
    other = upload(editor, UPLOAD, "lan.csv", data.replace("70", "71").encode())
    tampered = {**form, "payload": confirm_form(other.text)["payload"]}
    assert editor.post(f"{UPLOAD}/confirm", data=tampered).status_code == 403
    assert editor.post(f"{UPLOAD}/confirm", data={**form, "payload": "x"}).status_code == 403
    approver = signed_in(app, "approver")  # another session, another user
    token = csrf_of(approver.get("/nb/edit/").text)
    borrowed = approver.post(f"{UPLOAD}/confirm", data={**form, "csrf": token})
    assert borrowed.status_code == 403
    assert log_size(asker_url) == size
    assert editor.post(f"{UPLOAD}/confirm", data=form, follow_redirects=False).status_code == 303


def test_a_scoped_editor_is_told_which_indicators_are_not_theirs(app, asker_url):
    editor = signed_in(app, "editor")  # okonomi only
    data = (
        "indicator_id,area,period,value\n"
        "okonomi-vedlikehold-formalsbygg,3203,2023,1\n"
        "medarbeidere-heltidsansatte,3203,2023,50\n"
    )
    preview = upload(editor, UPLOAD, "blandet.csv", data.encode())
    assert preview.status_code == 403
    refused = re.search(r"Du kan ikke endre alle disse indikatorene.*?</div>", preview.text, re.S)
    assert refused and "heltid" in refused.group(0).lower()
    assert "vedlikehold" not in refused.group(0).lower()
    assert 'name="payload"' not in preview.text
    # a payload made for someone who may: refused for the scoped editor all the same
    admin = signed_in(app, "admin")
    form = confirm_form(upload(admin, UPLOAD, "blandet.csv", data.encode()).text)
    token = csrf_of(editor.get(UPLOAD).text)
    assert editor.post(f"{UPLOAD}/confirm", data={**form, "csrf": token}).status_code == 403
    assert "observations:okonomi-vedlikehold-formalsbygg" not in open_drafts(asker_url)


@pytest.mark.parametrize("role", ["reader", "approver"])
def test_readers_and_approvers_may_not_upload(app, role):
    client = signed_in(app, role)
    assert client.get(UPLOAD).status_code == 403
    token = csrf_of(client.get("/nb/edit/").text)
    answer = client.post(UPLOAD, data={"csrf": token}, files={"file": ("t.csv", CHANGES.encode())})
    assert answer.status_code == 403


def test_a_wrong_kind_of_file_and_a_too_large_one_are_explained(app):
    editor = signed_in(app, "editor")
    wrong = upload(editor, UPLOAD, "tall.pdf", b"%PDF-1.4")
    assert wrong.status_code == 422 and "Filen må være CSV (.csv) eller Excel (.xlsx)" in wrong.text
    big = upload(editor, UPLOAD, "stor.csv", b"x" * (5 * 1024 * 1024 + 1))
    assert big.status_code == 413 and "Filen er for stor: høyst 5 MB" in big.text


def test_uploading_to_a_small_municipality(tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name="oslo-ed", password="oslo-passord-1", role=Role.EDITOR, who="t"
        )
    engine.dispose()
    app = with_routes(create_app(Settings(db=url)), UPLOAD_ROUTES)
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"csrf": token, "name": "oslo-ed", "password": "oslo-passord-1"})
    data = "indicator_id;area;period;value\nandel;0301;2021;12,5\nandel;bydel-1;2022;10\n"
    preview = upload(client, "/nb/edit/0301/upload", "oslo.csv", data.encode())
    assert preview.status_code == 200, preview.text
    assert "Nye tall: 1 · endrede: 1 · uendrede: 0" in preview.text
    form = confirm_form(preview.text)
    saved = client.post("/nb/edit/0301/upload/confirm", data=form, follow_redirects=False)
    assert saved.status_code == 303
    state = open_drafts(url)["observations:andel"]
    assert state["0301/2021"]["value"] == 12.5 and state["bydel-1/2022"]["value"] == 10
    assert state["0301/2021"].get("note") is None and state["0301/2020"]["note"] == "Obsmerknad"


def test_the_excel_template_keeps_notes_and_printed_texts(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name="oslo-ed", password="oslo-passord-1", role=Role.EDITOR, who="t"
        )
    engine.dispose()
    app = with_routes(create_app(Settings(db=url)), UPLOAD_ROUTES)
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"csrf": token, "name": "oslo-ed", "password": "oslo-passord-1"})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Fokus 1"
    sheet.append(["indicator_id", "indicator", "unit", "2020", "2021"])
    sheet.append(["andel", "Andel", "enhet", 9.5, 11.0])
    sheet["E2"].number_format = "0.0"  # 11,0 as stored
    data = io.BytesIO()
    book.save(data)
    preview = upload(client, "/nb/edit/0301/upload", "mal.xlsx", data.getvalue())
    assert preview.status_code == 200, preview.text
    assert "Nye tall: 0 · endrede: 1 · uendrede: 1" in preview.text
    form = confirm_form(preview.text)
    assert client.post("/nb/edit/0301/upload/confirm", data=form).status_code == 200
    state = open_drafts(url)["observations:andel"]
    assert state["0301/2020"] == {
        "value": 9.5,
        "status": "measured",
        "decimals": 1,
        "note": "Obsmerknad",
    }
    assert state["0301/2021"]["display"] == "Visning"
