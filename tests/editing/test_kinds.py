"""The editable kinds indicator, goal_verdict, thematic_plans and plan (issue 12) through the
editing services: load, change, save a draft, publish, read the stored data back; bad input
refused naming the field and value with nothing changed; history and revert; editors scoped
to another focus area refused. On the Asker example and on a small Oslo."""

import copy
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sdgplan import accounts, plan_data
from sdgplan.assessment.rollup import Attainment
from sdgplan.domain.indicators import ThematicPlan, ThematicPlanStatus
from sdgplan.domain.plan import VersionKind
from sdgplan.domain.rules import Target, Threshold, ValueRange
from sdgplan.domain.users import Role
from sdgplan.editing import drafts, history
from sdgplan.editing.subjects import Subject
from sdgplan.editing.verdicts import compare_verdicts
from sdgplan.errors import Forbidden, InvalidData, NotFound
from sdgplan.exporters.plan import plan_to_dict
from sdgplan.importers.indicators import read_indicators
from sdgplan.store import change_log, indicator_repo, plan_repo, user_repo, verdict_repo
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

PASSWORD = "passord-for-test-1"


@dataclass(frozen=True)
class Place:
    """A municipality of the tests and the objects edited there."""

    name: str
    number: str
    indicator: str
    goal: str  # a goal with a computed verdict
    focus_area: str  # the editor's scope: the goal's and the indicator's focus area
    other_focus_area: str
    plan: str
    year: int
    url: str = ""


