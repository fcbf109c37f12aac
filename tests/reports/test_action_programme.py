"""The action programme document (issue 14 item 7): Asker's 2024-2027 programme as HTML and
PDF with every part, a municipality with only a programme, English labels, the command line
and its errors, and hostile text escaped."""

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from sdgplan.cli import cli
from sdgplan.programme import import_programme
from sdgplan.reports.action_programme import build_action_programme
from sdgplan.reports.action_programme_render import render_action_programme
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

ASKER, OSLO = "3203", "0301"
NBSP = "\u00a0"
SERVICE_AREAS = [
    "Administrasjon",
    "Oppvekst",
    "Velferd",
    "Samfunnstjenester",
    "Samfunnsutvikling",
    "Medborgerskap",
]
# Oslo's tiny programme; its measure and service area names are hostile
OSLO_PROGRAMME = """format: sdgplan-programme
municipality: '0301'
period: 2025-2026
title: Budsjett <b>2025</b>
unit: 1000 kr
service_areas:
- key: skole
  name: Skole <img src=x onerror=alert(1)>
  frames: {2025: 1000, 2026: 1000}
versions:
- key: forslag
  kind: proposal
  measures:
  - key: lesing
    text: Lesesatsing <script>alert(1)</script>
    kind: new
    service_area: skole
    goals: [fokus-1.1]
    amounts: {2025: 12500, 2026: 100}
"""


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def oslo_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oslo")
    url = oslo_database(folder)
    path = folder / "programme.yaml"
    path.write_text(OSLO_PROGRAMME, encoding="utf-8")
    engine = make_engine(url)
    with session_scope(engine) as session:
        import_programme(session, path, municipality=OSLO, who="test")
    engine.dispose()
    return url


def document_html(url, *, period=None, lang="nb", municipality=None):
    engine = make_engine(url)
    with session_scope(engine) as session:
        document = build_action_programme(
            session, municipality=municipality, period=period, lang=lang
        )
    engine.dispose()
    return render_action_programme(document, lang=lang)


def section(html, anchor):
    """The `<section>` with id `anchor`, up to the next part."""
    start = html.index(f'<section class="part" id="{anchor}">')
    end = html.find('<section class="part"', start + 1)
    return html[start : end if end > 0 else len(html)]


def cells(row_html):
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html)
    ]


def row_of(html, label):
    """The cells of the table row whose header is `label`."""
    match = re.search(rf"<tr[^>]*><th scope=\"row\">{re.escape(label)}</th>.*?</tr>", html)
    assert match, label
    return cells(match[0])


@pytest.fixture(scope="module")
def asker_html(asker_url):
    return document_html(asker_url, period="2024-2027")


def test_the_document_has_every_part_with_a_contents_list(asker_html):
    html = asker_html
    assert html.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert "<title>Handlingsprogram 2024-2027 med budsjett 2024 – Asker</title>" in html
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    for anchor in (
        "om-handlingsprogrammet",
        "planens-mal",
        "tjenesteomrader",
        "arsverk",
        "investeringer",
        "penger-per-mal",
        "handlingsregler",
        "omstilling",
        "klimabudsjett",
        "arshjul",
    ):
        assert f'href="#{anchor}"' in toc
        assert f'id="{anchor}"' in html
    # self-contained: styles and charts inline, no script, nothing fetched
    assert "<script" not in html and "<link" not in html
    assert html.count("<svg") == 2  # the service areas' shares and the climate budget
    assert 'src="http' not in html and "@font-face" in html


def test_tables_are_accessible(asker_html):
    tables = re.findall(r"<table.*?</table>", asker_html, flags=re.S)
    assert len(tables) >= 12
    for table in tables:
        assert "<caption>" in table
        assert "<th>" not in table  # every header cell has its scope
        assert 'scope="col"' in table and 'scope="row"' in table


def test_service_areas_with_frames_and_measures(asker_html):
    part = section(asker_html, "tjenesteomrader")
    frames = part[: part.index("</table>")]
    for name in SERVICE_AREAS:
        assert f">{name}</a></th>" in frames
    assert row_of(frames, "Sum driftsrammer")[1:] == ["7504", "7675", "7846", "8017"]
    # the proposal's measure in the adopted version, its kind, amounts and goal
    assert row_of(part, "Demografijustering oppvekst") == [
        "Demografijustering oppvekst",
        "Demografijustering",
        "40",
        "60",
        "80",
        "100",
        "7.2",
    ]
    assert '<a href="#mal-7-2" title="Alle barn har tilgang til barnehage' in part
    assert 'id="mal-7-2"' in section(asker_html, "planens-mal")
    whole = part[part.index('id="hele-kommunen"') :]
    assert row_of(whole, "Omstilling og effektivisering")[2:6] == ["-40", "-70", "-100", "-130"]
    assert "242 årsverk i 2023" in part


def test_investments_staff_and_money_per_focus_area(asker_html):
    investments = section(asker_html, "investeringer")
    assert row_of(investments, "Finansiering: lån")[1:] == ["120", "160", "80", "0"]
    assert row_of(investments, "Sum investeringer")[1:] == ["150", "280", "220", "60"]
    assert row_of(section(asker_html, "arsverk"), "Oppvekst") == ["Oppvekst", "2524"]
    money = section(asker_html, "penger-per-mal")
    assert row_of(money, "Økonomi")[1:] == ["-40", "-70", "-100", "-130"]
    assert row_of(money, "Uten kjent mål")[1:] == ["180"] * 4
    assert row_of(money, "13 Stoppe klimaendringene")[1:] == ["5"] * 4


