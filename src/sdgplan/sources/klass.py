"""Statistics Norway's classification database Klass (https://data.ssb.no/api/klass/v1): the
KOSTRA groups (classification 112, "KOSTRA-gruppering") as they stood at a date
(docs/sources.md, "KOSTRA groups from Klass").

`GET /classifications/{id}/codesAt.json?date=YYYY-MM-DD` answers `{"codes": [{"code",
"parentCode", "level", "name", ...}]}`: level 1 the groups, level 2 the municipalities. The
answer is checked with the file reader (`importers/klass.py`), so what is written can be read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sdgplan.domain.groups import ComparisonGroup
from sdgplan.errors import ConfigError, FormatError, InvalidData
from sdgplan.i18n import _
from sdgplan.importers.klass import parse_kostra_groups
from sdgplan.sources.http import Fetcher

KLASS_URL = "https://data.ssb.no/api/klass/v1"
KOSTRA_CLASSIFICATION = "112"
CLASSIFICATION_ID = re.compile(r"[0-9]{1,6}")
SHOWN_PROBLEMS = 3


@dataclass(frozen=True)
class KlassGroups:
    """Klass's answer as sent (`text`, to be saved as it is) and the groups read from it."""

    classification: str
    date: dt.date
    url: str
    text: str
    groups: tuple[ComparisonGroup, ...]

    @property
    def municipalities(self) -> int:
        return sum(len(group.members) for group in self.groups)


def codes_at_url(classification: str, date: dt.date, *, base_url: str = KLASS_URL) -> str:
    """`{base}/classifications/{id}/codesAt.json?date=YYYY-MM-DD`."""
    if not CLASSIFICATION_ID.fullmatch(classification):
        raise ConfigError(
            _("Ugyldig klassifikasjon i Klass: {id} (venter et nummer, f.eks. 112)").format(
                id=repr(classification)
            )
        )
    return (
        f"{base_url.rstrip('/')}/classifications/{classification}/codesAt.json"
        f"?date={date.isoformat()}"
    )


def fetch_groups(
    fetcher: Fetcher,
    *,
    classification: str = KOSTRA_CLASSIFICATION,
    date: dt.date,
    base_url: str = KLASS_URL,
) -> KlassGroups:
    """The groups of `classification` valid at `date`, and Klass's answer text.

    ConfigError when Klass refuses the request (a 4xx: unknown classification, no version at
    the date); FormatError, naming Klass and the classification, for an answer that the file
    reader refuses or that holds no group; SourceError (from `fetcher`) after the last try.
    """
    label = f"Klass {classification}"
    url = codes_at_url(classification, date, base_url=base_url)
    answer = fetcher.get(url, label=label)
    if not answer.ok:
        raise ConfigError(
            _("{label}: Klass avviste forespørselen (HTTP {status}): {reason}").format(
                label=label, status=answer.status, reason=_excerpt(answer.text)
            ),
            hint=_("Sjekk klassifikasjonens nummer og datoen."),
        )
    try:
        groups = parse_kostra_groups(answer.text, source=label)
    except InvalidData as e:
        problems = [issue.message for issue in e.issues[:SHOWN_PROBLEMS]]
        if len(e.issues) > SHOWN_PROBLEMS:
            problems.append("…")
        raise _malformed(label, "; ".join(problems)) from e
    if not groups:
        raise _malformed(label, _("svaret har ingen grupper (nivå 1)"))
    return KlassGroups(classification, date, url, answer.text, groups)


def _malformed(label: str, problem: str) -> FormatError:
    return FormatError(
        _("{label}: svaret er ikke en gyldig gruppering: {problem}").format(
            label=label, problem=problem
        ),
        hint=_("Prøv igjen senere; svaret kan ha blitt avbrutt eller Klass kan ha endret API-et."),
    )


def _excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + " …"
