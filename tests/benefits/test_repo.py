"""Saving, replacing, loading and deleting benefit plans, on SQLite and PostgreSQL."""

from decimal import Decimal

from sqlalchemy import func, select

from sdgplan.domain.benefits import Benefit, BenefitArea, BenefitPlan
from sdgplan.reference import find_municipality
from sdgplan.store import benefit_repo, plan_repo
from sdgplan.store.change_log import load_log
from sdgplan.store.db import session_scope
from sdgplan.store.tables_method import BenefitAreaRow, BenefitRow

PLAN = BenefitPlan(
    "gevinster-2019",
    "Plan for gevinstrealisering",
    2019,
    2023,
    True,
    (
        BenefitArea(
            "tjenester",
            "Tjenesteproduksjon",
            (
                Benefit("trivsel", "Trivsel", "utdanning-trivsel-skole", Decimal("4.40"), 2022),
                Benefit("uten", "Uten indikator"),
            ),
        ),
        BenefitArea("arbeidsgiver", "Arbeidsgiverutvikling"),
    ),
)


def test_save_load_replace_and_delete(engine):
    with session_scope(engine) as session:
        plan_repo.ensure_municipality(session, find_municipality("3203"))
        plan_repo.ensure_municipality(session, find_municipality("0301"))
        assert benefit_repo.save_benefit_plan(session, "3203", PLAN, who="kari", source="g.yaml")
        assert not benefit_repo.save_benefit_plan(session, "3203", PLAN, who="kari")
    with session_scope(engine) as session:
        [loaded] = benefit_repo.load_benefit_plans(session, "3203")
        assert loaded == PLAN
        assert str(loaded.benefits[0].expected) == "4.40"  # the decimal text as given
        assert benefit_repo.load_benefit_plans(session, "0301") == []
        [entry] = load_log(session, "3203", entity="benefit_plan")
        assert (entry.who, entry.action, entry.key, entry.old) == (
            "kari",
            "import",
            "gevinster-2019",
            None,
        )
        assert entry.new["areas"][0]["benefits"][0]["expected"] == "4.40"

    changed = BenefitPlan(
        PLAN.key, "Ny tittel", 2019, None, False, (BenefitArea("ny", "Nytt område"),)
    )
    with session_scope(engine) as session:
        assert benefit_repo.save_benefit_plan(session, "3203", changed, who="ola")
    with session_scope(engine) as session:
        assert benefit_repo.load_benefit_plans(session, "3203") == [changed]
        # the old areas and benefits are gone, not left behind
        assert session.scalar(select(func.count()).select_from(BenefitRow)) == 0
        assert session.scalar(select(func.count()).select_from(BenefitAreaRow)) == 1
        latest = load_log(session, "3203", entity="benefit_plan")[0]
        assert (latest.who, latest.old["title"], latest.new["title"]) == (
            "ola",
            "Plan for gevinstrealisering",
            "Ny tittel",
        )

    with session_scope(engine) as session:
        assert benefit_repo.delete_benefit_plan(session, "3203", PLAN.key, who="ola")
        assert not benefit_repo.delete_benefit_plan(session, "3203", PLAN.key, who="ola")
    with session_scope(engine) as session:
        assert benefit_repo.load_benefit_plans(session, "3203") == []
        assert session.scalar(select(func.count()).select_from(BenefitAreaRow)) == 0
        assert load_log(session, "3203", entity="benefit_plan")[0].action == "delete"


def test_plans_of_two_municipalities_stay_apart(engine):
    with session_scope(engine) as session:
        for number in ("3203", "0301"):
            plan_repo.ensure_municipality(session, find_municipality(number))
            benefit_repo.save_benefit_plan(session, number, PLAN, who="test")
        benefit_repo.delete_municipality_benefits(session, "0301")
    with session_scope(engine) as session:
        assert benefit_repo.load_benefit_plans(session, "3203") == [PLAN]
        assert benefit_repo.load_benefit_plans(session, "0301") == []
