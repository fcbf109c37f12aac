"""`sdgplan fetch` with the queries saved with the municipality (issue 13, item 3): saved with
--save, fetched without files, chosen by --indicator, listed and forgotten; on the Asker
example and the small Oslo, against the local replay server."""

import pytest
from click.testing import CliRunner

from sdgplan import source_queries
from sdgplan.errors import NotFound
from sdgplan.store import change_log, source_repo
from sdgplan.store.change_log import current_user
from sdgplan.store.db import make_engine, session_scope
from tests.replay import Answer, replaying
from tests.reports.oslo import oslo_database
from tests.test_cli import run
from tests.test_fetch import (
    ASKER_REGIONS,
    DAY,
    QUERY,
    SAMPLE,
    fetch,
    fetch_log,
    people,
    query_file,
    recorded,
    revised,
    state,
    undated,
    with_indicator,
)
from tests.web.test_pages import asker_database

NAMES = {"3203": "3203 Asker", "0301": "0301 Oslo"}
NO_QUERIES = (
    "Feil: Ingen spørringer er lagret for {number}\n"
    "Lagre spørrefilene ved første henting: sdgplan fetch FIL... --save\n"
)


def database(folder, number):
    """Asker or Oslo with the indicator `befolkning`, in its own folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if number == "3203":
        return with_indicator(asker_database(folder), folder, "3203", "2009-2032")
    return with_indicator(oslo_database(folder), folder, "0301", "2015-2025")


def expected(number):
    if number == "3203":
        return {f"{a}/2022": (recorded(r), "measured") for a, r in ASKER_REGIONS.items()}
    return {"0301/2022": (recorded("K-0301"), "measured")}


def stored(url, number):
    """The stored queries: name -> text."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = {q.name: q.text for q in source_repo.list_queries(session, number)}
    engine.dispose()
    return found


def query_log(url, number):
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = change_log.load_log(session, number, limit=None, entity="source_query")
    engine.dispose()
    return found


def cli(url, *args, ok=True):
    return run(CliRunner(), "fetch", *args, "--db", url, ok=ok)


@pytest.mark.parametrize("number", ["3203", "0301"])
def test_a_saved_query_fetches_as_its_file_does(tmp_path, number):
    by_file, by_store = database(tmp_path / "file", number), database(tmp_path / "store", number)
    path = query_file(tmp_path, number)
    engine = make_engine(by_store)
    with session_scope(engine) as session:
        saved = [source_queries.read_file(path)]
        outcome = source_queries.save_queries(session, saved, municipality=number, who="ola")
    engine.dispose()
    assert outcome == {"07459": "new"}

    with replaying([Answer(body=SAMPLE)] * 2, strict=True) as server:
        from_file = fetch(by_file, server, path)
        from_store = fetch(by_store, server)
    assert server.requests[0].query == server.requests[1].query
    assert from_store.stdout == from_file.stdout
    assert people(by_store, number) == people(by_file, number) == expected(number)
    assert undated(fetch_log(by_store, number)[0].source) == (
        f"SSB 07459 (07459), hentet {DAY}, oppdatert 2022-02-24T07:00:00+00:00"
    )


