"""Issue 13: a fetched indicator's provenance ("Kilde: SSB tabell 07459, hentet 2026-06-16")
stands under its tables in the report, and nowhere else. The fetch is `sdgplan fetch`'s use
case against SSB's recorded answer, replayed by a local server."""

import datetime as dt
import re
from pathlib import Path

from sdgplan.fetching import fetch_observations
from sdgplan.reports.model import build_report
from sdgplan.reports.provenance import fetched_provenance
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope
from tests.replay import Answer, replaying
from tests.reports.oslo import oslo_database
from tests.test_fetch import SAMPLE
from tests.web.test_pages import asker_database

FETCHED = dt.datetime(2026, 6, 16, 8, tzinfo=dt.UTC)
LINE = {
    "nb": "Kilde: SSB tabell 07459, hentet 2026-06-16",
    "en": "Source: Statistics Norway table 07459, fetched 2026-06-16",
}
QUERY = """\
format: sdgplan-ssb-query
format_version: 1
table: "07459"
municipality: "{number}"
variables:
  Tid: ["2022"]
contents:
  - code: Personer1
    indicator: {indicator}
"""


def fetch_into(url: str, folder: Path, number: str, indicator: str) -> None:
    """Fetch SSB's population for 2022 as `indicator`'s figures (overwriting the example's)."""
    path = folder / f"{indicator}.yaml"
    path.write_text(QUERY.format(number=number, indicator=indicator), encoding="utf-8")
    engine = make_engine(url)
    with replaying([Answer(body=SAMPLE)], strict=True) as server, session_scope(engine) as session:
        report = fetch_observations(
            session, [path], base_url=server.url, overwrite=True, now=lambda: FETCHED
        )
        assert report.saved
    engine.dispose()


def report_html(url: str, lang: str, year: int) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        report = build_report(session, year=year, labels=chart_labels(lang))
    engine.dispose()
    return render_report(report, lang=lang, interactive=False)


def provenance_lines(html: str) -> list[str]:
    return re.findall(r'<p class="source provenance">(.*?)</p>', html)


def figure_of(html: str, table: str) -> str:
    """The report's figure of `table` (its table and source lines)."""
    match = re.search(
        rf'<figure class="figure-table[^"]*" id="table-{table}">.*?</figure>', html, re.S
    )
    assert match, table
    return match.group(0)


def key_figures_of(html: str, indicator: str) -> str:
    """The key-figure table holding `indicator` and the lines right after it."""
    row = html.index(f'data-indicator="{indicator}"')
    start = html.rindex('<table class="key-figures">', 0, row)
    end = html.index("</table>", row)
    after = re.match(
        r'</table>\s*</div>\s*((?:<p class="source provenance">.*?</p>\s*)*)', html[end:]
    )
    assert after
    return html[start : end + after.end()]


def test_asker_report_shows_the_fetch_under_the_fetched_indicators_tables(tmp_path):
    url = asker_database(tmp_path)
    fetch_into(url, tmp_path, "3203", "innovasjon-arbeidsplasser")  # in a section's table
    fetch_into(url, tmp_path, "3203", "okonomi-disposisjonsfond")  # a key figure
    for lang in ("nb", "en"):
        html = report_html(url, lang, 2022)
        table = figure_of(html, "innovasjon-vekst-arbeidsplasser")
        assert table.index("SSB 07984") < table.index(LINE[lang])  # after the source line
        key_figures = key_figures_of(html, "okonomi-disposisjonsfond")
        name = "Disposisjonsfond som andel av brutto driftsinntekter (&gt; 10 %)"
        assert f'<p class="source provenance">{name}: {LINE[lang]}</p>' in key_figures
        # nowhere else: one line under the table, one under the key figures
        assert len(provenance_lines(html)) == 2
        assert LINE[lang] not in figure_of(html, "okonomi-omstillingsbelop")


def test_oslo_report_shows_it_under_the_key_figures_and_the_table(tmp_path):
    url = oslo_database(tmp_path)
    before = report_html(url, "nb", 2022)
    assert provenance_lines(before) == []
    fetch_into(url, tmp_path, "0301", "andel")
    html = report_html(url, "nb", 2022)
    assert LINE["nb"] in figure_of(html, "sammenligning")
    assert f"Andel: {LINE['nb']}" in key_figures_of(html, "andel")
    assert provenance_lines(html) == [f"Andel: {LINE['nb']}", LINE["nb"]]


def test_the_newest_fetch_of_each_indicator_in_one_query(tmp_path):
    url = oslo_database(tmp_path)
    fetch_into(url, tmp_path, "0301", "andel")
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = fetched_provenance(session, "0301")
        assert fetched_provenance(session, "3203") == {}
    engine.dispose()
    assert {k: (p.table, p.query_file, p.fetched) for k, p in found.items()} == {
        "andel": ("07459", "andel.yaml", "2026-06-16")
    }
