"""`sdgplan user disable | enable` (issue 12): a disabled user cannot sign in until enabled
again, each step logged; an unknown name is a clear error."""

import sdgplan.cli.users  # noqa: F401  (registers `sdgplan user`)
from sdgplan import accounts
from sdgplan.store.db import session_scope
from tests.test_users import PASSWORD, log, password_file, run


def test_disable_and_enable_through_the_cli(runner, db_url, engine, tmp_path):
    secret = password_file(tmp_path)
    run(
        runner, "user", "add", "kari", "--role", "editor", "--password-file", secret, "--db", db_url
    )

    assert run(runner, "user", "disable", "KARI", "--db", db_url).stdout == "Sperret: kari\n"
    assert "(sperret)" in run(runner, "user", "list", "--db", db_url).stdout
    with session_scope(engine) as session:
        assert accounts.verify_password(session, name="kari", password=PASSWORD) is None

    assert run(runner, "user", "enable", "kari", "--db", db_url).stdout == "Åpnet igjen: kari\n"
    assert "(sperret)" not in run(runner, "user", "list", "--db", db_url).stdout
    with session_scope(engine) as session:
        assert accounts.verify_password(session, name="kari", password=PASSWORD) is not None

    steps = [
        (e["old"], e["new"], e["source"]) for e in log(runner, db_url) if e["action"] == "update"
    ]
    assert ({"disabled": False}, {"disabled": True}, "sdgplan user disable") in steps
    assert ({"disabled": True}, {"disabled": False}, "sdgplan user enable") in steps


def test_disabling_an_unknown_user_says_so(runner, db_url):
    result = run(runner, "user", "disable", "ingen", "--db", db_url, ok=False)
    assert "Ingen bruker heter 'ingen'" in result.output + result.stderr