@pytest.mark.parametrize("number", ["3203", "0301"])
def test_save_list_then_fetch_without_files(tmp_path, number):
    url = database(tmp_path / "db", number)
    path = query_file(tmp_path, number)
    before = state(url, number)
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        trial = fetch(url, server, path, "--save", "--dry-run")
    assert trial.stdout.endswith(
        "Prøvekjøring: ingenting er endret\nSpørringene er ikke lagret (prøvekjøring)\n"
    )
    assert state(url, number) == before and stored(url, number) == {}
    assert undated(cli(url, "--list").stdout) == (
        f"Ingen spørringer er lagret for {NAMES[number]}\n"
        "Lagre spørrefilene ved første henting: sdgplan fetch FIL... --save\n"
    )

    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        first = fetch(url, server, path, "--save")
    assert first.stdout.endswith("Spørringen 07459 er lagret (ny)\n")
    assert people(url, number) == expected(number)
    assert stored(url, number) == {"07459": QUERY.format(number=number)}
    (entry,) = query_log(url, number)
    assert (entry.action, entry.key, entry.who, entry.old) == (
        "save",
        "07459",
        current_user(),
        None,
    )
    assert entry.new["table"] == "07459" and entry.new["indicators"] == ["befolkning"]
    assert entry.source == str(path)
    assert undated(cli(url, "--list").stdout) == (
        f"Lagrede spørringer for {NAMES[number]}:\n"
        f"  07459: tabell 07459 -> befolkning (lagret {DAY} av {current_user()})\n"
    )

    region = "K-3025" if number == "3203" else "K-0301"
    with replaying([Answer(body=revised({region: 700001}))], strict=True) as server:
        second = fetch(url, server)
    unchanged = len(expected(number)) - 1
    assert second.stdout.startswith(f"07459: 0 nye, 1 revidert, {unchanged} uendret")
    assert people(url, number)[f"{number}/2022"] == (700001, "measured")

    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        again = fetch(url, server, path, "--save")
    assert again.stdout.endswith("Spørringen 07459 er lagret fra før (uendret)\n")
    assert len(query_log(url, number)) == 1  # the same text is not saved again
    path.write_text(QUERY.format(number=number).replace('"2022"', '"2021"'), "utf-8")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        changed = fetch(url, server, path, "--save")
    assert changed.stdout.endswith("Spørringen 07459 er lagret (endret)\n")
    latest = query_log(url, number)[0]
    assert latest.old == {"text": QUERY.format(number=number)}
    assert '"2021"' in latest.new["text"] and '"2021"' in stored(url, number)["07459"]


