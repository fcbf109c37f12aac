"""`benefits:KEY` (issue 15 on issue 12's editing): a benefit plan saved as a draft of the
whole plan, checked by the benefits file's reader (indicators against the stored ones),
published into the stored plan and logged as a file import is, replayed by the history
with the file import before it, and reverted. On Asker's example and on a small Oslo,
SQLite and PostgreSQL."""

import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from sdgplan import accounts
from sdgplan.benefits import import_benefit_file
from sdgplan.domain.users import Role
from sdgplan.editing import drafts, history
from sdgplan.editing.kinds.benefits import KIND, state_of
from sdgplan.editing.subjects import Subject
from sdgplan.errors import Forbidden, InvalidData, NotFound, VersionConflict
from sdgplan.importers.benefits_yaml import benefit_plan_yaml
from sdgplan.loading import load_example
from sdgplan.store import benefit_repo, change_log, edit_repo, org_repo, user_repo
from sdgplan.store.db import session_scope
from tests.reports.municipality import load_files, write_files

OSLO_BENEFITS = """format: sdgplan-benefits
format_version: 1
municipality: '0301'
key: gevinster
title: Gevinstplan for Oslo
baseline_year: 2020
target_year: 2022
areas:
- key: tjenester
  name: Tjenesteproduksjon
  benefits:
  - key: hoyere-andel
    text: Høyere andel
    indicator: andel
    expected: 12
  - key: lavere-antall
    text: Lavere antall
    indicator: antall
    expected: 5
"""


@dataclass(frozen=True)
class Place:
    number: str
    key: str  # the benefit plan's
    scope: str  # a focus area, for a scoped editor
    area: int  # the target area changed, by its place
    benefit: int  # the benefit changed in it, by its place
    indicator: str  # another indicator of the municipality


PLACES = {
    "asker": Place("3203", "gevinster-2019", "okonomi", 2, 0, "okonomi-netto-lanegjeld"),
    "oslo": Place("0301", "gevinster", "fokus-1", 0, 1, "andel"),
}


@pytest.fixture(params=sorted(PLACES))
def place(request, engine, tmp_path: Path) -> Place:
    chosen = PLACES[request.param]
    with session_scope(engine) as session:
        if request.param == "asker":
            load_example(session, "asker", who="test")
        else:
            load_files(session, write_files(tmp_path / "oslo"))
            path = tmp_path / "benefits.yaml"
            path.write_text(OSLO_BENEFITS, encoding="utf-8")
            import_benefit_file(session, path, municipality=chosen.number, who="test")
        for name, role, scope in (
            ("writer", Role.EDITOR, []),
            ("scoped", Role.EDITOR, [chosen.scope]),
            ("approver", Role.APPROVER, []),
            ("reader", Role.READER, []),
        ):
            accounts.add_user(
                session,
                name=name,
                password="passord-for-test-1",
                role=role,
                municipality=chosen.number,
                scope=scope,
                who="test",
            )
    return chosen


def subject(place: Place) -> Subject:
    return Subject("benefits", place.key)


def changed(session, place: Place, expected: str = "17,5") -> dict:
    """The published plan with one benefit's expected value and indicator changed."""
    state = copy.deepcopy(drafts.editable(session, place.number, subject(place)).state)
    benefit = state["areas"][place.area]["benefits"][place.benefit]
    benefit.update(expected=expected, indicator=place.indicator, expected_year=2025)
    return state


def save(engine, place: Place, state, who: str = "writer", version: int | None = None) -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, place.number, subject(place))
        drafts.save_draft(
            session,
            user_repo.find_user(session, who),
            place.number,
            subject(place),
            state,
            version=current.version if version is None else version,
            reason="Ny forventning",
        )


def publish(engine, place: Place) -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, place.number, subject(place))
        drafts.publish(
            session,
            user_repo.find_user(session, "approver"),
            place.number,
            subject(place),
            version=current.version,
        )


def test_a_changed_benefit_is_drafted_published_and_logged_as_an_import(engine, place):
    with session_scope(engine) as session:
        before = benefit_repo.load_benefit_plan(session, place.number, place.key)
        published = state_of(before, place.number)
        state = changed(session, place)
    save(engine, place, state)
    with session_scope(engine) as session:
        assert benefit_repo.load_benefit_plan(session, place.number, place.key) == before
        draft = edit_repo.open_draft(session, place.number, str(subject(place)))
        assert draft.author == "writer" and draft.base == published
        drafted = draft.state["areas"][place.area]["benefits"][place.benefit]
        assert drafted["expected"] == "17.5" and drafted["expected_year"] == 2025
    publish(engine, place)
    with session_scope(engine) as session:
        stored = benefit_repo.load_benefit_plan(session, place.number, place.key)
        benefit = stored.areas[place.area].benefits[place.benefit]
        assert (benefit.expected, benefit.indicator, benefit.expected_year) == (
            Decimal("17.5"),
            place.indicator,
            2025,
        )
        assert stored.title == before.title and len(stored.benefits) == len(before.benefits)
        entry = change_log.load_log(session, place.number, entity="benefit_plan", limit=1)[0]
        assert (entry.action, entry.key, entry.who) == ("import", place.key, "writer")
        assert entry.subject == f"benefits:{place.key}"
        assert entry.source.endswith("publisert av approver")
        assert entry.old == benefit_repo.plan_record(before)
        assert entry.new == benefit_repo.plan_record(stored)
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None


