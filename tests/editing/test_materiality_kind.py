"""`materiality:CYCLE` (issue 15, item 2, on issue 12's editing): a cycle's scoring saved as a
draft of the whole, checked by the materiality file's reader (a score outside the scale named
by its place, scale and value), published into the stored scoring with the change log entry
of a file import, replayed by the history with the file imports, and reverted. On Asker's
example and on a small Oslo with a scoring of its own, SQLite and PostgreSQL."""

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

from sdgplan import accounts
from sdgplan.domain.users import Role
from sdgplan.editing import drafts, history
from sdgplan.editing.kinds.materiality import KIND, state_of
from sdgplan.editing.subjects import Subject
from sdgplan.errors import Forbidden, InvalidData, NotFound
from sdgplan.loading import load_example
from sdgplan.materiality import import_materiality_file, materiality_view
from sdgplan.store import change_log, edit_repo, materiality_repo, org_repo, user_repo
from sdgplan.store.db import session_scope
from tests.reports.municipality import load_files, write_files

OSLO_MATERIALITY = """format: sdgplan-materiality
format_version: 1
municipality: '0301'
cycle: '2024'
title: Vesentlighet 2024
scale: {min: 1, max: 5}
aggregation: median
scores:
  - {code: '3.4', scorer: Bydel, importance: 2, influence: 2}
  - {code: '3.4', scorer: Etat, importance: 1, influence: 3}
  - {code: '3.8', scorer: Bydel, importance: 4, influence: 4}
  - {code: '3.8', scorer: Etat, importance: 5, influence: 3}
  - {code: '11.3', scorer: Bydel, importance: 4, influence: 5}
  - {code: '11.3', scorer: Etat, importance: 4, influence: 4}
  - {code: '11.6', scorer: Bydel, importance: 5, influence: 4}
  - {code: '11.6', scorer: Etat, importance: 4, influence: 4}
"""


@dataclass(frozen=True)
class Place:
    number: str
    cycle: str
    scope: str  # a focus area, for a scoped editor
    scored: tuple[str, str]  # a code and one of its scorers
    low: str  # a code scored low, not prioritised


PLACES = {
    "asker": Place("3203", "2020-2032", "okonomi", ("11.7", "Verksted"), "14.2"),
    "oslo": Place("0301", "2024", "fokus-1", ("11.6", "Bydel"), "3.4"),
}


def import_oslo_scoring(session, folder: Path) -> None:
    path = folder / "materiality.yaml"
    path.write_text(OSLO_MATERIALITY, encoding="utf-8")
    import_materiality_file(session, path, municipality="0301", who="test")


@pytest.fixture(params=sorted(PLACES))
def place(request, engine, tmp_path: Path) -> Place:
    chosen = PLACES[request.param]
    with session_scope(engine) as session:
        if request.param == "asker":
            load_example(session, "asker", who="test")
        else:
            load_files(session, write_files(tmp_path / "oslo"))
            import_oslo_scoring(session, tmp_path)
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
    return Subject("materiality", place.cycle)


def published(session, place: Place) -> dict:
    return copy.deepcopy(drafts.editable(session, place.number, subject(place)).published)


def index_of(state: dict, code: str, scorer: str) -> int:
    return next(
        i for i, s in enumerate(state["scores"]) if (s["code"], s["scorer"]) == (code, scorer)
    )


def raised(state: dict, code: str) -> dict:
    """`state` with every scorer's score of `code` at the top of the scale."""
    changed = copy.deepcopy(state)
    for score in changed["scores"]:
        if score["code"] == code:
            score["importance"] = score["influence"] = "5"
    return changed


