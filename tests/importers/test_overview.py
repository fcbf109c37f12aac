from pathlib import Path

import pytest

from sdgplan.domain.plan import GoalLevel, VersionKind
from sdgplan.errors import FormatError
from sdgplan.i18n import use_language
from sdgplan.importers import PlanOptions, detect_plan_format, import_plan_file
from sdgplan.reference import find_municipality
from tests.conftest import ASKER_OVERVIEW
from tests.importers.issues import located

FOCUS_AREAS = [
    "Samarbeid for å nå målene",
    "Bærekraftige byer og samfunn",
    "Handling mot klimaendringene",
    "God helse",
    "God utdanning",
    "Innovasjon, digitalisering og næringsutvikling",
    "Medarbeidere",
    "Økonomi",
]


def codes(item):
    return [r.code for r in item.refs]


def test_asker_counts(asker_plan):
    version = asker_plan.versions[0]
    assert version.counts() == {
        "focus_areas": 8,
        GoalLevel.MAIN: 8,
        GoalLevel.SUB: 28,
        GoalLevel.STRATEGY: 87,
    }
    assert [a.name for a in version.focus_areas] == FOCUS_AREAS
    assert [len(a.goals) for a in version.focus_areas] == [3, 6, 2, 4, 4, 3, 4, 2]


def test_asker_metadata(asker_plan):
    assert asker_plan.municipality.number == "3203"
    assert asker_plan.title == "Kommuneplanens samfunnsdel 2020-2032"
    assert asker_plan.versions[0].kind is VersionKind.PROPOSAL


def test_asker_sample_references(asker_plan):
    areas = asker_plan.versions[0].focus_areas
    cities = areas[1]
    assert codes(areas[0].main_goal) == ["17"]
    assert codes(cities.main_goal) == ["11"]
    assert codes(cities.goals[0]) == ["AK"]
    assert codes(cities.goals[0].strategies[0]) == ["11.3", "11.7"]
    assert codes(cities.goals[0].strategies[2]) == ["11.a", "AK"]
    assert codes(cities.goals[1]) == ["6.1", "11.6"]
    assert codes(cities.goals[5]) == ["11.4", "12.2"]  # written "FN 11.4 12.2"
    assert codes(cities.goals[5].strategies[0]) == ["14.2", "15.1", "15.3", "15.5"]
    assert codes(areas[7].main_goal) == ["AK"]
    education = areas[4]
    assert codes(education.goals[1]) == ["4.2"] and education.goals[1].strategies == []
    assert codes(education.goals[2]) == ["4.1"] and len(education.goals[2].strategies) == 2
    assert (
        cities.goals[0]
        .strategies[0]
        .text.startswith("Asker kommune skal arbeide aktivt med stedsutvikling")
    )
    assert all(item.refs for item in asker_plan.versions[0].items())


def test_word_export_quirks_give_the_same_plan(asker_plan, tmp_path):
    """A BOM, CRLF line ends, stray blank lines and trailing spaces change nothing."""
    text = ASKER_OVERVIEW.read_text(encoding="utf-8")
    messy = "\ufeff" + "\r\n\r\n".join(line + "  " for line in text.split("\n"))
    path = tmp_path / "plan.txt"
    path.write_bytes(messy.encode("utf-8"))
    assert import_plan_file(path).plan == asker_plan


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_other_encodings(asker_plan, tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(ASKER_OVERVIEW.read_text(encoding="utf-8").encode(encoding))
    assert import_plan_file(path).plan == asker_plan


def test_options_override_the_file(tmp_path):
    options = PlanOptions(
        version=VersionKind.ADOPTED, title="Samfunnsdelen", municipality=find_municipality("3203")
    )
    plan = import_plan_file(ASKER_OVERVIEW, options=options).plan
    assert plan.title == "Samfunnsdelen"
    assert plan.versions[0].kind is VersionKind.ADOPTED


def write_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = ASKER_OVERVIEW.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_unknown_target_names_file_line_and_reference(tmp_path):
    path = write_variant(tmp_path, "FN-T 11.3 11.7", "FN-T 11.9 11.7")
    result = import_plan_file(path)
    assert not result.ok
    assert [located(i) for i in result.issues] == [
        f"{path}, 50:3: Ukjent FN-delmål «11.9» i referansen «FN-T 11.9 11.7»"
    ]
    with use_language("en"):
        [issue] = import_plan_file(path).issues
    assert issue.message == "Unknown SDG target '11.9' in the reference 'FN-T 11.9 11.7'"


def test_unknown_goal(tmp_path):
    path = write_variant(tmp_path, "FN-T 17\t", "FN-T 18\t")
    [issue] = import_plan_file(path).issues
    assert issue.line == 19 and issue.message == "Ukjent bærekraftsmål «18» i referansen «FN-T 18»"


def test_bad_reference_syntax(tmp_path):
    path = write_variant(tmp_path, "FN 11.4 12.2", "11.4 12.2")
    [issue] = import_plan_file(path).issues
    assert (issue.line, issue.column) == (73, 1)
    assert issue.message.startswith("Ugyldig referanse «11.4 12.2»: ")


def test_strategy_before_any_sub_goal(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Plan 2020 for Asker kommune\n\nKlima\n\nHovedmål\n\n"
        "Referanse\tHOVEDMÅL\nFN-T 13\tMål\n\nDelmål og strategier\n\n"
        "\t\tAK\tEn strategi uten delmål\n",
        encoding="utf-8",
    )
    [issue] = import_plan_file(path).issues
    assert (issue.line, issue.column) == (12, 3)
    assert issue.message == "Strategi uten delmål"


def test_missing_municipality(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Plan 2020\n\nKlima\n\nHovedmål\n\nFN-T 13\tMål\n\nDelmål og strategier\n"
        "\nFN-T 13.1\tDelmål\t\t\n",
        encoding="utf-8",
    )
    result = import_plan_file(path)
    assert result.plan is None
    assert result.issues[0].message == "Filen nevner ingen kjent kommune; oppgi kommunenummeret"
    with use_language("en"):
        [issue] = import_plan_file(path).issues
    assert issue.message == "The file names no known municipality; give its number"
    options = PlanOptions(municipality=find_municipality("0301"))
    plan = import_plan_file(path, options=options).plan
    assert plan.municipality.name == "Oslo"
    assert [codes(g) for g in plan.versions[0].focus_areas[0].goals] == [["13.1"]]


def test_not_a_plan(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Bare litt tekst\n", encoding="utf-8")
    result = import_plan_file(path, format="overview")
    assert result.plan is None
    assert result.issues[0].message.startswith("Fant ingen satsingsområder")


def test_detect_format(tmp_path):
    assert detect_plan_format(ASKER_OVERVIEW, ASKER_OVERVIEW.read_text("utf-8")) == "overview"
    assert detect_plan_format(Path("x.yaml"), "format: sdgplan-plan\n") == "yaml"


def test_undecodable_file_is_a_format_error(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("Økonomi".encode("cp1252") + b"\x81")
    with pytest.raises(FormatError) as error:
        import_plan_file(path)
    assert str(error.value) == (
        f"{path}: ukjent tegnkoding (byte 0x81 ved posisjon 7)\nLagre filen som UTF-8."
    )
    with use_language("en"), pytest.raises(FormatError) as error:
        import_plan_file(path)
    assert str(error.value) == (
        f"{path}: unknown text encoding (byte 0x81 at offset 7)\nSave the file as UTF-8."
    )