PLACES = {
    "asker": Place(
        "asker",
        "3203",
        indicator="okonomi-disposisjonsfond",
        goal="okonomi.1",
        focus_area="okonomi",
        other_focus_area="god-helse",
        plan="Kommuneplanens samfunnsdel 2020-2032",
        year=2022,
    ),
    "oslo": Place(
        "oslo",
        "0301",
        indicator="andel",
        goal="fokus-1.1",
        focus_area="fokus-1",
        other_focus_area="fokus-2",
        plan="Kommuneplan 2020-2030",
        year=2022,
    ),
}


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> dict[str, str]:
    """A database file per municipality with its users, built once and copied per test."""
    built = {}
    for name, place in PLACES.items():
        folder = tmp_path_factory.mktemp(name)
        url = asker_database(folder) if name == "asker" else oslo_database(folder)
        with opened(url) as session:
            for user, role, scope in (
                ("editor", Role.EDITOR, [place.focus_area]),
                ("other", Role.EDITOR, [place.other_focus_area]),
                ("writer", Role.EDITOR, []),
                ("approver", Role.APPROVER, []),
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
        built[name] = url.removeprefix("sqlite:///")
    return built


@pytest.fixture(params=sorted(PLACES))
def place(request, databases, tmp_path) -> Place:
    copied = tmp_path / "db.sqlite"
    shutil.copy(databases[request.param], copied)
    return Place(**{**PLACES[request.param].__dict__, "url": f"sqlite:///{copied}"})


@contextmanager
def opened(url: str) -> Iterator[Session]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def user(session: Session, name: str):
    found = user_repo.find_user(session, name)
    assert found is not None
    return found


def save(place: Place, subject: str, change: Callable[[Any], Any], *, editor="editor"):
    """Save the editable state as changed by `change` as a draft; the state saved."""
    with opened(place.url) as session:
        current = drafts.editable(session, place.number, Subject.parse(subject))
        state = change(copy.deepcopy(current.state))
        drafts.save_draft(
            session,
            user(session, editor),
            place.number,
            Subject.parse(subject),
            state,
            version=current.version,
            reason="test",
        )
        return state


def publish(place: Place, subject: str) -> None:
    with opened(place.url) as session:
        current = drafts.editable(session, place.number, Subject.parse(subject))
        drafts.publish(
            session,
            user(session, "approver"),
            place.number,
            Subject.parse(subject),
            version=current.version,
        )


def edit(place: Place, subject: str, change: Callable[[Any], Any], *, editor="editor"):
    state = save(place, subject, change, editor=editor)
    publish(place, subject)
    return state


def published(place: Place, subject: str) -> Any:
    with opened(place.url) as session:
        return drafts.editable(session, place.number, Subject.parse(subject)).published


def log_of(place: Place, subject: str, entity: str) -> list[change_log.Change]:
    with opened(place.url) as session:
        return change_log.load_log(session, place.number, subject=subject, entity=entity)


def refused(place: Place, subject: str, state: Any, *, editor="editor") -> InvalidData:
    """The InvalidData of saving `state`, after checking that nothing was written."""
    with opened(place.url) as session:
        before = drafts.editable(session, place.number, Subject.parse(subject))
        entries = len(change_log.load_log(session, place.number, limit=None))
    with pytest.raises(InvalidData) as caught, opened(place.url) as session:
        drafts.save_draft(
            session,
            user(session, editor),
            place.number,
            Subject.parse(subject),
            state,
            version=before.version,
        )
    with opened(place.url) as session:
        after = drafts.editable(session, place.number, Subject.parse(subject))
        assert after.published == before.published
        assert (after.version, after.draft) == (before.version, before.draft)
        assert len(change_log.load_log(session, place.number, limit=None)) == entries
    return caught.value


def messages(error: InvalidData) -> list[str]:
    return [issue.message for issue in error.issues]


def revert_to(place: Place, subject: str, entry: int, *, editor="editor") -> None:
    with opened(place.url) as session:
        current = drafts.editable(session, place.number, Subject.parse(subject))
        history.revert(
            session,
            user(session, editor),
            place.number,
            Subject.parse(subject),
            entry=entry,
            version=current.version,
        )
    publish(place, subject)


def forbidden(place: Place, subject: str, editor: str) -> None:
    with opened(place.url) as session:
        current = drafts.editable(session, place.number, Subject.parse(subject))
        with pytest.raises(Forbidden):
            drafts.save_draft(
                session,
                user(session, editor),
                place.number,
                Subject.parse(subject),
                current.state,
                version=current.version,
            )


# -- indicator ---------------------------------------------------------------------------


def stored_indicator(place: Place):
    with opened(place.url) as session:
        found = plan_data.load_indicators(session, municipality=place.number).indicators
    return next(i for i in found if i.key == place.indicator)


def test_indicator_definition_is_edited_and_published(place):
    subject = f"indicator:{place.indicator}"
    before = stored_indicator(place)

    def change(state):
        state["name"] = "Nytt navn"
        state["threshold"] = {"operator": "<", "value": 12.5, "unit": "%", "upper": None}
        state["target"] = {"year": 2030, "value": "7,5"}
        state["bands"] = {"desired": ["1,30-1,69 %"], "acceptable": []}
        state["progress"] = {"base_year": 2018, "limit": 0.5}
        return state

    edit(place, subject, change)

    after = stored_indicator(place)
    assert after.name == "Nytt navn"
    assert after.threshold == Threshold("<", 12.5, "%")
    assert after.target == Target(2030, 7.5)
    assert after.bands.desired == (ValueRange(1.3, 1.69, "%"),)
    assert (after.progress.base_year, after.progress.limit) == (2018, 0.5)
    assert after.goals == before.goals and after.unit == before.unit
    [entry, *older] = log_of(place, subject, "indicator")
    assert entry.who == "editor" and "approver" in (entry.source or "")
    assert entry.new == published(place, subject)
    assert entry.new["threshold"] == {"operator": "<", "value": 12.5, "unit": "%", "upper": None}
    assert entry.new["target"]["value"] == 7.5
    assert entry.old["name"] == before.name
    assert older and older[-1].action == "import"  # the example's import


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("threshold", "=> 10", "threshold: «=> 10» er ikke en terskel"),
        ("direction", "up", "direction: Ugyldig «direction»: «up»; bruk higher, lower"),
        ("target", {"year": "20x0", "value": 5}, "target.year: «20x0» er ikke et årstall"),
        ("bands", {"desired": ["5-1"]}, "bands.desired[0]: «5-1» er ikke et intervall"),
        ("name", "", "name: Mangler «name»"),
        ("goals", ["finnes-ikke.9"], "goals[0]: Ukjent mål: 'finnes-ikke.9'"),
        ("colour", "blue", "Ukjent felt «colour»"),
    ],
)
def test_indicator_bad_values_are_refused_by_field_and_value(place, field, value, expected):
    subject = f"indicator:{place.indicator}"
    state = {**published(place, subject), field: value}
    error = refused(place, subject, state)
    assert any(m.startswith(expected) for m in messages(error)), messages(error)


