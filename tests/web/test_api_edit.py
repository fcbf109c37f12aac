"""The write API (/api/v1/edit, issue 12 item 8) on the Asker example and next to a small
Oslo: API tokens only, roles and scopes, drafts the public does not see until published,
versions by If-Match/ETag, the change log, revert, and two editors saving at the same moment
on SQLite and PostgreSQL."""

import datetime as dt
import shutil
import threading
import warnings
from functools import partial
from urllib.parse import quote

import pytest
from sqlalchemy import update

from sdgplan import accounts
from sdgplan.config import Settings
from sdgplan.domain.users import Role
from sdgplan.editing import drafts, tokens
from sdgplan.editing.subjects import Subject
from sdgplan.errors import VersionConflict
from sdgplan.store import change_log, user_repo
from sdgplan.store.db import make_engine, session_scope, upgrade
from sdgplan.store.tables import ApiTokenRow
from sdgplan.web.api_edit import edit_router
from sdgplan.web.app import create_app
from tests.reports.municipality import load_files, write_files
from tests.web.test_pages import add_asker, asker_database

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx
    from fastapi.testclient import TestClient

ASKER = "3203"
FUND = "okonomi-disposisjonsfond"
SUBJECT = f"/api/v1/edit/{ASKER}/subjects/observations:{FUND}"
PUBLIC = f"/api/v1/indicators/{FUND}/observations.json"
PEOPLE = {  # name: role, municipality, focus areas
    "ola": (Role.EDITOR, ASKER, ("okonomi",)),
    "eva": (Role.EDITOR, ASKER, ()),
    "per": (Role.EDITOR, ASKER, ("medarbeidere",)),
    "kari": (Role.APPROVER, ASKER, ()),
    "lise": (Role.READER, ASKER, ()),
}


def add_people(url: str, people=PEOPLE) -> dict[str, str]:
    """Users with a token each: name -> token."""
    engine = make_engine(url)
    made = {}
    with session_scope(engine) as session:
        for name, (role, municipality, scope) in people.items():
            user = accounts.add_user(
                session,
                name=name,
                password="et-langt-passord",
                role=role,
                municipality=municipality,
                scope=scope,
                who="test",
            )
            made[name] = tokens.create_token(session, user, label="test")[0]
    engine.dispose()
    return made


def edit_client(url: str) -> TestClient:
    """The application with the write API (included first, as create_app will)."""
    app = create_app(Settings(db=url))
    if TestClient(app).get(f"/api/v1/edit/{ASKER}/drafts").status_code == 404:  # not yet
        count = len(app.router.routes)
        app.include_router(edit_router(), prefix="/api/v1")
        added = app.router.routes[count:]
        del app.router.routes[count:]
        app.router.routes[0:0] = added
    return TestClient(app)


