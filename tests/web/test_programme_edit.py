"""The action programme's editing pages (issue 14 with issue 12's roles, drafts and change
log): an unscoped editor enters a party's amendment set in the form, it is a draft until an
approver publishes it, then `sdgplan programme compare` shows its changes; a set out of
balance in 2026 is refused with that year's deficit and nothing stored; readers, scoped
editors and approvers may not save. On Asker's example and on a small Oslo."""

import html
import re
import shutil
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sdgplan import accounts
from sdgplan.cli import cli
from sdgplan.config import Settings
from sdgplan.domain.programme import ChangeAction
from sdgplan.domain.users import Role
from sdgplan.programme import compare, import_programme
from sdgplan.store import edit_repo, programme_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow
from sdgplan.web.app import create_app
from tests.editing.test_programme_kind import OSLO_PROGRAMME
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

PASSWORD = "passord-for-test-1"


@dataclass(frozen=True)
class Place:
    number: str
    period: str
    unit: str  # what the amounts are typed in
    area: str
    goal: str
    scope: str
    amount: str  # the new measure's cost a year, in `unit`
    dearer_2026: str  # its cost in 2026 in the unbalanced set
    deficit_2026: str
    url: str = ""


PLACES = {
    "asker": Place(
        "3203",
        "2024-2027",
        "mill. kr",
        "samfunnstjenester",
        "okonomi.1",
        "okonomi",
        "10",
        "15",
        "-5 mill. kr",
    ),
    "oslo": Place(
        "0301",
        "2025-2026",
        "1000 kr",
        "skole",
        "fokus-2.1",
        "fokus-1",
        "40",
        "60",
        "-20 000 kr",
    ),
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
                path = folder / "programme.yaml"
                path.write_text(OSLO_PROGRAMME, encoding="utf-8")
                import_programme(session, path, municipality=place.number, who="test")
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
    """What a browser sends: inputs' values (checked boxes only) and selected options."""
    fields = {}
    for m in re.finditer(r"<input([^>]*)>", text):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or ('type="checkbox"' in m.group(1) and "checked" not in m.group(1)):
            continue
        fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', text, re.S):
        chosen = re.search(r'value="([^"]*)" selected', m.group(2))
        first = re.search(r'value="([^"]*)"', m.group(2))
        fields[m.group(1)] = html.unescape((chosen or first).group(1))
    return fields


def amendment_form(client: TestClient, place: Place, cost_2026: str) -> tuple[str, dict]:
    """The new-version form filled with FrP's set: a road measure paid for by a sale."""
    path = f"/nb/edit/{place.number}/programme/{place.period}/amendment"
    page = client.get(path)
    assert page.status_code == 200
    fields = form_fields(page.text)
    years = range(int(place.period[:4]), int(place.period[5:]) + 1)
    fields.update(
        {
            "v.key": "FrP",
            "v.party": "FrP",
            "v.kind": "amendment",
            "v.date": "2023-11-10",
            "v.unit": place.unit,
            "c.0.action": "add",
            "c.0.text": "Mer veivedlikehold",
            "c.0.kind": "new",
            "c.0.service_area": place.area,
            "c.0.goals": place.goal,
            "f.0.text": "Salg av eiendom",
        }
    )
    for year in years:
        fields[f"c.0.y.{year}"] = cost_2026 if year == 2026 else place.amount
        fields[f"f.0.y.{year}"] = place.amount
    return path, fields


def log_size(place: Place) -> int:
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count(ChangeLogRow.id)))
    engine.dispose()
    return count


def open_draft(place: Place):
    engine = make_engine(place.url)
    with session_scope(engine) as session:
        draft = edit_repo.open_draft(session, place.number, f"programme:{place.period}")
    engine.dispose()
    return draft


