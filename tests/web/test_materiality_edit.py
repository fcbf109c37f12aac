"""Materiality's editing pages (issue 15, item 2, with issue 12's roles, drafts and change log):
an unscoped editor changes the scores in the form, it is a draft until an approver publishes
it, then the public /nb/materiality page shows the changed prioritised list; a score outside
the scale is refused (422) naming its row and value, with what was typed kept and nothing
stored; more rows come without script; readers, scoped editors and approvers may not save;
no save without the CSRF token; typed text is escaped. On Asker's example and on a small Oslo
with a scoring of its own."""

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
from sdgplan.store import edit_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow
from sdgplan.web.app import create_app
from tests.editing.test_materiality_kind import import_oslo_scoring
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database
from tests.web.test_programme_edit import csrf_of, form_fields

PASSWORD = "passord-for-test-1"
HOSTILE = '<script>alert("x")</script>'


@dataclass(frozen=True)
class Place:
    number: str
    cycle: str
    scope: str  # a focus area, for a scoped editor
    scored: tuple[str, str]  # a code and one of its scorers
    low: str  # a code scored low, not prioritised
    url: str = ""

    @property
    def form(self) -> str:
        return f"/nb/edit/{self.number}/materiality/{self.cycle}"


PLACES = {
    "asker": Place("3203", "2020-2032", "okonomi", ("11.7", "Verksted"), "14.2"),
    "oslo": Place("0301", "2024", "fokus-1", ("11.6", "Bydel"), "3.4"),
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
                import_oslo_scoring(session, folder)
            for user, role, scope in (
                ("writer", Role.EDITOR, []),
                ("scoped", Role.EDITOR, [place.scope]),
                ("approver", Role.APPROVER, []),
                ("reader", Role.READER, []),
            ):
                accounts.add_user(
                    session,
                    name=user,
                    password=PASSWORD,
                    role=role,
                    municipality=place.number,
                    scope=scope,
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


def log_size(place: Place) -> int:
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count(ChangeLogRow.id)))
    engine.dispose()
    return count


def open_draft(place: Place):
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        draft = edit_repo.open_draft(session, place.number, f"materiality:{place.cycle}")
    engine.dispose()
    return draft


def rows_of(fields: dict[str, str]) -> dict[int, dict[str, str]]:
    """The form's score rows by their number."""
    rows: dict[int, dict[str, str]] = {}
    for name, value in fields.items():
        found = re.fullmatch(r"s\.(\d+)\.(\w+)", name)
        if found:
            rows.setdefault(int(found.group(1)), {})[found.group(2)] = value
    return rows


def row_of(fields: dict[str, str], code: str, scorer: str) -> int:
    return next(
        n for n, row in rows_of(fields).items() if (row["code"], row["scorer"]) == (code, scorer)
    )


def public_prioritised(place: Place) -> list[str]:
    text = TestClient(create_app(Settings(db=place.url))).get(
        f"/nb/materiality?cycle={place.cycle}"
    )
    assert text.status_code == 200
    table = re.search(r'<h2 id="prioritised">.*?</table>', text.text, re.S).group(0)
    return re.findall(r'<span class="code">([^<]+)</span>', table)


