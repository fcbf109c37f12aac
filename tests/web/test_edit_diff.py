"""What a draft changes, as the pending page and the conflict page show it: field by field,
and lists of objects with keys (a programme's versions and their changes) item by item."""

from sdgplan.web.edit_diff import Difference, differences


def test_fields_and_figures_are_compared_one_by_one():
    old = {"name": "Fond", "2023": {"status": "measured", "value": "12.5"}}
    new = {"name": "Fond", "2023": {"status": "measured", "value": "13"}}
    assert [d.field for d in differences(old, new)] == ["2023"]
    assert differences("a", "a") == []
    assert differences("a", "b") == [Difference("", "a", "b")]


def test_keyed_lists_are_compared_item_by_item():
    old = {
        "versions": [
            {"key": "forslag", "measures": [{"key": "skole", "amounts": {"2026": 5}}]},
            {"key": "frp", "party": "FrP"},
        ]
    }
    new = {
        "versions": [
            {"key": "forslag", "measures": [{"key": "skole", "amounts": {"2026": 7}}]},
            {"key": "h", "party": "H"},
        ]
    }
    found = differences(old, new)
    assert [(d.field, d.before, d.after) for d in found] == [
        ("versions[forslag].measures[skole].amounts", '{"2026": 5}', '{"2026": 7}'),
        ("versions[frp]", '{"key": "frp", "party": "FrP"}', "–"),
        ("versions[h]", "–", '{"key": "h", "party": "H"}'),
    ]
    duplicated = {"rows": [{"key": "a", "n": 1}, {"key": "a", "n": 2}]}
    assert [d.field for d in differences(duplicated, {"rows": []})] == ["rows"]
