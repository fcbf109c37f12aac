import pytest

from sdgplan.domain.plan import VersionKind
from sdgplan.exporters.plan import dump_yaml
from sdgplan.i18n import use_language
from sdgplan.importers import import_plan_file
from tests.importers.issues import located

MINIMAL = """\
municipality: '3203'
plan: Klimaplan 2023
version: adopted
date: 2023-06-15
focus_areas:
- name: Klima
  main_goal:
    text: Lavutslippssamfunnet
    refs: [13]
  goals:
  - text: Utslippene går ned
    refs: FN-T 13.2 AK
    strategies:
    - text: Grønn mobilitet
      refs: [17.10, AK]
"""


def write(tmp_path, text, name="plan.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_round_trip_is_exact(asker_plan, tmp_path):
    first = dump_yaml(asker_plan, asker_plan.versions[0])
    result = import_plan_file(write(tmp_path, first))
    assert result.ok, result.issues
    assert result.plan == asker_plan
    assert dump_yaml(result.plan, result.plan.versions[0]) == first


def test_minimal_plan_file(tmp_path):
    result = import_plan_file(write(tmp_path, MINIMAL))
    assert result.ok, result.issues
    plan = result.plan
    version = plan.versions[0]
    assert (plan.municipality.name, plan.title) == ("Asker", "Klimaplan 2023")
    assert version.kind is VersionKind.ADOPTED and version.date.isoformat() == "2023-06-15"
    goal = version.focus_areas[0].goals[0]
    assert [r.code for r in version.focus_areas[0].main_goal.refs] == ["13"]
    assert [r.code for r in goal.refs] == ["13.2", "AK"]
    # Read as text, so 17.10 stays 17.10 (YAML would otherwise make it the float 17.1).
    assert [r.code for r in goal.strategies[0].refs] == ["17.10", "AK"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "refs: FN-T 13.2 AK",
            "refs: FN-T 13.9 AK",
            "plan.yaml, 12: Ukjent FN-delmål «13.9» i referansen «FN-T 13.9 AK»",
        ),
        (
            "refs: [17.10, AK]",
            "refs: [17.20, AK]",
            "plan.yaml, 15: Ukjent FN-delmål «17.20» i referansen «17.20 AK»",
        ),
        (
            "    strategies:",
            "    stratgies:",
            "plan.yaml, 13:5: Ukjent nøkkel «stratgies» i målet; tillatt: id, refs, strategies, "
            "text",
        ),
        (
            "date: 2023-06-15",
            "date: 15.06.2023",
            "plan.yaml, 4:7: Ugyldig dato «15.06.2023»; skriv ÅÅÅÅ-MM-DD",
        ),
        (
            "version: adopted",
            "version: vedtatt",
            "plan.yaml, 3:10: Ukjent versjon «vedtatt»; bruk proposal, adopted",
        ),
        (
            "    refs: [13]\n",
            "",
            "plan.yaml, 8:5: Mangler referanser «refs» (AK, 11, 11.3)",
        ),
        (
            "      refs: [17.10, AK]",
            "      refs: []",
            "plan.yaml, 14:7: Tom referanseliste «refs»; skriv AK, 11 eller 11.3",
        ),
        (
            "municipality: '3203'",
            "format_version: 2\nmunicipality: '3203'",
            "plan.yaml, 1:17: Formatversjon 2 støttes ikke (denne sdgplan leser 1); oppgrader "
            "sdgplan",
        ),
        (
            "  goals:",
            "  goals: [",
            "plan.yaml, 11:3: Ugyldig YAML: expected the node content, but found '-' (sjekk "
            "innrykk, kolon og klammer)",
        ),
    ],
)
def test_errors_name_line_and_value(tmp_path, old, new, expected):
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new))
    result = import_plan_file(path)
    assert not result.ok
    assert [located(i).replace(str(tmp_path) + "/", "") for i in result.issues] == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    strategies:",
            "    stratgies:",
            "Unknown key 'stratgies' in the goal; allowed: id, refs, strategies, text",
        ),
        ("date: 2023-06-15", "date: 15.06.2023", "Invalid date '15.06.2023'; write YYYY-MM-DD"),
        ("    refs: [13]\n", "", "Missing references 'refs' (AK, 11, 11.3)"),
    ],
)
def test_errors_in_english(tmp_path, old, new, expected):
    path = write(tmp_path, MINIMAL.replace(old, new))
    with use_language("en"):
        result = import_plan_file(path)
    assert [i.message for i in result.issues] == [expected]


def test_empty_file(tmp_path):
    result = import_plan_file(write(tmp_path, "# nothing\n"), format="yaml")
    assert result.plan is None
    assert [i.message for i in result.issues] == ["Filen er tom"]


def test_refs_as_plain_string(tmp_path):
    result = import_plan_file(write(tmp_path, MINIMAL.replace("[17.10, AK]", "AK 17.10, 17.2")))
    assert result.ok, result.issues
    strategy = result.plan.versions[0].focus_areas[0].goals[0].strategies[0]
    assert [r.code for r in strategy.refs] == ["AK", "17.10", "17.2"]