def test_indicator_messages_are_those_of_an_indicator_file(place):
    subject = f"indicator:{place.indicator}"
    state = {**published(place, subject), "threshold": "=> 10"}
    error = refused(place, subject, state)
    text = f"indicators:\n  - key: {place.indicator}\n    name: X\n    threshold: '=> 10'\n"
    from_file = read_indicators(text, source="f.yaml", plan=None).issues
    assert messages(error) == [f"threshold: {from_file[0].message}"]


def test_indicator_history_and_revert(place):
    subject = f"indicator:{place.indicator}"
    original = stored_indicator(place)
    first = edit(place, subject, lambda s: {**s, "name": "Første", "scale": "1-5"})
    edit(place, subject, lambda s: {**s, "name": "Andre", "scale": None, "unit": "kr"})
    with opened(place.url) as session:
        changes = history.history(
            session, user(session, "editor"), place.number, Subject.parse(subject)
        )
    published_entries = [c for c in changes if c.entity == "indicator"]
    assert [c.new["name"] for c in published_entries[:2]] == ["Andre", "Første"]

    revert_to(place, subject, published_entries[1].id)
    reverted = stored_indicator(place)
    assert (reverted.name, str(reverted.scale), reverted.unit) == ("Første", "1-5", first["unit"])

    # the import's entry keeps fewer fields: those it has come back
    revert_to(place, subject, published_entries[-1].id)
    back = stored_indicator(place)
    assert (back.name, back.unit, back.threshold, back.goals) == (
        original.name,
        original.unit,
        original.threshold,
        original.goals,
    )
    assert back.scale is None


def test_indicator_editor_of_another_focus_area_is_forbidden(place):
    forbidden(place, f"indicator:{place.indicator}", "other")


def test_unknown_indicator_is_not_found(place):
    with opened(place.url) as session, pytest.raises(NotFound):
        drafts.editable(session, place.number, Subject.parse("indicator:finnes-ikke"))


# -- goal verdicts -----------------------------------------------------------------------


def test_goal_verdict_is_published_and_compared_with_the_computed_one(place):
    subject = f"goal_verdict:{place.goal}@{place.year}"
    assert published(place, subject) is None
    with opened(place.url) as session:
        data = plan_data.load_plan_data(session, municipality=place.number)
        computed = next(
            row.computed.attainment
            for row in compare_verdicts(session, data, plan_data.assess(data, year=place.year))
            if row.goal_key == place.goal
        )
    assert computed is not Attainment.NOT_ASSESSED
    other = next(a for a in (Attainment.GOOD, Attainment.POOR) if a is not computed)

    edit(place, subject, lambda _state: {"verdict": other.value, "reason": "  Egen grunn  "})

    with opened(place.url) as session:
        stored = verdict_repo.load_verdict(session, place.number, place.goal, place.year)
        data = plan_data.load_plan_data(session, municipality=place.number)
        rows = compare_verdicts(session, data, plan_data.assess(data, year=place.year))
        earlier = compare_verdicts(session, data, plan_data.assess(data, year=place.year - 1))
    assert stored == verdict_repo.GoalVerdict(place.goal, place.year, other.value, "Egen grunn")
    row = next(r for r in rows if r.goal_key == place.goal)
    assert (row.own, row.reason, row.disagrees, row.fills_gap) == (other, "Egen grunn", True, False)
    assert not any(r.own or r.disagrees for r in rows if r.goal_key != place.goal)
    assert not any(r.own for r in earlier)  # a verdict is of its year
    [entry] = log_of(place, subject, "goal_verdict")
    assert (entry.action, entry.old, entry.new) == (
        "add",
        None,
        {"verdict": other.value, "reason": "Egen grunn"},
    )


