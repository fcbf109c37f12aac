"""Drafts against changes from elsewhere, and the audit trail that cannot be changed."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sdgplan import accounts
from sdgplan.domain.users import Role
from sdgplan.editing import drafts
from sdgplan.editing.subjects import Subject
from sdgplan.errors import OutdatedDraft
from sdgplan.loading import load_example, load_observations
from sdgplan.store import user_repo
from sdgplan.store.db import session_scope

SUBJECT = Subject("observations", "okonomi-disposisjonsfond")


@pytest.fixture
def asker(engine):
    with session_scope(engine) as session:
        load_example(session, "asker")
        for name, role in (("redaktor", Role.EDITOR), ("godkjenner", Role.APPROVER)):
            accounts.add_user(session, name=name, password="p" * 12, role=role, who="test")
    return engine


def save(engine, value: float) -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, "3203", SUBJECT)
        state = {**current.state, "3203/2023": {"value": value, "status": "measured"}}
        editor = user_repo.find_user(session, "redaktor")
        drafts.save_draft(session, editor, "3203", SUBJECT, state, version=current.version)


def publish(engine) -> None:
    with session_scope(engine) as session:
        current = drafts.editable(session, "3203", SUBJECT)
        approver = user_repo.find_user(session, "godkjenner")
        drafts.publish(session, approver, "3203", SUBJECT, version=current.version)


def test_a_draft_older_than_an_import_is_not_published_until_saved_again(asker, tmp_path):
    save(asker, 12.5)
    figures = tmp_path / "import.csv"
    figures.write_text("indicator_id,area,period,value\nokonomi-disposisjonsfond,3203,2021,19.5\n")
    with session_scope(asker) as session:
        load_observations(session, figures, municipality="3203", who="cli")
    with pytest.raises(OutdatedDraft, match="redaktor må åpne utkastet"):
        publish(asker)
    with session_scope(asker) as session:
        current = drafts.editable(session, "3203", SUBJECT)
        assert current.outdated and current.state["3203/2021"]["value"] == 18.0
    save(asker, 12.5)  # the author looks again: the draft now starts from the import
    publish(asker)
    with session_scope(asker) as session:
        published = drafts.editable(session, "3203", SUBJECT).published
    assert published["3203/2023"]["value"] == 12.5
    assert published["3203/2021"]["value"] == 18.0  # the draft's own value, chosen again


@pytest.mark.parametrize(
    "statement", ["UPDATE change_log SET who = 'someone else'", "DELETE FROM change_log"]
)
def test_the_change_log_cannot_be_changed(asker, statement):
    with pytest.raises(DBAPIError, match="append-only"), asker.begin() as connection:
        connection.execute(text(statement))
    with asker.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM change_log")).scalar() > 1000


def test_an_admin_revokes_tokens_of_its_own_municipality_only(asker):
    from sdgplan.editing import tokens
    from sdgplan.errors import Forbidden

    with session_scope(asker) as session:
        for name, municipality in (("admin-asker", "3203"), ("admin-oslo", "0301")):
            accounts.add_user(
                session,
                name=name,
                password="p" * 12,
                role=Role.ADMIN,
                municipality=municipality,
                who="test",
            )
        accounts.add_user(
            session,
            name="asker-ed",
            password="p" * 12,
            role=Role.EDITOR,
            municipality="3203",
            who="test",
        )
        owner = user_repo.find_user(session, "asker-ed")
        _token, stored = tokens.create_token(session, owner, label="skript")
    with session_scope(asker) as session, pytest.raises(Forbidden):
        tokens.revoke_token(session, user_repo.find_user(session, "admin-oslo"), stored.id)
    with session_scope(asker) as session:
        tokens.revoke_token(session, user_repo.find_user(session, "admin-asker"), stored.id)
        assert tokens.user_of_token(session, _token) is None
