"""Stable keys: kept across versions and re-imports, matched by text and likeness, refusing
plans that would leave indicators pointing at nothing."""

import json

import yaml

from sdgplan.domain.plan import FocusArea, Goal, PlanVersion, Strategy, VersionKind
from sdgplan.domain.plan_keys import assign_keys
from sdgplan.examples import example_path
from sdgplan.importers import import_plan_file
from tests.reports.municipality import write_files
from tests.test_cli import run


def version(*areas: FocusArea) -> PlanVersion:
    return PlanVersion(VersionKind.ADOPTED, None, list(areas))


def area(name: str, *goals: str, main: str | None = None) -> FocusArea:
    return FocusArea(
        name,
        Goal(main, ()) if main else None,
        [Goal(text, (), [Strategy(f"{text} – tiltak", ())]) for text in goals],
    )


def test_fresh_keys_follow_the_plan():
    plan = version(area("Økonomi", "Sunn drift", "Lav gjeld", main="Robust"), area("Økonomi!"))
    report = assign_keys(plan)
    first = plan.focus_areas[0]
    assert [first.key, plan.focus_areas[1].key] == ["okonomi", "okonomi-2"]
    assert first.main_goal is not None and first.main_goal.key == "okonomi.0"
    assert [g.key for g in first.goals] == ["okonomi.1", "okonomi.2"]
    assert first.goals[1].strategies[0].key == "okonomi.2.1"
    assert len(report.new) == 2 + 1 + 2 + 2 and not report.gone


def test_rewording_moving_and_removing_keep_the_keys_apart():
    old = version(area("Økonomi", "Sunn drift", "Lav gjeld", "Høy kvalitet"))
    assign_keys(old)
    new = version(area("Økonomi", "Høy kvalitet", "Sunn økonomisk drift", "Nytt mål"))
    report = assign_keys(new, old)
    assert [(g.key, g.text) for g in new.focus_areas[0].goals] == [
        ("okonomi.3", "Høy kvalitet"),
        ("okonomi.1", "Sunn økonomisk drift"),
        ("okonomi.4", "Nytt mål"),  # never okonomi.2: that was "Lav gjeld"
    ]
    assert ("okonomi.1", "Sunn drift", "Sunn økonomisk drift") in report.reworded
    assert ("okonomi.4", "Nytt mål") in report.new
    assert ("okonomi.2", "Lav gjeld") in report.gone
    assert ("okonomi.2.1", "Lav gjeld – tiltak") in report.gone


def test_keys_given_in_the_file_win():
    old = version(area("Økonomi", "Sunn drift"))
    assign_keys(old)
    new = version(area("Penger", "Helt annen tekst"))
    new.focus_areas[0].key = "okonomi"
    new.focus_areas[0].goals[0].key = "okonomi.1"
    report = assign_keys(new, old)
    assert report.reworded == [
        ("okonomi", "Økonomi", "Penger"),
        ("okonomi.1", "Sunn drift", "Helt annen tekst"),
        ("okonomi.1.1", "Sunn drift – tiltak", "Helt annen tekst – tiltak"),
    ]


def test_asker_proposal_to_adopted_keeps_every_key():
    proposal = import_plan_file(example_path("asker", "plan-overview-proposal-2020-2032.txt"))
    adopted = import_plan_file(example_path("asker", "plan-adopted.yaml"))
    assert proposal.plan and adopted.plan
    assign_keys(proposal.plan.versions[0])
    report = assign_keys(adopted.plan.versions[0], proposal.plan.versions[0])
    assert (len(report.kept), len(report.reworded), len(report.new), len(report.gone)) == (
        124,
        7,
        0,
        0,
    )
    assert (
        "okonomi.1",
        "Asker kommune har god økonomisk bærekraft.",
        "Asker kommune har en god økonomisk bærekraft.",
    ) in report.reworded


def load_oslo(runner, db_url, tmp_path):
    files = write_files(tmp_path / "in")
    run(runner, "import", "plan", files["plan"], "--db", db_url)
    run(runner, "import", "indicators", files["indicators"], "--db", db_url)
    run(runner, "import", "observations", files["observations"], "--db", db_url)
    return files


def exported_plan(runner, db_url):
    return yaml.safe_load(run(runner, "export", "plan", "--db", db_url).stdout)


def assessed_goals(runner, db_url):
    records = json.loads(run(runner, "assess", "--format", "json", "--db", db_url).stdout)
    return {r["indicator"]: r["goal"] for r in records if r["level"] == "indicator"}


def test_rewording_a_goal_keeps_its_indicators(runner, db_url, tmp_path):
    load_oslo(runner, db_url, tmp_path)
    plan = exported_plan(runner, db_url)
    assert plan["focus_areas"][0]["id"] == "fokus-1"
    assert plan["focus_areas"][0]["goals"][0]["id"] == "fokus-1.1"
    assert assessed_goals(runner, db_url)["andel"] == "Delmål 1.1"

    plan["focus_areas"][0]["goals"][0]["text"] = "Et helt nytt delmål med ny ordlyd"
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), "utf-8")
    result = run(runner, "import", "plan", edited, "--db", db_url)
    assert "~ fokus-1.1: «Delmål 1.1» -> «Et helt nytt delmål med ny ordlyd»" in result.stdout
    assert assessed_goals(runner, db_url)["andel"] == "Et helt nytt delmål med ny ordlyd"
    log = json.loads(
        run(runner, "log", "--entity", "plan_item", "--format", "json", "--db", db_url).stdout
    )
    assert (log[0]["key"], log[0]["old"], log[0]["new"]) == (
        "adopted/fokus-1.1",
        {"text": "Delmål 1.1"},
        {"text": "Et helt nytt delmål med ny ordlyd"},
    )


def test_without_ids_a_slight_rewording_is_matched_and_reported(runner, db_url, tmp_path):
    files = load_oslo(runner, db_url, tmp_path)
    text = files["plan"].read_text("utf-8").replace("Delmål 2.1", "Delmål 2.1 (revidert)")
    files["plan"].write_text(text, "utf-8")
    result = run(runner, "import", "plan", files["plan"], "--db", db_url)
    assert "Nøkler: 6 uendret, 1 omformulert, 0 nye, 0 borte" in (result.stdout)
    assert "~ fokus-2.1: «Delmål 2.1» -> «Delmål 2.1 (revidert)»" in result.stdout
    assert assessed_goals(runner, db_url)["antall"] == "Delmål 2.1 (revidert)"


def test_removing_a_goal_with_indicators_is_refused_with_the_list(runner, db_url, tmp_path):
    load_oslo(runner, db_url, tmp_path)
    plan = exported_plan(runner, db_url)
    del plan["focus_areas"][1]["goals"][0]
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), "utf-8")
    before = run(runner, "export", "plan", "--db", db_url).stdout
    result = run(runner, "import", "plan", edited, "--db", db_url, ok=False)
    assert (
        "Planen mangler mål som indikatorer viser til: fokus-2.1: antall; ingenting er lagret"
        in result.stderr
    )
    result = run(runner, "--lang", "en", "import", "plan", edited, "--db", db_url, ok=False)
    assert (
        "Error: The plan lacks goals that indicators refer to: fokus-2.1: antall; nothing was "
        "saved\nKeep the goals (with their id), move the indicators first, or allow goals "
        "missing from the plan (orphans)\n"
    ) in result.stderr
    assert run(runner, "export", "plan", "--db", db_url).stdout == before
    result = run(runner, "import", "plan", edited, "--allow-orphans", "--db", db_url)
    assert "- fokus-2.1: «Delmål 2.1»" in result.stdout
