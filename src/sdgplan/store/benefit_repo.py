"""Saving and loading a municipality's benefit-realisation plans (issue 15). The caller owns
the transaction; every save and delete is in the change log with who did it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.domain.benefits import Benefit, BenefitArea, BenefitPlan
from sdgplan.store import change_log
from sdgplan.store.tables_method import BenefitAreaRow, BenefitPlanRow, BenefitRow

ENTITY = "benefit_plan"


def save_benefit_plan(
    session: Session,
    municipality: str,
    plan: BenefitPlan,
    *,
    who: str,
    source: str | None = None,
    reason: str | None = None,
) -> bool:
    """Store `plan`, replacing the municipality's plan with the same key; logs the change.
    Returns False when the stored plan was the same (nothing changed, nothing logged)."""
    old = load_benefit_plan(session, municipality, plan.key)
    if old == plan:
        return False
    change_log.record(
        session,
        who=who,
        municipality=municipality,
        action="import",
        entity=ENTITY,
        key=plan.key,
        old=plan_record(old) if old else None,
        new=plan_record(plan),
        source=source,
        reason=reason,
    )
    _delete(session, municipality, plan.key)
    row = BenefitPlanRow(
        municipality_number=municipality,
        key=plan.key,
        title=plan.title,
        baseline_year=plan.baseline_year,
        target_year=plan.target_year,
        illustrative=plan.illustrative,
    )
    session.add(row)
    session.flush()
    for position, area in enumerate(plan.areas):
        area_row = BenefitAreaRow(plan_id=row.id, key=area.key, name=area.name, position=position)
        session.add(area_row)
        session.flush()
        session.add_all(
            BenefitRow(
                area_id=area_row.id,
                key=b.key,
                text=b.text,
                indicator_key=b.indicator,
                expected_value=None if b.expected is None else str(b.expected),
                expected_year=b.expected_year,
                position=index,
            )
            for index, b in enumerate(area.benefits)
        )
    session.flush()
    return True


def load_benefit_plans(session: Session, municipality: str) -> list[BenefitPlan]:
    """The municipality's plans, by baseline year and key."""
    rows = session.scalars(
        select(BenefitPlanRow)
        .where(BenefitPlanRow.municipality_number == municipality)
        .order_by(BenefitPlanRow.baseline_year, BenefitPlanRow.key)
    ).all()
    return [_plan(session, row) for row in rows]


def load_benefit_plan(session: Session, municipality: str, key: str) -> BenefitPlan | None:
    row = session.scalars(
        select(BenefitPlanRow).where(
            BenefitPlanRow.municipality_number == municipality, BenefitPlanRow.key == key
        )
    ).one_or_none()
    return _plan(session, row) if row is not None else None


def delete_benefit_plan(session: Session, municipality: str, key: str, *, who: str) -> bool:
    """Delete one plan with its areas and benefits; False if there was none."""
    old = load_benefit_plan(session, municipality, key)
    if old is None:
        return False
    change_log.record(
        session,
        who=who,
        municipality=municipality,
        action="delete",
        entity=ENTITY,
        key=key,
        old=plan_record(old),
    )
    _delete(session, municipality, key)
    return True


def delete_municipality_benefits(session: Session, municipality: str) -> None:
    """Delete every plan of the municipality (with its data: `sdgplan delete municipality`)."""
    ids = select(BenefitPlanRow.id).where(BenefitPlanRow.municipality_number == municipality)
    _delete_plans(session, ids)


def _delete(session: Session, municipality: str, key: str) -> None:
    ids = select(BenefitPlanRow.id).where(
        BenefitPlanRow.municipality_number == municipality, BenefitPlanRow.key == key
    )
    _delete_plans(session, ids)


def _delete_plans(session: Session, ids: Any) -> None:
    # children first: no reliance on ON DELETE CASCADE (off on a SQLite without the pragma)
    plan_ids = list(session.scalars(ids))
    if not plan_ids:
        return
    area_ids = select(BenefitAreaRow.id).where(BenefitAreaRow.plan_id.in_(plan_ids))
    session.execute(delete(BenefitRow).where(BenefitRow.area_id.in_(area_ids)))
    session.execute(delete(BenefitAreaRow).where(BenefitAreaRow.plan_id.in_(plan_ids)))
    session.execute(delete(BenefitPlanRow).where(BenefitPlanRow.id.in_(plan_ids)))
    session.flush()


def _plan(session: Session, row: BenefitPlanRow) -> BenefitPlan:
    area_rows = session.scalars(
        select(BenefitAreaRow)
        .where(BenefitAreaRow.plan_id == row.id)
        .order_by(BenefitAreaRow.position)
    ).all()
    benefits: dict[int, list[Benefit]] = {a.id: [] for a in area_rows}
    for b in session.scalars(
        select(BenefitRow)
        .where(BenefitRow.area_id.in_(list(benefits)))
        .order_by(BenefitRow.area_id, BenefitRow.position)
    ):
        benefits[b.area_id].append(
            Benefit(
                key=b.key,
                text=b.text,
                indicator=b.indicator_key,
                expected=None if b.expected_value is None else Decimal(b.expected_value),
                expected_year=b.expected_year,
            )
        )
    return BenefitPlan(
        key=row.key,
        title=row.title,
        baseline_year=row.baseline_year,
        target_year=row.target_year,
        illustrative=row.illustrative,
        areas=tuple(BenefitArea(a.key, a.name, tuple(benefits[a.id])) for a in area_rows),
    )


def plan_record(plan: BenefitPlan) -> dict[str, Any]:
    """The plan as JSON for the change log."""
    return {
        "title": plan.title,
        "baseline_year": plan.baseline_year,
        "target_year": plan.target_year,
        "illustrative": plan.illustrative,
        "areas": [
            {
                "key": a.key,
                "name": a.name,
                "benefits": [
                    {
                        "key": b.key,
                        "text": b.text,
                        "indicator": b.indicator,
                        "expected": None if b.expected is None else str(b.expected),
                        "expected_year": b.expected_year,
                    }
                    for b in a.benefits
                ],
            }
            for a in plan.areas
        ],
    }
