import json
from importlib import resources
from pathlib import Path

import pytest

from sdgplan.domain.groups import GroupKind, GroupMethod, describe_method, group_value
from sdgplan.errors import FormatError, InvalidData
from sdgplan.i18n import use_language
from sdgplan.importers.klass import parse_kostra_groups, read_kostra_groups
from sdgplan.reference.municipalities import load_municipalities
from tests.importers.issues import located

EXAMPLE = Path(str(resources.files("sdgplan.examples").joinpath("asker", "kostra_groups.json")))


def item(code, level, name, parent=None):
    """An item as Klass's codesAt sends it: the level as text, validity and notes beside."""
    return {
        "code": code,
        "parentCode": parent,
        "level": level,
        "name": name,
        "shortName": "",
        "presentationName": "",
        "validFrom": "2024-01-01",
        "validTo": None,
        "notes": "",
    }


def parse(codes, key="codes"):
    return parse_kostra_groups(json.dumps({key: codes}), source="groups.json")


def refused(text):
    with pytest.raises(InvalidData) as caught:
        parse_kostra_groups(text, source="groups.json")
    return [located(i) for i in caught.value.issues]


def test_groups_and_their_municipalities():
    groups = parse(
        [
            item("13", "1", "KOSTRA-gruppe 13"),
            item("3203", "2", "Asker", "13"),
            item("3201", "2", "Bærum", "13"),
            item("1", "1", "KOSTRA-gruppe 1"),
            item("4601", 2, "Bergen", "1"),
            item("9", "1", "KOSTRA-gruppe 9"),
        ]
    )
    assert [(g.key, g.name, g.kind, g.members) for g in groups] == [
        ("kostra:13", "KOSTRA-gruppe 13", GroupKind.KOSTRA, ("3203", "3201")),
        ("kostra:1", "KOSTRA-gruppe 1", GroupKind.KOSTRA, ("4601",)),
        ("kostra:9", "KOSTRA-gruppe 9", GroupKind.KOSTRA, ()),
    ]


def test_a_classification_version_is_read_too():
    groups = parse(
        [item("13", 1, "KOSTRA-gruppe 13"), item("3203", 2, "Asker", "13")],
        key="classificationItems",
    )
    assert groups[0].members == ("3203",)


def test_the_bundled_example_holds_askers_group():
    groups = read_kostra_groups(EXAMPLE)
    asker = [g for g in groups if "3203" in g.members]
    assert len(groups) == 3 and len(asker) == 1
    assert "illustrativ" in asker[0].name
    assert set(asker[0].members) <= set(load_municipalities())
    # the example is stated to be illustrative in the file itself
    assert "Illustrative" in json.loads(EXAMPLE.read_text("utf-8"))["_comment"]
    # and usable as a group: a plain mean over its 9 members, 2 of them with figures
    value = group_value({"3203": 10.0, "3201": 14.0}, asker[0], method=GroupMethod.MEAN)
    assert value.value == 12.0
    with use_language("nb"):
        assert describe_method(value) == (
            "uvektet snitt av 2 av 9 kommuner i KOSTRA-gruppe A (illustrativ)"
        )


def test_bad_items_are_refused_naming_their_path():
    issues = refused(
        json.dumps(
            {
                "codes": [
                    item("13", "1", "KOSTRA-gruppe 13"),
                    item("13", "1", "KOSTRA-gruppe 13 igjen"),
                    item("3203", "2", "Asker", "13"),
                    item("3203", "2", "Asker", "13"),
                    item("3201", "2", "Bærum", "14"),
                    item("32O1", "2", "Bærum", "13"),
                    item("", "3", ""),
                    "3205",
                ]
            }
        )
    )
    assert issues == [
        "groups.json: codes[6].code: mangler eller er tom",
        "groups.json: codes[6].name: mangler eller er tom",
        'groups.json: codes[6].level: venter 1 (gruppe) eller 2 (kommune), fikk "3"',
        "groups.json: codes[7]: venter et objekt",
        "groups.json: codes[1].code: gruppen 13 står to ganger",
        "groups.json: codes[3].code: kommune 3203 står allerede i codes[2]",
        'groups.json: codes[4].parentCode: "14" er ingen gruppe (nivå 1) i filen',
        'groups.json: codes[5].code: venter et firesifret kommunenummer, fikk "32O1"',
    ]


def test_files_that_are_not_klass_json_are_refused():
    assert refused('{"codes": [') == [
        "groups.json, 1:12: ikke gyldig JSON: Expecting value",
    ]
    expected = "groups.json: venter et objekt med listen «codes» eller «classificationItems»"
    assert refused('{"items": []}') == [expected]
    assert refused('[{"code": "13"}]') == [expected]
    assert refused('{"codes": {"code": "13"}}') == [expected]


def test_an_unreadable_file_is_a_format_error(tmp_path):
    with pytest.raises(FormatError, match="missing.json"):
        read_kostra_groups(tmp_path / "missing.json")
    path = tmp_path / "groups.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        read_kostra_groups(path)
    assert caught.value.issues[0].source == str(path)
