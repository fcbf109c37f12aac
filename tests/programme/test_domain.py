"""The programme's arithmetic: periods, amounts, balance and allocation."""

from decimal import Decimal

import pytest

from sdgplan.domain.programme import (
    Change,
    ChangeAction,
    Financing,
    GoalPlace,
    Measure,
    MeasureKind,
    Period,
    Programme,
    ProgrammeVersion,
    VersionKind,
    allocate,
    format_millions,
    imbalance,
    imbalance_message,
    parse_amount,
)

M = Decimal(1_000_000)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("12500000", 1, Decimal(12_500_000)),
        ("-12 500 000", 1, Decimal(-12_500_000)),
        ("12,5", 1_000_000, Decimal(12_500_000)),
        ("0.1", 1, Decimal("0.1")),
    ],
)
def test_amounts_are_exact(text, unit, expected):
    amount = parse_amount(text, Decimal(unit))
    assert amount == expected
    assert "E" not in format(amount, "f")


@pytest.mark.parametrize("text", ["12.5.1", "1e6", "", "tolv", "1" * 16])
def test_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal(-12_500_000), "-12,5 mill. kr"),
        (Decimal(80_000_000), "80 mill. kr"),
        (Decimal(250_000), "250 000 kr"),
        (Decimal(1_234_567), "1,23 mill. kr"),
        (Decimal(-3), "-3 kr"),
    ],
)
def test_money_for_readers(amount, shown):
    assert format_millions(amount) == shown


def test_a_period_of_years():
    assert list(Period.parse("2024-2027").years) == [2024, 2025, 2026, 2027]
    with pytest.raises(ValueError, match="høyst 10 år"):
        Period.parse("2024-2040")


def programme(*versions: ProgrammeVersion) -> Programme:
    proposal = ProgrammeVersion(
        "forslag",
        VersionKind.PROPOSAL,
        measures=(
            Measure("a", "A", MeasureKind.NEW, {2024: 10 * M, 2025: 10 * M}, goals=("f.1",)),
            Measure("b", "B", MeasureKind.RESTRUCTURING, {2024: -4 * M}, goals=("f.1", "g.1")),
        ),
    )
    return Programme("0301", Period(2024, 2025), "HP", (), (proposal, *versions))


def test_a_change_set_balances_with_its_financing_every_year():
    amendment = ProgrammeVersion(
        "X",
        VersionKind.AMENDMENT,
        party="X",
        base="forslag",
        changes=(
            Change(ChangeAction.CHANGE, "a", amounts={2024: 12 * M, 2025: 15 * M}),
            Change(ChangeAction.REMOVE, "b"),
        ),
        financing=(Financing("f", "F", {2024: 6 * M, 2025: 4 * M}),),
    )
    gaps = imbalance(programme(amendment), amendment)
    assert gaps == {2025: -1 * M}  # 2024: +2 and +4 against 6; 2025: +5 against 4
    assert imbalance_message(amendment, gaps) == (
        "Endringsforslaget fra X er ikke i balanse: 2025: -1 mill. kr"
    )


def test_money_per_focus_area_is_shared_between_goals_and_counted_in_full_per_sdg():
    places = {"f.1": GoalPlace("F", (3,)), "g.1": GoalPlace("G", (3, 4))}
    p = programme()
    money = allocate(p.measures("forslag"), places, p.period)
    assert money.focus_areas == {"F": {2024: 8 * M, 2025: 10 * M}, "G": {2024: -2 * M, 2025: 0}}
    assert money.sdgs == {3: {2024: 6 * M, 2025: 10 * M}, 4: {2024: -4 * M, 2025: 0}}
    assert money.unlinked == {}