class Site:
    def __init__(self, url: str, tokens: dict[str, str], public: str = PUBLIC) -> None:
        self.url = url
        self.tokens = tokens
        self.client = edit_client(url)
        self.public_path = public

    def headers(self, name: str | None, version: int | None = None) -> dict[str, str]:
        found = {"Authorization": f"Bearer {self.tokens[name]}"} if name else {}
        if version is not None:
            found["If-Match"] = f'"v{version}"'
        return found

    def get(self, name, path=SUBJECT):
        return self.client.get(path, headers=self.headers(name))

    def put(self, name, state, version, path=SUBJECT, **body):
        return self.client.put(
            path, headers=self.headers(name, version), json={"state": state, **body}
        )

    def post(self, name, step, version, path=SUBJECT, **body):
        return self.client.post(
            f"{path}/{step}", headers=self.headers(name, version), json=body or None
        )

    def public(self, period="2022"):
        items = self.client.get(self.public_path).json()["items"]
        return next(i["value"] for i in items if i["period"] == period and i["area"] == ASKER)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The Asker example with the people and their tokens, copied for each test."""
    folder = tmp_path_factory.mktemp("edit-api")
    url = asker_database(folder)
    return folder / "asker.db", add_people(url)


@pytest.fixture
def site(template, tmp_path):
    path, made = template
    shutil.copy(path, tmp_path / "asker.db")
    return Site(f"sqlite:///{tmp_path / 'asker.db'}", made)


def changed(state, value, cell=f"{ASKER}/2022"):
    return {**state, cell: {**state[cell], "value": value}}


def ok(response, status=200):
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()


# -- tokens ------------------------------------------------------------------------------


def test_without_a_token_every_route_is_401_with_a_challenge(site):
    for method, path in [
        ("get", SUBJECT),
        ("put", SUBJECT),
        ("post", SUBJECT + "/publish"),
        ("post", SUBJECT + "/discard"),
        ("post", SUBJECT + "/revert"),
        ("get", SUBJECT + "/history"),
        ("get", f"/api/v1/edit/{ASKER}/drafts"),
    ]:
        response = site.client.request(method, path, json={"state": {}})
        assert ok(response, 401) == {
            "detail": "Oppgi en API-nøkkel: Authorization: Bearer sdgp_..."
        }, path
        assert response.headers["www-authenticate"] == 'Bearer realm="sdgplan"'
    wrong = site.client.get(SUBJECT, headers={"Authorization": "Bearer sdgp_nope"})
    assert ok(wrong, 401)["detail"] == "API-nøkkelen er ukjent, utløpt eller trukket tilbake"
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    basic = site.client.get(SUBJECT, headers={"Authorization": "Basic b2xhOnBhc3M="})
    assert basic.status_code == 401
    english = site.client.get(SUBJECT + "?lang=en")
    assert ok(english, 401)["detail"] == "Give an API token: Authorization: Bearer sdgp_..."


def test_a_revoked_token_is_401(site):
    assert ok(site.get("ola"))["version"] == 1
    engine = make_engine(site.url)
    with session_scope(engine) as session:
        (token,) = [t for t in tokens.list_tokens(session, user_repo.find_user(session, "ola"))]
        assert token.last_used_at is not None  # the GET committed its use
        tokens.revoke_token(session, user_repo.find_user(session, "ola"), token.id)
    engine.dispose()
    assert ok(site.get("ola"), 401)["detail"].startswith("API-nøkkelen er ukjent")


def test_an_expired_token_is_401(site):
    engine = make_engine(site.url)
    with session_scope(engine) as session:
        token, stored = tokens.create_token(
            session, user_repo.find_user(session, "eva"), label="kort", days=1
        )
    site.tokens["kort"] = token
    assert ok(site.get("kort"))["subject"] == f"observations:{FUND}"
    with session_scope(engine) as session:
        session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == stored.id)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    engine.dispose()
    assert ok(site.get("kort"), 401)["detail"].startswith("API-nøkkelen er ukjent")


def test_a_disabled_users_token_is_401(site):
    engine = make_engine(site.url)
    with session_scope(engine) as session:
        accounts.set_disabled(session, name="ola", disabled=True, who="test")
    engine.dispose()
    assert site.get("ola").status_code == 401


# -- roles -------------------------------------------------------------------------------


def test_a_reader_reads_but_cannot_save(site):
    current = ok(site.get("lise"))
    answer = site.put("lise", changed(current["state"], 1.0), current["version"])
    assert ok(answer, 403) == {"detail": "Rollen leser kan ikke gjøre dette her"}
    assert ok(site.get("lise", f"/api/v1/edit/{ASKER}/drafts")) == []
    assert ok(site.get("lise"))["version"] == current["version"]  # nothing was written


def test_an_editor_of_another_focus_area_cannot_save(site):
    current = ok(site.get("per"))
    assert current["focus_areas"] == ["okonomi"]
    answer = site.put("per", changed(current["state"], 1.0), current["version"])
    assert ok(answer, 403)["detail"] == "per kan bare endre innenfor satsingsområdene medarbeidere"
    own = f"/api/v1/edit/{ASKER}/subjects/observations:medarbeidere-sykefravaer"
    theirs = ok(site.get("per", own))
    assert theirs["focus_areas"] == ["medarbeidere"]
    cell = next(iter(theirs["state"]))
    saved = site.put("per", changed(theirs["state"], 5.5, cell), theirs["version"], own)
    assert ok(saved)["draft"]["author"] == "per"


def test_an_approver_publishes_but_does_not_save_and_an_editor_does_not_publish(site):
    current = ok(site.get("kari"))
    refused = site.put("kari", changed(current["state"], 1.0), current["version"])
    assert ok(refused, 403)["detail"] == "Rollen godkjenner kan ikke gjøre dette her"
    saved = ok(site.put("ola", changed(current["state"], 21.5), current["version"]))
    assert ok(site.post("ola", "publish", saved["version"]), 403)["detail"] == (
        "Rollen redaktør kan ikke gjøre dette her"
    )
    published = ok(site.post("kari", "publish", saved["version"]))
    assert published["draft"] is None and published["published"][f"{ASKER}/2022"]["value"] == 21.5


def test_a_user_of_another_municipality_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'both.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, write_files(tmp_path / "oslo"))
    engine.dispose()
    add_asker(url)
    site = Site(
        url,
        add_people(
            url,
            {
                "ola": PEOPLE["ola"],
                "kari": PEOPLE["kari"],
                "oda": (Role.EDITOR, "0301", ()),
                "osa": (Role.APPROVER, "0301", ()),
            },
        ),
        public=f"/api/v1/municipalities/{ASKER}/indicators/{FUND}/observations.json",
    )
    oslo = "/api/v1/edit/0301/subjects/observations:andel"
    current = ok(site.get("oda", oslo))
    assert current["municipality"] == "0301" and current["published"]["0301/2021"]["value"] == 11.0
    saved = ok(site.put("oda", changed(current["state"], 12.0, "0301/2021"), 1, oslo))
    assert ok(site.post("kari", "publish", saved["version"], oslo), 403)["detail"].startswith(
        "Rollen godkjenner"
    )
    assert ok(site.get("ola", oslo), 403)["detail"] == "Rollen redaktør kan ikke gjøre dette her"
    assert ok(site.get("oda"), 403)  # Asker's object
    ok(site.post("osa", "publish", saved["version"], oslo))
    items = site.client.get("/api/v1/observations?municipality=0301&indicator=andel").json()
    assert [i["value"] for i in items["items"] if i["area"] == "0301"] == [8.5, 12.0, None]
    assert site.public() == 14.8  # Asker's figures untouched


# -- drafts and versions -----------------------------------------------------------------


def test_a_draft_is_invisible_to_the_public_until_published(site):
    assert site.public() == 14.8
    current = ok(site.get("ola"))
    assert current["draft"] is None and current["state"] == current["published"]
    assert site.client.get(SUBJECT).headers.get("etag") is None  # no token, no answer

    response = site.put("ola", changed(current["state"], 25.0), 1, reason="Regnskap 2022")
    saved = ok(response)
    assert response.headers["etag"] == '"v2"' and saved["version"] == 2
    assert saved["draft"]["author"] == "ola" and saved["draft"]["reason"] == "Regnskap 2022"
    assert saved["state"][f"{ASKER}/2022"]["value"] == 25.0
    assert saved["published"][f"{ASKER}/2022"]["value"] == 14.8
    assert site.public() == 14.8
    (pending,) = ok(site.get("kari", f"/api/v1/edit/{ASKER}/drafts"))
    assert pending["subject"] == f"observations:{FUND}" and pending["author"] == "ola"

    published = site.post("kari", "publish", 2)
    assert ok(published)["version"] == 3 and published.headers["etag"] == '"v3"'
    assert site.public() == 25.0
    assert ok(site.get("kari", f"/api/v1/edit/{ASKER}/drafts")) == []


def test_an_author_withdraws_a_draft_and_another_editor_may_not(site):
    current = ok(site.get("ola"))
    saved = ok(site.put("ola", changed(current["state"], 30.0), current["version"]))
    refused = site.post("eva", "discard", saved["version"])
    assert ok(refused, 403)["detail"] == "Rollen redaktør kan ikke gjøre dette her"
    dropped = ok(site.post("ola", "discard", saved["version"]))
    assert dropped["draft"] is None and dropped["state"] == current["state"]
    assert ok(site.post("kari", "publish", dropped["version"]), 404)["detail"].endswith(
        "har ikke noe utkast"
    )
    assert site.public() == 14.8


def test_if_match_is_required_and_checked(site):
    current = ok(site.get("ola"))
    state = changed(current["state"], 16.0)
    missing = site.client.put(SUBJECT, headers=site.headers("ola"), json={"state": state})
    assert ok(missing, 428)["detail"].startswith("Oppgi versjonen endringen bygger på")
    for bad in ["v1", 'W/"v1"', '"1"', '"v1", "v2"', "*"]:
        headers = {**site.headers("ola"), "If-Match": bad}
        answer = site.client.put(SUBJECT, headers=headers, json={"state": state})
        assert ok(answer, 400)["detail"].startswith("Ugyldig If-Match"), bad
    assert ok(site.put("ola", state, 1))["version"] == 2

    stale = site.put("eva", changed(current["state"], 17.0), 1)
    conflict = ok(stale, 409)
    assert conflict["yours"] == 1 and conflict["current"] == 2
    assert conflict["state"] == state  # what is there now, to re-apply a change to
    assert "versjon 2, din var 1" in conflict["detail"]
    assert ok(site.post("kari", "publish", 1), 409)["current"] == 2
    assert ok(site.get("kari"))["draft"]["author"] == "ola"  # nothing changed by the refusals


def test_a_state_that_cannot_be_used_is_422_and_nothing_is_written(site):
    current = ok(site.get("ola"))
    bad = {**current["state"], "9999/2022": {"value": 1}, f"{ASKER}/x": {"value": "many"}}
    answer = ok(site.put("ola", bad, current["version"]), 422)
    assert answer["detail"] == f"observations:{FUND}: ingenting er lagret"
    messages = sorted(i["message"] for i in answer["issues"])
    assert messages == [f"{ASKER}/x: ugyldig periode 'x'", "9999/2022: ukjent område '9999'"]
    shape = site.client.put(SUBJECT, headers=site.headers("ola", 1), json={"value": 1})
    assert ok(shape, 422)["detail"][0]["loc"] == ["body", "state"]
    after = ok(site.get("ola"))
    assert after["version"] == current["version"] and after["draft"] is None
    assert ok(site.get("ola", SUBJECT + "/history"))[0]["action"] == "import"


def test_unknown_objects_and_municipalities_are_404(site):
    unknown = site.get("ola", f"/api/v1/edit/{ASKER}/subjects/observations:nope")
    assert ok(unknown, 404)["detail"] == "Ukjent indikator: 'nope'"
    kind = site.get("ola", f"/api/v1/edit/{ASKER}/subjects/nope:okonomi")
    assert ok(kind, 404)["detail"] == "Ukjent objekt: 'nope:okonomi'"
    assert site.get("ola", f"/api/v1/edit/9999/subjects/observations:{FUND}").status_code == 404
    wrong = site.client.delete(SUBJECT, headers=site.headers("ola"))
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET, PUT, HEAD"
    step = site.client.put(SUBJECT + "/history", headers=site.headers("ola", 1), json={})
    assert step.status_code == 405 and step.headers["allow"] == "GET, HEAD"


def test_a_narrative_label_with_spaces_and_parentheses_in_the_path(site):
    label = "Økonomi (2020-2023)"
    path = f"/api/v1/edit/{ASKER}/subjects/" + quote(f"narrative:{label}", safe=":")
    current = ok(site.get("ola", path))
    assert current["subject"] == f"narrative:{label}" and current["focus_areas"] == ["okonomi"]
    assert current["published"]["section"] == "Økonomi"
    assert "%28" in path and "%20" in path


def test_a_narrative_is_saved_and_published(site):
    path = f"/api/v1/edit/{ASKER}/subjects/" + quote("narrative:Økonomi (2020-2023)")
    current = ok(site.get("ola", path))
    state = {**current["state"], "markdown": "Ny tekst om **økonomi**."}
    saved = ok(site.put("ola", state, current["version"], path))
    published = ok(site.post("kari", "publish", saved["version"], path))
    # stored as a narrative file would be: ending with a line break
    assert published["published"]["markdown"] == "Ny tekst om **økonomi**.\n"


# -- the change log and revert ---------------------------------------------------------


def test_every_step_is_in_the_history_as_the_tokens_user(site):
    current = ok(site.get("ola"))
    saved = ok(site.put("ola", changed(current["state"], 19.5), 1, reason="Nytt tall"))
    ok(site.post("kari", "publish", saved["version"]))
    history = ok(site.get("lise", SUBJECT + "/history"))
    steps = [(c["who"], c["action"], c["entity"]) for c in history[:3]]
    assert steps == [
        ("kari", "publish", "draft"),
        ("ola", "update", "observation"),
        ("ola", "save", "draft"),
    ]
    change = history[1]
    assert change["key"] == f"{FUND}/{ASKER}/2022" and change["reason"] == "Nytt tall"
    assert (change["old"]["value"], change["new"]["value"]) == (14.8, 19.5)
    assert change["source"].endswith("publisert av kari")
    engine = make_engine(site.url)
    with session_scope(engine) as session:  # the same entries as the whole log holds
        logged = change_log.load_log(session, ASKER, subject=f"observations:{FUND}", limit=3)
    engine.dispose()
    assert [c.id for c in logged] == [c["id"] for c in history[:3]]


def test_revert_restores_an_earlier_state_as_a_draft(site):
    first = ok(site.get("ola"))
    imported = ok(site.get("ola", SUBJECT + "/history"))[0]["id"]
    saved = ok(site.put("ola", changed(first["state"], 40.0), 1))
    ok(site.post("kari", "publish", saved["version"]))
    assert site.public() == 40.0

    reverted = site.post("eva", "revert", 3, entry=imported)
    draft = ok(reverted)
    assert draft["state"] == first["published"] and draft["draft"]["author"] == "eva"
    assert draft["draft"]["reason"] == f"Tilbakestilt til endring {imported}"
    assert site.public() == 40.0
    ok(site.post("kari", "publish", draft["version"]))
    assert site.public() == 14.8
    assert ok(site.get("ola", SUBJECT + "/history"))[2]["action"] == "revert"
    other = ok(site.post("eva", "revert", 5, entry=1), 404)
    assert other["detail"] == "Endring 1 hører ikke til dette objektet"
    assert ok(site.post("eva", "revert", 5), 422)["detail"][0]["loc"] == ["body"]


# -- the OpenAPI document --------------------------------------------------------------


def test_the_openapi_document_describes_the_write_api(site):
    doc = site.client.get("/api/v1/openapi.json").json()
    base = "/api/v1/edit/{municipality}"
    subject = base + "/subjects/{subject}"
    methods = {
        base + "/drafts": {"get"},
        subject: {"get", "put"},
        subject + "/history": {"get"},
        subject + "/publish": {"post"},
        subject + "/discard": {"post"},
        subject + "/revert": {"post"},
    }
    assert {p: set(doc["paths"][p]) for p in methods} == methods
    scheme = doc["components"]["securitySchemes"]["token"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, verbs in methods.items():
        for verb in verbs:
            operation = doc["paths"][path][verb]
            assert operation["security"] == [{"token": []}]
            assert {"200", "401", "403", "404", "422"} <= set(operation["responses"]), path
            if verb != "get":
                assert {"409", "428"} <= set(operation["responses"]), path
                conflict = operation["responses"]["409"]["content"]["application/json"]
                assert conflict["schema"] == {"$ref": "#/components/schemas/VersionConflictOut"}
                headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
                assert headers == {"If-Match"}
    body = doc["paths"][subject]["put"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/DraftIn"}
    for path in methods:
        assert not any("security" in op for op in doc["paths"].get(path.replace("/edit", ""), {}))


def test_the_public_api_stays_open_and_cacheable(site):
    public = site.client.get(PUBLIC)
    assert public.status_code == 200 and public.headers["cache-control"].startswith("public")
    doc = site.client.get("/api/v1/openapi.json").json()
    assert "security" not in doc["paths"]["/api/v1/indicators/{key}/observations.json"]["get"]


# -- two editors at the same moment --------------------------------------------------


def test_two_editors_saving_at_the_same_moment(db_url):
    """Both send the version they read; exactly one is saved, the other gets 409 with the
    winner's state, and nothing is lost: re-applied on the current version it is saved."""
    add_asker(db_url)
    site = Site(db_url, add_people(db_url, {n: PEOPLE[n] for n in ("ola", "eva", "kari")}))
    with site.client:  # one event loop, requests from several threads
        for round_ in range(4):
            current = ok(site.get("kari"))
            version = current["version"]
            edits = {"ola": (f"{ASKER}/2022", 100.0 + round_), "eva": (f"{ASKER}/2021", 200.0)}
            states = {n: changed(current["state"], v, cell) for n, (cell, v) in edits.items()}
            answers = race(partial(put_each, site, states, version), list(states))
            assert sorted(a.status_code for a in answers.values()) == [200, 409], answers
            winner = next(n for n, a in answers.items() if a.status_code == 200)
            loser = next(n for n in answers if n != winner)

            stored = ok(site.get("kari"))
            assert stored["version"] == version + 1 and stored["state"] == states[winner]
            assert stored["draft"]["author"] == winner
            conflict = answers[loser].json()
            assert (conflict["yours"], conflict["current"]) == (version, version + 1)
            assert conflict["state"] == states[winner]

            cell, value = edits[loser]  # re-applied to what is there now
            again = ok(site.put(loser, changed(conflict["state"], value, cell), version + 1))
            assert again["state"] == changed(states[winner], value, cell)
            assert again["version"] == version + 2
        history = ok(site.get("kari", SUBJECT + "/history"))
        saves = [c for c in history if c["action"] == "save"]
        assert len(saves) == 8  # two a round: the winner's and the loser's re-applied one


