"""`sdgplan programme chart`: the service areas' shares of the accounts (issue 14: Asker's
2022 shares 6/42/36/10/1/5 % as a chart), and a programme without shares."""

import json

from click.testing import CliRunner

from sdgplan.cli import cli
from tests.programme.test_oslo import PROGRAMME
from tests.reports.test_chart_specs import validator  # noqa: F401  (the fixture)

ASKER_SHARES = {
    "Administrasjon": 6,
    "Oppvekst": 42,
    "Velferd": 36,
    "Samfunnstjenester": 10,
    "Samfunnsutvikling": 1,
    "Medborgerskap": 5,
}


def chart(runner, url, out, *args):
    return runner.invoke(cli, ["programme", "chart", *args, "--out", str(out), "--db", url])


def test_asker_service_area_shares_of_2022(asker_url, tmp_path, validator):  # noqa: F811
    runner = CliRunner()
    out = tmp_path / "andeler.json"
    result = chart(runner, asker_url, out, "--period", "2024-2027", "--year", "2022")
    assert result.exit_code == 0, result.output + result.stderr
    spec = json.loads(out.read_text(encoding="utf-8"))
    validator.validate(spec)
    rows = spec["data"]["values"]
    assert {r["area"]: r["share"] for r in rows} == ASKER_SHARES
    assert [r["label"] for r in rows] == ["6 %", "42 %", "36 %", "10 %", "1 %", "5 %"]
    assert spec["title"] == "Tjenesteområdenes andel av regnskapet 2022"
    svg = tmp_path / "andeler.svg"
    assert chart(runner, asker_url, svg, "--period", "2024-2027").exit_code == 0
    text = svg.read_text(encoding="utf-8")
    assert "42 %" in text and "Oppvekst" in text


def test_a_programme_without_shares_says_so(oslo_url, tmp_path):
    path = tmp_path / "program.yaml"
    path.write_text(PROGRAMME, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["programme", "import", str(path), "--db", oslo_url]).exit_code == 0
    result = chart(runner, oslo_url, tmp_path / "x.svg")
    assert result.exit_code == 1
    assert "Handlingsprogrammet har ingen andeler av regnskapet for noe år" in result.stderr
    assert not (tmp_path / "x.svg").exists()
    bad = chart(runner, oslo_url, tmp_path / "x.png")
    assert bad.exit_code == 2 and "bruk filendelsen .svg, .html eller .json" in bad.stderr


def test_an_organisation_with_only_a_programme_is_not_removed(tmp_path):
    runner = CliRunner()
    db = ["--db", f"sqlite:///{tmp_path / 'org.db'}"]
    added = ["org", "add", "--code", "SE-0180", "--name", "Stockholm", "--country", "SE"]
    assert runner.invoke(cli, [*added, *db]).exit_code == 0
    path = tmp_path / "program.yaml"
    path.write_text(
        PROGRAMME.replace("municipality: '0301'", "municipality: SE-0180"), encoding="utf-8"
    )
    imported = runner.invoke(cli, ["programme", "import", str(path), *db])
    assert imported.exit_code == 0, imported.output + imported.stderr
    refused = runner.invoke(cli, ["org", "remove", "SE-0180", *db])
    assert refused.exit_code == 1
    assert "SE-0180 Stockholm har data: 1 handlingsprogram; ingenting er fjernet" in refused.stderr
