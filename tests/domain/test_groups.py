from decimal import Decimal

import pytest

from sdgplan.domain.groups import (
    ComparisonGroup,
    Distance,
    GroupKind,
    GroupMethod,
    NoValueReason,
    Rank,
    describe_method,
    distance,
    group_value,
    groups_containing,
    rank,
    savings_potential,
)
from sdgplan.domain.indicators import Direction
from sdgplan.errors import NotFound
from sdgplan.i18n import use_language
from sdgplan.reference.comparison_groups import (
    country_group,
    country_without_oslo_group,
    county_group,
    peer_group,
)

THREE = ComparisonGroup("kostra:13", "KOSTRA-gruppe 13", GroupKind.KOSTRA, ("a", "b", "c"))
RATES = {"a": 10.0, "b": 20.0, "c": 30.0}
POPULATION = {"a": 1000.0, "b": 2000.0, "c": 7000.0}


def test_weighted_and_plain_means_by_hand():
    # weighted: (10*1000 + 20*2000 + 30*7000) / (1000 + 2000 + 7000)
    #         = (10 000 + 40 000 + 210 000) / 10 000 = 260 000 / 10 000 = 26.0
    # plain:    (10 + 20 + 30) / 3 = 20.0
    weighted = group_value(RATES, THREE, method=GroupMethod.WEIGHTED, weights=POPULATION)
    plain = group_value(RATES, THREE, method=GroupMethod.MEAN)
    assert weighted.value == pytest.approx(26.0)
    assert plain.value == pytest.approx(20.0)
    assert weighted.members_used == ("a", "b", "c") and weighted.members_missing == ()


def test_members_without_a_figure_or_weight_are_left_out_and_counted():
    group = ComparisonGroup("p", "Fire", GroupKind.PEERS, ("a", "b", "c", "d"))
    # "d" has no figure, "b" no population: weighted (10*1000 + 30*7000) / 8000 = 27.5
    weights = {"a": 1000.0, "c": 7000.0, "d": 500.0}
    weighted = group_value(RATES, group, method=GroupMethod.WEIGHTED, weights=weights)
    assert weighted.value == pytest.approx(27.5)
    assert weighted.members_used == ("a", "c")
    assert weighted.members_missing == ("b", "d")
    # the plain mean needs no weight, so only "d" is missing: (10 + 20 + 30) / 3 = 20.0
    plain = group_value(RATES, group, method=GroupMethod.MEAN)
    assert plain.value == pytest.approx(20.0) and plain.members_missing == ("d",)
    # NaN is no figure
    assert group_value({"a": float("nan"), "b": 4.0}, group, method=GroupMethod.MEAN).value == 4.0


def test_no_members_gives_no_value_with_the_reason():
    empty = ComparisonGroup("p", "Tom", GroupKind.PEERS, ())
    none = group_value(RATES, empty, method=GroupMethod.MEAN)
    assert (none.value, none.reason) == (None, NoValueReason.EMPTY_GROUP)
    other = ComparisonGroup("p", "Andre", GroupKind.PEERS, ("x", "y"))
    none = group_value(RATES, other, method=GroupMethod.MEAN)
    assert (none.value, none.reason, none.members_missing) == (
        None,
        NoValueReason.NO_FIGURES,
        ("x", "y"),
    )
    with pytest.raises(ValueError, match="weights"):
        group_value(RATES, THREE, method=GroupMethod.WEIGHTED)


def test_method_text_in_norwegian_and_english():
    thirteen = ComparisonGroup(
        "kostra:13", "KOSTRA-gruppe 13", GroupKind.KOSTRA, tuple(f"{n:04}" for n in range(13))
    )
    values = {f"{n:04}": 1.0 for n in range(12)}
    weighted = group_value(
        values, thirteen, method=GroupMethod.WEIGHTED, weights=dict.fromkeys(values, 100.0)
    )
    nowhere = group_value(values, country_without_oslo_group(), method=GroupMethod.MEAN)
    empty = group_value({}, thirteen, method=GroupMethod.MEAN)
    with use_language("nb"):
        assert describe_method(weighted) == (
            "befolkningsvektet snitt av 12 av 13 kommuner i KOSTRA-gruppe 13"
        )
        assert (
            describe_method(nowhere)
            == "ingen verdi: ingen av 356 kommuner i landet utenom Oslo har tall"
        )
        assert (
            describe_method(empty)
            == "ingen verdi: ingen av 13 kommuner i KOSTRA-gruppe 13 har tall"
        )
    with use_language("en"):
        assert describe_method(weighted) == (
            "population-weighted mean of 12 of 13 municipalities in KOSTRA-gruppe 13"
        )
        unweighted = group_value(RATES, THREE, method=GroupMethod.MEAN)
        assert describe_method(unweighted) == (
            "unweighted mean of 3 of 3 municipalities in KOSTRA-gruppe 13"
        )


