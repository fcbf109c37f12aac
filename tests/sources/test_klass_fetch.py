"""The KOSTRA groups fetched from Klass (classification 112) and `sdgplan fetch-klass`, against
a local server replaying answers written here in Klass's codesAt shape: never the internet."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import sdgplan.cli.klass  # noqa: F401  (registers fetch-klass on the cli group)
from sdgplan.cli import cli
from sdgplan.domain.groups import GroupKind
from sdgplan.errors import ConfigError, FormatError, SourceError
from sdgplan.i18n import use_language
from sdgplan.importers.klass import read_kostra_groups
from sdgplan.sources.http import Fetcher, RetryPolicy
from sdgplan.sources.klass import fetch_groups
from tests.replay import Answer, replaying

PATH = "/classifications/112/codesAt.json"
DATE = dt.date(2024, 1, 1)


def code(number, level, name, parent=None):
    """An item as Klass's codesAt sends it (version 1): the level as text, validity beside."""
    return {
        "code": number,
        "parentCode": parent,
        "level": level,
        "name": name,
        "shortName": "",
        "presentationName": "",
        "validFrom": "2024-01-01",
        "validTo": None,
        "validFromInRequestedRange": "2024-01-01",
        "validToInRequestedRange": None,
        "notes": "",
    }


CODES_AT = json.dumps(
    {
        "codes": [
            code("EKA13", "1", "KOSTRA-gruppe 13 Store kommuner utenom de fire største byene"),
            code("EKA16", "1", "KOSTRA-gruppe 16 De fire største byene (utenom Oslo)"),
            code("EKA17", "1", "KOSTRA-gruppe 17 Oslo"),
            code("3203", "2", "Asker", "EKA13"),
            code("3201", "2", "Bærum", "EKA13"),
            code("3301", "2", "Drammen", "EKA13"),
            code("4601", "2", "Bergen", "EKA16"),
            code("5001", "2", "Trondheim - Tråante", "EKA16"),
            code("0301", "2", "Oslo", "EKA17"),
        ]
    },
    ensure_ascii=False,
    indent=2,
)


def fetch(server, **options):
    waits, lines = [], []
    fetcher = Fetcher(timeout=2, policy=RetryPolicy(), sleep=waits.append, progress=lines.append)
    with fetcher:
        found = fetch_groups(fetcher, date=DATE, base_url=server.url, **options)
    return found, waits, lines


def run(*args):
    return CliRunner().invoke(cli, ["fetch-klass", *[str(a) for a in args]])


def test_the_groups_at_a_date_are_asked_for_and_read():
    with replaying([Answer(body=CODES_AT)], strict=True) as server:
        found, waits, lines = fetch(server)
    [request] = server.requests
    assert request.method == "GET" and request.path == PATH
    assert request.query == {"date": ["2024-01-01"]}
    assert request.headers["accept"] == "application/json"
    assert found.text == CODES_AT and found.url == f"{server.url}{PATH}?date=2024-01-01"
    assert [(g.key, g.kind, g.members) for g in found.groups] == [
        ("kostra:EKA13", GroupKind.KOSTRA, ("3203", "3201", "3301")),
        ("kostra:EKA16", GroupKind.KOSTRA, ("4601", "5001")),
        ("kostra:EKA17", GroupKind.KOSTRA, ("0301",)),
    ]
    assert found.municipalities == 6 and waits == [] and lines == []


def test_a_500_is_tried_again_then_read():
    answers = [Answer(status=500, body="Internal Server Error"), Answer(body=CODES_AT)]
    with replaying(answers, strict=True) as server:
        found, waits, lines = fetch(server, classification="112")
    assert len(server.requests) == 2 and waits == [2.0]
    assert lines == ["Klass 112: venter 2 s (HTTP 500, forsøk 2 av 3)"]
    assert len(found.groups) == 3