def test_an_amendment_is_saved_as_a_draft_published_and_compared(place):
    writer = signed_in(place, "writer")
    path, fields = amendment_form(writer, place, place.amount)
    saved = writer.post(path, data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith(f"{path}?version=FrP&saved=1")
    page = writer.get(saved.headers["location"]).text
    assert "Lagret som utkast." in page and 'value="Mer veivedlikehold"' in page
    assert open_draft(place).author == "writer"
    engine = make_engine(place.url)
    with session_scope(engine) as session:  # the public sees the published programme
        stored = programme_repo.load_programme(session, place.number, place.period)
        assert "FrP" not in [v.key for v in stored.versions]

    approver = signed_in(place, "approver")
    pending = approver.get(f"/nb/edit/{place.number}/pending").text
    assert f"Handlingsprogram {place.period}" in pending
    publish = form_fields(
        re.search(
            rf'<form method="post" action="/nb/edit/{place.number}/act"(?:(?!</form>).)*'
            rf'value="programme:{place.period}".*?</form>',
            pending,
            re.S,
        ).group(0)
    )
    assert publish["action"] == "publish"
    answer = approver.post(f"/nb/edit/{place.number}/act", data=publish, follow_redirects=False)
    assert answer.status_code == 303
    assert open_draft(place) is None
    with session_scope(engine) as session:
        stored = programme_repo.load_programme(session, place.number, place.period)
        comparison = compare(session, stored, "FrP", "forslag")
        assert [(d.action, d.measure.key, d.measure.text) for d in comparison.measures] == [
            (ChangeAction.ADD, "mer-veivedlikehold", "Mer veivedlikehold")
        ]
        assert stored.version("FrP").party == "FrP"
    engine.dispose()
    result = CliRunner().invoke(
        cli,
        ["programme", "compare", "--version", "FrP", "--against", "forslag", "--db", place.url],
    )
    assert result.exit_code == 0, result.output
    assert "Mer veivedlikehold" in result.output
    listing = writer.get(f"/nb/edit/{place.number}/programme").text
    assert "FrP" in listing and "publisert" in listing


def test_an_amendment_out_of_balance_in_2026_is_refused_with_that_years_deficit(place):
    writer = signed_in(place, "writer")
    path, fields = amendment_form(writer, place, place.dearer_2026)
    size = log_size(place)
    answer = writer.post(path, data=fields)
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert f"Endringsforslaget fra FrP er ikke i balanse: 2026: {place.deficit_2026}" in text
    table = re.search(r"<table class=\"changes\">.*?</table>", text, re.S).group(0)
    assert re.findall(r'<th scope="row">(\d+)</th><td>([^<]*)</td>', table) == [
        ("2026", place.deficit_2026)
    ]
    assert 'value="Mer veivedlikehold"' in answer.text  # what was typed is kept
    assert log_size(place) == size and open_draft(place) is None


def test_a_wrong_amount_and_an_unknown_goal_name_their_row(place):
    writer = signed_in(place, "writer")
    path, fields = amendment_form(writer, place, place.amount)
    fields["c.0.goals"] = "ingen-slik"
    answer = writer.post(path, data=fields)
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "Endring 1: Ukjent mål eller strategi «ingen-slik»: ikke i den lagrede planen" in text
    assert re.search(r'name="c\.0\.goals"[^>]*aria-invalid="true"', answer.text)
    fields["c.0.y.2026"] = "mye"
    answer = writer.post(path, data=fields)
    assert answer.status_code == 422
    assert "Endring 1, 2026: «mye» er ikke et beløp" in html.unescape(answer.text)
    assert open_draft(place) is None


def test_more_rows_save_nothing(place):
    writer = signed_in(place, "writer")
    path, fields = amendment_form(writer, place, place.amount)
    size = log_size(place)
    answer = writer.post(path, data={**fields, "add": "changes"})
    assert answer.status_code == 200
    assert 'name="c.4.text"' in answer.text and 'value="Mer veivedlikehold"' in answer.text
    assert log_size(place) == size


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ("reader", "Rollen leser kan ikke gjøre dette her"),
        ("scoped", "scoped kan bare endre innenfor satsingsområdene"),
        ("approver", "Rollen godkjenner kan ikke gjøre dette her"),
    ],
)
def test_readers_scoped_editors_and_approvers_may_not_save(place, who, refusal):
    writer = signed_in(place, "writer")
    path, fields = amendment_form(writer, place, place.amount)
    client = signed_in(place, who)
    page = client.get(path)
    assert page.status_code == 200 and "Du kan lese, men ikke endre" in page.text
    size = log_size(place)
    answer = client.post(path, data={**fields, "csrf": csrf_of(page.text)})
    assert answer.status_code == 403
    assert refusal in html.unescape(answer.text)
    assert log_size(place) == size and open_draft(place) is None


def test_an_amendment_set_is_opened_changed_and_removed_as_drafts(place):
    writer = signed_in(place, "writer")
    path, fields = amendment_form(writer, place, place.amount)
    assert writer.post(path, data=fields, follow_redirects=False).status_code == 303
    opened = writer.get(f"{path}?version=FrP")
    fields = form_fields(opened.text)
    assert fields["original"] == "FrP" and fields["c.0.text"] == "Mer veivedlikehold"
    assert fields["f.0.y.2026"] == place.amount  # shown in the form's unit
    fields["v.party"] = "FrP og KrF"
    assert writer.post(path, data=fields, follow_redirects=False).status_code == 303
    versions = open_draft(place).state["versions"]
    assert [v["key"] for v in versions].count("FrP") == 1
    assert versions[-1]["party"] == "FrP og KrF"

    listing = writer.get(f"/nb/edit/{place.number}/programme").text
    assert "bare i utkastet" in listing
    remove = form_fields(
        re.search(
            r'<form method="post" action="[^"]*/remove"(?:(?!</form>).)*value="FrP".*?</form>',
            listing,
            re.S,
        ).group(0)
    )
    answer = writer.post(
        f"/nb/edit/{place.number}/programme/{place.period}/remove",
        data=remove,
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "FrP" not in [v["key"] for v in open_draft(place).state["versions"]]
    proposal = writer.post(
        f"/nb/edit/{place.number}/programme/{place.period}/remove",
        data={**remove, "key": "forslag"},
    )
    assert proposal.status_code == 404
