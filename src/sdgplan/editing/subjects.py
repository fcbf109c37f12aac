"""The objects editors change one at a time, as `kind:key` (`observations:KEY`,
`narrative:LABEL`): each kind says how to read its published state, check a proposed one,
write it (logged), which focus areas it belongs to, and how its history replays.

A state is a JSON value: what a draft holds, what the history restores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from sqlalchemy.orm import Session

from sdgplan.domain.plan import Municipality
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store.change_log import Change

# kind -> the module whose KIND implements it
KIND_MODULES = {
    "observations": "sdgplan.editing.kinds.observations",
    "narrative": "sdgplan.editing.kinds.narrative",
    "indicator": "sdgplan.editing.kinds.indicator",
    "goal_verdict": "sdgplan.editing.kinds.goal_verdict",
    "thematic_plans": "sdgplan.editing.kinds.thematic_plans",
    "plan": "sdgplan.editing.kinds.plan",
    "programme": "sdgplan.editing.kinds.programme",
    "materiality": "sdgplan.editing.kinds.materiality",
    "benefits": "sdgplan.editing.kinds.benefits",
    "method": "sdgplan.editing.kinds.method",
}


@dataclass(frozen=True)
class Subject:
    kind: str
    key: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"

    @classmethod
    def parse(cls, text: str) -> Subject:
        kind, _sep, key = text.partition(":")
        if kind not in KIND_MODULES or not key:
            raise NotFound(_("Ukjent objekt: {subject}").format(subject=repr(text[:200])))
        return cls(kind, key)


class SubjectKind(Protocol):
    """What editing needs of one kind of object."""

    def title(self, session: Session, owner: Municipality, key: str) -> str:
        """The object's name for people: `Sykefravær (observasjoner)`."""
        ...

    def load(self, session: Session, owner: Municipality, key: str) -> Any:
        """The published state; None if the object has none yet. NotFound if it cannot be
        edited at all (an unknown indicator)."""
        ...

    def check(self, session: Session, owner: Municipality, key: str, state: Any) -> Any:
        """The state, normalised; InvalidData naming each problem."""
        ...

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
        """Write `state` as the published one, each change logged (`change_log.record`)."""
        ...

    def focus_areas(self, session: Session, owner: Municipality, key: str) -> frozenset[str] | None:
        """The keys of the focus areas the object belongs to; None: none (unscoped editors)."""
        ...

    def replay(self, changes: Sequence[Change]) -> Any:
        """The published state after `changes` (the object's log, oldest first, drafts left
        out)."""
        ...


def kind_of(subject: Subject) -> SubjectKind:
    kind: SubjectKind = import_module(KIND_MODULES[subject.kind]).KIND
    return kind
