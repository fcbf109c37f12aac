"""The action programme on Asker: amendments must balance, comparisons per year and focus
area, the YAML round trip, the restructuring table and the financial rules."""

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdgplan.cli import cli
from sdgplan.errors import InvalidData
from sdgplan.examples import example_path
from sdgplan.exporters.programme import programme_yaml
from sdgplan.programme import compare, financial_rules, import_programme, restructuring
from sdgplan.store import change_log, programme_repo
from tests.programme.conftest import ASKER

MILLION = Decimal(1_000_000)
PERIOD = "2024-2027"


def with_amendment(tmp_path: Path, amounts_2026: str) -> Path:
    """Asker's programme with FrP's amendment set: a road measure of 10 mill. kr a year
    (`amounts_2026` in 2026), paid for by 10 mill. kr a year of sold property."""
    text = example_path("asker", f"programme-{PERIOD}.yaml").read_text(encoding="utf-8")
    text += f"""- key: FrP
  kind: amendment
  party: FrP
  base: forslag
  changes:
  - add:
      key: frp-veivedlikehold
      text: Mer veivedlikehold
      kind: new
      service_area: samfunnstjenester
      goals: [baerekraftige-byer-og-samfunn.4]
      amounts: {{2024: 10, 2025: 10, 2026: {amounts_2026}, 2027: 10}}
  - change: klimatiltak
    amounts: {{2024: 5, 2025: 5, 2026: 5, 2027: 0}}
  financing:
  - key: frp-salg
    text: Salg av eiendom
    amounts: {{2024: 10, 2025: 10, 2026: 10, 2027: 5}}
"""
    path = tmp_path / "programme-frp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_amendment_out_of_balance_in_2026_is_refused_with_that_years_deficit(
    tmp_path, asker_url, session_of
):
    path = with_amendment(tmp_path, "22.5")
    with session_of(asker_url) as session:
        before = programme_repo.load_programme(session, ASKER, PERIOD)
        logged = len(change_log.load_log(session, ASKER, limit=None))
        with pytest.raises(InvalidData) as refused:
            import_programme(session, path, municipality=ASKER, who="test")
        messages = [str(i) for i in refused.value.issues]
        line = path.read_text(encoding="utf-8").splitlines().index("- key: FrP") + 1
        assert messages == [
            f"{path}, linje {line}, kolonne 3: Endringsforslaget fra FrP er ikke i balanse: "
            "2026: -12,5 mill. kr"
        ]
        assert programme_repo.load_programme(session, ASKER, PERIOD) == before
        assert len(change_log.load_log(session, ASKER, limit=None)) == logged


def test_the_cli_refuses_it_too_and_names_the_deficit(tmp_path, asker_url):
    path = with_amendment(tmp_path, "22.5")
    result = CliRunner().invoke(cli, ["programme", "import", str(path), "--db", asker_url])
    assert result.exit_code == 1
    assert "Endringsforslaget fra FrP er ikke i balanse: 2026: -12,5 mill. kr" in result.output
    assert "ingenting er lagret" in result.output


def test_a_balanced_amendment_is_stored_and_compared_per_year_and_focus_area(
    tmp_path, asker_url, session_of
):
    path = with_amendment(tmp_path, "10")
    with session_of(asker_url) as session:
        imported = import_programme(session, path, municipality=ASKER, who="test")
        assert imported.replaced
        programme = programme_repo.load_programme(session, ASKER, PERIOD)
        comparison = compare(session, programme, "FrP", "forslag")
        entry = change_log.load_log(session, ASKER, limit=1, entity="programme")[0]
    changed = {d.measure.key: (d.action.value, d.amounts) for d in comparison.measures}
    assert changed == {
        "frp-veivedlikehold": ("add", {y: 10 * MILLION for y in range(2024, 2028)}),
        "klimatiltak": (
            "change",
            {2024: Decimal(0), 2025: Decimal(0), 2026: Decimal(0), 2027: -5 * MILLION},
        ),
    }
    assert comparison.cost == {
        2024: 10 * MILLION,
        2025: 10 * MILLION,
        2026: 10 * MILLION,
        2027: 5 * MILLION,
    }
    assert comparison.allocation.focus_areas == {
        "Bærekraftige byer og samfunn": {y: 10 * MILLION for y in range(2024, 2028)},
        "Handling mot klimaendringene": {
            2024: Decimal(0),
            2025: Decimal(0),
            2026: Decimal(0),
            2027: -5 * MILLION,
        },
    }
    assert comparison.allocation.sdgs[11] == {y: 10 * MILLION for y in range(2024, 2028)}
    assert (entry.action, entry.key, entry.who) == ("replace", PERIOD, "test")
    assert entry.new["versions"][-1]["key"] == "FrP"


