"""Accounts (issue 12): who may do what, scoped to a municipality and its focus areas.

A `User` holds no secret: the password hash stays in the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # users, settings
    EDITOR = "editor"  # values, statuses, texts; within `focus_areas` where set
    APPROVER = "approver"  # publishes
    READER = "reader"  # sees drafts


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    municipality: str | None  # None: every municipality in the database
    focus_areas: tuple[str, ...]  # focus-area keys an editor may change; empty: all
    created_at: dt.datetime
    disabled: bool = False
