"""API tokens on the command line (issue 12): `sdgplan token add | list | revoke`; a token is
printed once, kept only as a hash, and stops working when revoked."""

import re

import sdgplan.cli.tokens  # noqa: F401  (registers `sdgplan token`)
import sdgplan.cli.users  # noqa: F401  (registers `sdgplan user`)
from sdgplan.editing import tokens
from sdgplan.store import change_log
from sdgplan.store.db import make_engine, session_scope
from sdgplan.store.tables import ApiTokenRow
from tests.test_users import password_file, run
from tests.web.test_api_edit import SUBJECT, edit_client
from tests.web.test_pages import asker_database

TOKEN = re.compile(r"sdgp_[A-Za-z0-9_-]{43}")
DATE = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"


def add_user(runner, db, tmp_path, name="ola"):
    secret = password_file(tmp_path)
    run(runner, "user", "add", name, "--role", "editor", "--password-file", secret, "--db", db)


def user_of(db, token):
    engine = make_engine(db)
    with session_scope(engine) as session:
        user = tokens.user_of_token(session, token)
    engine.dispose()
    return user


def test_add_list_revoke(runner, db_url, tmp_path):
    add_user(runner, db_url, tmp_path)
    made = run(
        runner, "token", "add", "nattlig import", "--user", "OLA", "--days", "30", "--db", db_url
    )
    assert TOKEN.fullmatch(made.stdout.strip()), made.stdout  # the token alone, once
    token = made.stdout.strip()
    assert re.fullmatch(
        rf"Nøkkel 1 for ola, virker til {DATE}\. Den vises ikke igjen\.\n", made.stderr
    )
    assert user_of(db_url, token).name == "ola"

    listed = run(runner, "token", "list", "--db", db_url).stdout
    assert re.fullmatch(
        rf"1  ola  nattlig import  {re.escape(token[:11])}…  utløper {DATE}  sist brukt {DATE}\n",
        listed,
    ), listed
    assert token not in listed
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        (hashed,) = session.query(ApiTokenRow.token_hash).all()
    assert token not in hashed[0]
    none = run(runner, "token", "list", "--user", "kari", "--db", db_url).stdout
    assert none == "Ingen API-nøkler er lagret.\n"

    revoked = run(runner, "token", "revoke", "1", "--db", db_url)
    assert revoked.stdout == "Trukket tilbake: nøkkel 1 (nattlig import, ola)\n"
    assert user_of(db_url, token) is None
    assert "trukket tilbake" in run(runner, "token", "list", "--db", db_url).stdout
    with session_scope(engine) as session:
        logged = change_log.load_log(session, entity="api_token")
    engine.dispose()
    assert [(c.action, c.who) for c in logged] == [
        ("revoke", change_log.current_user()),
        ("add", "ola"),
    ]
    assert all(token not in str(c.to_dict()) for c in logged)


def test_mistakes_are_one_line_errors(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'sdgplan.db'}"
    add_user(runner, db, tmp_path)
    unknown = run(runner, "token", "add", "x", "--user", "nobody", "--db", db, ok=False)
    assert "Ingen bruker heter 'nobody'" in unknown.stderr
    days = run(runner, "token", "add", "x", "--user", "ola", "--days", "0", "--db", db, ok=False)
    assert days.exit_code == 2 and "--days" in days.stderr
    long = run(runner, "token", "add", "x" * 101, "--user", "ola", "--db", db, ok=False)
    assert "Gi nøkkelen et navn på 1-100 tegn" in long.stderr
    missing = run(runner, "token", "revoke", "9", "--db", db, ok=False)
    assert "Ukjent nøkkel: 9" in missing.stderr
    assert run(runner, "token", "list", "--db", db).stdout == "Ingen API-nøkler er lagret.\n"


def test_a_token_from_the_cli_writes_through_the_api_until_revoked(runner, tmp_path):
    db = asker_database(tmp_path)
    secret = password_file(tmp_path)
    run(runner, "user", "add", "ola", "--role", "editor", "--municipality", "3203",
        "--scope", "okonomi", "--password-file", secret, "--db", db)  # fmt: skip
    token = run(runner, "token", "add", "skript", "--user", "ola", "--db", db).stdout.strip()
    client = edit_client(db)
    headers = {"Authorization": f"Bearer {token}"}
    current = client.get(SUBJECT, headers=headers).json()
    state = {**current["state"], "3203/2023": {"value": 12.5}}
    saved = client.put(SUBJECT, headers={**headers, "If-Match": '"v1"'}, json={"state": state})
    assert saved.status_code == 200 and saved.json()["draft"]["author"] == "ola"
    run(runner, "token", "revoke", "1", "--db", db)
    assert client.get(SUBJECT, headers=headers).status_code == 401
