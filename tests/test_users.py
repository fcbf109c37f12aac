"""Local accounts (issue 12, points 1 and 2): `sdgplan user add | list | remove | password`,
argon2 hashes, roles and focus-area scopes, and passwords never stored or logged in clear."""

import json
import logging

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import sdgplan.cli.users  # noqa: F401  (registers `sdgplan user`)
from sdgplan import accounts
from sdgplan.cli import cli
from sdgplan.domain.users import Role
from sdgplan.errors import ConfigError, Conflict
from sdgplan.loading import load_example
from sdgplan.store import user_repo
from sdgplan.store.db import session_scope
from sdgplan.store.tables import UserRow
from tests.test_cli import UNEXPECTED

PASSWORD = "korrekt-hest-batteri-42"
WHO = "tester"


def run(runner, *args, ok=True, input=None):
    """The command's result; it must succeed (or fail, with ok=False) without a traceback."""
    result = runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    assert (result.exit_code == 0) is ok, result.output + result.stderr
    for word in UNEXPECTED:
        assert word not in result.output + result.stderr, word
    return result


def password_file(tmp_path, password=PASSWORD):
    path = tmp_path / "password.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return path


def log(runner, db_url):
    result = run(runner, "log", "--format", "json", "--limit", "1000", "--db", db_url)
    return [entry for entry in json.loads(result.stdout) if entry["entity"] == "user"]


@pytest.fixture
def asker(engine):
    with session_scope(engine) as session:
        load_example(session, "asker")
    return engine


