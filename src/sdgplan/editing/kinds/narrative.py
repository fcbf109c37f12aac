"""`narrative:LABEL`: the Markdown text of a report section for a period (the label is the
change log's key: `Økonomi`, or `Økonomi (2023)` for a text of one period).

The state is `{"section", "kind", "period", "markdown"}`, checked by the same reader as a
narrative file (`importers/narrative_md.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from sdgplan.domain.narrative import Narrative, SectionKind
from sdgplan.domain.plan import Municipality
from sdgplan.editing.kinds.common import refuse
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.importers.narrative_md import read_narrative
from sdgplan.store import change_log, narrative_repo, plan_repo
from sdgplan.store.change_log import Change

MAX_MARKDOWN = 200_000
_LABEL = re.compile(r"(?P<section>.+) \((?P<period>[0-9]{4}(?:-[0-9]{4})?)\)")


def label(section: str, period: str) -> str:
    return Narrative(section, SectionKind.CHAPTER, "", period).label


def split_label(key: str) -> tuple[str, str]:
    """`Økonomi (2023)` -> (`Økonomi`, `2023`); `Økonomi` -> (`Økonomi`, ``)."""
    match = _LABEL.fullmatch(key)
    return (match["section"], match["period"]) if match else (key, "")


def _stored(session: Session, owner: Municipality, key: str) -> Narrative | None:
    section, period = split_label(key)
    for narrative in narrative_repo.load_narratives(session, owner.number):
        if (narrative.section, narrative.period) == (section, period):
            return narrative
    return None


def _state(narrative: Narrative) -> dict[str, str]:
    return {
        "section": narrative.section,
        "kind": narrative.kind.value,
        "period": narrative.period,
        "markdown": narrative.markdown,
    }


def _focus_area_key(session: Session, owner: Municipality, section: str) -> str | None:
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=owner.number)
    except NotFound:
        return None
    for area in version.focus_areas:
        if section in (area.name, area.key):
            return area.key
    return None


class NarrativeKind:
    def title(self, session: Session, owner: Municipality, key: str) -> str:
        return _("Tekst: {label}").format(label=key)

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        stored = _stored(session, owner, key)
        return None if stored is None else _state(stored)

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        where = f"narrative:{key}"
        if not isinstance(state, dict) or not isinstance(state.get("markdown"), str):
            refuse(where, [_("forventet et objekt med «markdown»")])
        section, period = split_label(key)
        markdown = state["markdown"]
        if not markdown.strip():
            refuse(where, [_("Teksten er tom")])
        if len(markdown) > MAX_MARKDOWN:
            refuse(where, [_("Teksten er for lang: høyst {limit} tegn").format(limit=MAX_MARKDOWN)])
        kind = state.get("kind", SectionKind.CHAPTER.value)
        front = {"section": section, "kind": kind, **({"period": period} if period else {})}
        document = "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in front.items())
        parsed = read_narrative(f"{document}\n---\n{markdown}", source=where)
        errors = [issue.message for issue in parsed.issues if issue.severity.value == "error"]
        refuse(where, errors)
        assert parsed.data is not None
        if parsed.data.kind is SectionKind.FOCUS_AREA and not _focus_area_key(
            session, owner, section
        ):
            refuse(where, [_("Ukjent satsingsområde: «{section}»").format(section=section)])
        return _state(parsed.data)

    def apply(
        self,
        session: Session,
        owner: Municipality,
        key: str,
        state: Any,
        *,
        who: str,
        source: str,
        reason: str | None,
    ) -> None:
        old = _stored(session, owner, key)
        new = Narrative(
            state["section"], SectionKind(state["kind"]), state["markdown"], state["period"]
        )
        if old == new:
            return
        change_log.record(
            session,
            who=who,
            municipality=owner.number,
            action="update" if old else "add",
            entity="narrative",
            key=new.label,
            old={"kind": old.kind.value, "markdown": old.markdown} if old else None,
            new={"kind": new.kind.value, "markdown": new.markdown},
            source=source,
            reason=reason,
        )
        narrative_repo.save_narrative(session, owner, new)

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        section, _period = split_label(key)
        found = _focus_area_key(session, owner, section)
        return frozenset({found}) if found else None

    def replay(self, changes: Sequence[Change]) -> Any:
        state: dict[str, str] | None = None
        for change in changes:
            if change.entity != "narrative":
                continue
            if change.new is None:
                state = None
                continue
            section, period = split_label(change.key)
            state = {
                "section": section,
                "kind": change.new["kind"],
                "period": period,
                "markdown": change.new["markdown"],
            }
        return state


KIND = NarrativeKind()