def test_indicator_chooses_among_the_saved_queries(tmp_path):
    url = database(tmp_path / "db", "0301")
    files = [
        query_file(tmp_path, "0301"),
        tmp_path / "antall.yaml",
    ]
    files[1].write_text(QUERY.format(number="0301").replace("befolkning", "antall"), "utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        saved = [source_queries.read_file(p) for p in files]
        source_queries.save_queries(session, saved, municipality="0301", who="ola")
    engine.dispose()
    assert undated(cli(url, "--list").stdout) == (
        "Lagrede spørringer for 0301 Oslo:\n"
        f"  07459: tabell 07459 -> befolkning (lagret {DAY} av ola)\n"
        f"  antall: tabell 07459 -> antall (lagret {DAY} av ola)\n"
    )
    before = state(url, "0301")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        missing = fetch(url, server, "--indicator", "andel", ok=False)
        assert missing.stderr == (
            "Feil: Ingen lagret spørring henter indikatoren «andel»\n"
            "Indikatorer med kilde: antall, befolkning. "
            "Lagre en spørring med: sdgplan fetch FIL --save\n"
        )
        assert state(url, "0301") == before and not server.requests
        fetch(url, server, "--indicator", "befolkning")
    assert len(server.requests) == 1
    assert people(url, "0301") == expected("0301")
    assert {c.key for c in fetch_log(url, "0301")} == {"befolkning/0301/2022"}

    with replaying([Answer(body=SAMPLE)] * 2, strict=True) as server:
        both = fetch(url, server)
    assert len(server.requests) == 2
    assert both.stdout.startswith("07459: 0 nye, 0 reviderte, 1 uendret")
    assert "  ny antall/0301/2022: " in both.stdout


@pytest.mark.parametrize("number", ["3203", "0301"])
def test_forget_a_saved_query(tmp_path, number):
    url = database(tmp_path / "db", number)
    engine = make_engine(url)
    with session_scope(engine) as session:
        saved = [source_queries.read_file(query_file(tmp_path, number))]
        source_queries.save_queries(session, saved, municipality=number, who="ola")
    engine.dispose()

    unknown = cli(url, "--forget", "07460", ok=False)
    assert unknown.stderr == (
        f"Feil: Ingen lagret spørring heter «07460» ({number})\nLagrede spørringer: 07459\n"
    )
    assert stored(url, number) == {"07459": QUERY.format(number=number)}
    gone = cli(url, "--forget", "07459")
    assert gone.stdout == f"Fjernet den lagrede spørringen «07459» fra {NAMES[number]}\n"
    assert stored(url, number) == {}
    latest = query_log(url, number)[0]
    assert (latest.action, latest.key, latest.new) == ("delete", "07459", None)
    assert latest.old == {"text": QUERY.format(number=number)}
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        nothing = fetch(url, server, ok=False)
    assert nothing.stderr == NO_QUERIES.format(number=number) and not server.requests


@pytest.mark.parametrize("number", ["3203", "0301"])
def test_without_files_or_saved_queries_the_message_says_how_to_save(tmp_path, number):
    url = database(tmp_path / "db", number)
    before = state(url, number)
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        result = fetch(url, server, ok=False)
    assert result.exit_code == 1 and result.stderr == NO_QUERIES.format(number=number)
    assert not server.requests and state(url, number) == before


def test_options_that_do_not_go_together(tmp_path):
    url = database(tmp_path / "db", "0301")
    path = query_file(tmp_path, "0301")
    save = cli(url, "--save", ok=False)
    assert save.exit_code == 2
    assert "Ugyldig verdi for --save: oppgi spørrefilene som skal lagres" in save.stderr
    listing = cli(url, path, "--list", "--dry-run", ok=False)
    assert listing.exit_code == 2
    assert "Ugyldig verdi for --list: kan ikke brukes med SPØRREFIL, --dry-run" in listing.stderr
    forget = cli(url, "--forget", "07459", "--indicator", "befolkning", ok=False)
    assert "Ugyldig verdi for --forget: kan ikke brukes med --indicator" in forget.stderr


@pytest.mark.parametrize("number", ["3203", "0301"])
def test_a_bad_query_file_with_save_changes_nothing(tmp_path, number):
    url = database(tmp_path / "db", number)
    good = query_file(tmp_path, number)
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        fetch(url, server, good, "--save")
    before, queries = state(url, number), stored(url, number)
    (tmp_path / "new").mkdir()
    bad = query_file(tmp_path / "new", number)  # the same name: it would replace 07459
    bad.write_text(QUERY.format(number=number).replace("Tid:", "Tid med mellomrom:"), "utf-8")
    other = query_file(tmp_path, number, "other.yaml")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        result = fetch(url, server, other, bad, "--save", ok=False)
    assert not server.requests
    assert f"FEIL: {bad}, linje 6, kolonne 22: Ugyldig variabelnavn" in result.stderr
    assert "Ugyldig variabelnavn: «Tid med mellomrom»" in result.stderr
    assert f"Feil: {bad}: spørringen har feil" in result.stderr
    assert state(url, number) == before and stored(url, number) == queries


def test_two_files_of_one_name_are_refused_before_fetching(tmp_path):
    url = database(tmp_path / "db", "0301")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = query_file(tmp_path / "a", "0301"), query_file(tmp_path / "b", "0301")
    before = state(url, "0301")
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        result = fetch(url, server, first, second, "--save", ok=False)
    assert not server.requests and state(url, "0301") == before
    assert result.stderr == (
        f"Feil: {first} og {second} ville bli lagret med samme navn «07459»\n"
        "Gi spørrefilene ulike navn.\n"
    )


def test_the_repository_saves_replaces_lists_and_deletes(tmp_path):
    url = database(tmp_path / "db", "0301")
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert source_repo.save_query(session, "0301", name="b", text="1", saved_by="ola") is None
        source_repo.save_query(session, "0301", name="a", text="2", saved_by="ola")
        old = source_repo.save_query(session, "0301", name="b", text="3", saved_by="kari")
        assert (old.text, old.saved_by) == ("1", "ola")
        listed = source_repo.list_queries(session, "0301")
        assert [(q.name, q.text, q.saved_by) for q in listed] == [
            ("a", "2", "ola"),
            ("b", "3", "kari"),
        ]
        assert source_repo.get_query(session, "0301", "c") is None
        assert source_repo.delete_query(session, "0301", "a").text == "2"
        with pytest.raises(NotFound, match="«a»"):
            source_repo.delete_query(session, "0301", "a")
        assert source_repo.delete_municipality_queries(session, "0301") == 1
        assert source_repo.list_queries(session, "0301") == []
    engine.dispose()


@pytest.mark.parametrize("number", ["3203", "0301"])
def test_deleting_the_municipality_deletes_its_saved_queries(tmp_path, number):
    """Needs `source_repo.delete_municipality_queries` in
    `indicator_repo.delete_municipality_data` (the foreign key of `source_queries`)."""
    url = database(tmp_path / "db", number)
    with replaying([Answer(body=SAMPLE)], strict=True) as server:
        fetch(url, server, query_file(tmp_path, number), "--save")
    run(CliRunner(), "delete", "municipality", number, "--yes", "--db", url)
    assert stored(url, number) == {}
