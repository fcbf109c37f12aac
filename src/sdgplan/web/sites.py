"""The municipality a page is about: its plan data, loaded and assessed once per revision of
the data (`change_log.revision`), shared by every page and request until the data change."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from sdgplan.assessment.rollup import Assessment
from sdgplan.domain.plan import Municipality
from sdgplan.errors import NotFound
from sdgplan.i18n import LANGUAGES, _
from sdgplan.plan_data import PlanData, assess, load_plan_data
from sdgplan.store import org_repo, plan_repo
from sdgplan.web.deps import Revision, db_session, request_revision
from sdgplan.web.page_views import Site


@dataclass(frozen=True)
class _Loaded:
    revision: Revision
    municipalities: list[Municipality]
    plans: dict[str, tuple[PlanData, Assessment]]


class SiteCache:
    """The municipalities with a plan and each one's data and assessment, for one revision;
    a new revision starts afresh. Shared by the worker's threads: treat what it gives as
    read-only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = _Loaded((-1, -1), [], {})

    def municipalities(self, session: Session, revision: Revision) -> list[Municipality]:
        return self._current(session, revision).municipalities

    def plan(
        self, session: Session, revision: Revision, number: str
    ) -> tuple[PlanData, Assessment]:
        loaded = self._current(session, revision)
        found = loaded.plans.get(number)
        if found is None:
            data = load_plan_data(session, municipality=number)
            found = (data, assess(data))
            with self._lock:
                if self._loaded is loaded:
                    loaded.plans[number] = found
        return found

    def _current(self, session: Session, revision: Revision) -> _Loaded:
        loaded = self._loaded
        if loaded.revision != revision:
            numbers = sorted({p.municipality for p in plan_repo.list_plans(session)})
            found = [org_repo.find_organisation(session, number) for number in numbers]
            loaded = _Loaded(revision, found, {})
            with self._lock:
                self._loaded = loaded
        return loaded


def site_cache(request: Request) -> SiteCache:
    cache: SiteCache = request.app.state.sites
    return cache


def plan_municipalities(request: Request, session: Session) -> list[Municipality]:
    """The municipalities with a stored plan, by number."""
    return site_cache(request).municipalities(session, request_revision(request, session))


def load_site(request: Request, session: Session, lang: str, code: str | None) -> Site:
    """The plan data and assessment of municipality `code`, or of the only one with a plan."""
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    found = plan_municipalities(request, session)
    if code is None:
        if len(found) != 1:
            raise NotFound(_("Fant ikke siden: velg en kommune på forsiden"))
        number = found[0].number
    else:
        if code not in {m.number for m in found}:
            raise NotFound(_("Ukjent kommune «{code}»").format(code=code))
        number = code
    revision = request_revision(request, session)
    data, assessment = site_cache(request).plan(session, revision, number)
    base = f"/{lang}/" + (f"{number}/" if code is not None else "")
    return Site(data, assessment, base, code)


def current_site(request: Request, session: Annotated[Session, Depends(db_session)]) -> Site:
    """The site of the page's path: `/{lang}/...` or `/{lang}/{code}/...`."""
    params = request.path_params
    return load_site(request, session, params["lang"], params.get("code"))


SiteDep = Annotated[Site, Depends(current_site)]
