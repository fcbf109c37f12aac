"""`method:CYCLE` (issue 15, item 1, on issue 12's editing): the method table saved as a draft
of the whole table, checked by the method file's reader (a bad SDG or target refused with its
place), published into the stored table with the change log entry `sdgplan method import`
writes, replayed by the history and reverted. On Asker's example and on a small Oslo, SQLite
and PostgreSQL."""

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest

from sdgplan import accounts
from sdgplan.domain.method import table_data
from sdgplan.domain.users import Role
from sdgplan.editing import drafts, history
from sdgplan.editing.kinds.method import KIND, state_of
from sdgplan.editing.subjects import Subject
from sdgplan.errors import Forbidden, InvalidData, NotFound, OutdatedDraft
from sdgplan.exporters.method import method_yaml
from sdgplan.loading import load_example
from sdgplan.materiality import import_materiality_file
from sdgplan.method_tool import import_method
from sdgplan.store import (
    change_log,
    edit_repo,
    materiality_repo,
    method_repo,
    org_repo,
    user_repo,
)
from sdgplan.store.db import session_scope
from tests.reports.municipality import load_files, write_files

CYCLE = "2020-2032"
OSLO_METHOD = """format: sdgplan-method
format_version: 1
municipality: '0301'
cycle: 2020-2032
title: Metodeverktøy for Oslo
materiality: {scale_min: 1, scale_max: 5, aggregation: median, priority_threshold: 4}
level_1:
  - {goal: 3, significance: Helse for alle, targets: '3.4, 3.9a', plan_keys: [fokus-1.0]}
level_2:
  - {target: 3.4, opportunities: Mange frivillige, challenges: Lange køer}
"""


@dataclass(frozen=True)
class Place:
    number: str
    plan_key: str  # a goal of the stored plan
    scope: str  # a focus area, for a scoped editor


PLACES = {
    "asker": Place("3203", "god-helse.0", "god-helse"),
    "oslo": Place("0301", "fokus-1.1", "fokus-1"),
}


def add_oslo_method(session, folder: Path) -> None:
    path = folder / "method.yaml"
    path.write_text(OSLO_METHOD, encoding="utf-8")
    import_method(session, path, municipality="0301", who="test")


@pytest.fixture(params=sorted(PLACES))
def place(request, engine, tmp_path: Path) -> Place:
    chosen = PLACES[request.param]
    with session_scope(engine) as session:
        if request.param == "asker":
            load_example(session, "asker", who="test")
        else:
            load_files(session, write_files(tmp_path / "oslo"))
            add_oslo_method(session, tmp_path)
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


SUBJECT = Subject("method", CYCLE)


def published(session, place: Place) -> dict:
    return KIND.load(session, org_repo.find_organisation(session, place.number), CYCLE)


def with_level_2(session, place: Place) -> dict:
    """The published table with a new level-2 row for 11.7 (a slide's letter target on
    level 1's first row is already read as the catalogue's)."""
    state = copy.deepcopy(drafts.editable(session, place.number, SUBJECT).state)
    state.setdefault("level_2", []).append(
        {
            "target": "11.7",
            "opportunities": "Parker i alle bydeler",
            "challenges": "Lite areal",
            "plan_keys": [place.plan_key],
        }
    )
    return state


def save(engine, place: Place, state, who: str = "writer", reason: str = "Nivå 2") -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, place.number, SUBJECT)
        drafts.save_draft(
            session,
            user_repo.find_user(session, who),
            place.number,
            SUBJECT,
            state,
            version=current.version,
            reason=reason,
        )


def publish(engine, place: Place) -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, place.number, SUBJECT)
        drafts.publish(
            session,
            user_repo.find_user(session, "approver"),
            place.number,
            SUBJECT,
            version=current.version,
        )


