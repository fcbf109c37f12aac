"""Materiality on the Asker example (illustrative scores of seed 002's targets, checked
against the adopted plan) and on the small Oslo municipality, through the service and the
`sdgplan materiality` commands."""

import json

import sdgplan.cli.materiality  # noqa: F401  (registers `sdgplan materiality`)
from sdgplan.materiality import materiality_view
from sdgplan.store.db import make_engine, session_scope
from tests.test_cli import problems, run


def view_of(url, **options):
    engine = make_engine(url)
    with session_scope(engine) as session:
        view = materiality_view(session, **options)
    engine.dispose()
    return view


def test_asker_plan_check_shows_gaps_and_low_references(asker_url):
    view = view_of(asker_url, municipality="3203")
    assert view.materiality.illustrative
    assert view.materiality.scorers == ["Verksted", "Innbyggerundersøkelse", "Administrasjonen"]
    assert view.version.kind.value == "adopted"
    gaps = {g.score.code: [i.path for i in g.via_goal] for g in view.check.unreferenced}
    assert gaps == {"13.2": ["5"], "1.2": [], "4.5": ["3.1.3", "7"]}
    lows = {x.score.code: [i.path for i in x.items] for x in view.check.low_referenced}
    assert lows == {"7.2": ["5.2.1"], "9.5": ["8.1.1"], "14.2": ["4.6.1"]}
    # the level-1 targets of seed 002 are all scored
    seed = "3.3 3.5 3.6 3.7 3.8 3.9 3.a 3.d 4.1 4.2 4.3 4.4 4.5 4.7 9.1 9.4 9.c".split()
    seed += "11.1 11.2 11.3 11.4 11.6 11.7 11.a 13.1 13.2 13.3".split()
    assert set(seed) <= {a.code for a in view.aggregated}


def test_show_prints_the_prioritised_list_and_the_check(runner, asker_url):
    out = run(runner, "materiality", "show", "--db", asker_url).stdout
    lines = out.splitlines()
    assert lines[1] == (
        "Skala 1-5, gjennomsnitt av Verksted, Innbyggerundersøkelse, Administrasjonen; "
        "prioritert: begge akser minst 3"
    )
    assert "Illustrative tall, ikke en faktisk vurdering." in lines
    assert "Prioriterte (24):" in lines
    assert lines[lines.index("Prioriterte (24):") + 2].startswith("  4.1         5,0         4,7  ")
    assert "Prioriterte som ingen mål eller strategi i planen viser til (3):" in lines
    assert "    viktighet 4,7, påvirkning 4,3 (bare mål 13 som helhet: 5)" in lines
    assert "Planen viser til lavt vurderte (3):" in lines
    assert "  14.2  viktighet 2,3, påvirkning 1,7" in lines


def test_show_in_english_and_as_json(runner, asker_url):
    out = run(runner, "--lang", "en", "materiality", "show", "--all", "--db", asker_url).stdout
    assert "All scored (34):" in out
    assert "Prioritised with no plan goal or strategy referring to them (3):" in out
    data = json.loads(
        run(runner, "materiality", "show", "--format", "json", "--db", asker_url).stdout
    )
    assert data["cycle"] == "2020-2032" and data["aggregation"] == "mean"
    assert data["check"]["unreferenced"][1] == {"code": "1.2", "via_goal": []}
    assert data["prioritised"][:3] == ["4.1", "4.2", "11.7"]


def test_oslo_scores_from_csv_checked_against_its_plan(runner, oslo_url, tmp_path):
    url, scores = oslo_url
    result = run(runner, "materiality", "import", scores, "--cycle", "2024", "--db", url)
    assert result.stdout.startswith("Importert 8 vurderinger fra 2 vurderere for Oslo, 2024 -> ")
    view = view_of(url)
    assert [(g.score.code, [i.path for i in g.via_goal]) for g in view.check.unreferenced] == [
        ("11.6", []),
        ("3.8", ["1"]),  # Oslo's main goal 1 refers to SDG 3 as a whole
    ]
    assert [(x.score.code, [i.path for i in x.items]) for x in view.check.low_referenced] == [
        ("3.4", ["1.1"])
    ]
    out = tmp_path / "oslo.json"
    run(runner, "materiality", "chart", "--out", out, "--width", "320", "--db", url)
    spec = json.loads(out.read_text(encoding="utf-8"))
    labels = [layer for layer in spec["layer"] if layer["mark"].get("type") == "text"][-1]
    assert sorted(r["label"] for r in labels["data"]["values"]) == ["11.3", "11.6", "3.4", "3.8"]


def test_import_errors_name_the_line(runner, oslo_url, tmp_path):
    url, _scores = oslo_url
    bad = tmp_path / "bad.csv"
    bad.write_text("code;scorer;importance;influence\n3.4;Bydel;7;2\n", encoding="utf-8")
    result = run(runner, "materiality", "import", bad, "--cycle", "x", "--db", url, ok=False)
    assert problems(result.stderr) == [
        (2, None, "Viktighet 7 for 3.4 (Bydel) er utenfor skalaen 1-5")
    ]
    assert "ingenting er lagret" in result.stderr


def test_chart_files(runner, asker_url, tmp_path):
    for name in ("m.svg", "m.html", "m.json"):
        result = run(runner, "materiality", "chart", "--out", tmp_path / name, "--db", asker_url)
        assert result.stdout == f"Skrevet: {tmp_path / name}\n"
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and ">4.2, 11.7<" in svg  # codes at one point share a label
    assert "vegaEmbed" in (tmp_path / "m.html").read_text(encoding="utf-8")
    run(runner, "materiality", "chart", "--out", tmp_path / "m.png", "--db", asker_url, ok=False)
