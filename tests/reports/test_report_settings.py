"""Report settings (report.yaml and flags), counts from the data and `--year` checked, on a
second municipality (Oslo, two focus areas) and on the Asker example."""

import base64

import pytest
from PIL import Image

from sdgplan.examples import example_path
from sdgplan.reports.settings import ReportSettings, load_report_settings
from tests.reports.oslo import oslo_database
from tests.test_cli import run

ROWS_2019_2023 = (
    "andel,0301,2019,,9.5,,,\nandel,0301,2023,,12,,,\n"
    "antall,0301,2019,,3,,,\nantall,0301,2023,,5,,,\n"
)


@pytest.fixture(scope="module")
def oslo(tmp_path_factory):
    return oslo_database(tmp_path_factory.mktemp("oslo"))


def report_html(runner, url, out, *args, ok=True):
    result = run(runner, "report", "--no-pdf", "--out", out, "--db", url, *args, ok=ok)
    html = (out / "report.html").read_text(encoding="utf-8") if ok else ""
    return result, html


def png(path, colour=(200, 40, 0)):
    Image.new("RGB", (4, 2), colour).save(path, format="PNG")
    return path


def test_counts_come_from_the_data(runner, oslo, tmp_path):
    _, html = report_html(runner, oslo, tmp_path / "nb", "--year", "2021")
    assert "Kommuneplanen har to satsingsområder. For hvert av dem" in html
    assert "åtte" not in html
    assert "For hvert av de 17 bærekraftsmålene" in html  # digits above twelve
    _, html = report_html(runner, oslo, tmp_path / "en", "--year", "2021", "--lang", "en")
    assert "The master plan has two focus areas." in html
    assert '"formatLocale": {"currency": ["", "\\u00a0kr"], "decimal": ","' in html


def test_curation_notes_are_not_printed(runner, oslo, tmp_path):
    _, html = report_html(runner, oslo, tmp_path / "r", "--year", "2021")
    assert "Tabellmerknad" not in html  # the table's note: for maintainers
    assert "Tabellkilde" in html and "Merknad" in html  # source and the indicator's notes


@pytest.mark.parametrize(
    ("rows", "title"),
    [
        ("", "4-årsrapport 2020-2023"),  # figures 2020-2022
        (ROWS_2019_2023, "4-årsrapport 2020-2023"),  # figures 2019-2023
        (
            ROWS_2019_2023 + "andel,0301,2024,,13,,,\nantall,0301,2024,,4,,,\n",
            "4-årsrapport 2024-2027",
        ),
    ],
)
def test_term_in_the_title(runner, tmp_path, rows, title):
    url = oslo_database(tmp_path, extra_observations=rows)
    _, html = report_html(runner, url, tmp_path / "r")
    assert f'<h1 class="report-title">{title}</h1>' in html


def test_settings_file_and_flags(runner, oslo, tmp_path):
    png(tmp_path / "logo.png")
    png(tmp_path / "forside.png", (0, 90, 140))
    settings = tmp_path / "report.yaml"
    settings.write_text(
        "title: Bærekraftsrapport for Oslo\nsubtitle: Kommuneplanen 2020-2030\n"
        "period: 2019-2023\nlogo: logo.png\ncover_image: forside.png\n"
        "accent_colour: '#AA3300'\ncontact: 'Kontakt: <b>post@oslo.kommune.no</b>'\n",
        encoding="utf-8",
    )
    _, html = report_html(runner, oslo, tmp_path / "a", "--report-settings", settings)
    assert '<h1 class="report-title">Bærekraftsrapport for Oslo</h1>' in html
    assert '<div class="subtitle">Kommuneplanen 2020-2030</div>' in html
    logo = base64.b64encode((tmp_path / "logo.png").read_bytes()).decode()
    assert f'<img class="logo" src="data:image/png;base64,{logo}"' in html
    assert 'class="cover-image" src="data:image/png;base64,' in html
    assert ":root { --accent: #aa3300; }" in html
    assert "Kontakt: &lt;b&gt;post@oslo.kommune.no&lt;/b&gt;" in html
    _, html = report_html(
        runner,
        oslo,
        tmp_path / "b",
        "--report-settings",
        settings,
        "--title",
        "",  # empty: back to the title made from the period
        "--period",
        "2019-2023",
        "--accent-colour",
        "#00ff00",
    )
    assert '<h1 class="report-title">4-årsrapport 2019-2023</h1>' in html
    assert ":root { --accent: #00ff00; }" in html


def test_settings_errors_name_file_and_line(runner, oslo, tmp_path):
    (tmp_path / "logo.png").write_text("not an image", encoding="utf-8")
    settings = tmp_path / "report.yaml"
    settings.write_text(
        "title: Rapport\naccent_colour: blue\nlogo: logo.png\ncover_image: mangler.jpg\n"
        "colour: '#000000'\nperiod: 2023\n",
        encoding="utf-8",
    )
    result, _ = report_html(runner, oslo, tmp_path / "r", "--report-settings", settings, ok=False)
    err = result.stderr
    assert f"{settings}, linje 2, kolonne 16: Ugyldig farge «blue»" in err
    assert f"linje 3, kolonne 7: {tmp_path / 'logo.png'}: ikke et PNG-" in err
    assert f"linje 4, kolonne 14: Kan ikke lese {tmp_path}" in err
    assert "linje 5, kolonne 1: Ukjent nøkkel «colour»" in err
    assert "linje 6, kolonne 9: Ugyldig periode «2023»" in err
    assert f"Rapportinnstillingene har feil: {settings}" in err
    result, _ = report_html(runner, oslo, tmp_path / "r", "--accent-colour", "red", ok=False)
    assert "Ugyldig farge «red»; skriv #RRGGBB" in result.stderr


def test_year_is_checked_against_the_data(runner, oslo, tmp_path):
    result, _ = report_html(runner, oslo, tmp_path / "r", "--year", "2030", ok=False)
    assert result.stderr == ("Feil: Ingen nøkkeltall for 2030\nÅr med nøkkeltall: 2020-2022.\n")
    result, _ = report_html(runner, oslo, tmp_path / "r", "--year", "2022")
    assert result.stderr == (
        "Advarsel: Bare 0 av 2 nøkkeltall har tall for 2022; rapporten viser siste måling der "
        "den kan\n"
    )
    result, _ = report_html(runner, oslo, tmp_path / "r", "--year", "2021")
    assert result.stderr == ""


def test_asker_settings_file():
    settings = load_report_settings(example_path("asker", "report.yaml"))
    assert settings.title == "4-årsrapport 2020-2023"
    assert settings.period == (2020, 2023)
    assert settings.subtitle == "FNs bærekraftsmål"
    assert settings.contact and "Asker kommune" in settings.contact
    assert ReportSettings().overridden(period="2019-2023").period == (2019, 2023)