def test_bad_values_are_refused_naming_their_place_and_value(engine, place):
    with session_scope(engine) as session:
        state = changed(session, place, expected="mye")
        state["areas"][0]["benefits"][0]["indicator"] = "finnes-ikke"
        state["areas"][0]["name"] = " "
        state["target_year"] = "2019"
        owner = org_repo.find_organisation(session, place.number)
        logged = len(change_log.load_log(session, place.number, limit=None))
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, place.key, state)
    where = f"areas[{place.area}].benefits[{place.benefit}]"
    messages = [i.message for i in refused.value.issues]
    baseline = state["baseline_year"]
    assert messages == [
        f"target_year: Målåret 2019 må være etter nullpunktsåret {baseline}",
        "areas[0].name: Mangler «name»",
        "areas[0].benefits[0].indicator: Ukjent indikator «finnes-ikke»: kommunen har ingen "
        "indikator med den nøkkelen; importer indikatorene først",
        f"{where}.expected: «mye» er ikke et tall",
    ]
    assert refused.value.message == f"benefits:{place.key}: ingenting er lagret"
    with pytest.raises(InvalidData):
        save(engine, place, state)
    with session_scope(engine) as session:
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None
        assert len(change_log.load_log(session, place.number, limit=None)) == logged


def test_an_expected_value_needs_an_indicator(engine, place):
    with session_scope(engine) as session:
        state = changed(session, place)
        state["areas"][place.area]["benefits"][place.benefit]["indicator"] = None
        owner = org_repo.find_organisation(session, place.number)
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, place.key, state)
    assert [i.message for i in refused.value.issues] == [
        f"areas[{place.area}].benefits[{place.benefit}].expected: "
        "«expected» trenger en «indicator» å måle med"
    ]


def test_the_history_replays_with_the_file_import_and_a_revert_restores(engine, place):
    with session_scope(engine) as session:
        state = changed(session, place)
    save(engine, place, state)
    publish(engine, place)
    with session_scope(engine) as session:
        owner = org_repo.find_organisation(session, place.number)
        after_first = KIND.load(session, owner, place.key)
        second = copy.deepcopy(after_first)
        second["title"] = "Ny tittel"
        del second["areas"][place.area]["benefits"][place.benefit]
    save(engine, place, second)
    publish(engine, place)
    with session_scope(engine) as session:
        writer = user_repo.find_user(session, "writer")
        entries = history.history(session, writer, place.number, subject(place))
        imports = [e for e in entries if e.entity == "benefit_plan"]
        assert len(imports) == 3
        assert imports[-1].who == "test" and imports[-1].old is None  # the file, loaded first
        assert KIND.replay(list(reversed(entries))) == second
        first = history.state_after(entries, subject(place), imports[1].id)
        assert first == after_first
        current = drafts.editable(session, place.number, subject(place))
        history.revert(
            session,
            writer,
            place.number,
            subject(place),
            entry=imports[1].id,
            version=current.version,
        )
    publish(engine, place)
    with session_scope(engine) as session:
        stored = benefit_repo.load_benefit_plan(session, place.number, place.key)
        assert state_of(stored, place.number) == after_first


def test_a_file_imported_after_the_form_was_read_makes_saving_a_conflict(engine, place, tmp_path):
    with session_scope(engine) as session:
        version = drafts.editable(session, place.number, subject(place)).version
        state = changed(session, place)
        exported = benefit_repo.load_benefit_plan(session, place.number, place.key)
    path = tmp_path / "newer.yaml"
    text = benefit_plan_yaml(exported, municipality=place.number)
    path.write_text(text.replace(f"title: {exported.title}", "title: Fra fil"), encoding="utf-8")
    with session_scope(engine) as session:
        assert import_benefit_file(session, path, municipality=place.number, who="cli").changed
    with pytest.raises(VersionConflict):
        save(engine, place, state, version=version)


def test_scoped_editors_readers_and_approvers_may_not_save(engine, place):
    with session_scope(engine) as session:
        state = changed(session, place)
    for who, refusal in (
        ("scoped", "scoped kan bare endre innenfor satsingsområdene"),
        ("reader", "Rollen leser kan ikke gjøre dette her"),
        ("approver", "Rollen godkjenner kan ikke gjøre dette her"),
    ):
        with pytest.raises(Forbidden) as refused:
            save(engine, place, state, who=who)
        assert refusal in refused.value.message
    with session_scope(engine) as session:
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None


def test_a_plan_that_is_not_stored_is_not_editable(engine, place):
    with session_scope(engine) as session:
        with pytest.raises(NotFound) as refused:
            drafts.editable(session, place.number, Subject("benefits", "ny-plan"))
    assert refused.value.message == f"Fant ikke gevinstplanen «ny-plan» for {place.number}"
    assert "sdgplan benefits import" in refused.value.hint
