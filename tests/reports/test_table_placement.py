"""Tables stand where the text points at them: `{{tabell: key}}` in the narrative."""

import re
from pathlib import Path

import pytest

from sdgplan.loading import load_example
from sdgplan.reports.markdown import render_narrative
from sdgplan.reports.model import build_report
from sdgplan.reports.render import chart_labels, render_report
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.reports.municipality import load_files, write_files

REFERRING = re.compile(
    r"(tabellen|tabell|grafen|figuren) (under|nedenfor|til høyre)", flags=re.IGNORECASE
)
# what the Asker text points at that is not one of the report's tables: the plan system
# (a drawing in the printed report), the thematic plans (their own part, "Temaplaner") and
# the emissions chart (a key-figure chart of the section)
NOT_A_TABLE = ("Figuren under viser plansystemet", "17 temaplaner", "klimagassutslippene")


@pytest.fixture(scope="module")
def asker_html(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('placement') / 'r.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
        report = build_report(session, year=2022, labels=chart_labels("nb"))
    engine.dispose()
    assert report.warnings == []
    return render_report(report, lang="nb", interactive=False)


def test_every_referring_paragraph_is_followed_by_its_table(asker_html):
    referring = [
        match
        for match in re.finditer(r"<p>(.*?)</p>", asker_html, flags=re.DOTALL)
        if REFERRING.search(match.group(1))
    ]
    placed = [m for m in referring if not any(text in m.group(1) for text in NOT_A_TABLE)]
    assert len(referring) == 17 and len(placed) == 14
    for match in placed:
        following = asker_html[match.end() :].lstrip()
        assert re.match(r'<figure class="figure-table[ "]', following), match.group(1)[:60]
    assert "{{tabell" not in asker_html


def test_each_table_is_printed_once(asker_html):
    keys = re.findall(r'<table class="report-table" data-table="([^"]+)"', asker_html)
    assert len(keys) == len(set(keys)) == 54


def test_placeholder_only_as_a_paragraph_of_its_own():
    parts = render_narrative(
        "Tabellen under viser tall.\n\n{{ tabell: a-1 }}\n\n"
        "- {{tabell: b}}\n\n> {{tabell: c}}\n\nSe {{tabell: d}} her.\n\n{{tabell: e}}\n"
    )
    assert [key for _, key in parts] == ["a-1", "e", None]
    assert parts[0][0] == "<p>Tabellen under viser tall.</p>\n"
    for key in "bcd":
        assert f"{{{{tabell: {key}}}}}" in parts[1][0]
    assert parts[2][0] == ""


def test_unknown_table_is_a_warning_and_stays_as_text(tmp_path):
    files = write_files(tmp_path / "files")
    narrative = next(path for key, path in files.items() if key.startswith("narrative-"))
    text = narrative.read_text("utf-8")
    narrative.write_text(text + "\n{{tabell: finnes-ikke}}\n\n<b>{{tabell: x}}</b>\n", "utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_files(session, files)
        report = build_report(session, year=2022, labels=chart_labels("nb"))
    engine.dispose()
    assert [w for w in report.warnings if "finnes-ikke" in w] == [
        f"{section}: ingen tabell «finnes-ikke» i denne delen" for section in [_section(narrative)]
    ]
    html = render_report(report, lang="nb", interactive=False)
    assert "<p>{{tabell: finnes-ikke}}</p>" in html
    assert "&lt;b&gt;{{tabell: x}}&lt;/b&gt;" in html


def _section(path: Path) -> str:
    return next(
        line.split(":", 1)[1].strip()
        for line in path.read_text("utf-8").splitlines()
        if line.startswith("section:")
    )