def test_financial_rules_per_year(asker_html):
    rules = section(asker_html, "handlingsregler")
    first = row_of_start(rules, "Netto driftsresultat som andel av brutto driftsinntekter")
    assert first[1:] == ["2,5 % brytes", "3,1 % holdes", "3,2 % holdes", "3,3 % holdes"]
    debt = row_of_start(rules, "Netto lånegjeld som andel av brutto driftsinntekter")
    assert [c.split()[-1] for c in debt[1:]] == ["brytes"] * 4


def row_of_start(html, start):
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(start)}.*?</tr>", html, flags=re.S)
    assert match, start
    return [" ".join(re.sub("[✔✖]", "", c).split()) for c in cells(match[0])]


def test_restructuring_of_the_earlier_programmes_adds_up_to_190(asker_html):
    part = section(asker_html, "omstilling")
    earlier = part[part.index('class="amounts earlier-restructuring"') :]
    assert [
        row_of(earlier, f"Handlingsprogram {p}")[1]
        for p in (
            "2020-2023",
            "2021-2024",
            "2022-2025",
            "2023-2026",
        )
    ] == ["80", "80", "0", "30"]
    assert row_of(earlier, "Sum") == ["Sum", "190"]
    assert "Handlingsprogram 2024-2027" not in earlier


def test_the_climate_budget_with_the_2025_ceiling(asker_html):
    climate = section(asker_html, "klimabudsjett")
    assert "-67 % fra 2009 til 2030" in climate
    # year, emissions, ceiling, projection, gap, change from the reference year
    year_2025 = row_of(climate, "2025")
    assert year_2025[2] == f"156{NBSP}459"
    assert row_of(climate, "2021")[1] == f"178{NBSP}984"
    assert row_of(climate, "2021")[5] == "-44,0 %"
    assert "<svg" in climate and "Klimabudsjett: direkte klimagassutslipp" in climate
    assert "Nullutslippsbiler i den kommunale bilparken" in climate


def test_the_calendar_of_the_first_year(asker_html):
    calendar = section(asker_html, "arshjul")
    assert "Milepæler i 2024" in calendar
    assert "12. desember 2024" in calendar and "Kommunestyret vedtar" in calendar
    assert "vedtatt handlingsprogram 2025-2028" in calendar


def test_english_labels(asker_url):
    html = document_html(asker_url, period="2024-2027", lang="en")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    for label in ("The service areas", "Financial rules", "The climate budget", "Operating frame"):
        assert label in html
    assert "The version shown: The adoption." in html
    assert "Tjenesteområdene" not in html and "Handlingsregler per år" not in html
    assert "</span> kept</span>" in html and "</span> broken</span>" in html
    assert "Restructuring and efficiency" in html and "12 December 2024" in html


def test_a_municipality_with_only_a_programme(oslo_url):
    html = document_html(oslo_url)
    for absent in ("klimabudsjett", "arshjul", "investeringer", "handlingsregler", "arsverk"):
        assert f'id="{absent}"' not in html and f'href="#{absent}"' not in html
    assert 'id="tjenesteomrader"' in html and 'id="planens-mal"' in html
    # 12 500 000 kr and 100 000 kr in mill. kr
    assert row_of(html, "Lesesatsing &lt;script&gt;alert(1)&lt;/script&gt;")[2:4] == ["12,5", "0,1"]


def test_user_typed_text_is_escaped(oslo_url):
    html = document_html(oslo_url)
    assert "<script" not in html and "<img src=x" not in html and "<b>2025" not in html
    assert "Lesesatsing &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Skole &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Budsjett &lt;b&gt;2025&lt;/b&gt;" in html


def test_the_command_writes_html_and_pdf(asker_url, tmp_path):
    out = tmp_path / "hp"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--kind",
            "action-programme",
            "--period",
            "2024-2027",
            "--out",
            str(out),
            "--db",
            asker_url,
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"HTML: {out / 'report.html'}\nPDF:  {out / 'report.pdf'}\n")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<h1 class="report-title">Handlingsprogram 2024-2027 med budsjett 2024</h1>' in html
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for expected in ("Tjenesteområdene", "Demografijustering oppvekst", "Handlingsregler"):
        assert expected in text
    assert re.search(r"Sum\s+190", text)
    assert re.search(r"2025\s+156 459", text)


def test_the_command_defaults_to_the_latest_period_and_speaks_english(asker_url, tmp_path):
    out = tmp_path / "hp"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--kind",
            "action-programme",
            "--no-pdf",
            "--lang",
            "en",
            "--out",
            str(out),
            "--db",
            asker_url,
        ],
    )
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Handlingsprogram 2024-2027 med budsjett 2024" in html and "The service areas" in html


def test_the_command_names_the_periods_when_one_is_unknown(asker_url, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--kind",
            "action-programme",
            "--period",
            "2030-2033",
            "--out",
            str(tmp_path / "hp"),
            "--db",
            asker_url,
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Feil: Fant ikke handlingsprogrammet 2030-2033 for 3203\n"
        "Lagrede perioder: 2020-2023, 2021-2024, 2022-2025, 2023-2026, 2024-2027\n"
    )
    assert not (tmp_path / "hp").exists()
    result = CliRunner().invoke(
        cli, ["report", "--kind", "action-programme", "--year", "2024", "--db", asker_url]
    )
    assert result.exit_code == 2
    assert "Ugyldig verdi for --year: brukes ikke for handlingsprogrammet" in result.stderr
