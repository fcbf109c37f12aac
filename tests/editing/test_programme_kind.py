"""`programme:PERIOD` (issue 14 on issue 12's editing): an amendment set saved as a draft of
the whole programme, checked by the programme file's reader, refused out of balance with the
year's deficit, published into the stored programme with its change log entry, replayed by
the history and reverted. On Asker's example and on a small Oslo, SQLite and PostgreSQL."""

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest

from sdgplan import accounts
from sdgplan.domain.programme import ChangeAction
from sdgplan.domain.users import Role
from sdgplan.editing import drafts, history
from sdgplan.editing.kinds.programme import KIND, state_of
from sdgplan.editing.subjects import Subject
from sdgplan.errors import Forbidden, InvalidData, NotFound
from sdgplan.loading import load_example
from sdgplan.programme import compare, import_programme
from sdgplan.store import change_log, edit_repo, org_repo, programme_repo, user_repo
from sdgplan.store.db import session_scope
from tests.reports.municipality import load_files, write_files

OSLO_PROGRAMME = """format: sdgplan-programme
municipality: '0301'
period: 2025-2026
unit: 1000 kr
service_areas:
- key: skole
  name: Skole
  frames: {2025: 1000, 2026: 1000}
versions:
- key: forslag
  kind: proposal
  measures:
  - key: lesing
    text: Lesesatsing
    kind: new
    service_area: skole
    goals: [fokus-1.1]
    amounts: {2025: 100, 2026: 100}
"""


@dataclass(frozen=True)
class Place:
    number: str
    period: str
    area: str  # a service area
    goal: str  # a goal of the plan
    scope: str  # a focus area, for a scoped editor
    amount: int  # what the new measure costs a year, in kroner
    deficit_2026: str  # the deficit when the measure costs 1.5 times as much in 2026


PLACES = {
    "asker": Place(
        "3203", "2024-2027", "samfunnstjenester", "okonomi.1", "okonomi", 10_000_000, "-5 mill. kr"
    ),
    "oslo": Place("0301", "2025-2026", "skole", "fokus-2.1", "fokus-1", 40_000, "-20 000 kr"),
}


def amendment(place: Place, cost_2026: int) -> dict:
    """A party's amendment set: a new measure, paid for by selling property."""
    years = [str(y) for y in range(int(place.period[:4]), int(place.period[5:]) + 1)]
    cost = {y: cost_2026 if y == "2026" else place.amount for y in years}
    return {
        "key": "FrP",
        "kind": "amendment",
        "party": "FrP",
        "base": "forslag",
        "date": "2023-11-10",
        "changes": [
            {
                "add": {
                    "key": "frp-vei",
                    "text": "Mer veivedlikehold",
                    "kind": "new",
                    "service_area": place.area,
                    "goals": [place.goal],
                    "amounts": cost,
                }
            }
        ],
        "financing": [
            {
                "key": "frp-salg",
                "text": "Salg av eiendom",
                "amounts": dict.fromkeys(years, place.amount),
            }
        ],
    }


@pytest.fixture(params=sorted(PLACES))
def place(request, engine, tmp_path: Path) -> Place:
    chosen = PLACES[request.param]
    with session_scope(engine) as session:
        if request.param == "asker":
            load_example(session, "asker", who="test")
        else:
            load_files(session, write_files(tmp_path / "oslo"))
            path = tmp_path / "programme.yaml"
            path.write_text(OSLO_PROGRAMME, encoding="utf-8")
            import_programme(session, path, municipality=chosen.number, who="test")
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
    return Subject("programme", place.period)


def with_amendment(session, place: Place, cost_2026: int) -> dict:
    state = copy.deepcopy(drafts.editable(session, place.number, subject(place)).state)
    state["versions"].append(amendment(place, cost_2026))
    return state


