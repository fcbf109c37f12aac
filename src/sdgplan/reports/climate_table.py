"""The climate budget as text for a table, shared by the action programme document and the
public climate page: the target in words and each year's row."""

from __future__ import annotations

from sdgplan.climate import BudgetView
from sdgplan.domain.climate import BASIS_LABELS, Basis, BudgetYear
from sdgplan.domain.display import format_number
from sdgplan.i18n import _


def percent(value: float, decimals: int = 1) -> str:
    """`-0,7 %`."""
    return f"{format_number(value, decimals)} %"


def reference_emissions(view: BudgetView) -> float | None:
    """The emissions of the target's reference year, if stored."""
    target = view.budget.target
    if target is None:
        return None
    return next((r.emissions for r in view.years if r.year == target.reference_year), None)


def target_text(view: BudgetView) -> str | None:
    """`-67 % fra 2009 til 2030`."""
    target = view.budget.target
    if target is None:
        return None
    return _("{percent} fra {reference} til {year}").format(
        percent=percent(-target.reduction_percent, 0),
        reference=target.reference_year,
        year=target.target_year,
    )


def year_cells(row: BudgetYear, reference: float | None) -> tuple[str, ...]:
    """Emissions (with their basis unless reported), ceiling, projection, gap and the change
    from the reference year, in tonnes."""
    level = row.emissions if row.emissions is not None else row.projection
    change = (
        percent((level - reference) / reference * 100) if level is not None and reference else ""
    )
    basis = (
        f" ({_(BASIS_LABELS[row.basis])})"
        if row.basis and row.basis is not Basis.REPORTED and row.emissions is not None
        else ""
    )
    return (
        _tonnes(row.emissions) + basis,
        _tonnes(row.ceiling),
        _tonnes(row.projection),
        _tonnes(row.gap),
        change,
    )


def _tonnes(value: float | None) -> str:
    return format_number(value, 0) if value is not None else ""
