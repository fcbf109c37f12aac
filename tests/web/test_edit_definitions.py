"""The definition forms (issue 12 item 3) through the app: an indicator, the thematic plans,
the goal owners' verdicts and the plan as a draft proposal. Each form is read back as a
browser would post it, changed, saved as a draft (303), refused with 422 naming the field
(nothing saved), published by the approver and then seen by the public; a scoped editor is
refused another focus area's objects (403). On Asker and on a small Oslo."""

import re
from html.parser import HTMLParser

import pytest
from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from sqlalchemy import select

from sdgplan import accounts
from sdgplan.assessment.rollup import Attainment
from sdgplan.config import Settings
from sdgplan.domain.plan import VersionKind
from sdgplan.domain.users import Role
from sdgplan.plan_data import assess, load_plan_data
from sdgplan.store import plan_repo
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import DraftRow
from sdgplan.web.app import create_app
from sdgplan.web.page_views import Site
from sdgplan.web.pages_definitions import DEFINITION_ROUTES
from sdgplan.web.pages_plan_edit import PLAN_EDIT_ROUTES
from sdgplan.web.pages_verdicts import VERDICT_ROUTES, goal_verdict_view
from tests.reports.oslo import oslo_database
from tests.web.test_editing import PASSWORDS, add_users, csrf_of, log_size
from tests.web.test_pages import asker_database

ROUTES = [*DEFINITION_ROUTES, *VERDICT_ROUTES, *PLAN_EDIT_ROUTES]
PLANNER = ("planner", "planlegger-passord-6")  # an editor of every focus area
INDICATOR = "/nb/edit/3203/indicators/okonomi-disposisjonsfond"
THEMATIC = "/nb/edit/3203/thematic-plans"
PLAN = "/nb/edit/3203/plan"
PLAN_TITLE = "Kommuneplanens samfunnsdel 2020-2032"


def app_with_forms(url: str):
    """The app, with the forms' routes added before the pages' catch-all if the editing
    router does not hold them yet."""
    app = create_app(Settings(db=url))
    present = {getattr(route, "path", None) for route in app.routes}
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
    for method, path, handler in ROUTES:
        if path not in present:
            router.add_api_route(path, handler, methods=[method])
    app.router.routes[:0] = router.routes
    return app


def sign_in(app, name: str, password: str | None = None) -> TestClient:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"csrf": token, "name": name, "password": password or PASSWORDS[name]},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


