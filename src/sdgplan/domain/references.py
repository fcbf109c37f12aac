"""References from a goal or strategy to the SDGs: `AK`, `FN-T 11.3 11.7`, `FN 11.4 12.2`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sdgplan.domain.sdg import SdgCatalogue, normalize_sdg_code
from sdgplan.i18n import _

LOCAL_CODE = "AK"
# "FN-T" (based on an SDG target, adapted locally) and "FN" (an SDG goal or target) both
# introduce SDG codes; AK (made by the municipality) stands alone. See seed 000, preamble.
_SDG_PREFIXES = {"FN-T", "FN", "SDG"}


class ReferenceKind(StrEnum):
    LOCAL = "local"
    GOAL = "goal"
    TARGET = "target"


@dataclass(frozen=True, order=True)
class Reference:
    """One reference: `AK`, an SDG goal (`11`) or an SDG target (`11.3`)."""

    kind: ReferenceKind
    code: str

    @classmethod
    def from_code(cls, code: str) -> Reference:
        """Build a reference from its canonical code (`AK`, `11`, `11.3`)."""
        text = code.strip()
        if text.upper() == LOCAL_CODE:
            return cls(ReferenceKind.LOCAL, LOCAL_CODE)
        canonical = normalize_sdg_code(text)
        if canonical.count(".") > 1:
            raise ValueError(
                _("«{code}» er en indikator, ikke et mål eller delmål").format(code=code)
            )
        kind = ReferenceKind.TARGET if "." in canonical else ReferenceKind.GOAL
        return cls(kind, canonical)

    @property
    def sdg_goal(self) -> int | None:
        """The SDG goal number this reference falls under, or None for a local one."""
        if self.kind is ReferenceKind.LOCAL:
            return None
        return int(self.code.split(".")[0])

    def __str__(self) -> str:
        return self.code


def parse_references(text: str) -> tuple[Reference, ...]:
    """Parse the reference column of a plan overview.

    >>> [str(r) for r in parse_references("FN-T 11.a AK")]
    ['11.a', 'AK']

    Raises ValueError on text that is not a reference list. It does not check that the
    codes exist; see `unknown_references`.
    """
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    if not tokens:
        raise ValueError(_("tom referanse"))
    refs: list[Reference] = []
    in_sdg_list = False
    for token in tokens:
        upper = token.upper()
        if upper in _SDG_PREFIXES:
            in_sdg_list = True
            continue
        if upper == LOCAL_CODE:
            refs.append(Reference(ReferenceKind.LOCAL, LOCAL_CODE))
            continue
        if not in_sdg_list:
            raise ValueError(
                _("«{token}» er verken AK eller står etter FN-T/FN").format(token=token)
            )
        try:
            refs.append(Reference.from_code(token))
        except ValueError as e:
            raise ValueError(
                _("«{token}» er ikke nummeret på et bærekraftsmål eller delmål").format(token=token)
            ) from e
    if not refs:
        raise ValueError(_("«{text}» nevner ingen mål eller delmål").format(text=text.strip()))
    return tuple(dict.fromkeys(refs))


def unknown_references(refs: tuple[Reference, ...], catalogue: SdgCatalogue) -> list[Reference]:
    """The references whose goal or target is not in the SDG catalogue."""
    return [r for r in refs if r.kind is not ReferenceKind.LOCAL and r.code not in catalogue]


def format_references(refs: tuple[Reference, ...]) -> str:
    """Write references back in the overview notation: `FN-T 11.3 11.7 AK`."""
    sdg = [r.code for r in refs if r.kind is not ReferenceKind.LOCAL]
    local = [LOCAL_CODE] if any(r.kind is ReferenceKind.LOCAL for r in refs) else []
    return " ".join((["FN-T", *sdg] if sdg else []) + local)
