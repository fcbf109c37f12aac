"""The annual report: that year's key figures beside the year before, with the change."""

from html.parser import HTMLParser

from tests.reports.oslo import oslo_database
from tests.test_cli import run


class KeyFigures(HTMLParser):
    """The header cells and the rows (name, cells) of the key-figure tables."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.depth = 0
        self.cell: list[str] | None = None
        self.row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "key-figures") in attrs:
            self.depth = 1
        elif self.depth and tag == "tr" and ("class", "indicator") in attrs:
            self.row = []
        elif self.depth and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth = 0
        elif self.depth and tag in ("th", "td") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            if self.row is not None:
                self.row.append(text)
            elif text and len(self.headers) < 5:
                self.headers.append(text)
            self.cell = None
        elif self.depth and tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def key_figures(runner, db, tmp_path, *args):
    out = tmp_path / "report"
    run(runner, "report", *args, "--no-pdf", "--out", out, "--db", db)
    parser = KeyFigures()
    parser.feed((out / "report.html").read_text("utf-8"))
    return parser


def test_annual_reports_show_their_year_beside_the_one_before(runner, tmp_path):
    db = oslo_database(tmp_path)
    report_2021 = key_figures(runner, db, tmp_path, "--kind", "annual", "--year", "2021")
    assert report_2021.headers == ["Nøkkeltall", "2020", "2021", "Endring", "Vurdering"]
    assert [row[1:4] for row in report_2021.rows] == [
        ["8,5 enhet", "Visning", "+2,5 enhet"],
        ["4", "6", "+2"],
    ]
    report_2022 = key_figures(runner, db, tmp_path, "--kind", "annual", "--year", "2022")
    assert report_2022.headers == ["Nøkkeltall", "2021", "2022", "Endring", "Vurdering"]
    assert report_2022.rows[0][1:4] == ["Visning", "Tall kommer", ""]
    four_year = key_figures(runner, db, tmp_path, "--year", "2022")
    assert "Endring" not in four_year.headers
    assert four_year.headers[1:4] == ["2020", "2021", "2022"]


def narrative(folder, name, period, text):
    path = folder / f"{name}.md"
    path.write_text(
        f"---\nsection: Fokus 1\nkind: focus_area\nperiod: {period}\n---\n{text}\n", "utf-8"
    )
    return path


def test_each_report_shows_the_text_of_its_own_period(runner, tmp_path):
    db = oslo_database(tmp_path)
    run(runner, "delete", "narrative", "Fokus 1", "--municipality", "0301", "--db", db)
    run(
        runner,
        "import",
        "narrative",
        narrative(tmp_path, "a", "2021", "Teksten for 2021."),
        narrative(tmp_path, "b", "2020-2023", "Teksten for perioden."),
        "--municipality",
        "0301",
        "--db",
        db,
    )

    def page(*args):
        out = tmp_path / "report"
        run(runner, "report", *args, "--no-pdf", "--out", out, "--db", db)
        return (out / "report.html").read_text("utf-8")

    assert "Teksten for 2021." in page("--kind", "annual", "--year", "2021")
    annual_2022 = page("--kind", "annual", "--year", "2022")
    assert "Ingen tekst for 2022 ennå." in annual_2022
    assert "Teksten for 2021." not in annual_2022  # never borrowed from another year
    assert "No text for 2022 yet." in page("--kind", "annual", "--year", "2022", "--lang", "en")
    four_year = page("--year", "2022")
    assert "Teksten for perioden." in four_year and "Teksten for 2021." not in four_year


def test_a_focus_area_text_may_name_it_by_key(runner, tmp_path):
    db = oslo_database(tmp_path)
    path = tmp_path / "by-key.md"
    path.write_text("---\nsection: fokus-2\nkind: focus_area\n---\nOm fokus 2.\n", "utf-8")
    run(runner, "import", "narrative", path, "--municipality", "0301", "--db", db)
    out = tmp_path / "report"
    run(runner, "report", "--no-pdf", "--out", out, "--db", db)
    page = (out / "report.html").read_text("utf-8")
    focus_2 = page[page.index('id="fokus-2"') :]
    assert "Om fokus 2." in focus_2[: focus_2.index("</section>")]
