"""The editing pages (issue 12) through the app: sign-in, CSRF, the rate limit, drafts that the
public does not see until an approver publishes, history and revert, 409 on a stale save, and
the role x endpoint table walked for every write route. On Asker and on a small Oslo."""

import datetime as dt
import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sdgplan import accounts
from sdgplan import consultation as service
from sdgplan.config import Settings
from sdgplan.domain.consultation import DocumentKind, Input
from sdgplan.domain.users import Role
from sdgplan.editing.rounds import open_round
from sdgplan.store import org_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ChangeLogRow, DraftRow
from sdgplan.web.app import create_app
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

PASSWORDS = {
    "admin": "admin-passord-1",
    "approver": "godkjenner-pass-2",
    "editor": "redaktor-passord-3",
    "other_editor": "annen-redaktor-4",
    "reader": "leser-passord-555",
}
INDICATOR = "okonomi-disposisjonsfond"
GRID = f"/nb/edit/3203/observations/{INDICATOR}"


def add_users(url: str, municipality: str, scope: str, other_scope: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        for name, password in PASSWORDS.items():
            role = Role(name.removeprefix("other_"))
            focus = [scope] if name == "editor" else [other_scope] if name == "other_editor" else []
            accounts.add_user(
                session,
                name=name,
                password=password,
                role=role,
                municipality=municipality,
                scope=focus,
                who="test",
            )
    engine.dispose()


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("editing"))
    add_users(url, "3203", "okonomi", "god-helse")
    return url


@pytest.fixture(scope="module")
def app(asker_url):
    return create_app(Settings(db=asker_url))


def csrf_of(text: str) -> str:
    return html.unescape(re.search(r'name="csrf" value="([^"]+)"', text).group(1))


def signed_in(app, name: str) -> TestClient:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": name, "password": PASSWORDS[name]},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


def form_fields(text: str) -> dict[str, str]:
    """The fields a browser would send: inputs' values and the selected options."""
    fields = {
        m["name"]: html.unescape(m["value"])
        for m in re.finditer(
            r'<input[^>]*name="(?P<name>[^"]+)"[^>]*value="(?P<value>[^"]*)"', text
        )
    }
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', text, re.S):
        chosen = re.search(r'value="([^"]+)" selected', m.group(2))
        fields[m.group(1)] = chosen.group(1) if chosen else ""
    return fields


def log_size(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count(ChangeLogRow.id)))
    engine.dispose()
    return count


def public_value(app, year: str) -> str | None:
    rows = TestClient(app).get(f"/api/v1/indicators/{INDICATOR}/observations.json").json()
    items = rows["items"]
    found = [o for o in items if str(o.get("period")) == year and o.get("area") == "3203"]
    return found[0].get("value") if found else None