def save(engine, place: Place, state, who: str = "writer", reason: str = "Nytt verksted"):
    with session_scope(engine) as session:
        current = drafts.editable(session, place.number, subject(place))
        drafts.save_draft(
            session,
            user_repo.find_user(session, who),
            place.number,
            subject(place),
            state,
            version=current.version,
            reason=reason,
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


def prioritised(session, place: Place) -> list[str]:
    view = materiality_view(session, municipality=place.number, cycle=place.cycle)
    return [a.code for a in view.prioritised]


def test_the_state_is_the_stored_scoring_as_a_file_holds_it(engine, place):
    with session_scope(engine) as session:
        state = published(session, place)
        stored = materiality_repo.load_materiality(session, place.number, place.cycle)
        owner = org_repo.find_organisation(session, place.number)
        assert state == state_of(stored)
        assert state["scale"] == {"min": 1, "max": 5}
        assert {k: v for k, v in state.items() if k != "scores"}.keys() == {
            "cycle",
            "illustrative",
            "scale",
            "aggregation",
            "threshold",
        }
        code, scorer = place.scored
        assert state["scores"][index_of(state, code, scorer)] == {
            "key": f"{code}, {scorer}",
            "code": code,
            "scorer": scorer,
            "importance": next(
                s.importance for s in stored.scores if (s.code, s.scorer) == (code, scorer)
            ),
            "influence": next(
                s.influence for s in stored.scores if (s.code, s.scorer) == (code, scorer)
            ),
        }
        assert KIND.check(session, owner, place.cycle, state) == state
        typed = copy.deepcopy(state)
        typed["scores"].reverse()
        typed["scores"][0]["importance"] = "4,5"
        typed["scores"][1]["key"] = "ignored"
        checked = KIND.check(session, owner, place.cycle, typed)
        assert [s["code"] for s in checked["scores"]] == [s["code"] for s in state["scores"]]
        assert 4.5 in [s["importance"] for s in checked["scores"]]


def test_a_score_outside_the_scale_is_refused_with_its_place_and_nothing_is_saved(engine, place):
    code, scorer = place.scored
    with session_scope(engine) as session:
        state = published(session, place)
        index = index_of(state, code, scorer)
        state["scores"][index]["importance"] = "7"
        logged = len(change_log.load_log(session, place.number, limit=None))
    with pytest.raises(InvalidData) as refused:
        save(engine, place, state)
    assert [i.message for i in refused.value.issues] == [
        f"scores[{index}]: Viktighet 7 for {code} ({scorer}) er utenfor skalaen 1-5"
    ]
    with session_scope(engine) as session:
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None
        assert len(change_log.load_log(session, place.number, limit=None)) == logged


def test_other_problems_name_their_place(engine, place):
    code, scorer = place.scored
    with session_scope(engine) as session:
        owner = org_repo.find_organisation(session, place.number)
        state = published(session, place)
        narrower = {**copy.deepcopy(state), "scale": {"min": 1, "max": 4}, "threshold": 4.5}
        twice = copy.deepcopy(state)
        twice["scores"].append({"code": code, "scorer": scorer, "importance": 1, "influence": 1})
        cases = [
            (narrower, ["threshold: Terskelen 4,5 er utenfor skalaen 1-4"]),
            ({**state, "scale": {"min": 5, "max": 1}}, ["scale: Skalaen 5-1: minimum"]),
            ({**state, "aggregation": "mode"}, ["aggregation: Ugyldig «aggregation»: «mode»"]),
            ({**state, "scores": []}, ["scores: minst én vurdering trengs"]),
            ({**state, "cycle": "1999"}, ["cycle: «1999» er ikke denne planperioden"]),
            ({**state, "title": "Ny"}, ["title: planperiodens tittel endres ikke her"]),
            (
                twice,
                [
                    f"scores[{index_of(state, code, scorer)}]: {scorer} har vurdert {code} "
                    "mer enn én gang",
                    f"scores[{len(state['scores'])}]: {scorer} har vurdert {code} mer enn én gang",
                ],
            ),
        ]
        for wrong, expected in cases:
            with pytest.raises(InvalidData) as refused:
                KIND.check(session, owner, place.cycle, wrong)
            messages = [i.message for i in refused.value.issues]
            assert len(messages) == len(expected), messages
            for message, start in zip(messages, expected, strict=True):
                assert message.startswith(start), (message, start)
        state["scores"][0]["code"] = "99.9"
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, place.cycle, state)
        assert [i.message for i in refused.value.issues] == [
            "scores[0]: Ukjent mål eller delmål «99.9»"
        ]