def test_goal_verdict_agreeing_is_not_flagged(place):
    with opened(place.url) as session:
        data = plan_data.load_plan_data(session, municipality=place.number)
        computed = next(
            r.computed.attainment
            for r in compare_verdicts(session, data, plan_data.assess(data, year=place.year))
            if r.goal_key == place.goal
        )
    edit(
        place,
        f"goal_verdict:{place.goal}@{place.year}",
        lambda _state: {"verdict": computed.value, "reason": "Enig"},
    )
    with opened(place.url) as session:
        data = plan_data.load_plan_data(session, municipality=place.number)
        rows = compare_verdicts(session, data, plan_data.assess(data, year=place.year))
    row = next(r for r in rows if r.goal_key == place.goal)
    assert row.own is computed and not row.disagrees


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"verdict": "excellent", "reason": "x"}, "Ugyldig «verdict»: «excellent»; bruk good"),
        ({"verdict": "good", "reason": " "}, "Mangler «reason»"),
        ({"verdict": "good", "reason": "x", "score": 1}, "Ukjent felt «score»"),
        ("good", "forventet et objekt"),
    ],
)
def test_goal_verdict_bad_values_are_refused(place, state, expected):
    error = refused(place, f"goal_verdict:{place.goal}@{place.year}", state)
    assert any(m.startswith(expected) for m in messages(error)), messages(error)


def test_goal_verdict_history_and_revert(place):
    subject = f"goal_verdict:{place.goal}@{place.year}"
    edit(place, subject, lambda _s: {"verdict": "good", "reason": "Først"})
    edit(place, subject, lambda _s: {"verdict": "poor", "reason": "Så"})
    entries = log_of(place, subject, "goal_verdict")
    assert [e.new["reason"] for e in entries] == ["Så", "Først"]
    revert_to(place, subject, entries[1].id)
    with opened(place.url) as session:
        stored = verdict_repo.load_verdict(session, place.number, place.goal, place.year)
    assert (stored.verdict, stored.reason) == ("good", "Først")

    edit(place, subject, lambda _s: None)  # the owner withdraws the verdict
    with opened(place.url) as session:
        assert verdict_repo.load_verdict(session, place.number, place.goal, place.year) is None
    latest = log_of(place, subject, "goal_verdict")[0]
    assert (latest.action, latest.old, latest.new) == (
        "delete",
        {"verdict": "good", "reason": "Først"},
        None,
    )


def test_goal_verdict_scope_and_unknown_goals(place):
    forbidden(place, f"goal_verdict:{place.goal}@{place.year}", "other")
    with opened(place.url) as session:
        for key in ("finnes-ikke.1@2022", f"{place.goal}@22", f"{place.goal}"):
            with pytest.raises(NotFound):
                drafts.editable(session, place.number, Subject.parse(f"goal_verdict:{key}"))


# -- thematic plans ----------------------------------------------------------------------

THEMATIC = "thematic_plans:thematic_plans"


def stored_thematic(place: Place) -> list[ThematicPlan]:
    with opened(place.url) as session:
        return indicator_repo.load_thematic_plans(session, place.number)


def test_thematic_plans_are_edited_as_a_list(place):
    before = stored_thematic(place)

    def change(state):
        state[0]["adopted"] = "2024-02-29"
        state.append({"name": "=Ny temaplan", "status": "planned", "planned": "Høst 2025"})
        return state

    edit(place, THEMATIC, change, editor="writer")

    after = stored_thematic(place)
    assert after[0].adopted == dt.date(2024, 2, 29) and after[0].name == before[0].name
    assert after[1:-1] == before[1:]
    assert after[-1] == ThematicPlan("=Ny temaplan", ThematicPlanStatus.PLANNED, None, "Høst 2025")
    [entry, *_older] = log_of(place, THEMATIC, "thematic_plans")
    assert entry.who == "writer" and entry.new == published(place, THEMATIC)
    assert entry.new[-1] == {
        "name": "=Ny temaplan",
        "status": "planned",
        "adopted": None,
        "planned": "Høst 2025",
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s[1].update(status="adopted", adopted="2023-13-01"),
            "[1].adopted: Ugyldig vedtaksdato «2023-13-01»; skriv ÅÅÅÅ-MM-DD",
        ),
        (lambda s: s[0].update(status="kanskje"), "[0].status: Ukjent status «kanskje»"),
        (lambda s: s.append(dict(s[0])), "[{n}].name: Temaplanen «{name}» står også"),
        (lambda s: s[0].update(name=None), "[0].name: Mangler navn"),
        (lambda s: s[0].update(adopted=20230101), "[0]: adopted: forventet tekst, ikke 20230101"),
    ],
)
def test_thematic_plans_bad_values_are_refused(place, change, expected):
    state = copy.deepcopy(published(place, THEMATIC))
    change(state)
    expected = expected.format(n=len(state) - 1, name=state[0]["name"])
    error = refused(place, THEMATIC, state, editor="writer")
    assert any(m.startswith(expected) for m in messages(error)), messages(error)