class _Form(HTMLParser):
    """The fields of the page's post form as a browser sends them: checked boxes only,
    no disabled field, the selected option, the text of a textarea."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and "edit-form" in (a.get("class") or ""):
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select, self.options = a.get("name"), []
        elif tag == "option" and self.select:
            self.options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.fields.append((self.select, chosen[0]))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_of(page: str) -> dict[str, str | list[str]]:
    parser = _Form()
    parser.feed(page)
    fields: dict[str, str | list[str]] = {}
    for name, value in parser.fields:
        if name in fields:
            kept = fields[name]
            fields[name] = [*(kept if isinstance(kept, list) else [kept]), value]
        else:
            fields[name] = value
    return fields


def drafts_of(url: str, subject: str) -> list[DraftRow]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = list(
            session.scalars(
                select(DraftRow).where(DraftRow.subject == subject, DraftRow.status == "open")
            )
        )
        session.expunge_all()
    engine.dispose()
    return found


def publish(app, url: str, municipality: str, subject: str, approver: TestClient) -> None:
    """The approver publishes the open draft of `subject` from the pending page."""
    pending = approver.get(f"/nb/edit/{municipality}/pending").text
    forms = re.findall(
        rf'<form method="post" action="/nb/edit/{municipality}/act".*?</form>', pending, re.S
    )
    chosen = [
        f
        for f in forms
        if f'value="{subject}"' in f.replace("&#34;", '"') and 'value="publish"' in f
    ]
    assert chosen, (subject, pending)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', chosen[0]))
    fields["subject"] = subject
    answer = approver.post(f"/nb/edit/{municipality}/act", data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert not drafts_of(url, subject)


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("definitions"))
    add_users(url, "3203", "okonomi", "god-helse")
    engine = make_engine(url)
    with session_scope(engine) as session:
        accounts.add_user(
            session, name=PLANNER[0], password=PLANNER[1], role=Role.EDITOR, who="test"
        )
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def app(asker_url):
    return app_with_forms(asker_url)


# -- an indicator --------------------------------------------------------------------------


def test_indicator_form_shows_every_field(app):
    page = sign_in(app, "editor").get(INDICATOR)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    fields = form_of(page.text)
    assert fields["name"].startswith("Disposisjonsfond som andel")
    assert fields["threshold.operator"] == ">" and fields["threshold.value"] == "10"
    assert fields["goals"] == "okonomi.1" and fields["direction"] == "higher"
    for name in ("target.year", "target.value", "bands.desired.0.lower", "progress.base_year"):
        assert name in fields
    assert "Sammenligningsområder" in page.text


def test_an_indicator_saved_as_a_draft_is_public_once_published(app, asker_url):
    editor = sign_in(app, "editor")
    fields = form_of(editor.get(INDICATOR).text)
    fields |= {
        "threshold.value": "11,5",
        "target.year": "2030",
        "target.value": "12,5",
        "bands.desired.0.lower": "10",
        "bands.desired.0.upper": "20",
        "bands.desired.0.unit": "%",
        "reason": "Ny handlingsregel",
    }
    answer = editor.post(INDICATOR, data=fields, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].endswith("?saved=1")
    (draft,) = drafts_of(asker_url, "indicator:okonomi-disposisjonsfond")
    assert draft.author == "editor" and draft.reason == "Ny handlingsregel"
    assert draft.state["threshold"] == {"operator": ">", "value": 11.5, "unit": "%", "upper": None}
    assert draft.state["target"]["year"] == 2030 and draft.state["target"]["value"] == 12.5
    assert draft.state["bands"]["desired"] == [{"lower": 10.0, "upper": 20.0, "unit": "%"}]
    api = "/api/v1/indicators/okonomi-disposisjonsfond"
    assert TestClient(app).get(api).json()["threshold"] == "> 10 %"  # not yet published
    again = form_of(editor.get(INDICATOR).text)
    assert again["threshold.value"] == "11,5" and again["target.value"] == "12,5"

    publish(app, asker_url, "3203", "indicator:okonomi-disposisjonsfond", sign_in(app, "approver"))
    assert TestClient(app).get(api).json()["threshold"] == "> 11.5 %"
    public = TestClient(app).get("/nb/indicators/okonomi-disposisjonsfond").text
    assert "Mål 2030" in public and "12,5" in public


def test_a_bad_indicator_value_is_refused_naming_the_field(app, asker_url):
    editor = sign_in(app, "editor")
    fields = form_of(editor.get(INDICATOR).text) | {"target.year": "20x0", "scale.minimum": "5"}
    fields["scale.maximum"] = "1"
    size = log_size(asker_url)
    answer = editor.post(INDICATOR, data=fields)
    assert answer.status_code == 422
    assert "target.year: «20x0» er ikke et årstall" in answer.text
    assert "scale: «5-1» er ikke en skala" in answer.text
    assert 'value="20x0"' in answer.text and 'aria-invalid="true"' in answer.text
    assert log_size(asker_url) == size


def test_a_scoped_editor_cannot_save_another_focus_areas_indicator(app, asker_url):
    other = sign_in(app, "other_editor")  # god-helse only
    page = other.get(INDICATOR).text
    assert "Lagre som utkast" not in page and "readonly" in page
    fields = form_of(sign_in(app, "editor").get(INDICATOR).text) | {"name": "Kapret"}
    size = log_size(asker_url)
    answer = other.post(INDICATOR, data={**fields, "csrf": csrf_of(page)})
    assert answer.status_code == 403 and "god-helse" in answer.text
    assert log_size(asker_url) == size


# -- the thematic plans ---------------------------------------------------------------------


def test_thematic_plans_rows_are_added_removed_and_published(app, asker_url):
    planner = sign_in(app, *PLANNER)
    page = planner.get(THEMATIC)
    assert page.status_code == 200
    fields = form_of(page.text)
    assert fields["plans.0.name"] == "Arbeidsgiverpolitikk"
    empty = next(k for k, v in fields.items() if k.endswith(".name") and not v)
    row = empty.split(".")[1]
    fields |= {
        "plans.0.remove": "1",
        f"plans.{row}.name": "Kulturplan",
        f"plans.{row}.status": "planned",
        f"plans.{row}.planned": "2. kvartal 2026",
    }
    assert planner.post(THEMATIC, data=fields, follow_redirects=False).status_code == 303
    (draft,) = drafts_of(asker_url, "thematic_plans:thematic_plans")
    names = [item["name"] for item in draft.state]
    assert "Arbeidsgiverpolitikk" not in names and names[-1] == "Kulturplan"
    assert draft.state[-1] == {
        "name": "Kulturplan",
        "status": "planned",
        "adopted": None,
        "planned": "2. kvartal 2026",
    }
    assert "Kulturplan" not in TestClient(app).get("/nb/thematic-plans").text
    publish(app, asker_url, "3203", "thematic_plans:thematic_plans", sign_in(app, "approver"))
    public = TestClient(app).get("/nb/thematic-plans").text
    assert "Kulturplan" in public and "Arbeidsgiverpolitikk" not in public


def test_a_bad_thematic_plan_date_is_refused_naming_the_row(app, asker_url):
    planner = sign_in(app, *PLANNER)
    fields = form_of(planner.get(THEMATIC).text)
    empty = next(k for k, v in fields.items() if k.endswith(".name") and not v)
    row = int(empty.split(".")[1])
    fields |= {
        f"plans.{row}.name": "Vannplan",
        f"plans.{row}.status": "adopted",
        f"plans.{row}.adopted": "2021-13-45",
    }
    size = log_size(asker_url)
    answer = planner.post(THEMATIC, data=fields)
    assert answer.status_code == 422
    assert f"Rad {row + 1}, vedtatt dato:" in answer.text and "2021-13-45" in answer.text
    assert 'value="Vannplan"' in answer.text
    assert log_size(asker_url) == size


def test_a_scoped_editor_cannot_change_the_thematic_plans(app, asker_url):
    editor = sign_in(app, "editor")
    page = editor.get(THEMATIC).text
    assert "Lagre som utkast" not in page
    fields = form_of(sign_in(app, *PLANNER).get(THEMATIC).text) | {"plans.0.name": "X"}
    answer = editor.post(THEMATIC, data={**fields, "csrf": csrf_of(page)})
    assert answer.status_code == 403


# -- the goal owners' verdicts ----------------------------------------------------------------


def default_year(url: str, municipality: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        year = load_plan_data(session, municipality=municipality).default_year()
    engine.dispose()
    return year


def public_verdict(url: str, municipality: str, goal_key: str):
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = load_plan_data(session, municipality=municipality)
        site = Site(data, assess(data), "/nb/")
        found = goal_verdict_view(session, site, goal_key)
    engine.dispose()
    return found


def test_verdicts_show_the_computed_one_and_only_the_editors_goals_are_editable(app, asker_url):
    year = default_year(asker_url, "3203")
    page = sign_in(app, "editor").get(f"/nb/edit/3203/verdicts?year={year}")
    assert page.status_code == 200
    fields = form_of(page.text)
    editable = {k.removeprefix("verdict:") for k in fields if k.startswith("verdict:")}
    assert editable == {"okonomi.0", "okonomi.1", "okonomi.2"}
    assert "Svak måloppnåelse" in page.text and "✖" in page.text  # words and symbol
    assert "kun lesing" in page.text and "Medarbeidere" in page.text


def test_a_changed_verdict_makes_one_draft_flags_the_disagreement_and_is_published(app, asker_url):
    year = default_year(asker_url, "3203")
    path = f"/nb/edit/3203/verdicts?year={year}"
    editor = sign_in(app, "editor")
    fields = form_of(editor.get(path).text)
    fields |= {"verdict:okonomi.1": "good", "reason:okonomi.1": "Fondet vokser raskt nå."}
    answer = editor.post("/nb/edit/3203/verdicts", data=fields, follow_redirects=False)
    assert answer.status_code == 303 and "saved=1" in answer.headers["location"]
    subject = f"goal_verdict:okonomi.1@{year}"
    (draft,) = drafts_of(asker_url, subject)
    assert draft.state == {"verdict": "good", "reason": "Fondet vokser raskt nå."}
    assert not drafts_of(asker_url, f"goal_verdict:okonomi.0@{year}")
    page = editor.get(path).text
    assert "Avviker fra beregnet" in page and "venter på godkjenning" in page

    assert public_verdict(asker_url, "3203", "okonomi.1") is None
    publish(app, asker_url, "3203", subject, sign_in(app, "approver"))
    shown = public_verdict(asker_url, "3203", "okonomi.1")
    assert shown.own is Attainment.GOOD and shown.disagrees
    assert shown.reason == "Fondet vokser raskt nå."


def test_a_verdict_without_a_reason_is_refused_naming_it(app, asker_url):
    year = default_year(asker_url, "3203")
    editor = sign_in(app, "editor")
    fields = form_of(editor.get(f"/nb/edit/3203/verdicts?year={year}").text)
    fields |= {"verdict:okonomi.2": "mixed", "reason:okonomi.2": " "}
    fields |= {"verdict:okonomi.0": "poor", "reason:okonomi.0": "Gyldig begrunnelse"}
    size = log_size(asker_url)
    answer = editor.post("/nb/edit/3203/verdicts", data=fields)
    assert answer.status_code == 422
    assert "(okonomi.2): Mangler «reason»" in answer.text
    assert log_size(asker_url) == size  # the valid one is not saved either
    assert not drafts_of(asker_url, f"goal_verdict:okonomi.0@{year}")


def test_a_scoped_editor_cannot_judge_another_focus_areas_goal(app, asker_url):
    year = default_year(asker_url, "3203")
    other = sign_in(app, "other_editor")
    page = other.get(f"/nb/edit/3203/verdicts?year={year}").text
    fields = {
        "csrf": csrf_of(page),
        "year": str(year),
        "verdict:okonomi.1": "poor",
        "reason:okonomi.1": "Kapret",
        "version:okonomi.1": "0",
    }
    size = log_size(asker_url)
    assert other.post("/nb/edit/3203/verdicts", data=fields).status_code == 403
    assert log_size(asker_url) == size


# -- the plan ------------------------------------------------------------------------------


def test_adding_a_goal_shows_an_empty_one_and_saves_nothing(app, asker_url):
    planner = sign_in(app, *PLANNER)
    page = planner.get(PLAN).text
    assert "Legg til delmål" in page and "FORSLAG" in page and "aldri" in page
    fields = form_of(page)
    area = next(
        k.split(".")[1] for k, v in fields.items() if k.endswith(".name") and v == "Økonomi"
    )
    goals = {k.split(".")[3] for k in fields if k.startswith(f"fa.{area}.g.")}
    size = log_size(asker_url)
    answer = planner.post(PLAN, data={**fields, "add": f"fa.{area}"})
    assert answer.status_code == 200 and log_size(asker_url) == size
    after = form_of(answer.text)
    new = f"fa.{area}.g.{len(goals)}"
    assert after[f"{new}.text"] == "" and after[f"{new}.refs"] == "" and 'id="added"' in answer.text


def test_a_plan_draft_becomes_the_proposal_never_the_adopted_version(app, asker_url):
    planner = sign_in(app, *PLANNER)
    fields = form_of(planner.get(PLAN).text)
    area = next(
        k.split(".")[1] for k, v in fields.items() if k.endswith(".name") and v == "Økonomi"
    )
    fields = form_of(planner.post(PLAN, data={**fields, "add": f"fa.{area}"}).text)
    new = max(
        (k.rsplit(".", 1)[0] for k in fields if re.fullmatch(rf"fa\.{area}\.g\.\d+\.text", k)),
        key=lambda p: int(p.split(".")[3]),
    )
    removed = fields["fa.0.g.0.s.0.text"]
    fields |= {
        f"{new}.text": "Asker kommune har trygge og grønne skoleveier.",
        f"{new}.refs": "11.7, 13.2",
        "fa.0.g.0.s.0.remove": "1",
        "action": "save",
    }
    answer = planner.post(PLAN, data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    (draft,) = drafts_of(asker_url, f"plan:{PLAN_TITLE}")
    assert draft.state["version"] == "proposal"
    okonomi = next(a for a in draft.state["focus_areas"] if a["name"] == "Økonomi")
    added = okonomi["goals"][-1]
    assert added["text"] == "Asker kommune har trygge og grønne skoleveier."
    assert added["refs"] == ["11.7", "13.2"] and added["id"].startswith("okonomi.")
    strategies = [s["text"] for s in draft.state["focus_areas"][0]["goals"][0]["strategies"]]
    assert removed not in strategies

    publish(app, asker_url, "3203", f"plan:{PLAN_TITLE}", sign_in(app, "approver"))
    version = (
        TestClient(app).get("/nb/plan/versions/proposal-kommuneplanens-samfunnsdel-2020-2032").text
    )
    assert "trygge og grønne skoleveier" in version
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        adopted = plan_repo.stored_version(session, "3203", PLAN_TITLE, VersionKind.ADOPTED)
        texts = [goal.text for _area, goal in adopted.goals()]
    engine.dispose()
    assert "Asker kommune har trygge og grønne skoleveier." not in texts


def test_a_bad_reference_is_refused_naming_the_goal(app, asker_url):
    planner = sign_in(app, *PLANNER)
    fields = form_of(planner.get(PLAN).text) | {"fa.1.g.0.refs": "99.99", "action": "save"}
    size = log_size(asker_url)
    answer = planner.post(PLAN, data=fields)
    assert answer.status_code == 422
    assert "Satsingsområde 2, delmål 1" in answer.text and "99.99" in answer.text
    assert 'value="99.99"' in answer.text
    assert log_size(asker_url) == size


def test_a_scoped_editor_sees_the_plan_but_cannot_save_it(app, asker_url):
    editor = sign_in(app, "editor")
    page = editor.get(PLAN).text
    assert "Legg til delmål" not in page and "readonly" in page
    fields = form_of(sign_in(app, *PLANNER).get(PLAN).text) | {"action": "save"}
    fields["fa.0.name"] = "Kapret"
    answer = editor.post(PLAN, data={**fields, "csrf": csrf_of(page)})
    assert answer.status_code == 403


# -- a small Oslo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oslo(tmp_path_factory):
    url = oslo_database(tmp_path_factory.mktemp("oslo-definitions"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        for name, role in (("oslo-ed", Role.EDITOR), ("oslo-ap", Role.APPROVER)):
            accounts.add_user(
                session, name=name, password=f"{name}-passord-1", role=role, who="test"
            )
    engine.dispose()
    return url, app_with_forms(url)


def test_oslo_indicator_form(oslo):
    url, app = oslo
    editor = sign_in(app, "oslo-ed", "oslo-ed-passord-1")
    path = "/nb/edit/0301/indicators/antall"
    fields = form_of(editor.get(path).text)
    assert fields["bands.desired.0.lower"] == "0" and fields["bands.desired.0.upper"] == "5"
    size = log_size(url)
    bad = editor.post(path, data=fields | {"bands.acceptable.0.upper": "åtte"})
    assert bad.status_code == 422 and "bands.acceptable[0]" in bad.text
    assert log_size(url) == size
    fields |= {"threshold.operator": "<", "threshold.value": "7", "unit": "stk"}
    assert editor.post(path, data=fields, follow_redirects=False).status_code == 303
    publish(app, url, "0301", "indicator:antall", sign_in(app, "oslo-ap", "oslo-ap-passord-1"))
    shown = TestClient(app).get("/api/v1/indicators/antall").json()
    assert shown["threshold"] == "< 7" and shown["unit"] == "stk"


def test_oslo_verdict_form(oslo):
    url, app = oslo
    editor = sign_in(app, "oslo-ed", "oslo-ed-passord-1")
    page = editor.get("/nb/edit/0301/verdicts").text
    fields = form_of(page)
    goals = [k.removeprefix("verdict:") for k in fields if k.startswith("verdict:")]
    assert len(goals) == 4  # a main goal and three sub-goals
    goal = goals[1]
    size = log_size(url)
    bad = editor.post("/nb/edit/0301/verdicts", data=fields | {f"verdict:{goal}": "great"})
    assert bad.status_code == 422 and "Ugyldig «verdict»: «great»" in bad.text
    assert log_size(url) == size
    fields |= {f"verdict:{goal}": "mixed", f"reason:{goal}": "Noe bedre enn i fjor"}
    answer = editor.post("/nb/edit/0301/verdicts", data=fields, follow_redirects=False)
    assert answer.status_code == 303
    year = int(fields["year"])
    publish(
        app,
        url,
        "0301",
        f"goal_verdict:{goal}@{year}",
        sign_in(app, "oslo-ap", "oslo-ap-passord-1"),
    )
    shown = public_verdict(url, "0301", goal)
    assert shown.own is Attainment.MIXED and shown.reason == "Noe bedre enn i fjor"