def test_compare_on_the_command_line(asker_url):
    result = CliRunner().invoke(
        cli, ["programme", "compare", "--version", "H", "--against", "forslag", "--db", asker_url]
    )
    assert result.exit_code == 0, result.output
    assert "nytt: Gratis leksehjelp [h-leksehjelp]" in result.output
    assert "fjernet: Innbyggertorg på Spikkestad [innbyggertorg-spikkestad]" in result.output
    lines = result.output.splitlines()
    assert "Samarbeid for å nå målene         -3         -3         -3         -3" in lines
    assert "Redusert bruk av konsulenter          2          2          2          2" in lines


def test_yaml_round_trip(tmp_path, asker_url, session_of):
    out = tmp_path / "export.yaml"
    result = CliRunner().invoke(
        cli, ["programme", "export", "--period", PERIOD, "--out", str(out), "--db", asker_url]
    )
    assert result.exit_code == 0, result.output
    with session_of(asker_url) as session:
        stored = programme_repo.load_programme(session, ASKER, PERIOD)
        programme_repo.delete_programme(session, ASKER, PERIOD)
        import_programme(session, out, who="test")
        again = programme_repo.load_programme(session, ASKER, PERIOD)
    assert again == stored
    assert programme_yaml(again) == out.read_text(encoding="utf-8")


def test_the_restructuring_table_of_the_four_year_report_comes_from_data(asker_url):
    result = CliRunner().invoke(
        cli, ["programme", "restructuring", "--years", "2020-2023", "--db", asker_url]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Handlingsprogram 2020-2023        80",
        "Handlingsprogram 2021-2024        80",
        "Handlingsprogram 2022-2025         0",
        "Handlingsprogram 2023-2026        30",
        "Sum                              190",
    ]


def test_restructuring_counts_only_what_was_adopted(asker_url, session_of):
    with session_of(asker_url) as session:
        rows = {r.period: r.amount / MILLION for r in restructuring(session, ASKER)}
    assert rows == {
        "2020-2023": 80,
        "2021-2024": 80,
        "2022-2025": 0,
        "2023-2026": 30,
        "2024-2027": 40,
    }


def test_the_service_areas_carry_their_2022_shares(asker_url, session_of):
    with session_of(asker_url) as session:
        programme = programme_repo.load_programme(session, ASKER, PERIOD)
    shares = {a.name: a.shares[2022] for a in programme.service_areas}
    assert shares == {
        "Administrasjon": 6,
        "Oppvekst": 42,
        "Velferd": 36,
        "Samfunnstjenester": 10,
        "Samfunnsutvikling": 1,
        "Medborgerskap": 5,
    }
    assert sum(shares.values()) == 100


def test_financial_rules_per_year_are_judged_by_the_indicators_thresholds(asker_url, session_of):
    with session_of(asker_url) as session:
        programme = programme_repo.load_programme(session, ASKER, PERIOD)
        rules = financial_rules(session, programme)
    kept = {(r.indicator, r.year): r.kept for r in rules}
    assert kept[("okonomi-netto-driftsresultat", 2024)] is False  # 250 of 10 000: 2.5 %
    assert kept[("okonomi-netto-driftsresultat", 2025)] is True
    assert kept[("okonomi-disposisjonsfond", 2027)] is True
    assert kept[("okonomi-netto-lanegjeld", 2027)] is False  # 87 % against < 80 %
    net = next(r for r in rules if r.indicator == "okonomi-netto-driftsresultat")
    assert net.value == Decimal("2.5")
    assert str(net.threshold) == "> 3 %"


def test_show_on_the_command_line(asker_url):
    result = CliRunner().invoke(
        cli, ["programme", "show", "--version", "forslag", "--db", asker_url]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Tallene er illustrerende." in lines
    assert "Oppvekst                3150       3210       3270       3330" in lines
    assert "  2024: 2,5 % - brytes" in lines
    assert "Oppvekst: 2023: 2524 årsverk; 2022: 42 %" in lines


def test_deleting_the_municipalitys_programmes_leaves_no_rows(asker_url, session_of):
    from sqlalchemy import func, select

    from sdgplan.store.tables_programme import ProgrammeLineRow, ProgrammeVersionRow

    with session_of(asker_url) as session:
        assert programme_repo.delete_municipality_programmes(session, ASKER) == 5
        assert programme_repo.periods(session, ASKER) == []
        for table in (ProgrammeVersionRow, ProgrammeLineRow):
            assert session.scalar(select(func.count()).select_from(table)) == 0


def test_importing_the_same_file_again_changes_nothing(asker_url, session_of):
    path = example_path("asker", f"programme-{PERIOD}.yaml")
    with session_of(asker_url) as session:
        logged = len(change_log.load_log(session, ASKER, limit=None))
        imported = import_programme(session, path, municipality=ASKER, who="test")
        assert imported.unchanged
        assert len(change_log.load_log(session, ASKER, limit=None)) == logged