def test_thematic_plans_revert_to_the_import(place):
    before = stored_thematic(place)
    edit(place, THEMATIC, lambda s: s[:1], editor="writer")
    assert len(stored_thematic(place)) == 1
    entries = log_of(place, THEMATIC, "thematic_plans")
    assert [e.action for e in entries] == ["update", "import"]
    revert_to(place, THEMATIC, entries[-1].id, editor="writer")
    assert stored_thematic(place) == before


def test_thematic_plans_are_not_for_scoped_editors(place):
    forbidden(place, THEMATIC, "editor")


# -- plan --------------------------------------------------------------------------------


def stored_versions(place: Place):
    with opened(place.url) as session:
        return tuple(
            plan_repo.stored_version(session, place.number, place.plan, kind)
            for kind in VersionKind
        )


def test_plan_draft_becomes_the_proposal_and_never_the_adopted_version(place):
    subject = f"plan:{place.plan}"
    _proposal, adopted = stored_versions(place)
    start = published(place, subject)
    assert start["version"] == "proposal"

    def change(state):
        goal = state["focus_areas"][0]["goals"][0]
        goal["text"] = "Et nytt mål"
        goal["strategies"].append({"text": "En ny strategi", "refs": ["AK", "3.4"]})
        return state

    edit(place, subject, change, editor="writer")

    proposal, adopted_after = stored_versions(place)
    assert adopted_after == adopted
    goal = proposal.focus_areas[0].goals[0]
    assert goal.text == "Et nytt mål" and goal.key == start["focus_areas"][0]["goals"][0]["id"]
    assert goal.strategies[-1].text == "En ny strategi" and goal.strategies[-1].key
    [entry] = log_of(place, subject, "plan")
    assert entry.new == published(place, subject)
    assert entry.new["focus_areas"][0]["goals"][0]["text"] == "Et nytt mål"
    with opened(place.url) as session:
        items = change_log.load_log(session, place.number, entity="plan_item", limit=None)
    assert any(i.key == f"proposal/{goal.key}" and i.who == "writer" for i in items)


def test_plan_draft_marked_adopted_is_refused(place):
    subject = f"plan:{place.plan}"
    state = {**published(place, subject), "version": "adopted"}
    error = refused(place, subject, state, editor="writer")
    assert messages(error)[0].startswith("version: «adopted»: et utkast blir planforslaget")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s["focus_areas"][0]["goals"][0].update(refs=["99"]),
            "focus_areas[0].goals[0].refs",
        ),
        (
            lambda s: s["focus_areas"][1].update(name=s["focus_areas"][0]["name"]),
            "focus_areas[1]: Satsingsområdet",
        ),
        (
            lambda s: s["focus_areas"][0]["goals"][0].update(id="Ugyldig id"),
            "focus_areas[0].goals[0].id: Ugyldig id «Ugyldig id»",
        ),
        (
            lambda s: s["focus_areas"][0]["goals"][0].update(text=" "),
            "focus_areas[0].goals[0]: Mangler «text»",
        ),
        (lambda s: s.update(municipality="1234"), "municipality: Filen gjelder kommune 1234"),
        (lambda s: s.update(plan="En annen plan"), "plan: «En annen plan» er ikke denne planen"),
    ],
)
def test_plan_bad_drafts_are_refused_by_place(place, change, expected):
    subject = f"plan:{place.plan}"
    state = copy.deepcopy(published(place, subject))
    change(state)
    error = refused(place, subject, state, editor="writer")
    assert any(m.startswith(expected) for m in messages(error)), messages(error)


