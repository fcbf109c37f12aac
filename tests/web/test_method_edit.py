"""The method table's editing pages (issue 15, item 1, with issue 12's roles, drafts and change
log): an unscoped editor adds a level-2 row in the form, it is a draft until an approver
publishes it on the pending page, then the public method page shows it; a bad target code is
refused (422) with the problem linked to its input, what was typed kept and nothing stored;
readers may not save, nor anyone without the CSRF token; user text is escaped. On Asker's
example and on a small Oslo with a method table imported."""

import html
import re
import shutil
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.store import edit_repo, method_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow
from sdgplan.web.app import create_app
from tests.editing.test_method_kind import add_oslo_method
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

PASSWORD = "passord-for-test-1"
CYCLE = "2020-2032"
HOSTILE = "<script>alert('x')</script> & \"mål\""


@dataclass(frozen=True)
class Place:
    number: str
    plan_key: str
    level_2_rows: int  # stored
    url: str = ""

    @property
    def form(self) -> str:
        return f"/nb/edit/{self.number}/method/{CYCLE}"


PLACES = {
    "asker": Place("3203", "god-helse.0", 0),
    "oslo": Place("0301", "fokus-1.1", 1),
}


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> dict[str, str]:
    built = {}
    for name, place in PLACES.items():
        folder = tmp_path_factory.mktemp(name)
        url = asker_database(folder) if name == "asker" else oslo_database(folder)
        engine = make_engine(url)
        with session_scope(engine) as session:
            if name == "oslo":
                add_oslo_method(session, folder)
            for user, role in (
                ("writer", Role.EDITOR),
                ("approver", Role.APPROVER),
                ("reader", Role.READER),
            ):
                accounts.add_user(
                    session,
                    name=user,
                    password=PASSWORD,
                    role=role,
                    municipality=place.number,
                    who="test",
                )
        engine.dispose()
        built[name] = url.removeprefix("sqlite:///")
    return built


@pytest.fixture(params=sorted(PLACES))
def place(request, databases, tmp_path) -> Place:
    copied = tmp_path / "db.sqlite"
    shutil.copy(databases[request.param], copied)
    return Place(**{**PLACES[request.param].__dict__, "url": f"sqlite:///{copied}"})


def csrf_of(text: str) -> str:
    return html.unescape(re.search(r'name="csrf" value="([^"]+)"', text).group(1))


def signed_in(place: Place, name: str) -> TestClient:
    client = TestClient(create_app(Settings(db=place.url)))
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": name, "password": PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


def form_fields(text: str) -> dict[str, str]:
    """What a browser sends: inputs' values (checked boxes only) and text areas."""
    fields = {}
    for m in re.finditer(r"<input([^>]*)>", text):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or ('type="checkbox"' in m.group(1) and "checked" not in m.group(1)):
            continue
        fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', text, re.S):
        fields[m.group(1)] = html.unescape(m.group(2))
    return fields


def with_new_row(client: TestClient, place: Place, target: str, text: str) -> dict[str, str]:
    """The form with one more level-2 row, added by its button and filled in."""
    page = client.get(place.form)
    assert page.status_code == 200
    added = client.post(place.form, data={**form_fields(page.text), "add": "2"})
    assert added.status_code == 200
    prefix = f"l2.{place.level_2_rows}"
    assert f'name="{prefix}.target"' in added.text
    assert '<tr id="added">' in added.text
    fields = form_fields(added.text)
    fields.update(
        {
            f"{prefix}.target": target,
            f"{prefix}.opportunities": text,
            f"{prefix}.challenges": "Lite areal",
            f"{prefix}.plan_keys": place.plan_key,
            "reason": "Nivå 2 fra verkstedet",
        }
    )
    return fields


def log_size(place: Place) -> int:
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count(ChangeLogRow.id)))
    engine.dispose()
    return count


def open_draft(place: Place):
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        draft = edit_repo.open_draft(session, place.number, f"method:{CYCLE}")
    engine.dispose()
    return draft