def test_rank_with_ties_in_both_directions():
    values = {"a": 5.0, "b": 7.0, "c": 7.0, "d": 9.0, "e": float("nan")}
    # higher is better: d 9 first; b and c tie at 7 and share 2nd; a is 4th ("1224")
    higher = {n: rank(values, n, direction=Direction.HIGHER) for n in "abcd"}
    assert [higher[n].position for n in "dbca"] == [1, 2, 2, 4]
    # lower is better: a 1st, b and c 2nd, d 4th
    lower = {n: rank(values, n, direction=Direction.LOWER) for n in "abcd"}
    assert [lower[n].position for n in "abcd"] == [1, 2, 2, 4]
    # all four with a figure count; "e" (NaN) has none
    assert {r.of for r in [*higher.values(), *lower.values()]} == {4}
    assert rank(values, "e", direction=Direction.HIGHER) is None
    assert rank(values, "z", direction=Direction.HIGHER) is None


def test_percentile_is_the_share_of_others_strictly_worse():
    values = {"a": 5.0, "b": 7.0, "c": 7.0, "d": 9.0}
    # higher is better, b (7): of the 3 others only a (5) is worse; c ties -> 1/3
    assert rank(values, "b", direction=Direction.HIGHER) == Rank(2, 4, pytest.approx(100 / 3))
    # the best is above all 3 others, the worst above none
    assert rank(values, "d", direction=Direction.HIGHER).percentile == 100.0
    assert rank(values, "a", direction=Direction.HIGHER).percentile == 0.0
    assert rank(values, "a", direction=Direction.LOWER).percentile == 100.0
    # alone: first of one, no percentile
    assert rank({"a": 1.0}, "a", direction=Direction.LOWER) == Rank(1, 1, None)


def test_distance_to_the_group():
    # own 26.4, group 24.0: 2.4 above, 2.4 / 24 = 10 %
    assert distance(26.4, 24.0) == Distance(pytest.approx(2.4), pytest.approx(0.1))
    assert distance(18.0, 24.0) == Distance(-6.0, -0.25)
    assert distance(3.0, 0.0) == Distance(3.0, None)


def test_savings_potential_by_hand():
    # own 125 000 kr per pupil, group 118 500,50 kr, 420 pupils:
    # (125 000 - 118 500,50) x 420 = 6 499,50 x 420 = 2 729 790,00 kr saved at the group's cost
    assert savings_potential(Decimal("125000"), Decimal("118500.50"), 420) == Decimal("2729790.00")
    # spending less than the group: (95 000 - 100 000) x 10 = -50 000
    assert savings_potential(95_000, 100_000, 10) == Decimal("-50000")
    # floats are taken as printed, so no binary rounding: (0.3 - 0.1) x 3 = 0.6 exactly
    assert savings_potential(0.3, 0.1, 3) == Decimal("0.6")
    with pytest.raises(ValueError, match="finite"):
        savings_potential(float("inf"), 1.0, 1)


def test_country_county_and_peer_groups_from_the_register():
    country = country_group()
    assert len(country.members) == 357 and "0301" in country.members
    without_oslo = country_without_oslo_group()
    assert len(without_oslo.members) == 356 and "0301" not in without_oslo.members
    akershus = county_group("3025")  # Asker's number 2020-2023
    assert (akershus.name, akershus.kind, len(akershus.members)) == (
        "Akershus",
        GroupKind.COUNTY,
        21,
    )
    assert {"3201", "3203", "3205"} <= set(akershus.members)
    assert all(n.startswith("32") for n in akershus.members)
    assert len(county_group("0301").members) == 1
    peers = peer_group("peers:asker", "Asker og naboer", ["0219", "3203", "3201"])
    assert peers.members == ("3201", "3203")  # Bærum's old number 0219 is 3201
    with pytest.raises(NotFound, match="9999"):
        peer_group("x", "x", ["9999"])
    assert groups_containing([country, without_oslo, akershus], "0301") == [country]