def test_three_500s_are_a_source_error():
    with replaying([Answer(status=500)]) as server:
        with pytest.raises(SourceError, match="^Klass 112: tjenesten svarte HTTP 500 etter 3"):
            fetch(server)
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<html>Feil</html>", "ikke gyldig JSON"),
        ('{"codes": [', "ikke gyldig JSON"),
        ('{"classifications": []}', "venter et objekt med listen «codes»"),
        ('{"codes": []}', "svaret har ingen grupper (nivå 1)"),
        (json.dumps({"codes": [code("3203", "2", "Asker", "EKA13")]}), "codes[0].parentCode"),
        (json.dumps({"codes": [code("EKA13", "3", "Gruppe")]}), "codes[0].level: venter 1"),
    ],
)
def test_a_malformed_answer_is_a_format_error_naming_klass_and_the_classification(body, problem):
    with replaying([Answer(body=body)]) as server:
        with pytest.raises(FormatError) as refused:
            fetch(server)
    assert refused.value.message.startswith("Klass 112: svaret er ikke en gyldig gruppering: ")
    assert problem in refused.value.message


def test_a_refused_request_and_a_bad_classification_are_config_errors():
    answer = Answer(
        status=404, body="Classification not found with id = 999", content_type="text/plain"
    )
    with replaying([answer], strict=True) as server:
        with pytest.raises(
            ConfigError,
            match=r"^Klass 999: Klass avviste forespørselen \(HTTP 404\): Classification not found",
        ):
            fetch(server, classification="999")
    assert server.requests[0].path == "/classifications/999/codesAt.json"
    with pytest.raises(ConfigError, match="Ugyldig klassifikasjon i Klass: '1/2'"):
        fetch_groups(Fetcher(), classification="1/2", date=DATE)


def test_fetch_klass_writes_the_answer_readable_as_kostra_groups(tmp_path):
    out = tmp_path / "kostra_groups.json"
    out.write_text('{"codes": []}', encoding="utf-8")  # an older file is replaced
    with replaying([Answer(body=CODES_AT)], strict=True) as server:
        result = run("--out", out, "--date", "2023-01-01", "--base-url", server.url)
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == (f"Skrevet {out}: 3 grupper, 6 kommuner (Klass 112, 2023-01-01)\n")
    assert server.requests[0].path == PATH
    assert server.requests[0].query == {"date": ["2023-01-01"]}
    assert out.read_text(encoding="utf-8") == CODES_AT
    groups = {g.key: g.members for g in read_kostra_groups(out)}
    assert groups["kostra:EKA13"] == ("3203", "3201", "3301")
    assert groups["kostra:EKA17"] == ("0301",)
    assert [p.name for p in tmp_path.iterdir()] == ["kostra_groups.json"]  # no temporary left


def test_a_malformed_answer_leaves_the_old_file_as_it_was(tmp_path):
    out = tmp_path / "kostra_groups.json"
    old = CODES_AT.replace("Asker", "Asker (gammel)").encode("utf-8") + b"\r\n"
    out.write_bytes(old)
    broken = CODES_AT[: len(CODES_AT) // 2]  # a cut-off answer
    with replaying([Answer(body=broken)], strict=True) as server:
        result = run("--out", out, "--date", "2024-01-01", "--base-url", server.url)
    assert result.exit_code == 1
    assert "Klass 112: svaret er ikke en gyldig gruppering" in result.stderr
    assert out.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["kostra_groups.json"]


def test_a_bad_date_is_a_usage_error_and_nothing_is_asked(tmp_path):
    with replaying([Answer(body=CODES_AT)], strict=True) as server:
        result = run("--out", tmp_path / "g.json", "--date", "1.1.2024", "--base-url", server.url)
    assert result.exit_code == 2 and "--date" in result.stderr
    assert server.requests == [] and not (tmp_path / "g.json").exists()


def test_the_help_says_why_it_is_not_fetch_klass():
    result = CliRunner().invoke(cli, ["fetch-klass", "--help"])
    assert result.exit_code == 0
    assert "spørrefiler som argumenter" in result.output


def test_messages_in_english(tmp_path):
    with use_language("en"), replaying([Answer(body='{"codes": []}')]) as server:
        with pytest.raises(FormatError) as refused:
            fetch(server)
    assert refused.value.message == (
        "Klass 112: the answer is not a valid grouping: the answer has no groups (level 1)"
    )
    out = tmp_path / "g.json"
    with replaying([Answer(body=CODES_AT)], strict=True) as server:
        result = CliRunner().invoke(
            cli,
            ["--lang", "en", "fetch-klass", "--out", str(out), "--date", "2024-01-01",
             "--base-url", server.url],
        )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == f"Wrote {out}: 3 groups, 6 municipalities (Klass 112, 2024-01-01)\n"