def test_a_row_is_drafted_published_and_logged_as_an_import_is(engine, place):
    with session_scope(engine) as session:
        before = published(session, place)
        state = with_level_2(session, place)
        logged = len(change_log.load_log(session, place.number, entity="method", limit=None))
    save(engine, place, state)
    with session_scope(engine) as session:
        assert published(session, place) == before  # the public still sees the published
        draft = edit_repo.open_draft(session, place.number, str(SUBJECT))
        assert draft.author == "writer" and draft.base == before
        assert draft.state["level_2"][-1]["target"] == "11.7"
    publish(engine, place)
    with session_scope(engine) as session:
        table = method_repo.load_method(session, place.number, CYCLE)
        row = table.level(2)[-1]
        assert (row.target, row.sdg_goal, row.text("opportunities")) == (
            "11.7",
            11,
            "Parker i alle bydeler",
        )
        assert row.plan_keys == (place.plan_key,)
        assert table.cycle == method_repo.load_method(session, place.number, CYCLE).cycle
        entries = change_log.load_log(session, place.number, entity="method", limit=None)
        assert len(entries) == logged + 1
        entry = entries[0]
        assert (entry.action, entry.key, entry.who) == ("replace", CYCLE, "writer")
        assert entry.subject == f"method:{CYCLE}" and entry.reason == "Nivå 2"
        assert entry.source.endswith("publisert av approver")
        # logged as an import logs it: the whole table, its materiality settings too
        assert entry.old["level_1"] == before["level_1"] and entry.new == table_data(table)
        assert KIND.replay([entry]) == state_of(table) == published(session, place)
        assert edit_repo.open_draft(session, place.number, str(SUBJECT)) is None


def test_the_materiality_settings_and_scores_stay_and_are_not_edited_here(engine, place, tmp_path):
    scores = tmp_path / "scores.csv"
    scores.write_text("code;scorer;importance;influence\n11.7;Verksted;5;4\n", encoding="utf-8")
    with session_scope(engine) as session:
        import_materiality_file(session, scores, municipality=place.number, cycle=CYCLE, who="t")
        cycle = method_repo.load_method(session, place.number, CYCLE).cycle
        state = with_level_2(session, place)
    assert "materiality" not in state  # kept as a file without it keeps them
    save(engine, place, state)
    publish(engine, place)
    with session_scope(engine) as session:
        assert method_repo.load_method(session, place.number, CYCLE).cycle == cycle
        stored = materiality_repo.load_materiality(session, place.number, CYCLE)
        assert [(s.code, s.scorer) for s in stored.scores] == [("11.7", "Verksted")]
        owner = org_repo.find_organisation(session, place.number)
        scale = {**state, "materiality": {"scale_min": 0, "scale_max": 10}}
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, CYCLE, scale)
    assert [i.message for i in refused.value.issues] == [
        "materiality: skalaen, sammenstillingen og terskelen endres i vesentlighetsvurderingen, "
        "ikke i metodetabellen"
    ]


def test_a_bad_sdg_and_target_are_refused_with_their_place(engine, place):
    with session_scope(engine) as session:
        state = with_level_2(session, place)
        state["level_1"][0]["goal"] = "18"
        state["level_2"][-1]["target"] = "11.99"
        state["level_2"][-1]["plan_keys"] = ["ingen-slik"]
        index = len(state["level_2"]) - 1
        logged = len(change_log.load_log(session, place.number, limit=None))
        owner = org_repo.find_organisation(session, place.number)
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, CYCLE, state)
    assert [i.message for i in refused.value.issues] == [
        "level_1[0].goal: «18» er ikke et bærekraftsmål (1-17)",
        f"level_2[{index}].plan_keys[0]: Planen har ikke noe mål eller strategi med "
        "nøkkelen «ingen-slik»",
        f"level_2[{index}].target: «11.99» er ikke et delmål i FNs liste",
    ]
    with pytest.raises(InvalidData):
        save(engine, place, state)
    with session_scope(engine) as session:
        assert edit_repo.open_draft(session, place.number, str(SUBJECT)) is None
        assert len(change_log.load_log(session, place.number, limit=None)) == logged


