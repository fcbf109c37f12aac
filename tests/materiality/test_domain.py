"""Materiality rules (issue 15): scores combined by the mean or the median on a declared
scale, the priority threshold, and the check against the plan's references."""

import pytest

from sdgplan.domain.materiality import (
    Aggregation,
    Method,
    Scale,
    Score,
    aggregate,
    check_plan,
    out_of_scale,
    prioritised,
    score_code,
)
from sdgplan.domain.plan import GoalLevel, PlanItem
from sdgplan.domain.references import Reference

SCORES = [
    Score("11.7", "Verksted", 5, 4),
    Score("11.7", "Innbyggerundersøkelse", 4, 2),
    Score("11.7", "Administrasjonen", 1, 3),
    Score("3.4", "Verksted", 2, 2),
    Score("3.4", "Administrasjonen", 3, 1),
]


def item(path, *codes):
    refs = tuple(Reference.from_code(c) for c in codes)
    return PlanItem(GoalLevel.SUB, "Fokus", path, f"Mål {path}", refs, f"key-{path}")


def test_the_mean_combines_each_codes_scorers():
    found = {a.code: a for a in aggregate(SCORES, Method())}
    assert [a.code for a in aggregate(SCORES, Method())] == ["3.4", "11.7"]  # SDG order
    assert (found["11.7"].importance, found["11.7"].influence) == (pytest.approx(10 / 3), 3.0)
    assert found["11.7"].scorers == 3
    assert (found["3.4"].importance, found["3.4"].influence) == (2.5, 1.5)


def test_the_median_is_not_pulled_by_one_outlier():
    found = {a.code: a for a in aggregate(SCORES, Method(aggregation=Aggregation.MEDIAN))}
    assert (found["11.7"].importance, found["11.7"].influence) == (4.0, 3.0)
    assert (found["3.4"].importance, found["3.4"].influence) == (2.5, 1.5)  # two: their mean


def test_priority_is_both_axes_at_or_above_the_threshold_default_the_midpoint():
    method = Method()
    assert method.priority_threshold == 3.0
    found = {a.code: a for a in aggregate(SCORES, method)}
    assert found["11.7"].prioritised and not found["11.7"].low  # 3.33 and exactly 3.0
    assert found["3.4"].low and not found["3.4"].prioritised
    stricter = {a.code: a for a in aggregate(SCORES, Method(threshold=3.2))}
    assert not stricter["11.7"].prioritised and not stricter["11.7"].low


def test_prioritised_list_is_strongest_first():
    scores = [
        Score("4.1", "a", 4, 4),
        Score("11.2", "a", 5, 4),
        Score("13.1", "a", 4, 5),
        Score("3.8", "a", 2, 5),
    ]
    assert [a.code for a in prioritised(aggregate(scores, Method()))] == ["11.2", "13.1", "4.1"]


def test_any_scale_with_min_below_max():
    method = Method(Scale(0, 10), Aggregation.MEAN)
    assert method.priority_threshold == 5.0
    found = aggregate([Score("11", "a", 7.5, 5)], method)
    assert found[0].prioritised and found[0].is_goal
    with pytest.raises(ValueError, match="Skalaen 5-1: minimum må være lavere enn maksimum"):
        Scale(5, 1)
    with pytest.raises(ValueError, match="Terskelen 6 er utenfor skalaen 1-5"):
        Method(threshold=6)


def test_a_score_outside_the_scale_is_an_error_naming_it():
    score = Score("11.7", "Verksted", 6, 0.5)
    assert out_of_scale(score, Scale()) == [
        "Viktighet 6 for 11.7 (Verksted) er utenfor skalaen 1-5",
        "Påvirkning 0,5 for 11.7 (Verksted) er utenfor skalaen 1-5",
    ]
    with pytest.raises(ValueError, match=r"Viktighet 6 for 11.7 \(Verksted\)"):
        aggregate([*SCORES, score], Method())


def test_codes_are_targets_or_goals():
    assert score_code("11-A") == "11.a"
    assert score_code(" 03 ") == "3"
    with pytest.raises(ValueError, match="indikator"):
        score_code("11.7.1")


def test_a_prioritised_target_no_plan_goal_refers_to_is_reported():
    scores = [Score("11.7", "a", 5, 5), Score("11.3", "a", 4, 4), Score("13.2", "a", 4, 4)]
    items = [item("1.1", "11.3"), item("1.2", "AK"), item("2", "13")]
    check = check_plan(aggregate(scores, Method()), items)
    assert [(g.score.code, [i.path for i in g.via_goal]) for g in check.unreferenced] == [
        ("11.7", []),
        ("13.2", ["2"]),  # only the whole goal 13: shown, but not counted as a reference
    ]
    assert check.low_referenced == []


def test_plan_references_to_targets_scored_low_are_reported():
    scores = [Score("14.2", "a", 1, 2), Score("9.5", "a", 2, 4), Score("7.2", "a", 2, 1)]
    items = [item("4.6.1", "14.2", "AK"), item("8.1", "9.5"), item("3.1", "14.2")]
    check = check_plan(aggregate(scores, Method()), items)
    assert [(x.score.code, [i.path for i in x.items]) for x in check.low_referenced] == [
        ("14.2", ["4.6.1", "3.1"]),  # 9.5 is not low (influence 4); 7.2 is not referenced
    ]


def test_a_scored_goal_counts_references_to_its_targets():
    scores = [Score("11", "a", 5, 5), Score("14", "a", 1, 1)]
    check = check_plan(aggregate(scores, Method()), [item("1", "11.3"), item("2", "14.1")])
    assert check.unreferenced == []
    assert [x.score.code for x in check.low_referenced] == ["14"]
