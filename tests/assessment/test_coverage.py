from sdgplan.assessment.coverage import coverage_to_dict, sdg_coverage
from sdgplan.domain.plan import GoalLevel


def test_asker_coverage(asker_plan, catalogue):
    version = asker_plan.versions[0]
    coverage = sdg_coverage(version, catalogue)
    by_goal = {g.goal.number: g for g in coverage.goals}
    assert len(coverage.goals) == 17
    assert [g for g, c in by_goal.items() if not c.referenced] == [1, 2, 5]
    cities = by_goal[11]
    assert [t.target.code for t in cities.referenced_targets] == [
        "11.1",
        "11.2",
        "11.3",
        "11.4",
        "11.6",
        "11.7",
        "11.a",
        "11.b",
    ]
    assert [i.path for i in cities.direct] == ["2"]
    target_11_7 = next(t for t in cities.targets if t.target.code == "11.7")
    assert [i.path for i in target_11_7.items] == ["2.1.1", "2.1.2", "2.1.10"]
    # Economy (focus area 8) and most of "Medarbeidere" are local goals only.
    assert all(
        item.refs and all(r.code == "AK" for r in item.refs) for item in coverage.without_sdg
    )
    assert len(coverage.without_sdg) == sum(
        1 for item in version.items() if {r.code for r in item.refs} == {"AK"}
    )
    assert [i.path for i in coverage.without_sdg if i.level is GoalLevel.MAIN] == ["8"]


def test_every_sdg_reference_is_counted_once(asker_plan, catalogue):
    version = asker_plan.versions[0]
    data = coverage_to_dict(sdg_coverage(version, catalogue))
    counted = sum(
        len(g["referenced_by"]) + sum(len(t["referenced_by"]) for t in g["targets"])
        for g in data["goals"]
    )
    assert counted == sum(1 for item in version.items() for r in item.refs if r.code != "AK")
