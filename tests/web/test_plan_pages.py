"""The plan pages over TestClient: reporting status and progress (figures checked against
the assessment computed here), the plan with its versions, the proposal-to-adopted diff and
the thematic plans; on Asker, and on a hostile Oslo next to Asker (paths with the number)."""

import re
from html import escape, unescape

import pytest

from sdgplan.assessment.reasons import render_reason
from sdgplan.domain.display import format_number
from sdgplan.domain.indicators import ObservationStatus
from sdgplan.domain.plan import VersionKind
from sdgplan.domain.plan_diff import diff_plan
from sdgplan.i18n import use_language
from sdgplan.plan_data import assess, load_plan_data
from sdgplan.store import indicator_repo, plan_repo
from sdgplan.store.db import make_engine, session_scope
from tests.web.test_pages import add_asker, add_hostile_oslo, asker_database, client_for, links

ASKER_KEY = "kommuneplanens-samfunnsdel-2020-2032"
PLAN_PAGES = [
    "status",
    "plan",
    f"plan/versions/proposal-{ASKER_KEY}",
    "plan/diff",
    "thematic-plans",
]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    return asker_database(tmp_path_factory.mktemp("asker"))


@pytest.fixture(scope="module")
def asker(asker_url):
    return client_for(asker_url)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("both")
    url = f"sqlite:///{folder / 'both.db'}"
    add_hostile_oslo(url, folder)
    return client_for(add_asker(url))


@pytest.fixture(scope="module")
def stored(asker_url):
    """Asker's plan data, its assessment and the year before's, computed without the web."""
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        data = load_plan_data(session)
        proposal = plan_repo.load_plan_version(session, version=VersionKind.PROPOSAL)[1]
        thematic = indicator_repo.load_thematic_plans(session, data.number)
    engine.dispose()
    assessment = assess(data)
    previous = assess(data, year=assessment.year - 1)
    return data, assessment, previous, proposal, thematic


def rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with `caption`: the row header's text -> its cells' texts."""
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert table, caption
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table[1], re.S):
        header = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if header:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            found[_text(header[1])] = [_text(cell) for cell in cells]
    return found


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def coverage(with_value: int, total: int) -> str:
    return f"{format_number(100 * with_value / total, 1)} %" if total else "–"


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", PLAN_PAGES)
def test_every_plan_page_answers_in_its_language_with_a_switch(asker, path, lang):
    response = asker.get(f"/{lang}/{path}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    other = "en" if lang == "nb" else "nb"
    assert f'class="language" href="/{other}/{path}"' in response.text
    for tag in re.findall(r"<script[^>]*>", response.text):
        assert "src=" in tag, tag  # no inline script
    assert "<table" not in response.text or "<caption" in response.text


def test_status_per_focus_area_matches_the_assessment(asker, stored):
    data, assessment, _, _, _ = stored
    year = assessment.year
    html = asker.get("/nb/status").text
    table = rows(html, f"Indikatorer per satsingsområde, {year}")
    measured = {
        o.indicator
        for o in data.observations
        if o.area == data.number
        and not o.breakdown
        and o.period == str(year)
        and o.status is ObservationStatus.MEASURED
        and o.value is not None
    }
    verdicts = {v.indicator.key: v for v in assessment.indicators}
    for area in data.version.focus_areas:
        rollup = next(
            r for r in assessment.rollups if r.level == "focus_area" and r.name == area.name
        )
        found = [verdicts[k] for k in rollup.indicators]
        with_value = sum(1 for v in found if v.indicator.key in measured)
        judged = sum(
            1 for v in found if v.indicator.threshold or v.indicator.bands or v.indicator.target
        )
        assessed = len(found) - rollup.counts["not_assessed"]
        expected = [len(found), with_value, judged, assessed, coverage(with_value, len(found))]
        assert table[area.name] == [str(n) for n in expected], area.name
    total = table["Alle satsingsområder"]
    with_value = sum(1 for key in verdicts if key in measured)
    assert total[0] == str(len(assessment.indicators))
    assert total[1] == str(with_value)
    assert total[4] == coverage(with_value, len(verdicts))
    assert re.fullmatch(r"\d+,\d %", total[4])  # as Norwegians write it


def test_status_per_sdg_matches_the_sdg_roll_ups(asker, stored):
    _, assessment, _, _, _ = stored
    table = rows(asker.get("/nb/status").text, f"Indikatorer per bærekraftsmål, {assessment.year}")
    assert len(table) == 17
    rollups = {r.name.split(" ")[0]: r for r in assessment.rollups if r.level == "sdg"}
    assert rollups
    for label, cells in table.items():
        number = label.split(" ")[0]
        rollup = rollups.get(number)
        if rollup is None:
            assert cells[0] == "0" and cells[4] == "–", label
            continue
        counts = rollup.counts
        assert cells[0] == str(len(rollup.indicators)), label
        outcomes = [counts[o] for o in ("on_track", "watch", "off_track", "not_assessed")]
        assert cells[6:] == [str(n) for n in outcomes], label


def test_progress_summary_counts_verdicts_per_focus_area_and_overall(asker, stored):
    data, assessment, _, _, _ = stored
    html = asker.get("/en/status").text
    table = rows(html, f"Indicators by verdict per focus area, {assessment.year}")
    for area in data.version.focus_areas:
        rollup = next(
            r for r in assessment.rollups if r.level == "focus_area" and r.name == area.name
        )
        counts = [rollup.counts[o] for o in ("on_track", "watch", "off_track", "not_assessed")]
        assert table[area.name][:4] == [str(n) for n in counts]
    overall = [
        sum(1 for v in assessment.indicators if v.outcome == o)
        for o in ("on_track", "watch", "off_track", "not_assessed")
    ]
    assert table["All focus areas"][:4] == [str(n) for n in overall]
    assert "Poor attainment" in html and "Focus area" in html


def test_status_lists_the_verdicts_changed_since_the_year_before(asker, stored):
    _, assessment, previous, _, _ = stored
    before = {v.indicator.key: v for v in previous.indicators}
    changed = [v for v in assessment.indicators if before[v.indicator.key].outcome != v.outcome]
    assert changed  # Asker's figures move between the two years
    html = asker.get("/nb/status").text
    caption = f"Indikatorer med endret vurdering fra {previous.year} til {assessment.year}"
    table = re.search(rf"{caption}</caption>(.*?)</table>", html, re.S)
    assert table
    assert links(table[1], '/nb/indicators/[^"]+') == [
        f"/nb/indicators/{v.indicator.key}" for v in changed
    ]
    assert f"{len(changed)} indikatorer har en annen vurdering enn i {previous.year}" in html
    first = changed[0]
    with use_language("nb"):
        reasons = render_reason(first.reason), render_reason(before[first.indicator.key].reason)
    assert all(escape(reason, quote=False) in html for reason in reasons)
    with use_language("en"):
        english = render_reason(first.reason)
    assert escape(english, quote=False) in asker.get("/en/status").text


def test_plan_page_shows_the_hierarchy_and_the_versions(asker, stored):
    data, _, _, _, _ = stored
    html = asker.get("/nb/plan").text
    goals = [g.key for _, g in data.version.goals()]
    assert links(html, '/nb/goals/[^"]+') == [f"/nb/goals/{key}" for key in goals]
    strategies = [s for _, g in data.version.goals() for s in g.strategies]
    assert all(escape(s.text, quote=False) in html for s in strategies)
    counts = data.version.counts()
    assert f"{counts['focus_areas']} satsingsområder" in html
    assert f"og {counts['strategy']} strategier" in html
    sdgs = {r.sdg_goal for _, g in data.version.goals() for r in g.refs if r.sdg_goal}
    assert {f"/nb/sdgs/{n}" for n in sdgs} <= set(links(html, '/nb/sdgs/[^"]+'))
    assert links(html, '/nb/plan/versions/[^"]+') == [
        f"/nb/plan/versions/proposal-{ASKER_KEY}",
        f"/nb/plan/versions/adopted-{ASKER_KEY}",
    ]


def test_a_version_page_shows_that_version(asker, stored):
    data, _, _, proposal, _ = stored
    reworded = [c for c in diff_plan(proposal, data.version).changes if c.old and c.new]
    old_text = next(c.old.text for c in reworded if c.old.text != c.new.text)
    shown = asker.get(f"/nb/plan/versions/proposal-{ASKER_KEY}").text
    adopted = asker.get(f"/nb/plan/versions/adopted-{ASKER_KEY}").text
    whole = f">{escape(old_text, quote=False)}<"  # the text of a link or span, not a part
    assert whole in shown and whole not in adopted
    assert "Resten av sidene viser en annen versjon" in shown
    assert "Dette er versjonen resten av sidene viser" in adopted
    assert adopted.count("<li>") > 100


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/nb/plan/versions/finnes-ikke", "Ukjent planversjon «finnes-ikke»"),
        ("/en/plan/versions/finnes-ikke", "Unknown plan version 'finnes-ikke'"),
        (f"/nb/plan/versions/{ASKER_KEY}", f"Ukjent planversjon «{ASKER_KEY}»"),
    ],
)
def test_unknown_version_key_is_a_404_page(asker, path, message):
    response = asker.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert message in unescape(response.text)


def test_diff_page_lists_every_change_by_key_with_counts(asker, stored):
    data, _, _, proposal, _ = stored
    diff = diff_plan(proposal, data.version)
    assert diff.changes
    html = asker.get("/nb/plan/diff").text
    assert [f"<code>{c.key}</code>" in html for c in diff.changes] == [True] * len(diff.changes)
    table = rows(html, "Antall punkter etter endring")
    labels = {
        "added": "Nye",
        "removed": "Fjernet",
        "reworded": "Omformulert",
        "moved": "Flyttet",
        "refs_changed": "Endrede referanser",
        "unchanged": "Uendret",
    }
    assert {labels[k]: [str(n)] for k, n in diff.counts().items()} == table
    assert html.count("Omformulert.") == diff.counts()["reworded"]
    assert "<del>" in html and "<ins>" in html
    english = asker.get("/en/plan/diff").text
    assert "Reworded." in english and "Moved from number" in english


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_diff_page_with_one_version_says_so(both, lang):
    response = both.get(f"/{lang}/0301/plan/diff")
    assert response.status_code == 200
    sentence = {
        "nb": "Planen har bare én lagret versjon (vedtatt), så det er ingenting å sammenligne.",
        "en": "The plan has only one stored version (adopted), so there is nothing to compare.",
    }[lang]
    assert sentence in unescape(response.text)


def test_thematic_plans_with_status_and_dates(asker, stored):
    thematic = stored[4]
    html = asker.get("/nb/thematic-plans").text
    table = rows(html, "Temaplaner og status")
    assert list(table) == [p.name for p in thematic]
    adopted = [p for p in thematic if p.adopted]
    planned = [p for p in thematic if p.planned]
    assert adopted and planned
    assert table["Arbeidsgiverpolitikk"] == ["Vedtatt", "8. september 2020", ""]
    assert table[planned[0].name] == ["Planlagt", "", planned[0].planned]
    assert f"{len(adopted)} vedtatt, {len(planned)} planlagt" in html
    assert '<time datetime="2020-09-08">' in html
    english = rows(asker.get("/en/thematic-plans").text, "Thematic plans and their status")
    assert english["Arbeidsgiverpolitikk"] == ["Adopted", "8 September 2020", ""]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", ["status", "plan", "plan/diff", "thematic-plans"])
def test_hostile_texts_are_escaped_on_the_plan_pages(both, path, lang):
    html = both.get(f"/{lang}/0301/{path}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert ESCAPED in html and "{{7*7}}" in html
    version = links(html, f'/{lang}/0301/plan/versions/[^"]+')
    if path == "plan":
        assert version == [
            f"/{lang}/0301/plan/versions/adopted-kommuneplan-2020-2030-script-alert-1"
        ]
        page = both.get(version[0]).text
        assert page.count(ESCAPED) > 5 and "<script>alert" not in page


def test_several_municipalities_carry_their_number(both):
    for code in ("0301", "3203"):
        for path in ["status", "plan", "plan/diff", "thematic-plans"]:
            assert both.get(f"/nb/{code}/{path}").status_code == 200, (code, path)
    plan = both.get("/nb/3203/plan").text
    assert f'href="/nb/3203/plan/versions/adopted-{ASKER_KEY}"' in plan
    assert 'href="/nb/3203/goals/okonomi.1"' in plan and 'href="/nb/3203/sdgs/8"' in plan
    assert both.get(f"/nb/3203/plan/versions/proposal-{ASKER_KEY}").status_code == 200
    # Oslo's plan has no proposal, and Asker's keys are not Oslo's
    assert both.get(f"/nb/0301/plan/versions/proposal-{ASKER_KEY}").status_code == 404
    status = both.get("/en/3203/status").text
    assert 'href="/en/3203/focus-areas/okonomi"' in status
    assert 'href="/en/3203/indicators/' in status
    # without the number the pages are ambiguous: not found
    assert both.get("/nb/status").status_code == 404
    assert both.get("/nb/plan/diff").status_code == 404
