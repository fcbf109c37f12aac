"""`diff_plan` on small hand-made versions, and `sdgplan diff plan` on Asker and on a plan
whose texts hold markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sdgplan.cli import cli
from sdgplan.domain.plan import FocusArea, Goal, PlanVersion, Strategy, VersionKind
from sdgplan.domain.plan_diff import ChangeKind, PlanDiff, diff_plan, word_diff
from sdgplan.domain.references import Reference
from tests.reports.municipality import write_files


def refs(*codes: str) -> tuple[Reference, ...]:
    return tuple(Reference.from_code(code) for code in codes)


def goal(key: str, text: str, *strategies: Strategy, codes: tuple[str, ...] = ("AK",)) -> Goal:
    return Goal(text, refs(*codes), list(strategies), key=key)


def strategy(key: str, text: str) -> Strategy:
    return Strategy(text, refs("AK"), key=key)


def area(key: str, name: str, *goals: Goal, main: Goal | None = None) -> FocusArea:
    return FocusArea(name, main, list(goals), key=key)


def version(*areas: FocusArea, kind: VersionKind = VersionKind.ADOPTED) -> PlanVersion:
    return PlanVersion(kind, focus_areas=list(areas))


def base() -> PlanVersion:
    """Helse: main goal, sub-goals h.1 (two strategies), h.2, h.3; Skole: s.1."""
    return version(
        area(
            "h",
            "Helse",
            goal(
                "h.1",
                "God helse for alle.",
                strategy("h.1.1", "Forebygge."),
                strategy("h.1.2", "Behandle."),
            ),
            goal("h.2", "Trygg eldreomsorg."),
            goal("h.3", "Aktive innbyggere."),
            main=goal("h.0", "Askersamfunnet har god helse."),
        ),
        area("s", "Skole", goal("s.1", "God skole.")),
        kind=VersionKind.PROPOSAL,
    )


def summary(diff: PlanDiff) -> list[tuple[str, str, str | None, str | None]]:
    """(kinds, key, old path, new path) of every change, in order."""
    return [
        (
            " ".join(kind.value for kind in c.kinds),
            c.key,
            c.old.path if c.old else None,
            c.new.path if c.new else None,
        )
        for c in diff.changes
    ]


def test_the_same_plan_has_no_changes() -> None:
    diff = diff_plan(base(), base())
    assert diff.changes == ()
    assert diff.counts() == {
        "added": 0,
        "removed": 0,
        "reworded": 0,
        "moved": 0,
        "refs_changed": 0,
        "unchanged": 9,
    }


def test_added_and_removed_items_in_plan_order() -> None:
    new = base()
    helse = new.focus_areas[0]
    helse.goals[1] = goal("h.4", "Gode boliger.")  # h.2 removed, h.4 added in its place
    helse.goals[0].strategies.append(strategy("h.1.3", "Rehabilitere."))
    new.focus_areas.append(area("k", "Klima", goal("k.1", "Lavere utslipp.")))
    diff = diff_plan(base(), new)
    assert summary(diff) == [
        ("added", "h.1.3", None, "1.1.3"),
        ("added", "h.4", None, "1.2"),
        ("removed", "h.2", "1.2", None),  # before h.3, the item it preceded
        ("added", "k", None, "3"),
        ("added", "k.1", None, "3.1"),
    ]
    assert diff.counts()["added"] == 4
    assert diff.changes[2].focus_area == "Helse"


def test_reworded_item_has_word_segments() -> None:
    new = base()
    new.focus_areas[0].goals[0].text = "Bedre helse for alle innbyggere."
    new.focus_areas[1].name = "Oppvekst og skole"
    diff = diff_plan(base(), new)
    assert summary(diff) == [("reworded", "h.1", "1.1", "1.1"), ("reworded", "s", "2", "2")]
    words = [(s.op.value, s.text) for s in diff.changes[0].words]
    assert words == [
        ("delete", "God"),
        ("insert", "Bedre"),
        ("equal", " helse for alle"),
        ("insert", " innbyggere"),
        ("equal", "."),
    ]
    assert diff.changes[1].focus_area == "Oppvekst og skole"


@pytest.mark.parametrize(
    ("old", "new", "segments"),
    [
        ("har god økonomi.", "har en god økonomi.", "har {+en +}god økonomi."),
        (
            "et godt og trygt liv",
            "et bedre og tryggere liv",
            "et [-godt-]{+bedre+} og [-trygt-]{+tryggere+} liv",
        ),
        ("et godt trygt liv", "et bedre tryggere liv", "et [-godt trygt-]{+bedre tryggere+} liv"),
        ("kommune", "kommune.", "kommune{+.+}"),
        ("a b c", "a c", "a [-b -]c"),
    ],
)
def test_word_diff(old: str, new: str, segments: str) -> None:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    shown = "".join(marks[s.op.value].format(s.text) for s in word_diff(old, new))
    assert shown == segments


def test_a_changed_order_among_siblings_is_a_move() -> None:
    new = base()
    goals = new.focus_areas[0].goals
    goals.insert(0, goals.pop())  # h.3 first: h.1 and h.2 keep their order
    diff = diff_plan(base(), new)
    assert summary(diff) == [("moved", "h.3", "1.3", "1.1")]


def test_moves_to_another_parent() -> None:
    new = base()
    helse, skole = new.focus_areas
    skole.goals.append(helse.goals.pop(1))  # h.2 to Skole
    helse.goals[1].strategies.append(helse.goals[0].strategies.pop(0))  # h.1.1 under h.3
    diff = diff_plan(base(), new)
    assert summary(diff) == [("moved", "h.1.1", "1.1.1", "1.2.1"), ("moved", "h.2", "1.2", "2.2")]
    assert diff.changes[1].from_focus_area == "Helse"
    assert diff.changes[0].from_focus_area == ""


def test_renumbering_is_not_a_move() -> None:
    new = base()
    helse = new.focus_areas[0]
    helse.goals.insert(0, goal("h.9", "Ny først."))  # every sub-goal gets a new number
    helse.goals[1].strategies.pop(0)  # h.1.2 becomes 1.2.1
    new.focus_areas.insert(0, area("n", "Ny", goal("n.1", "Ny.")))  # every area too
    diff = diff_plan(base(), new)
    assert summary(diff) == [
        ("added", "n", None, "1"),
        ("added", "n.1", None, "1.1"),
        ("added", "h.9", None, "2.1"),
        ("removed", "h.1.1", "1.1.1", None),
    ]


def test_changed_references() -> None:
    new = base()
    new.focus_areas[1].goals[0].refs = refs("4.1", "4.2")
    diff = diff_plan(base(), new)
    [change] = diff.changes
    assert change.kinds == (ChangeKind.REFS_CHANGED,)
    assert (change.refs_added, change.refs_removed) == (("4.1", "4.2"), ("AK",))


def unkeyed(plan: PlanVersion) -> PlanVersion:
    for focus_area in plan.focus_areas:
        focus_area.key = ""
        goals = [focus_area.main_goal, *focus_area.goals] if focus_area.main_goal else []
        for item in goals or focus_area.goals:
            item.key = ""
            for s in item.strategies:
                s.key = ""
    return plan


def test_without_keys_items_match_by_exact_text() -> None:
    old, new = unkeyed(base()), unkeyed(base())
    assert diff_plan(old, new).changes == ()
    new.focus_areas[0].goals[2].text = "Aktive og friske innbyggere."
    goals = new.focus_areas[0].goals
    goals.insert(0, goals.pop(1))  # "Trygg eldreomsorg." first
    diff = diff_plan(old, new)
    assert summary(diff) == [
        ("moved", "", "1.2", "1.1"),
        ("added", "", None, "1.3"),
        ("removed", "", "1.3", None),
    ]


def test_to_dict_shape() -> None:
    new = base()
    new.focus_areas[0].goals[1].text = "Trygg og god eldreomsorg."
    new.kind = VersionKind.ADOPTED
    data = diff_plan(base(), new).to_dict()
    assert data["from"] == {"version": "proposal", "date": None}
    assert data["to"] == {"version": "adopted", "date": None}
    [change] = data["changes"]
    assert change["changes"] == ["reworded"]
    assert change["old"] == {"path": "1.2", "text": "Trygg eldreomsorg.", "refs": ["AK"]}
    assert change["words"][1] == {"op": "insert", "text": "og god "}


# Through the command line -------------------------------------------------------------------


@pytest.fixture(scope="module")
def asker_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('asker') / 'sdgplan.db'}"
    result = CliRunner().invoke(cli, ["example", "asker", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def test_asker_proposal_to_adopted(asker_db: str) -> None:
    result = CliRunner().invoke(cli, ["diff", "plan", "--db", asker_db])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "Planendringer: «Kommuneplanens samfunnsdel 2020-2032», Asker (3203): forslag -> vedtatt",
        "0 nye, 0 fjernet, 7 omformulert, 2 flyttet, 0 endrede referanser, 122 uendret",
    ]
    assert "  > 1 okonomi: Økonomi – satsingsområde (flyttet fra 8)" in lines
    assert "  ~ 1.1 okonomi.1: Asker kommune har {+en +}god økonomisk bærekraft." in lines
    assert (
        "  ~ 5.1 handling-mot-klimaendringene.1: Askersamfunnet motvirker, reduserer og "
        "[-tilpasse-]{+tilpasser+} seg konsekvensene av klimaendringer."
    ) in lines
    assert len(lines) == 19  # 2 header lines, 4 focus areas with a blank line, 9 changes
    assert "\x1b[" not in result.output  # no colours when not on a terminal


def test_asker_json(asker_db: str, tmp_path: Path) -> None:
    out = tmp_path / "diff.json"
    args = ["diff", "plan", "--db", asker_db, "--format", "json", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == [
        "format",
        "format_version",
        "municipality",
        "plan",
        "from",
        "to",
        "counts",
        "changes",
    ]
    assert (data["format"], data["format_version"]) == ("sdgplan-plan-diff", 1)
    assert data["municipality"] == {"number": "3203", "name": "Asker"}
    assert data["counts"]["reworded"] == 7
    assert [c["key"] for c in data["changes"]][:3] == ["okonomi", "okonomi.0", "okonomi.1"]
    assert set(data["changes"][0]) == {
        "key",
        "level",
        "focus_area_key",
        "focus_area",
        "changes",
        "old",
        "new",
        "words",
        "refs_added",
        "refs_removed",
        "from_focus_area",
    }


def test_reversed_direction(asker_db: str) -> None:
    args = ["diff", "plan", "--db", asker_db, "--from", "adopted", "--to", "proposal"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "  ~ 8.1 okonomi.1: Asker kommune har [-en -]god økonomisk bærekraft." in result.output


def with_ids(plan: dict) -> dict:
    """Give every focus area, goal and strategy of a plan file an `id`."""
    for a, focus_area in enumerate(plan["focus_areas"], start=1):
        focus_area["id"] = f"f{a}"
        if "main_goal" in focus_area:
            focus_area["main_goal"]["id"] = f"f{a}.0"
        for g, item in enumerate(focus_area["goals"], start=1):
            item["id"] = f"f{a}.{g}"
            for s, sub in enumerate(item.get("strategies", []), start=1):
                sub["id"] = f"f{a}.{g}.{s}"
    return plan


def test_html_escapes_plan_texts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sdgplan.db'}"
    hostile = "Delmål 1.1 <script>alert(1)</script>"
    adopted = write_files(
        tmp_path / "files", lambda name: hostile if name == "Delmål 1.1" else name
    )
    plan = with_ids(yaml.safe_load(adopted["plan"].read_text(encoding="utf-8")))
    adopted["plan"].write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    plan["focus_areas"][0]["goals"][0]["text"] = "Delmål 1.1"
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    for file, kind in ((adopted["plan"], "adopted"), (proposal, "proposal")):
        result = runner.invoke(cli, ["import", "plan", str(file), "--version", kind, "--db", url])
        assert result.exit_code == 0, result.output

    result = runner.invoke(cli, ["diff", "plan", "--db", url, "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert "<ins> &lt;script&gt;alert(1)&lt;/script&gt;</ins>" in page
    assert "<script" not in page
    assert "1 omformulert" in page.replace("<strong>", "").replace("</strong>", "")


def test_a_missing_version_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sdgplan.db'}"
    files = write_files(tmp_path / "files")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "plan", str(files["plan"]), "--db", url]).exit_code == 0
    result = runner.invoke(cli, ["diff", "plan", "--db", url])
    assert result.exit_code == 1
    assert result.output == (
        "Feil: «Kommuneplan 2020-2030» (Oslo) har ingen versjon «proposal»\n"
        "Importer den: sdgplan import plan FIL --version proposal\n"
    )