def test_plan_history_and_revert(place):
    subject = f"plan:{place.plan}"

    def retitled(text):
        def change(state):
            state["focus_areas"][0]["name"] = text
            return state

        return change

    edit(place, subject, retitled("Første navn"), editor="writer")
    edit(place, subject, retitled("Andre navn"), editor="writer")
    entries = log_of(place, subject, "plan")
    assert [e.new["focus_areas"][0]["name"] for e in entries] == ["Andre navn", "Første navn"]
    revert_to(place, subject, entries[1].id, editor="writer")
    proposal, _adopted = stored_versions(place)
    assert proposal.focus_areas[0].name == "Første navn"
    assert plan_to_dict_of(place, proposal) == entries[1].new


def plan_to_dict_of(place: Place, version):
    with opened(place.url) as session:
        plan, _version = plan_repo.load_plan_version(
            session, municipality=place.number, version=VersionKind.PROPOSAL
        )
    return plan_to_dict(plan, version)


def test_plan_is_not_for_scoped_editors(place):
    forbidden(place, f"plan:{place.plan}", "editor")


def test_plan_without_adopted_version_keeps_goals_indicators_measure(place):
    subject = f"plan:{place.plan}"
    edit(place, subject, lambda state: state, editor="writer")  # Oslo has no proposal yet
    with opened(place.url) as session:
        plan_repo.delete_plan_version(session, place.number, place.plan, VersionKind.ADOPTED)
    state = copy.deepcopy(published(place, subject))
    area = next(a for a in state["focus_areas"] if any(g["id"] == place.goal for g in a["goals"]))
    area["goals"] = [g for g in area["goals"] if g["id"] != place.goal]
    error = refused(place, subject, state, editor="writer")
    assert messages(error)[0].startswith("Planen mangler mål som indikatorer viser til")
    assert place.goal in messages(error)[0] and place.indicator in messages(error)[0]


def test_unknown_plan_is_not_found(place):
    with opened(place.url) as session, pytest.raises(NotFound):
        drafts.editable(session, place.number, Subject.parse("plan:Ingen slik plan"))


def test_a_scoped_editor_cannot_move_an_indicator_out_of_reach(place):
    subject = f"indicator:{place.indicator}"
    with opened(place.url) as session:
        _plan, version = plan_repo.load_plan_version(session, municipality=place.number)
        other = next(a for a in version.focus_areas if a.key == place.other_focus_area)
        elsewhere = other.goals[0].key
        current = drafts.editable(session, place.number, Subject.parse(subject))
        with pytest.raises(Forbidden):
            drafts.save_draft(
                session,
                user(session, "editor"),
                place.number,
                Subject.parse(subject),
                {**current.state, "goals": [elsewhere]},
                version=current.version,
            )
    edit(place, subject, lambda state: {**state, "goals": [elsewhere]}, editor="writer")
    assert [g.key for g in stored_indicator(place).goals] == [elsewhere]


def test_deleting_a_municipality_deletes_its_drafts_and_verdicts(place):
    from sqlalchemy import func, select

    from sdgplan import corrections
    from sdgplan.store.tables import DraftRow, GoalVerdictRow, ObjectVersionRow

    save(place, f"observations:{place.indicator}", lambda state: state)
    edit(
        place,
        f"goal_verdict:{place.goal}@{place.year}",
        lambda _state: {"verdict": "good", "reason": "Bra"},
    )
    with opened(place.url) as session:
        corrections.delete_municipality(session, municipality=place.number, who="test")
    with opened(place.url) as session:
        for table in (DraftRow, GoalVerdictRow, ObjectVersionRow):
            count = session.scalar(
                select(func.count()).where(table.municipality_number == place.number)
            )
            assert count == 0, table.__tablename__
