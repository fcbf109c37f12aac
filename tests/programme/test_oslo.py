"""A tiny programme on the small Oslo fixture, through the command line."""

from decimal import Decimal

from click.testing import CliRunner

from sdgplan.cli import cli
from sdgplan.store import programme_repo

PROGRAMME = """format: sdgplan-programme
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
- key: V
  kind: amendment
  party: V
  changes:
  - add:
      key: byrom
      text: Byrom
      kind: new
      goals: [fokus-2.1, fokus-1.2]
      amounts: {2025: 40, 2026: 40}
  - change: lesing
    amounts: {2025: 60, 2026: 60}
"""


def test_a_tiny_programme_imports_shows_and_compares(tmp_path, oslo_url):
    path = tmp_path / "hp.yaml"
    path.write_text(PROGRAMME, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["programme", "import", str(path), "--db", oslo_url])
    assert result.exit_code == 0, result.output
    assert result.output == "Lagret: handlingsprogram 2025-2026 for 0301: forslag, V\n"
    result = runner.invoke(
        cli, ["programme", "compare", "--version", "V", "--against", "forslag", "--db", oslo_url]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Sum              0          0" in lines  # byrom: 40 added, 40 saved on reading
    focus = lines.index("Satsingsområde       2025       2026")
    assert lines[focus + 1 : focus + 3] == [
        "Fokus 1             -0,02      -0,02",
        "Fokus 2              0,02       0,02",
    ]
    result = runner.invoke(cli, ["programme", "show", "--db", oslo_url])
    assert result.exit_code == 0, result.output
    assert "Skole          1          1" in result.output.splitlines()  # the proposal's frame


def test_an_unbalanced_amendment_names_each_year(tmp_path, oslo_url):
    path = tmp_path / "hp.yaml"
    path.write_text(PROGRAMME.replace("{2025: 60, 2026: 60}", "{2025: 60, 2026: 75}"), "utf-8")
    result = CliRunner().invoke(cli, ["programme", "import", str(path), "--db", oslo_url])
    assert result.exit_code == 1
    assert "Endringsforslaget fra V er ikke i balanse: 2026: -15 000 kr" in result.output


CSV_PROGRAMME = PROGRAMME.split("  measures:\n")[0] + "  measures: tiltak.csv\n"
MEASURES = """key;text;kind;service_area;goals;2025;2026
lesing;Lesesatsing;new;skole;fokus-1.1;100;100
byrom;Byrom;new;;fokus-2.1 fokus-1.2;12,5;12,5
"""


def test_the_proposals_measures_from_a_csv_file(tmp_path, oslo_url, session_of):
    (tmp_path / "tiltak.csv").write_text(MEASURES, encoding="utf-8")
    path = tmp_path / "hp.yaml"
    path.write_text(CSV_PROGRAMME, encoding="utf-8")
    result = CliRunner().invoke(cli, ["programme", "import", str(path), "--db", oslo_url])
    assert result.exit_code == 0, result.output
    with session_of(oslo_url) as session:
        stored = programme_repo.load_programme(session, "0301", "2025-2026")
    byrom = stored.version("forslag").measures[1]
    assert (byrom.key, byrom.service_area, byrom.goals) == (
        "byrom",
        None,
        ("fokus-2.1", "fokus-1.2"),
    )
    assert byrom.amounts == {2025: Decimal(12_500), 2026: Decimal(12_500)}


def test_a_bad_csv_line_is_named_with_the_csv_file(tmp_path, oslo_url):
    csv_path = tmp_path / "tiltak.csv"
    csv_path.write_text(MEASURES.replace("12,5;12,5", "12,5;tolv"), encoding="utf-8")
    path = tmp_path / "hp.yaml"
    path.write_text(CSV_PROGRAMME, encoding="utf-8")
    result = CliRunner().invoke(cli, ["programme", "import", str(path), "--db", oslo_url])
    assert result.exit_code == 1
    assert f"{csv_path}, linje 3: 2026: «tolv» er ikke et beløp" in result.output