def test_a_draft_is_published_logged_as_an_import_and_changes_the_priorities(engine, place):
    with session_scope(engine) as session:
        before = published(session, place)
        assert place.low not in prioritised(session, place)
    state = raised(before, place.low)
    save(engine, place, state)
    with session_scope(engine) as session:  # the public sees the published scoring
        assert place.low not in prioritised(session, place)
        draft = edit_repo.open_draft(session, place.number, str(subject(place)))
        assert draft.author == "writer" and draft.base == before
    publish(engine, place)
    with session_scope(engine) as session:
        assert place.low in prioritised(session, place)
        stored = materiality_repo.load_materiality(session, place.number, place.cycle)
        entry = change_log.load_log(session, place.number, entity="materiality", limit=1)[0]
        assert (entry.action, entry.key, entry.who) == ("import", place.cycle, "writer")
        assert entry.subject == f"materiality:{place.cycle}"
        assert entry.reason == "Nytt verksted"
        assert entry.source.endswith("publisert av approver")
        assert (
            KIND.replay([entry])
            == state_of(stored)
            == KIND.check(
                session, org_repo.find_organisation(session, place.number), place.cycle, state
            )
        )
        assert KIND.replay([entry, dataclasses.replace(entry, new=None)]) is None
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None


def test_the_history_replays_imports_and_edits_and_a_revert_restores(engine, place):
    with session_scope(engine) as session:
        first = raised(published(session, place), place.low)
    save(engine, place, first)
    publish(engine, place)
    with session_scope(engine) as session:
        after_first = published(session, place)
        second = {**copy.deepcopy(after_first), "threshold": 4, "illustrative": True}
    save(engine, place, second)
    publish(engine, place)
    with session_scope(engine) as session:
        writer = user_repo.find_user(session, "writer")
        entries = history.history(session, writer, place.number, subject(place))
        logged = [e for e in entries if e.entity == "materiality"]
        assert [e.who for e in logged] == ["writer", "writer", "test"]
        assert entries[-1].entity == "materiality"  # the file's import, in the history
        assert entries[-1].source.endswith(".yaml")
        after_second = published(session, place)
        assert after_second["threshold"] == 4 and after_second["illustrative"]
        assert KIND.replay(list(reversed(entries))) == after_second
        assert history.state_after(entries, subject(place), logged[1].id) == after_first
        current = drafts.editable(session, place.number, subject(place))
        history.revert(
            session,
            writer,
            place.number,
            subject(place),
            entry=logged[1].id,
            version=current.version,
        )
    publish(engine, place)
    with session_scope(engine) as session:
        assert published(session, place) == after_first


def test_scoped_editors_readers_and_approvers_may_not_save(engine, place):
    with session_scope(engine) as session:
        state = raised(published(session, place), place.low)
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


def test_a_cycle_without_a_scoring_is_not_editable(engine, place):
    with session_scope(engine) as session:
        name = org_repo.find_organisation(session, place.number).name
        with pytest.raises(NotFound) as missing:
            drafts.editable(session, place.number, Subject("materiality", "1999"))
        assert missing.value.message == (
            f"{name} har ingen vesentlighetsvurdering for planperioden «1999»"
        )
        assert "sdgplan materiality import" in missing.value.hint
        with pytest.raises(NotFound) as unknown:
            drafts.editable(session, place.number, Subject("materiality", "Ikke/en nøkkel"))
        assert unknown.value.message.startswith("Ukjent objekt:")
