"""The UN SDG framework: goals, targets and global indicators, in English and Norwegian."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sdgplan.i18n import _

# Goals 1-17; targets `11.3` or `11.a`; indicators `11.a.1` (the UN's own spelling).
_CODE = re.compile(r"^([0-9]{1,2})(?:\.([0-9]{1,2}|[a-z]))?(?:\.([0-9]{1,2}))?$")


def normalize_sdg_code(code: str) -> str:
    """Return the canonical form of a goal, target or indicator code.

    Accepts the spellings found in plans and data files: `11.3`, `11-3`, `11_3`, `11.A`,
    `FN 11.3`; strips leading zeros (`03.4` -> `3.4`). Raises ValueError when the text is no
    SDG code at all; whether the code exists is for `SdgCatalogue` to say.

    >>> normalize_sdg_code("11-A-1")
    '11.a.1'
    """
    text = code.strip().lower().replace("-", ".").replace("_", ".")
    match = _CODE.match(text)
    if not match:
        raise ValueError(_("«{code}» er ingen kode for et bærekraftsmål").format(code=code))
    goal, target, indicator = match.groups()
    parts = [str(int(goal))]
    if target is not None:
        parts.append(target if target.isalpha() else str(int(target)))
    if indicator is not None:
        parts.append(str(int(indicator)))
    return ".".join(parts)


@dataclass(frozen=True)
class SdgGoal:
    number: int
    title_en: str
    title_nb: str
    short_en: str
    short_nb: str


@dataclass(frozen=True)
class SdgTarget:
    code: str
    goal: int
    title_en: str
    title_nb: str


@dataclass(frozen=True)
class SdgIndicator:
    code: str
    target: str
    goal: int
    title_en: str
    title_nb: str


@dataclass(frozen=True)
class SdgCatalogue:
    """All goals, targets and indicators, keyed by canonical code, in UN order."""

    goals: dict[int, SdgGoal]
    targets: dict[str, SdgTarget]
    indicators: dict[str, SdgIndicator] = field(default_factory=dict)

    def targets_of(self, goal: int) -> list[SdgTarget]:
        return [t for t in self.targets.values() if t.goal == goal]

    def __contains__(self, code: object) -> bool:
        if isinstance(code, int):
            return code in self.goals
        if not isinstance(code, str):
            return False
        if code.isascii() and code.isdigit():
            return int(code) in self.goals
        return code in self.targets or code in self.indicators


# the official colours of the 17 goals (UN SDG communications guidelines)
SDG_COLOURS = {
    1: "#E5243B",
    2: "#DDA63A",
    3: "#4C9F38",
    4: "#C5192D",
    5: "#FF3A21",
    6: "#26BDE2",
    7: "#FCC30B",
    8: "#A21942",
    9: "#FD6925",
    10: "#DD1367",
    11: "#FD9D24",
    12: "#BF8B2E",
    13: "#3F7E44",
    14: "#0A97D9",
    15: "#56C02B",
    16: "#00689D",
    17: "#19486A",
}