def test_edit_pages_send_signed_out_users_to_sign_in(app):
    answer = TestClient(app).get(GRID, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/nb/login?next={GRID.replace(':', '%3A')}"


def test_session_cookie_is_httponly_and_samesite(app):
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": "editor", "password": PASSWORDS["editor"]},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert PASSWORDS["editor"] not in answer.headers["set-cookie"]


def test_a_wrong_password_is_refused_and_a_missing_csrf_token_too(app):
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    wrong = client.post("/login", data={"csrf": token, "name": "editor", "password": "x" * 15})
    assert wrong.status_code == 401 and "Feil brukernavn eller passord" in wrong.text
    no_token = client.post("/login", data={"name": "editor", "password": PASSWORDS["editor"]})
    assert no_token.status_code == 403 and "CSRF" in no_token.text


def test_sign_in_is_rate_limited_per_account(tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name="oslo", password="oslo-passord-1", role=Role.EDITOR, who="test"
        )
    client = TestClient(create_app(Settings(db=url)))
    token = csrf_of(client.get("/login").text)
    for _attempt in range(10):
        answer = client.post("/login", data={"csrf": token, "name": "oslo", "password": "x" * 12})
        assert answer.status_code == 401
    right = client.post(
        "/login", data={"csrf": token, "name": "oslo", "password": "oslo-passord-1"}
    )
    assert right.status_code == 429
    assert "For mange mislykkede innlogginger (10 på 60 sekunder)" in right.text


def test_draft_publish_history_and_revert(app, asker_url):
    before = public_value(app, "2022")
    editor = signed_in(app, "editor")
    fields = form_fields(editor.get(GRID).text)
    assert fields["v:3203/2022"] == "14,8"
    fields["v:3203/2022"] = "13,25"
    fields["reason"] = "Rettet etter regnskapet"
    assert editor.post(GRID, data=fields, follow_redirects=False).status_code == 303
    assert public_value(app, "2022") == before  # a draft: the public sees the published value

    stale = editor.post(GRID, data=fields)  # the same version again: someone saved since
    assert stale.status_code == 409 and "Lagre min versjon likevel" in stale.text

    approver = signed_in(app, "approver")
    pending = approver.get("/nb/edit/3203/pending").text
    assert "13,25" in pending and "editor" in pending and "Rettet etter regnskapet" in pending
    publish = form_fields(
        re.search(r'<form method="post" action="/nb/edit/3203/act".*?</form>', pending, re.S).group(
            0
        )
    )
    assert publish["action"] == "publish"
    assert (
        approver.post("/nb/edit/3203/act", data=publish, follow_redirects=False).status_code == 303
    )
    assert public_value(app, "2022") == 13.25
    assert "13,25" in TestClient(app).get(f"/nb/indicators/{INDICATOR}").text

    page = editor.get(f"/nb/edit/3203/history?subject=observations:{INDICATOR}").text
    assert page.count(">approver<") >= 1 and "save draft" in page and "publish draft" in page
    # newest first: the published update, then the import before it
    import_entry = re.findall(r'name="entry" value="(\d+)"', page)[1]
    revert = form_fields(
        re.search(
            rf'<form[^>]*act">(?:(?!</form>).)*value="{import_entry}".*?</form>', page, re.S
        ).group(0)
    )
    assert editor.post("/nb/edit/3203/act", data=revert, follow_redirects=False).status_code == 303
    pending = approver.get("/nb/edit/3203/pending").text
    publish = form_fields(
        re.search(r'<form method="post" action="/nb/edit/3203/act".*?</form>', pending, re.S).group(
            0
        )
    )
    approver.post("/nb/edit/3203/act", data=publish)
    assert public_value(app, "2022") == before


def test_narrative_preview_saves_nothing_and_save_makes_a_draft(app, asker_url):
    editor = signed_in(app, "editor")
    path = "/nb/edit/3203/text?section=Økonomi&period=2023"
    form = form_fields(editor.get(path).text)
    text = "## Status\n\nEt **nytt** avsnitt <script>alert(1)</script>\n"
    size = log_size(asker_url)
    preview = editor.post(
        "/nb/edit/3203/text",
        data={**form, "markdown": text, "kind": "focus_area", "action": "preview"},
    )
    assert preview.status_code == 200
    assert "<strong>nytt</strong>" in preview.text and "<script>alert" not in preview.text
    assert log_size(asker_url) == size
    saved = editor.post(
        "/nb/edit/3203/text",
        data={**form, "markdown": text, "kind": "focus_area", "action": "save"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        draft = session.scalars(
            select(DraftRow).where(DraftRow.subject == "narrative:Økonomi (2023)")
        ).one()
        assert draft.state["markdown"] == text and draft.author == "editor"


ROLES = ["anonymous", "reader", "editor", "other_editor", "approver", "admin"]
# Every write route of the editing pages, with the roles that may use it (given valid
# fields); the test fails for a POST route missing here.
WRITES = {
    "/login": {"anonymous", "reader", "editor", "other_editor", "approver", "admin"},
    "/{lang}/login": {"anonymous", "reader", "editor", "other_editor", "approver", "admin"},
    "/logout": {"reader", "editor", "other_editor", "approver", "admin"},
    "/{lang}/logout": {"reader", "editor", "other_editor", "approver", "admin"},
    "/{lang}/edit/{code}/observations/{key}": {"editor", "admin"},
    "/{lang}/edit/{code}/text": {"editor", "admin"},
    "/{lang}/edit/{code}/act#publish": {"approver", "admin"},
    "/{lang}/edit/{code}/upload": {"editor", "admin"},
    "/{lang}/edit/{code}/upload/confirm": {"editor", "admin"},
    "/{lang}/edit/users": {"admin"},
    "/{lang}/edit/user#password": {"admin"},
    "/{lang}/edit/tokens#create": {"reader", "editor", "other_editor", "approver", "admin"},
    "/{lang}/edit/{code}/rounds": {"admin"},
    "/{lang}/edit/{code}/rounds/{round_id}/sign-off": {"approver", "admin"},
    "/{lang}/edit/{code}/rounds/{round_id}/remind": {"admin"},
    "/{lang}/edit/{code}/indicators/{key}": {"editor", "admin"},
    "/{lang}/edit/{code}/thematic-plans": {"admin"},
    "/{lang}/edit/{code}/verdicts": {"editor", "admin"},
    "/{lang}/edit/{code}/plan": {"admin"},
    "/{lang}/edit/{code}/programme/{period}/amendment": {"admin"},
    "/{lang}/edit/{code}/programme/{period}/remove": {"admin"},
    "/{lang}/edit/{code}/method/{cycle}": {"admin"},
    "/{lang}/edit/{code}/materiality/{cycle}": {"admin"},
    "/{lang}/edit/{code}/benefits/{key}": {"admin"},
    "/{lang}/consultations/{key}": {*ROLES},
    "/{lang}/{code}/consultations/{key}": {*ROLES},
    "/{lang}/edit/{code}/consultations/{key}/moderate": {"approver", "admin"},
}
# Routes that answer an allowed role in place (200) rather than with a redirect, and whether
# they write: the upload's preview saves nothing; a new API token is shown once, on its
# answer; reminders without a mail server are listed, not sent.
ANSWERED_IN_PLACE = {
    "/{lang}/edit/{code}/upload": False,
    "/{lang}/edit/tokens#create": True,
    "/{lang}/edit/{code}/rounds/{round_id}/remind": False,
}
UPLOAD_FILE = {"file": ("tall.csv", f"indicator_id,area,period,value\n{INDICATOR},3203,2024,2\n")}


def write_routes(routes, prefix=""):
    """(path, methods) of every route that writes, through the routers included."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from write_routes(
                route.original_router.routes, prefix + route.include_context.prefix
            )
        elif getattr(route, "methods", None) and route.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            yield prefix + route.path


def test_every_write_route_is_in_the_role_table(app):
    pages = {
        p
        for p in write_routes(app.routes)
        if not p.startswith(("/api/", "/login/oidc", "/{lang}/login/oidc"))
    }
    assert pages == {path.split("#")[0] for path in WRITES}


@pytest.mark.parametrize("role", ROLES)
def test_role_by_endpoint(tmp_path, role):
    url = asker_database(tmp_path)
    add_users(url, "3203", "okonomi", "god-helse")
    app = create_app(Settings(db=url))
    client = signed_in(app, role) if role != "anonymous" else TestClient(app)
    editor = signed_in(app, "editor")  # makes a draft to publish
    fields = form_fields(editor.get(GRID).text)
    fields["v:3203/2023"] = "11,0"
    assert editor.post(GRID, data=fields, follow_redirects=False).status_code == 303
    token = csrf_of(client.get("/login").text)
    engine = make_engine(url)
    with session_scope(engine) as session:
        admin = accounts.list_users(session)[0]
        assert admin.role is Role.ADMIN
        round_id = open_round(
            session, admin, "3203", kind="annual", year=2022, deadline=dt.date(2023, 2, 1)
        ).id
        open_consultation_with_input(session)
    engine.dispose()

    def version() -> str:
        return form_fields(editor.get(GRID).text)["version"]

    def version_of(path: str, name: str = "version") -> str:
        found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', editor.get(path).text)
        return found.group(1)

    def confirm_form() -> dict[str, str]:
        """The role's own preview's confirm form, else the editor's (not this session's)."""
        for who in (client, editor):
            preview = who.post(
                "/nb/edit/3203/upload",
                data={"csrf": csrf_of(who.get("/login").text)},
                files=UPLOAD_FILE,
            )
            found = re.search(r'<form[^>]*upload/confirm".*?</form>', preview.text, re.S)
            if found:
                return {k: v for k, v in form_fields(found.group(0)).items() if k != "csrf"}
        raise AssertionError("the editor's preview has no confirm form")

    attempts = {
        "/{lang}/edit/{code}/observations/{key}": lambda: (
            GRID,
            {**fields, "version": version(), "v:3203/2024": "1"},
        ),
        "/{lang}/edit/{code}/text": lambda: (
            "/nb/edit/3203/text",
            {
                "section": "Økonomi",
                "period": "2023",
                "kind": "focus_area",
                "markdown": "Tekst",
                "version": "0",
                "action": "save",
            },
        ),
        "/{lang}/edit/{code}/act#publish": lambda: (
            "/nb/edit/3203/act",
            {"action": "publish", "subject": f"observations:{INDICATOR}", "version": version()},
        ),
        "/{lang}/edit/{code}/upload": lambda: ("/nb/edit/3203/upload", {}, UPLOAD_FILE),
        "/{lang}/edit/{code}/upload/confirm": lambda: (
            "/nb/edit/3203/upload/confirm",
            confirm_form(),
        ),
        "/{lang}/edit/users": lambda: (
            "/nb/edit/users",
            {
                "name": "ny",
                "role": "reader",
                "municipality": "3203",
                "password": "nytt-passord-1",
                "password2": "nytt-passord-1",
            },
        ),
        "/{lang}/edit/user#password": lambda: (
            "/nb/edit/user",
            {
                "name": "reader",
                "action": "password",
                "password": "nytt-passord-2",
                "password2": "nytt-passord-2",
            },
        ),
        "/{lang}/edit/tokens#create": lambda: (
            "/nb/edit/tokens",
            {"action": "create", "label": "skript", "days": "30"},
        ),
        "/{lang}/edit/{code}/rounds": lambda: (
            "/nb/edit/3203/rounds",
            {"kind": "annual", "year": "2023", "deadline": "2024-02-01"},
        ),
        "/{lang}/edit/{code}/rounds/{round_id}/remind": lambda: (
            f"/nb/edit/3203/rounds/{round_id}/remind",
            {},
        ),
        "/{lang}/edit/{code}/indicators/{key}": lambda: (
            "/nb/edit/3203/indicators/okonomi-disposisjonsfond",
            {
                "version": version_of("/nb/edit/3203/indicators/okonomi-disposisjonsfond"),
                "name": "Disposisjonsfond",
                "unit": "%",
                "direction": "higher",
                "threshold.operator": ">",
                "threshold.value": "10",
                "threshold.unit": "%",
                "goals": "okonomi.1",
            },
        ),
        "/{lang}/edit/{code}/thematic-plans": lambda: (
            "/nb/edit/3203/thematic-plans",
            {
                "version": version_of("/nb/edit/3203/thematic-plans"),
                "plans.0.name": "Arbeidsgiverpolitikk",
                "plans.0.status": "adopted",
                "plans.0.adopted": "2020-09-08",
            },
        ),
        "/{lang}/edit/{code}/verdicts": lambda: (
            "/nb/edit/3203/verdicts",
            {
                "year": version_of("/nb/edit/3203/verdicts", "year"),
                "verdict:okonomi.1": "good",
                "reason:okonomi.1": "Fondet vokser",
                "version:okonomi.1": version_of("/nb/edit/3203/verdicts", "version:okonomi.1"),
            },
        ),
        "/{lang}/edit/{code}/plan": lambda: (
            "/nb/edit/3203/plan",
            {
                "version": version_of("/nb/edit/3203/plan"),
                "plan": "Kommuneplanens samfunnsdel 2020-2032",
                "fa.0.name": "Økonomi",
                "fa.0.main.text": "Asker er en økonomisk robust og bærekraftig kommune.",
                "fa.0.main.refs": "AK",
                "action": "save",
            },
        ),
        "/{lang}/edit/{code}/programme/{period}/amendment": lambda: (
            PROGRAMME_AMENDMENT,
            {
                "version": version_of(PROGRAMME_AMENDMENT),
                "v.key": "FrP",
                "v.kind": "amendment",
                "v.party": "FrP",
                "v.base": "forslag",
                "v.unit": "mill. kr",
                "c.0.action": "add",
                "c.0.text": "Mer veivedlikehold",
                "c.0.kind": "new",
                "c.0.y.2024": "1",
                "f.0.text": "Salg av eiendom",
                "f.0.y.2024": "1",
            },
        ),
        "/{lang}/edit/{code}/programme/{period}/remove": lambda: (
            "/nb/edit/3203/programme/2024-2027/remove",
            {"version": version_of(PROGRAMME_AMENDMENT), "key": "Ap"},
        ),
        "/{lang}/edit/{code}/method/{cycle}": lambda: (
            METHOD_FORM,
            {
                "version": version_of(METHOD_FORM),
                "title": "Overordnet metodeverktøy",
                "l1.0.goal": "3",
                "l1.0.significance": "Helse for alle",
                "l1.0.targets": "3.4",
            },
        ),
        "/{lang}/edit/{code}/materiality/{cycle}": lambda: (
            MATERIALITY_FORM,
            {
                "version": version_of(MATERIALITY_FORM),
                "scale.min": "1",
                "scale.max": "5",
                "aggregation": "mean",
                "threshold": "3",
                "s.0.code": "11.7",
                "s.0.scorer": "Verksted",
                "s.0.importance": "5",
                "s.0.influence": "4",
                "action": "save",
            },
        ),
        "/{lang}/edit/{code}/benefits/{key}": lambda: (
            BENEFITS_FORM,
            {
                "version": version_of(BENEFITS_FORM),
                "title": "Plan for gevinstrealisering",
                "baseline_year": "2019",
                "target_year": "2023",
                "a.0.name": "Økonomisk robusthet",
                "a.0.b.0.text": "Et disposisjonsfond som tåler uforutsette utgifter",
                "a.0.b.0.indicator": "okonomi-disposisjonsfond",
                "a.0.b.0.expected": "16",
                "action": "save",
            },
        ),
        "/{lang}/consultations/{key}": lambda: (CONSULTATION, {"text": "Innspill"}),
        "/{lang}/{code}/consultations/{key}": lambda: (
            CONSULTATION.replace("/nb/", "/nb/3203/"),
            {"text": "Innspill", "consent": "yes"},
        ),
        "/{lang}/edit/{code}/consultations/{key}/moderate": lambda: (
            "/nb/edit/3203/consultations/innspill/moderate",
            {"number": "1", "status": "published"},
        ),
        "/{lang}/edit/{code}/rounds/{round_id}/sign-off": lambda: (
            f"/nb/edit/3203/rounds/{round_id}/sign-off",
            {"incomplete": "1"},
        ),
    }
    assert set(attempts) == set(WRITES) - {"/login", "/{lang}/login", "/logout", "/{lang}/logout"}
    for path, attempt in attempts.items():
        target, data, *files = attempt()
        sent = files[0] if files else None
        size = log_size(url)
        without_csrf = client.post(target, data=data, files=sent, follow_redirects=False)
        assert without_csrf.status_code == 403, (role, path)
        assert log_size(url) == size
        answer = client.post(
            target, data={**data, "csrf": token}, files=sent, follow_redirects=False
        )
        wrote = log_size(url) > size
        if role in WRITES[path] and path in ANSWERED_IN_PLACE:
            expected = ANSWERED_IN_PLACE[path]
            assert answer.status_code == 200 and wrote == expected, (role, path, answer.status_code)
        elif role in WRITES[path]:
            assert answer.status_code == 303 and wrote, (role, path, answer.status_code)
        else:
            assert not wrote, (role, path)
            if role == "anonymous":
                assert answer.status_code == 303 and "/login" in answer.headers["location"]
            else:
                assert answer.status_code == 403, (role, path, answer.status_code)


CONSULTATION = "/nb/consultations/innspill"
PROGRAMME_AMENDMENT = "/nb/edit/3203/programme/2024-2027/amendment"
METHOD_FORM = "/nb/edit/3203/method/2020-2032"
MATERIALITY_FORM = "/nb/edit/3203/materiality/2020-2032"
BENEFITS_FORM = "/nb/edit/3203/benefits/gevinster-2019"


def open_consultation_with_input(session) -> None:
    """A consultation open today, with one input that consents to publication."""
    today = dt.date.today()
    service.open_consultation(
        session,
        org_repo.find_organisation(session, "3203"),
        key="innspill",
        title="Innspill",
        document_kind=DocumentKind.OTHER,
        document=None,
        opens=today - dt.timedelta(days=1),
        closes=today + dt.timedelta(days=1),
        who="test",
    )
    service.submit(
        session,
        "3203",
        "innspill",
        Input(text="Mer sykkelvei", consent=True),
        address="192.0.2.1",
        now=dt.datetime.now(dt.UTC),
    )


def test_passwords_are_never_in_the_database_or_the_log(app, asker_url, caplog):
    signed_in(app, "editor")
    with open(asker_url.removeprefix("sqlite:///"), "rb") as f:
        data = f.read()
    for password in PASSWORDS.values():
        assert password.encode() not in data
        assert password not in caplog.text


def test_public_pages_stay_cached_and_never_carry_a_session(app):
    editor = signed_in(app, "editor")
    page = editor.get("/nb/")
    assert page.status_code == 200
    anonymous = TestClient(app).get("/nb/")
    assert "set-cookie" not in anonymous.headers
    assert "Logget inn som" not in anonymous.text


def test_editing_a_small_municipality(tmp_path):
    url = oslo_database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name="oslo-ed", password="oslo-passord-1", role=Role.EDITOR, who="t"
        )
        accounts.add_user(
            session, name="oslo-ap", password="oslo-passord-2", role=Role.APPROVER, who="t"
        )
    app = create_app(Settings(db=url))
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"csrf": token, "name": "oslo-ed", "password": "oslo-passord-1"})
    home = client.get("/nb/edit/", follow_redirects=True)
    links = re.findall(r'href="(/nb/edit/0301/observations/[^"]+)"', home.text)
    assert links
    fields = form_fields(client.get(links[0]).text)
    empty = next(k for k, v in fields.items() if k.startswith("v:0301/") and not v)
    fields[empty] = "42"
    assert client.post(links[0], data=fields, follow_redirects=False).status_code == 303
    assert "42" in client.get("/nb/edit/0301/pending").text


def test_the_owners_verdict_shows_beside_the_computed_one_on_the_goal_page(tmp_path):
    from sdgplan import plan_data
    from sdgplan.assessment.rollup import Attainment
    from sdgplan.editing import drafts
    from sdgplan.editing.subjects import Subject
    from sdgplan.editing.verdicts import compare_verdicts
    from sdgplan.store import user_repo

    url = asker_database(tmp_path)
    add_users(url, "3203", "okonomi", "god-helse")
    app = create_app(Settings(db=url))
    assert "Egen vurdering" not in TestClient(app).get("/nb/goals/okonomi.1").text
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = plan_data.load_plan_data(session, municipality="3203")
        assessment = plan_data.assess(data)
        computed = next(
            v.computed
            for v in compare_verdicts(session, data, assessment)
            if v.goal_key == "okonomi.1"
        )
        other = next(
            a for a in (Attainment.POOR, Attainment.GOOD) if a.value != computed.attainment
        )
        subject = Subject("goal_verdict", f"okonomi.1@{assessment.year}")
        current = drafts.editable(session, "3203", subject)
        state = {"verdict": other.value, "reason": "Vi ser det <annerledes>"}
        drafts.save_draft(
            session,
            user_repo.find_user(session, "editor"),
            "3203",
            subject,
            state,
            version=current.version,
        )
        drafts.publish(
            session,
            user_repo.find_user(session, "approver"),
            "3203",
            subject,
            version=current.version + 1,
        )
    engine.dispose()
    page = TestClient(app).get("/nb/goals/okonomi.1").text
    assert "Egen vurdering" in page and "Vi ser det &lt;annerledes&gt;" in page
    assert "Avviker fra beregnet" in page


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example"]
)
def test_sign_in_never_sends_the_browser_to_another_site(app, target):
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": "editor", "password": PASSWORDS["editor"], "next": target},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/nb/edit/"