def test_add_list_password_remove_through_the_cli(runner, db_url, tmp_path):
    secret = password_file(tmp_path)
    result = run(
        runner, "user", "add", "Kari", "--role", "admin", "--password-file", secret, "--db", db_url
    )
    assert result.stdout == "Lagt til: Kari (admin)\n"
    result = run(
        runner,
        "user",
        "add",
        "ola",
        "--role",
        "reader",
        "--db",
        db_url,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert "Lagt til: ola (reader)" in result.stdout
    assert PASSWORD not in result.output

    listed = run(runner, "user", "list", "--db", db_url).stdout
    assert listed == (
        "Kari  admin     alle kommuner: alle satsingsområder\n"
        "ola   reader    alle kommuner: alle satsingsområder\n"
    )
    assert "argon2" not in listed

    new = password_file(tmp_path, "et-helt-nytt-passord")
    assert (
        run(runner, "user", "password", "kari", "--password-file", new, "--db", db_url).stdout
        == "Nytt passord for Kari\n"
    )
    assert run(runner, "user", "remove", "OLA", "--db", db_url).stdout == "Fjernet: ola\n"
    assert run(runner, "user", "list", "--db", db_url).stdout.startswith("Kari ")
    result = run(runner, "user", "remove", "ola", "--db", db_url, ok=False)
    assert result.stderr.startswith("Feil: Ingen bruker heter 'ola'")

    entries = log(runner, db_url)
    assert [(e["action"], e["key"]) for e in entries] == [
        ("delete", "ola"),
        ("update", "Kari"),
        ("add", "ola"),
        ("add", "Kari"),
    ]
    assert entries[1]["new"] == {"password": "changed"}
    assert entries[3]["new"] == {
        "role": "admin",
        "municipality": None,
        "scope": [],
        "disabled": False,
    }


def test_verify_password_right_wrong_disabled_and_rehashed(engine):
    with session_scope(engine) as session:
        accounts.add_user(session, name="Kari", password=PASSWORD, role=Role.EDITOR, who=WHO)
    with session_scope(engine) as session:
        user = accounts.verify_password(session, name="KARI", password=PASSWORD)
        assert user is not None and user.name == "Kari" and user.role is Role.EDITOR
        assert accounts.verify_password(session, name="Kari", password=PASSWORD + "x") is None
        assert accounts.verify_password(session, name="nobody", password=PASSWORD) is None
        assert PASSWORD not in repr(user)

        weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
        user_repo.set_password_hash(session, "Kari", weak)
    with session_scope(engine) as session:
        assert accounts.verify_password(session, name="Kari", password=PASSWORD) is not None
    with session_scope(engine) as session:
        stored = user_repo.password_hash(session, "Kari")
        assert stored != weak and not PasswordHasher().check_needs_rehash(stored)
        accounts.set_disabled(session, name="kari", disabled=True, who=WHO)
    with session_scope(engine) as session:
        assert accounts.verify_password(session, name="Kari", password=PASSWORD) is None


def test_duplicate_names_bad_roles_and_short_passwords_are_refused(runner, db_url, tmp_path):
    secret = password_file(tmp_path)
    run(runner, "user", "add", "Kari", "--role", "admin", "--password-file", secret, "--db", db_url)
    result = run(
        runner,
        "user",
        "add",
        "KARI",
        "--role",
        "reader",
        "--password-file",
        secret,
        "--db",
        db_url,
        ok=False,
    )
    assert result.stderr == "Feil: Brukernavnet er allerede tatt: Kari\n"

    result = run(
        runner,
        "user",
        "add",
        "ola",
        "--role",
        "boss",
        "--password-file",
        secret,
        "--db",
        db_url,
        ok=False,
    )
    assert "'boss'" in result.stderr and "admin" in result.stderr

    short = password_file(tmp_path, "kort-11-tgn")
    result = run(
        runner,
        "user",
        "add",
        "ola",
        "--role",
        "reader",
        "--password-file",
        short,
        "--db",
        db_url,
        ok=False,
    )
    assert result.stderr == "Feil: Passordet er for kort: 11 tegn, minst 12\n"
    result = run(
        runner,
        "--lang",
        "en",
        "user",
        "add",
        "ola",
        "--role",
        "reader",
        "--password-file",
        short,
        "--db",
        db_url,
        ok=False,
    )
    assert result.stderr == "Error: The password is too short: 11 characters, at least 12\n"
    result = run(
        runner, "user", "add", "ola", "--role", "reader", "--db", db_url, input="\n\n", ok=False
    )
    assert result.stderr.endswith("Feil: Passordet er tomt\n")
    result = run(runner, "user", "password", "Kari", "--db", db_url, input="kort\nkort\n", ok=False)
    assert result.stderr.endswith("Feil: Passordet er for kort: 4 tegn, minst 12\n")
    assert run(runner, "user", "list", "--db", db_url).stdout.count("\n") == 1


def test_scope_keys_are_checked_against_the_plan(asker):
    with session_scope(asker) as session:
        user = accounts.add_user(
            session,
            name="ola",
            password=PASSWORD,
            role=Role.EDITOR,
            municipality="Asker",
            scope=["okonomi", "god-helse"],
            who=WHO,
        )
        assert (user.municipality, user.focus_areas) == ("3203", ("okonomi", "god-helse"))
        with pytest.raises(ConfigError) as refused:
            accounts.add_user(
                session,
                name="per",
                password=PASSWORD,
                role=Role.EDITOR,
                scope=["okonomi", "romfart"],
                who=WHO,
            )
        assert str(refused.value).startswith(
            "Ukjent satsingsområde: romfart; gyldige er: baerekraftige-byer-og-samfunn, god-helse"
        )
        assert "okonomi" in str(refused.value)
        with pytest.raises(ConfigError, match="Bare en redaktør"):
            accounts.add_user(
                session, name="per", password=PASSWORD, role=Role.READER, scope=["okonomi"], who=WHO
            )
        with pytest.raises(Conflict):
            accounts.add_user(session, name="OLA", password=PASSWORD, role=Role.READER, who=WHO)


def test_scope_through_the_cli_on_asker(runner, asker, db_url, tmp_path):
    secret = password_file(tmp_path)
    args = ["user", "add", "ola", "--role", "editor", "--password-file", secret]
    result = run(runner, *args, "--scope", "klima", "--db", db_url, ok=False)
    assert "Ukjent satsingsområde: klima; gyldige er:" in result.stderr
    assert "handling-mot-klimaendringene" in result.stderr
    run(runner, *args, "--scope", "okonomi", "--municipality", "3203", "--db", db_url)
    assert run(runner, "user", "list", "--db", db_url).stdout == "ola  editor    3203: okonomi\n"


def test_passwords_are_never_in_clear(runner, tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'users.db'}"
    secret = password_file(tmp_path)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # statements and parameters
    with caplog.at_level(logging.DEBUG):
        run(
            runner, "user", "add", "kari", "--role", "admin", "--password-file", secret, "--db", url
        )
        run(runner, "user", "password", "kari", "--db", url, input=f"{PASSWORD}-2\n{PASSWORD}-2\n")
        logged = run(runner, "log", "--db", url).stdout + json.dumps(log(runner, url))
    raw = (tmp_path / "users.db").read_bytes()
    for password in (PASSWORD, f"{PASSWORD}-2"):
        assert password.encode() not in raw
        assert password not in caplog.text
        assert password not in logged
    assert "argon2" not in logged
    assert "INSERT INTO users" in caplog.text  # the statements were logged, with parameters

    from sdgplan.store.db import make_engine

    engine = make_engine(url)
    with session_scope(engine) as session:
        stored = session.scalars(select(UserRow.password_hash)).one()
    engine.dispose()
    assert stored.startswith("$argon2id$")
    assert stored.encode() in raw