def save(engine, place: Place, state, who: str = "writer") -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, place.number, subject(place))
        drafts.save_draft(
            session,
            user_repo.find_user(session, who),
            place.number,
            subject(place),
            state,
            version=current.version,
            reason="Endringsforslag",
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


def test_a_balanced_amendment_is_drafted_published_logged_and_compared(engine, place):
    with session_scope(engine) as session:
        published = KIND.load(
            session, org_repo.find_organisation(session, place.number), place.period
        )
        state = with_amendment(session, place, place.amount)
    save(engine, place, state)
    with session_scope(engine) as session:
        stored = programme_repo.load_programme(session, place.number, place.period)
        assert [v.key for v in stored.versions] == [v["key"] for v in published["versions"]]
        draft = edit_repo.open_draft(session, place.number, str(subject(place)))
        assert draft.author == "writer" and draft.base == published
        assert draft.state["versions"][-1]["changes"][0]["add"]["key"] == "frp-vei"
    publish(engine, place)
    with session_scope(engine) as session:
        stored = programme_repo.load_programme(session, place.number, place.period)
        assert stored.versions[-1].key == "FrP"
        comparison = compare(session, stored, "FrP", "forslag")
        assert [(d.action, d.measure.key) for d in comparison.measures] == [
            (ChangeAction.ADD, "frp-vei")
        ]
        assert set(comparison.cost.values()) == {place.amount}
        entry = change_log.load_log(session, place.number, entity="programme", limit=1)[0]
        assert (entry.action, entry.key, entry.who) == ("update", place.period, "writer")
        assert entry.subject == f"programme:{place.period}" and entry.reason == "Endringsforslag"
        assert entry.source.endswith("publisert av approver")
        assert entry.old == published and entry.new == state_of(stored)
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None


def test_an_amendment_out_of_balance_in_2026_is_refused_with_that_years_deficit(engine, place):
    with session_scope(engine) as session:
        state = with_amendment(session, place, place.amount * 3 // 2)
        logged = len(change_log.load_log(session, place.number, limit=None))
        index = len(state["versions"]) - 1
    with pytest.raises(InvalidData) as refused:
        save(engine, place, state)
    assert [i.message for i in refused.value.issues] == [
        f"versions[{index}]: Endringsforslaget fra FrP er ikke i balanse: "
        f"2026: {place.deficit_2026}"
    ]
    with session_scope(engine) as session:
        assert edit_repo.open_draft(session, place.number, str(subject(place))) is None
        assert len(change_log.load_log(session, place.number, limit=None)) == logged


def test_other_problems_read_as_in_a_file_naming_their_place(engine, place):
    with session_scope(engine) as session:
        state = with_amendment(session, place, place.amount)
        state["versions"][-1]["changes"][0]["add"]["goals"] = ["ingen-slik"]
        state["versions"][-1]["changes"].append({"change": "finnes-ikke", "amounts": {}})
        owner = org_repo.find_organisation(session, place.number)
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, place.period, state)
    index = len(state["versions"]) - 1
    messages = [i.message for i in refused.value.issues]
    assert messages[0] == (
        f"versions[{index}].changes[0].add.goals[0]: Ukjent mål eller strategi «ingen-slik»: "
        "ikke i den lagrede planen"
    )
    assert messages[1].startswith(
        f"versions[{index}].changes[1].change: Ukjent «change»: «finnes-ikke»; kjente: "
    )


def test_the_history_replays_and_a_revert_restores_an_earlier_programme(engine, place):
    with session_scope(engine) as session:
        state = with_amendment(session, place, place.amount)
    save(engine, place, state)
    publish(engine, place)
    with session_scope(engine) as session:
        after_first = KIND.load(
            session, org_repo.find_organisation(session, place.number), place.period
        )
        second = copy.deepcopy(after_first)
        second["versions"][-1]["party"] = "Frp og KrF"
    save(engine, place, second)
    publish(engine, place)
    with session_scope(engine) as session:
        writer = user_repo.find_user(session, "writer")
        entries = history.history(session, writer, place.number, subject(place))
        updates = [e for e in entries if e.entity == "programme" and e.action == "update"]
        assert len(updates) == 2
        assert entries[-1].action == "import"  # the file the example loaded, in the history
        assert KIND.replay(list(reversed(entries))) == second == updates[0].new
        current = drafts.editable(session, place.number, subject(place))
        history.revert(
            session,
            writer,
            place.number,
            subject(place),
            entry=updates[1].id,
            version=current.version,
        )
    publish(engine, place)
    with session_scope(engine) as session:
        stored = programme_repo.load_programme(session, place.number, place.period)
        assert stored.version("FrP").party == "FrP"
        assert state_of(stored) == after_first


def test_scoped_editors_readers_and_approvers_may_not_save(engine, place):
    with session_scope(engine) as session:
        state = with_amendment(session, place, place.amount)
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


def test_a_period_without_a_programme_is_not_editable(engine, place):
    with session_scope(engine) as session:
        for key in ("1999-2002", "tull"):
            with pytest.raises(NotFound):
                drafts.editable(session, place.number, Subject("programme", key))
