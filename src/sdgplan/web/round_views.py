"""What the reporting-round pages show, apart from the requests: the words for each status,
the owners an admin can choose per focus area and indicator, the open-round form read back,
and the board's counts as table rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from babel.dates import format_date
from sqlalchemy.orm import Session

from sdgplan import accounts
from sdgplan.domain.periods import parse_date
from sdgplan.editing.board import Board, Counts, Status
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.reminders import DATE_LOCALES
from sdgplan.editing.rounds import ANNUAL, FOUR_YEAR, OPEN, SIGNED_OFF, default_items
from sdgplan.errors import NotFound
from sdgplan.i18n import N_, _, current_language
from sdgplan.reports.figure_years import figure_years
from sdgplan.store import indicator_repo, plan_repo

STATUS_NAMES = {
    Status.FILLED: N_("utfylt"),
    Status.PENDING: N_("venter på godkjenning"),
    Status.MISSING: N_("mangler"),
    Status.LATE: N_("forsinket"),
}
COLUMN_NAMES = {
    Status.FILLED: N_("utfylt"),
    Status.PENDING: N_("venter"),
    Status.MISSING: N_("mangler"),
    Status.LATE: N_("forsinket"),
}
KIND_NAMES = {ANNUAL: N_("Årsrapport"), FOUR_YEAR: N_("Fireårsrapport")}
ROUND_STATUS_NAMES = {OPEN: N_("åpen"), SIGNED_OFF: N_("godkjent")}
AREA_FIELD, INDICATOR_FIELD = "owner-area:", "owner-indicator:"


def date_text(day: dt.date) -> str:
    """`1. februar 2024` (`1 February 2024` in English)."""
    return format_date(day, "long", locale=DATE_LOCALES.get(current_language(), "nb_NO"))


@dataclass(frozen=True)
class CountRow:
    name: str
    counts: Counts


def count_rows(current: Board) -> tuple[list[CountRow], list[CountRow]]:
    """The board's counts per focus area (the plan's order) and per owner, each with the
    items of none last."""
    names = current.focus_area_names
    areas = [
        CountRow(names.get(key, key) if key else _("(uten satsingsområde)"), counts)
        for key, counts in _none_last(current.by_focus_area)
    ]
    owners = [CountRow(key or _("(ingen eier)"), c) for key, c in _none_last(current.by_owner)]
    return areas, owners


def _none_last(counts: Mapping[str | None, Counts]) -> list[tuple[str | None, Counts]]:
    return sorted(counts.items(), key=lambda pair: pair[0] is None)


@dataclass(frozen=True)
class OwnerChoice:
    """A focus area or an indicator of the open-round form: its field and the users who may
    edit it, so may fill it in."""

    input_name: str
    name: str
    users: list[str]
    indicators: list[OwnerChoice] = field(default_factory=list)


def owner_choices(session: Session, number: str) -> list[OwnerChoice]:
    """Per focus area of the plan, the users to choose its owner among, and the same per
    indicator of the area (as `rounds.default_items` places them); none without a plan."""
    try:
        items = default_items(session, number, ANNUAL, dt.date.today().year)
        _plan, version = plan_repo.load_plan_version(session, municipality=number)
    except NotFound:
        return []
    indicator_names = {
        i.key: i.name for i in indicator_repo.load_indicator_set(session, number).indicators
    }
    users = [u for u in accounts.list_users(session) if not u.disabled]
    choices: list[OwnerChoice] = []
    for area in version.focus_areas:
        editors = [u.name for u in users if may(u, Action.EDIT, number, {area.key})]
        choices.append(
            OwnerChoice(
                AREA_FIELD + area.key,
                area.name,
                editors,
                [
                    OwnerChoice(INDICATOR_FIELD + s.key, indicator_names.get(s.key, s.key), editors)
                    for s, key in items
                    if key == area.key and s.kind == "observations"
                ],
            )
        )
    return choices


def suggested_year(session: Session, number: str) -> int:
    """The newest year with key figures, else last year."""
    data = indicator_repo.load_indicator_set(session, number)
    observations = indicator_repo.load_observations(session, number)
    years = figure_years(data, observations, area=number).observed
    return max(years, default=dt.date.today().year - 1)


@dataclass
class OpenForm:
    """The open-round form as typed, and what is wrong with it."""

    kind: str = ANNUAL
    year: str = ""
    deadline: str = ""
    owners: dict[str, str] = field(default_factory=dict)  # field -> user name
    problems: list[str] = field(default_factory=list)

    @property
    def owner_keys(self) -> dict[str, str]:
        """Focus-area or indicator key -> user name, as `open_round` takes them."""
        return {name.partition(":")[2]: user for name, user in self.owners.items() if user.strip()}

    def year_number(self) -> int:
        return int(self.year)

    def deadline_date(self) -> dt.date:
        return parse_date(self.deadline)


def read_open_form(fields: Mapping[str, str]) -> OpenForm:
    form = OpenForm(
        kind=fields.get("kind", ANNUAL),
        year=fields.get("year", "").strip(),
        deadline=fields.get("deadline", "").strip(),
        owners={
            name: value.strip()
            for name, value in fields.items()
            if name.startswith((AREA_FIELD, INDICATOR_FIELD))
        },
    )
    try:
        form.year_number()
    except ValueError:
        form.problems.append(_("Skriv året med fire sifre, for eksempel 2023"))
    try:
        form.deadline_date()
    except ValueError as e:
        form.problems.append(_("Fristen: {problem}").format(problem=e))
    return form