def test_an_editor_saves_a_draft_an_approver_publishes_and_the_public_list_changes(place):
    assert place.low not in public_prioritised(place)
    writer = signed_in(place, "writer")
    listing = writer.get(f"/nb/edit/{place.number}/materiality")
    assert listing.status_code == 200
    assert f'href="/nb/edit/{place.number}/materiality/{place.cycle}"' in listing.text
    fields = form_fields(writer.get(place.form).text)
    for number, row in rows_of(fields).items():
        if row["code"] == place.low:
            fields[f"s.{number}.importance"] = fields[f"s.{number}.influence"] = "5"
    fields["reason"] = "Nytt verksted"
    saved = writer.post(place.form, data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith(f"{place.form}?saved=1")
    assert "Lagret som utkast." in writer.get(saved.headers["location"]).text
    draft = open_draft(place)
    assert draft.author == "writer" and draft.reason == "Nytt verksted"
    assert place.low not in public_prioritised(place)  # the public sees the published scoring
    assert "utkast" in writer.get(f"/nb/edit/{place.number}/materiality").text

    approver = signed_in(place, "approver")
    pending = approver.get(f"/nb/edit/{place.number}/pending").text
    assert f"Vesentlighetsvurdering {place.cycle}" in pending
    # the approver sees each changed score: `scores[14.2, Verksted].importance`, 2 -> 5
    changed = re.findall(
        rf'<th scope="row">scores\[{re.escape(place.low)}, [^\]]+\]\.importance</th>'
        r"<td>[\d.]+</td><td>5</td>",
        pending,
    )
    assert len(changed) >= 2
    publish = form_fields(
        re.search(
            rf'<form method="post" action="/nb/edit/{place.number}/act"(?:(?!</form>).)*'
            rf'value="materiality:{place.cycle}".*?</form>',
            pending,
            re.S,
        ).group(0)
    )
    assert publish["action"] == "publish"
    answer = approver.post(f"/nb/edit/{place.number}/act", data=publish, follow_redirects=False)
    assert answer.status_code == 303
    assert open_draft(place) is None
    assert place.low in public_prioritised(place)
    history = writer.get(
        f"/nb/edit/{place.number}/history", params={"subject": f"materiality:{place.cycle}"}
    )
    assert history.status_code == 200 and "Nytt verksted" in history.text


def test_a_score_outside_the_scale_is_refused_naming_its_row_and_value(place):
    code, scorer = place.scored
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    number = row_of(fields, code, scorer)
    fields[f"s.{number}.importance"] = "7"
    size = log_size(place)
    answer = writer.post(place.form, data=fields)
    assert answer.status_code == 422
    problem = f"Rad {number + 1}: Viktighet 7 for {code} ({scorer}) er utenfor skalaen 1-5"
    alert = re.search(r'<div class="form-problem" role="alert">.*?</div>', answer.text, re.S)
    assert f'<a href="#m-s-{number}-importance">{problem}</a>' in html.unescape(alert.group(0))
    assert re.search(
        rf'id="m-s-{number}-importance" name="s\.{number}\.importance" value="7"[^>]*'
        r'aria-invalid="true"',
        answer.text,
    )
    assert form_fields(answer.text)[f"s.{number}.scorer"] == scorer  # what was typed is kept
    english = writer.post(place.form.replace("/nb/", "/en/"), data=fields)
    assert english.status_code == 422
    assert (
        f'<a href="#m-s-{number}-importance">Row {number + 1}: Importance 7 for {code} '
        f"({scorer}) is outside the scale 1-5</a>"
    ) in html.unescape(english.text)
    assert log_size(place) == size and open_draft(place) is None


def test_method_problems_are_named_by_their_field(place):
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    answer = writer.post(place.form, data={**fields, "scale.max": "4", "threshold": "4,5"})
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert (
        '<a href="#m-threshold">Terskel for prioritert: Terskelen 4,5 er utenfor skalaen 1-4</a>'
        in text
    )
    assert re.search(r'id="m-threshold"[^>]*value="4,5"[^>]*aria-invalid="true"', answer.text)
    answer = writer.post(place.form, data={**fields, "scale.min": "mye"})
    assert "Skala, laveste verdi: «mye» er ikke et tall" in html.unescape(answer.text)
    assert open_draft(place) is None


def test_more_rows_are_added_without_saving_and_a_removed_row_leaves_the_draft(place):
    code, scorer = place.scored
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    rows = len(rows_of(fields))
    size = log_size(place)
    more = writer.post(place.form, data={**fields, "reason": "Mer", "add": "rows"})
    assert more.status_code == 200 and "Flere tomme rader er lagt til." in more.text
    added = form_fields(more.text)
    assert len(rows_of(added)) == rows + 5 and added["reason"] == "Mer"
    assert log_size(place) == size
    new = max(rows_of(added))
    added.update({f"s.{new}.code": "16.7", f"s.{new}.scorer": "Ungdomsrådet"})
    added.update({f"s.{new}.importance": "4,5", f"s.{new}.influence": "2"})
    added[f"s.{row_of(fields, code, scorer)}.remove"] = "1"
    assert writer.post(place.form, data=added, follow_redirects=False).status_code == 303
    scores = open_draft(place).state["scores"]
    assert (code, scorer) not in [(s["code"], s["scorer"]) for s in scores]
    assert {
        "key": "16.7, Ungdomsrådet",
        "code": "16.7",
        "scorer": "Ungdomsrådet",
        "importance": 4.5,
        "influence": 2,
    } in scores
    assert len(scores) == rows - 3 - 1 + 1  # the spare rows left out


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("reader", "Rollen leser kan ikke gjøre dette her"),
        ("scoped", "scoped kan bare endre innenfor satsingsområdene"),
        ("approver", "Rollen godkjenner kan ikke gjøre dette her"),
    ],
)
def test_readers_scoped_editors_and_approvers_may_not_save(place, who, refusal):
    fields = form_fields(signed_in(place, "writer").get(place.form).text)
    client = signed_in(place, who)
    page = client.get(place.form)
    assert page.status_code == 200 and "Du kan lese, men ikke endre" in page.text
    assert "Flere rader" not in page.text
    size = log_size(place)
    answer = client.post(place.form, data={**fields, "csrf": csrf_of(page.text)})
    assert answer.status_code == 403
    assert refusal in html.unescape(answer.text)
    assert log_size(place) == size and open_draft(place) is None


def test_a_save_without_the_csrf_token_is_refused(place):
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    size = log_size(place)
    for data in ({k: v for k, v in fields.items() if k != "csrf"}, {**fields, "csrf": "x"}):
        assert writer.post(place.form, data=data).status_code == 403
    assert log_size(place) == size and open_draft(place) is None


def test_typed_text_is_escaped(place):
    writer = signed_in(place, "writer")
    fields = form_fields(writer.get(place.form).text)
    new = max(rows_of(fields))
    fields.update({f"s.{new}.code": "16.7", f"s.{new}.scorer": HOSTILE, f"s.{new}.importance": "3"})
    refused = writer.post(place.form, data={**fields, f"s.{new}.influence": "9"})
    assert refused.status_code == 422
    saved = writer.post(
        place.form, data={**fields, f"s.{new}.influence": "3"}, follow_redirects=False
    )
    assert saved.status_code == 303
    shown = writer.get(place.form)
    for answer in (refused, shown, writer.get(f"/nb/edit/{place.number}/pending")):
        assert HOSTILE not in answer.text
        assert "&lt;script&gt;" in answer.text
    assert f"({HOSTILE}) er utenfor skalaen" in html.unescape(refused.text)


def test_a_cycle_without_a_scoring_and_a_stranger_are_turned_away(place):
    writer = signed_in(place, "writer")
    missing = writer.get(f"/nb/edit/{place.number}/materiality/1999")
    assert missing.status_code == 404
    assert "har ingen vesentlighetsvurdering for planperioden «1999»" in html.unescape(missing.text)
    anonymous = TestClient(create_app(Settings(db=place.url)))
    answer = anonymous.get(place.form, follow_redirects=False)
    assert answer.status_code == 303 and "/login" in answer.headers["location"]