def test_a_row_is_saved_as_a_draft_published_and_shown_to_the_public(place):
    writer = signed_in(place, "writer")
    listing = writer.get(f"/nb/edit/{place.number}/method")
    assert listing.status_code == 200
    assert f'href="/nb/edit/{place.number}/method/{CYCLE}">Metodetabell {CYCLE}</a>' in (
        listing.text
    )
    size = log_size(place)
    fields = with_new_row(writer, place, "11.7", "Parker i alle bydeler")
    assert log_size(place) == size  # adding a row saved nothing
    saved = writer.post(place.form, data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith(f"{place.form}?saved=1")
    page = writer.get(saved.headers["location"]).text
    assert "Lagret som utkast." in page and "Parker i alle bydeler</textarea>" in page
    draft = open_draft(place)
    assert draft.author == "writer" and draft.reason == "Nivå 2 fra verkstedet"
    assert draft.state["level_2"][-1] == {
        "target": "11.7",
        "opportunities": "Parker i alle bydeler",
        "challenges": "Lite areal",
        "plan_keys": [place.plan_key],
    }
    public = TestClient(create_app(Settings(db=place.url)))
    assert "Parker i alle bydeler" not in public.get("/nb/method").text

    approver = signed_in(place, "approver")
    pending = approver.get(f"/nb/edit/{place.number}/pending").text
    assert f"Metodetabell {CYCLE}" in pending
    publish = form_fields(
        re.search(
            rf'<form method="post" action="/nb/edit/{place.number}/act"(?:(?!</form>).)*'
            rf'value="method:{CYCLE}".*?</form>',
            pending,
            re.S,
        ).group(0)
    )
    assert publish["action"] == "publish"
    answer = approver.post(f"/nb/edit/{place.number}/act", data=publish, follow_redirects=False)
    assert answer.status_code == 303
    assert open_draft(place) is None
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        row = method_repo.load_method(session, place.number, CYCLE).level(2)[-1]
        assert (row.target, row.text("opportunities"), row.plan_keys) == (
            "11.7",
            "Parker i alle bydeler",
            (place.plan_key,),
        )
    engine.dispose()
    public = TestClient(create_app(Settings(db=place.url)))
    shown = public.get("/nb/method")
    assert shown.status_code == 200 and "Parker i alle bydeler" in shown.text
    history = writer.get(f"/nb/edit/{place.number}/history?subject=method:{CYCLE}").text
    assert "Nivå 2 fra verkstedet" in history


def test_a_bad_target_is_refused_linked_to_its_input_and_nothing_is_stored(place):
    writer = signed_in(place, "writer")
    fields = with_new_row(writer, place, "11.99", "Parker i alle bydeler")
    size = log_size(place)
    answer = writer.post(place.form, data=fields)
    assert answer.status_code == 422
    number = place.level_2_rows + 1
    problem = re.search(r'<div class="form-problem" role="alert">.*?</div>', answer.text, re.S)
    link = f'<a href="#m-l2-{number - 1}-target">'
    assert link in problem.group(0)
    assert (
        f"Nivå 2, rad {number}, globalt delmål: «11.99» er ikke et delmål i FNs liste"
        in html.unescape(problem.group(0))
    )
    assert re.search(rf'id="m-l2-{number - 1}-target"[^>]*aria-invalid="true"', answer.text)
    assert 'value="11.99"' in answer.text and "Parker i alle bydeler</textarea>" in answer.text
    assert 'value="Nivå 2 fra verkstedet"' in answer.text  # the reason too
    assert log_size(place) == size and open_draft(place) is None


def test_a_missing_significance_names_its_input(place):
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    fields["l1.0.significance"] = "  "
    answer = writer.post(place.form, data=fields)
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "Nivå 1, rad 1, kommunal betydning: må fylles ut" in text
    assert '<a href="#m-l1-0-significance">' in answer.text
    assert open_draft(place) is None


def test_a_removed_row_is_left_out_of_the_draft(place):
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    rows = len([k for k in fields if re.fullmatch(r"l1\.\d+\.goal", k)])
    assert rows >= 1
    removed = fields["l1.0.goal"]
    fields["l1.0.remove"] = "1"
    answer = writer.post(place.form, data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    goals = [row["goal"] for row in open_draft(place).state.get("level_1", [])]
    assert len(goals) == rows - 1 and int(removed) not in goals


def test_readers_may_not_save(place):
    writer = signed_in(place, "writer")
    fields = with_new_row(writer, place, "11.7", "Parker")
    reader = signed_in(place, "reader")
    page = reader.get(place.form)
    assert page.status_code == 200
    assert "Du kan lese, men ikke endre metodetabellen." in page.text
    assert "Lagre som utkast" not in page.text and " readonly" in page.text
    size = log_size(place)
    answer = reader.post(place.form, data={**fields, "csrf": csrf_of(page.text)})
    assert answer.status_code == 403
    assert "Rollen leser kan ikke gjøre dette her" in html.unescape(answer.text)
    assert log_size(place) == size and open_draft(place) is None


def test_a_save_without_the_csrf_token_is_refused(place):
    writer = signed_in(place, "writer")
    fields = with_new_row(writer, place, "11.7", "Parker")
    size = log_size(place)
    answer = writer.post(place.form, data={k: v for k, v in fields.items() if k != "csrf"})
    assert answer.status_code == 403
    answer = writer.post(place.form, data={**fields, "csrf": "feil"})
    assert answer.status_code == 403
    assert log_size(place) == size and open_draft(place) is None


def test_user_text_is_escaped(place):
    writer = signed_in(place, "writer")
    fields = with_new_row(writer, place, "11.7", HOSTILE)
    fields["title"] = HOSTILE
    saved = writer.post(place.form, data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = writer.get(place.form).text
    assert HOSTILE not in page and "<script>alert" not in page
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;mål&#34;"
    assert f"{escaped}</textarea>" in page and f'value="{escaped}"' in page
    fields["l2.0.target"] = HOSTILE  # refused, and shown escaped in the problem and the form
    answer = writer.post(place.form, data=fields)
    assert answer.status_code == 422
    assert HOSTILE not in answer.text and "<script>alert" not in answer.text


def test_an_unknown_cycle_is_404_and_anonymous_users_sign_in(place):
    writer = signed_in(place, "writer")
    assert writer.get(f"/nb/edit/{place.number}/method/2099-2100").status_code == 404
    anonymous = TestClient(create_app(Settings(db=place.url)))
    answer = anonymous.get(place.form, follow_redirects=False)
    assert answer.status_code == 303 and "/nb/login" in answer.headers["location"]


def test_the_form_speaks_english(place):
    writer = signed_in(place, "writer")
    page = writer.get(place.form.replace("/nb/", "/en/"))
    assert page.status_code == 200
    assert f"<h1>Method table {CYCLE}</h1>" in page.text
    assert "Add row<span" in page.text and "Level 1: Global goals" in page.text