def test_a_table_without_rows_or_of_another_cycle_is_refused(engine, place):
    with session_scope(engine) as session:
        owner = org_repo.find_organisation(session, place.number)
        state = published(session, place)
        for level in (1, 2, 3):
            state.pop(f"level_{level}", None)
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, CYCLE, state)
        assert "Tabellen må ha minst én rad" in refused.value.issues[0].message
        other = {**published(session, place), "cycle": "2024-2036"}
        with pytest.raises(InvalidData) as refused:
            KIND.check(session, owner, CYCLE, other)
        assert refused.value.issues[0].message == (
            "cycle: «2024-2036» er ikke denne tabellens syklus (2020-2032)"
        )


def test_the_history_replays_and_a_revert_restores_an_earlier_table(engine, place):
    with session_scope(engine) as session:
        state = with_level_2(session, place)
    save(engine, place, state)
    publish(engine, place)
    with session_scope(engine) as session:
        after_first = published(session, place)
        second = copy.deepcopy(after_first)
        second["level_2"][-1]["challenges"] = "Lite areal og dyre tomter"
    save(engine, place, second, reason="Mer presist")
    publish(engine, place)
    with session_scope(engine) as session:
        writer = user_repo.find_user(session, "writer")
        entries = history.history(session, writer, place.number, SUBJECT)
        replaced = [e for e in entries if e.entity == "method"]
        assert [e.reason for e in replaced[:2]] == ["Mer presist", "Nivå 2"]
        assert KIND.replay(list(reversed(entries))) == second == KIND.replay(replaced[:1])
        current = drafts.editable(session, place.number, SUBJECT)
        history.revert(
            session, writer, place.number, SUBJECT, entry=replaced[1].id, version=current.version
        )
    publish(engine, place)
    with session_scope(engine) as session:
        assert published(session, place) == after_first
        row = method_repo.load_method(session, place.number, CYCLE).level(2)[-1]
        assert row.text("challenges") == "Lite areal"


def test_an_import_after_a_draft_makes_it_outdated(engine, place, tmp_path):
    with session_scope(engine) as session:
        state = with_level_2(session, place)
        table = method_repo.load_method(session, place.number, CYCLE)
    save(engine, place, state)
    path = tmp_path / "changed.yaml"
    path.write_text(method_yaml(table).replace(table.cycle.title, "Ny tittel"), encoding="utf-8")
    with session_scope(engine) as session:
        import_method(session, path, municipality=place.number, who="cli")
    with session_scope(engine) as session:
        assert drafts.editable(session, place.number, SUBJECT).outdated
    with pytest.raises(OutdatedDraft, match="det publiserte er endret"):
        publish(engine, place)


def test_scoped_editors_readers_and_approvers_may_not_save(engine, place):
    with session_scope(engine) as session:
        state = with_level_2(session, place)
        owner = org_repo.find_organisation(session, place.number)
        assert KIND.focus_areas(session, owner, CYCLE) is None
    for who, refusal in (
        ("scoped", "scoped kan bare endre innenfor satsingsområdene"),
        ("reader", "Rollen leser kan ikke gjøre dette her"),
        ("approver", "Rollen godkjenner kan ikke gjøre dette her"),
    ):
        with pytest.raises(Forbidden) as refused:
            save(engine, place, state, who=who)
        assert refusal in refused.value.message
    with session_scope(engine) as session:
        assert edit_repo.open_draft(session, place.number, str(SUBJECT)) is None


def test_a_cycle_without_a_table_is_not_editable(engine, place):
    with session_scope(engine) as session:
        for key in ("2024-2036", "Tull!"):
            with pytest.raises(NotFound) as refused:
                drafts.editable(session, place.number, Subject("method", key))
        assert "Fant ikke metodetabellen" in refused.value.message
        assert "sdgplan method import" in (refused.value.hint or "")
