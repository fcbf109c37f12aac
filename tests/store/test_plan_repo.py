import copy

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from sdgplan.domain.plan import VersionKind
from sdgplan.errors import ChoiceNeeded, NotFound
from sdgplan.i18n import use_language
from sdgplan.store import plan_repo
from sdgplan.store.db import current_revision, head_revision, session_scope, upgrade
from sdgplan.store.tables import Base, GoalRow, PlanVersionRow


def test_migrations_match_the_tables(engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(engine):
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_save_and_load(engine, asker_plan):
    with session_scope(engine) as session:
        plan_repo.save_plan(session, asker_plan)
    with session_scope(engine) as session:
        plan, version = plan_repo.load_plan_version(session)
    assert plan == asker_plan
    assert version == asker_plan.versions[0]


def test_saving_a_version_again_replaces_it(engine, asker_plan):
    for _ in range(2):
        with session_scope(engine) as session:
            plan_repo.save_plan(session, asker_plan)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(PlanVersionRow)) == 1
        assert session.scalar(select(func.count()).select_from(GoalRow)) == 8 + 28 + 87


def test_adopted_version_is_preferred(engine, asker_plan):
    adopted = copy.deepcopy(asker_plan)
    adopted.versions[0].kind = VersionKind.ADOPTED
    adopted.versions[0].focus_areas = adopted.versions[0].focus_areas[:2]
    with session_scope(engine) as session:
        plan_repo.save_plan(session, asker_plan)
        plan_repo.save_plan(session, adopted)
    with session_scope(engine) as session:
        assert [s.version for s in plan_repo.list_plans(session)] == [
            VersionKind.ADOPTED,
            VersionKind.PROPOSAL,
        ]
        _, version = plan_repo.load_plan_version(session)
        assert version.kind is VersionKind.ADOPTED and len(version.focus_areas) == 2
        _, version = plan_repo.load_plan_version(session, version=VersionKind.PROPOSAL)
        assert len(version.focus_areas) == 8


def test_nothing_stored(engine):
    with session_scope(engine) as session, pytest.raises(NotFound) as error:
        plan_repo.load_plan_version(session, municipality="3025", version=VersionKind.ADOPTED)
    assert error.value.message == "Fant ingen plan i databasen (kommune=3025, versjon=adopted)"
    with use_language("en"), session_scope(engine) as session, pytest.raises(NotFound) as error:
        plan_repo.load_plan_version(session, municipality="3025", version=VersionKind.ADOPTED)
    assert error.value.message == (
        "No plan found in the database (municipality=3025, version=adopted)"
    )
    assert error.value.hint == "Import a plan: sdgplan import plan FILE"


def test_several_plans_need_a_choice(engine, asker_plan):
    other = copy.deepcopy(asker_plan)
    other.title = "Temaplan for klima"
    with session_scope(engine) as session:
        plan_repo.save_plan(session, asker_plan)
        plan_repo.save_plan(session, other)
    with session_scope(engine) as session:
        with pytest.raises(ChoiceNeeded, match="Flere planer passer: 3203 «Kommuneplan") as e:
            plan_repo.load_plan_version(session)
        assert e.value.needs == ("municipality", "plan")
        plan, _ = plan_repo.load_plan_version(session, title="Temaplan for klima")
        assert plan.title == "Temaplan for klima"


def test_migrations_downgrade_and_upgrade(engine):
    from alembic import command

    from sdgplan.store.db import _alembic_config

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert current_revision(engine) == "0001"
    upgrade(engine)
    assert current_revision(engine) == head_revision()