# SQLite refuses the second writer at once (its deadlock rule): the web takes the write lock
# before reading instead (the test above)
@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_saves_that_both_read_first_on_postgresql(db_url):
    """The compare-and-set itself: both transactions have read version v before either
    writes; the second waits for the first's row lock and then finds v gone."""
    add_asker(db_url)
    add_people(db_url, {n: PEOPLE[n] for n in ("ola", "eva")})
    engine = make_engine(db_url)
    subject = Subject("observations", FUND)
    barrier = threading.Barrier(2)

    def save(name):
        with session_scope(engine) as session:
            current = drafts.editable(session, ASKER, subject)
            barrier.wait()
            user = user_repo.find_user(session, name)
            value = 1.0 if name == "ola" else 2.0
            drafts.save_draft(
                session,
                user,
                ASKER,
                subject,
                changed(current.state, value),
                version=current.version,
            )
            return value

    outcomes = race(save, ["ola", "eva"], errors=(VersionConflict,))
    kinds = sorted(type(o).__name__ for o in outcomes.values())
    assert kinds == ["VersionConflict", "float"], outcomes
    won = next(o for o in outcomes.values() if isinstance(o, float))
    with session_scope(engine) as session:
        stored = drafts.editable(session, ASKER, subject)
    engine.dispose()
    assert stored.version == 2 and stored.state[f"{ASKER}/2022"]["value"] == won


def put_each(site, states, version, name):
    return site.put(name, states[name], version)


def race(work, names, errors=()):
    """`work(name)` for each name in its own thread, started together: name -> result (or
    the error, of the kinds in `errors`)."""
    barrier = threading.Barrier(len(names))
    results = {}

    def run(name):
        barrier.wait()
        try:
            results[name] = work(name)
        except Exception as error:  # shown below, in the test's thread
            results[name] = error

    threads = [threading.Thread(target=run, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(results) == set(names), results
    for result in results.values():
        if isinstance(result, Exception) and not isinstance(result, errors):
            raise result
    return results
