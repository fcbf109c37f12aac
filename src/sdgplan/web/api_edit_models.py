"""The write API's bodies and answers as pydantic models: they document the JSON in
OpenAPI. A state is a JSON value whose shape depends on the kind of object (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sdgplan.store.change_log import Change
from sdgplan.store.edit_repo import Draft

STATE = (
    "The object's state: for `observations:KEY` an object of cells `AREA/PERIOD` (or "
    "`AREA/PERIOD/BREAKDOWN`), each `{value, status, decimals, display, note}`; for "
    "`narrative:LABEL` `{section, kind, period, markdown}`"
)


class DraftOut(BaseModel):
    id: int = Field(description="The draft's number")
    subject: str = Field(description="The object: `observations:KEY` or `narrative:LABEL`")
    author: str = Field(description="Who saved it last")
    created_at: dt.datetime = Field(description="When it was first saved (UTC)")
    updated_at: dt.datetime = Field(description="When it was saved last (UTC)")
    reason: str | None = Field(description="Why, as the author said")

    @classmethod
    def of(cls, draft: Draft) -> DraftOut:
        return cls(
            id=draft.id,
            subject=draft.subject,
            author=draft.author,
            created_at=draft.created_at,
            updated_at=draft.updated_at,
            reason=draft.reason,
        )


class EditableOut(BaseModel):
    municipality: str = Field(description="Municipality code")
    subject: str = Field(description="The object: `observations:KEY` or `narrative:LABEL`")
    title: str = Field(description="The object's name (Norwegian)")
    version: int = Field(
        description="The object's version, also the answer's ETag (`\"v7\"`): send it back "
        "as If-Match"
    )
    state: Any = Field(description=STATE + "; the open draft's if there is one, else published")
    published: Any = Field(description="The published state (what the public sees); null if none")
    draft: DraftOut | None = Field(description="The open draft, if there is one")
    focus_areas: list[str] | None = Field(
        description="Keys of the focus areas the object belongs to (for scoped editors)"
    )


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: Any = Field(description=STATE + "; the whole object, not a change to it")
    reason: str | None = Field(default=None, max_length=2000, description="Why (optional)")


class RevertIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entry: int = Field(
        ge=1, description="The history entry (`id`) whose published state is restored"
    )


class ChangeOut(BaseModel):
    id: int = Field(description="The entry's number")
    at: dt.datetime = Field(description="When (UTC)")
    who: str = Field(description="Who: the user, also when through an API token")
    action: str = Field(description="`save`, `revert`, `publish`, `discard`, `add`, `update` ...")
    entity: str = Field(description="`draft` for the steps of a draft, else what changed")
    key: str = Field(description="What changed, e.g. `okonomi-disposisjonsfond/3203/2022`")
    old: Any = Field(description="The value before; null if none")
    new: Any = Field(description="The value after; null if none")
    source: str | None = Field(description="Where from: a file, `web`, a published draft")
    reason: str | None = Field(description="Why, where the editor said so")

    @classmethod
    def of(cls, change: Change) -> ChangeOut:
        return cls(
            id=change.id,
            at=change.at,
            who=change.who,
            action=change.action,
            entity=change.entity,
            key=change.key,
            old=change.old,
            new=change.new,
            source=change.source,
            reason=change.reason,
        )


class VersionConflictOut(BaseModel):
    detail: str = Field(description="What happened, in the language of `lang`")
    yours: int = Field(description="The version the request was based on (its If-Match)")
    current: int = Field(description="The version stored now: base a new request on it")
    state: Any = Field(description="The state stored now, to compare and re-apply a change to")


class IssueOut(BaseModel):
    source: str = Field(description="Where: the object, e.g. `observations:KEY`")
    message: str = Field(description="What is wrong")


class InvalidOut(BaseModel):
    detail: str | list[dict[str, Any]] = Field(
        description="What is wrong: a sentence, or (for a body of the wrong shape) each "
        "problem with `loc`, `msg`, `type` and `input`"
    )
    issues: list[IssueOut] = Field(default=[], description="Each problem of the state")
