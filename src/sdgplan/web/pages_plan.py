"""The plan pages: reporting status and progress, the plan with its stored versions, the
diff between proposal and adopted, and the thematic plans (views in `plan_views.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request

from sdgplan.i18n import _
from sdgplan.web import plan_views as views
from sdgplan.web.pages import SessionDep
from sdgplan.web.rendering import render_page
from sdgplan.web.sites import SiteDep


def _status(request: Request, site: SiteDep) -> str:
    view = views.status_view(site)
    title = _("Rapportering og framdrift {year}").format(year=view.year)
    return render_page(
        request,
        "status.html.j2",
        site=site,
        view=view,
        title=title,
        directions=views.DIRECTION_LABELS,
    )


def _plan(request: Request, site: SiteDep, session: SessionDep) -> str:
    view = views.plan_view(session, site)
    return render_page(request, "plan.html.j2", site=site, view=view, title=view.plan.title)


def _plan_version(request: Request, site: SiteDep, session: SessionDep, key: str) -> str:
    view = views.plan_view(session, site, key)
    return render_page(request, "plan_version.html.j2", site=site, view=view, title=view.plan.title)


def _plan_diff(request: Request, site: SiteDep, session: SessionDep) -> str:
    view = views.diff_view(session, site)
    return render_page(
        request,
        "plan_diff.html.j2",
        site=site,
        view=view,
        title=_("Endringer fra forslag til vedtatt plan"),
        levels=views.LEVEL_LABELS,
    )


def _thematic_plans(request: Request, site: SiteDep, session: SessionDep) -> str:
    plans = views.thematic_plans_view(session, site)
    return render_page(
        request, "thematic_plans.html.j2", site=site, plans=plans, title=_("Temaplaner")
    )


# (path after the language and municipality, handler)
PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/status", _status),
    ("/plan", _plan),
    ("/plan/diff", _plan_diff),
    ("/plan/versions/{key}", _plan_version),
    ("/thematic-plans", _thematic_plans),
]
