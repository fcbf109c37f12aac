"""Kolada's API v3 (https://api.kolada.se/v3/docs): key figures (KPIs) of Swedish
municipalities and regions, by year and gender (docs/sources.md, "Kolada (Sweden)").

`GET /v3/data/kpi/{kpi}/municipality/{ids}/year/{years}` answers
`{"count": n, "values": [{"kpi", "municipality", "period", "values": [{"gender", "value",
"count", "status"}]}], "next_url": ...}`; the pages are followed through `next_url`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from sdgplan.domain.plan import Municipality
from sdgplan.errors import ConfigError, FormatError
from sdgplan.i18n import _
from sdgplan.sources.http import Fetcher, Response

KOLADA_URL = "https://api.kolada.se"
KOLADA_COUNTRY = "SE"
MAX_PAGES = 100  # Kolada sends up to 5000 values a page: far more than one kommun's series
KPI_ID = re.compile(r"[A-Za-z0-9]{1,20}")  # N00945, U28116
MUNICIPALITY_ID = re.compile(r"[A-Za-z0-9]{1,20}")  # 0180; 0001 for a region; G-groups
YEAR = re.compile(r"\d{4}")
GENDERS = ("T", "K", "M")
# The breakdown each gender is stored under: the total is the municipality's own figure (no
# breakdown); women and men as Open SDG's `Sex` column (docs/sources.md, "Open SDG data
# repository"), so the export writes them there.
GENDER_BREAKDOWNS = {"T": "", "K": "Sex=Female", "M": "Sex=Male"}


@dataclass(frozen=True)
class KpiValue:
    """One figure: a KPI for a municipality, a year and a gender (T total, K women, M men).

    `value` is None for a missing figure; `count` is how many members a group's average has
    (1 for a municipality) and `status` is Kolada's note on the figure, if it sends either.
    """

    kpi: str
    municipality: str
    period: str
    gender: str
    value: float | None
    count: int | None = None
    status: str | None = None

    @property
    def breakdown(self) -> str:
        return GENDER_BREAKDOWNS[self.gender]


def organisation_code(kolada_id: str, *, country: str = KOLADA_COUNTRY) -> str:
    """sdgplan's code for a Kolada municipality: the country, a dash and Kolada's id
    ("0180" -> "SE-0180"), as `sdgplan org add --code SE-0180 --country SE` registers it."""
    return f"{country}-{kolada_id}"


def kolada_id(organisation: Municipality) -> str:
    """Kolada's id of an organisation (`SE-0180` -> `0180`); ConfigError for one that is not
    Swedish or whose code is not the country, a dash and Kolada's id."""
    prefix = organisation_code("", country=organisation.country)
    found = organisation.number[len(prefix) :]
    if (
        organisation.country != KOLADA_COUNTRY
        or not organisation.number.upper().startswith(prefix.upper())
        or not MUNICIPALITY_ID.fullmatch(found)
    ):
        raise ConfigError(
            _("{code} {name} har ingen kode i Kolada").format(
                code=organisation.number, name=organisation.name
            ),
            hint=_(
                "Kolada har svenske kommuner og regioner; koden skal være SE- og Koladas id, "
                "f.eks. SE-0180 (sdgplan org add --code SE-0180 --country SE)."
            ),
        )
    return found


def data_url(
    kpi: str, municipalities: Sequence[str], years: Sequence[int], *, base_url: str = KOLADA_URL
) -> str:
    """`{base}/v3/data/kpi/{kpi}/municipality/{ids}/year/{years}`, after checking each part."""
    label = f"Kolada {kpi}"
    if not KPI_ID.fullmatch(kpi):
        raise ConfigError(_("Ugyldig nøkkeltall i Kolada: {kpi}").format(kpi=repr(kpi)))
    if not municipalities:
        raise ConfigError(_("{label}: ingen kommuner valgt").format(label=label))
    for municipality in municipalities:
        if not MUNICIPALITY_ID.fullmatch(municipality):
            raise ConfigError(
                _("{label}: ugyldig kommune-id {id}").format(label=label, id=repr(municipality))
            )
    if not years:
        raise ConfigError(_("{label}: ingen år valgt").format(label=label))
    for year in years:
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            raise ConfigError(_("{label}: ugyldig år {year}").format(label=label, year=year))
    ids = ",".join(municipalities)
    periods = ",".join(str(y) for y in years)
    return f"{base_url.rstrip('/')}/v3/data/kpi/{kpi}/municipality/{ids}/year/{periods}"


def fetch_kpi(
    fetcher: Fetcher,
    kpi: str,
    municipalities: Sequence[str],
    years: Sequence[int],
    *,
    base_url: str = KOLADA_URL,
    max_pages: int = MAX_PAGES,
) -> list[KpiValue]:
    """Every figure of `kpi` for the Kolada `municipalities` and `years`, page after page.

    ConfigError for a refused query; FormatError (naming the KPI and the page) for a page
    that is not Kolada's shape, a `next_url` to another server or one seen before, more than
    `max_pages` pages, or a figure for something not asked for.
    """
    label = f"Kolada {kpi}"
    url: str | None = data_url(kpi, municipalities, years, base_url=base_url)
    asked = _Asked(kpi, frozenset(municipalities), frozenset(str(y) for y in years))
    origin = urlsplit(base_url)[:2]
    seen: set[str] = set()
    values: dict[tuple[str, str, str], KpiValue] = {}
    page = 0
    while url is not None:
        page += 1
        if page > max_pages or url in seen:
            problem = _("flere enn {limit} sider") if page > max_pages else _("sidene går i ring")
            raise _malformed(label, page, problem.format(limit=max_pages))
        seen.add(url)
        if page > 1:
            fetcher.say(_("{label}: henter side {page}").format(label=label, page=page))
        body = _page_body(label, page, fetcher.get(url, label=label))
        for value in _page_values(label, page, body, asked):
            key = (value.municipality, value.period, value.gender)
            if key in values:
                raise _malformed(label, page, _("{what} står to ganger").format(what=_what(value)))
            values[key] = value
        url = _next_url(label, page, body, current=url, origin=origin)
    return list(values.values())


@dataclass(frozen=True)
class _Asked:
    kpi: str
    municipalities: frozenset[str]
    periods: frozenset[str]


def _page_body(label: str, page: int, answer: Response) -> dict[str, Any]:
    if not answer.ok:
        raise ConfigError(
            _("{label}: Kolada avviste spørringen (HTTP {status}): {reason}").format(
                label=label, status=answer.status, reason=_excerpt(answer.text)
            ),
            hint=_("Sjekk nøkkeltallet, kommune-id-ene og årene."),
        )
    try:
        body = json.loads(answer.text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:
        problem = _("svaret er ikke gyldig JSON ({error})").format(error=e)
        raise _malformed(label, page, problem) from e
    if not isinstance(body, dict) or not isinstance(body.get("values"), list):
        raise _malformed(label, page, _("svaret har ingen liste «values»"))
    return body


def _no_constant(name: str) -> None:
    raise ValueError(name)


def _page_values(label: str, page: int, body: dict[str, Any], asked: _Asked) -> list[KpiValue]:
    found = []
    for number, record in enumerate(body["values"], start=1):
        where = _("verdi {number}").format(number=number)
        if not isinstance(record, dict):
            raise _malformed(label, page, _("{where} er ikke et objekt").format(where=where))
        kpi, municipality = record.get("kpi"), record.get("municipality")
        period = record.get("period")
        period = str(period) if isinstance(period, int) and not isinstance(period, bool) else period
        if kpi != asked.kpi:
            problem = _("{where} gjelder nøkkeltallet {kpi}").format(where=where, kpi=repr(kpi))
            raise _malformed(label, page, problem)
        if municipality not in asked.municipalities:
            problem = _("{where} gjelder kommunen {id}, som vi ikke ba om").format(
                where=where, id=repr(municipality)
            )
            raise _malformed(label, page, problem)
        if not isinstance(period, str) or not YEAR.fullmatch(period) or period not in asked.periods:
            problem = _("{where} har året {period}, som vi ikke ba om").format(
                where=where, period=repr(period)
            )
            raise _malformed(label, page, problem)
        genders = record.get("values")
        if not isinstance(genders, list):
            problem = _("{where} har ingen liste «values»").format(where=where)
            raise _malformed(label, page, problem)
        for entry in genders:
            found.append(_gender_value(label, page, where, entry, kpi, municipality, period))
    return found


def _gender_value(
    label: str, page: int, where: str, entry: Any, kpi: str, municipality: str, period: str
) -> KpiValue:
    if not isinstance(entry, dict) or entry.get("gender") not in GENDERS:
        gender = entry.get("gender") if isinstance(entry, dict) else entry
        problem = _("{where} har kjønnet {gender}; bare T, K og M er kjent").format(
            where=where, gender=repr(gender)[:40]
        )
        raise _malformed(label, page, problem)
    value, count, status = entry.get("value"), entry.get("count"), entry.get("status")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        problem = _("{where} har verdien {value}, som ikke er et tall").format(
            where=where, value=repr(value)[:40]
        )
        raise _malformed(label, page, problem)
    if value is not None and not abs(value) < 1e15:
        problem = _("{where} har verdien {value}, som er for stor").format(where=where, value=value)
        raise _malformed(label, page, problem)
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        problem = _("{where} har et antall som ikke er et heltall").format(where=where)
        raise _malformed(label, page, problem)
    if status is not None and not isinstance(status, str):
        problem = _("{where} har en status som ikke er tekst").format(where=where)
        raise _malformed(label, page, problem)
    return KpiValue(
        kpi=kpi,
        municipality=municipality,
        period=period,
        gender=entry["gender"],
        value=None if value is None else float(value),
        count=count,
        status=status or None,
    )


def _next_url(
    label: str, page: int, body: dict[str, Any], *, current: str, origin: tuple[str, str]
) -> str | None:
    """The next page's URL (relative ones resolved), which must be on Kolada's server."""
    following = body.get("next_url")
    if following is None or following == "":
        return None
    if not isinstance(following, str):
        raise _malformed(label, page, _("«next_url» er ikke tekst"))
    url = urljoin(current, following)
    if urlsplit(url)[:2] != origin:
        problem = _("«next_url» peker til en annen tjener: {url}").format(url=url[:200])
        raise _malformed(label, page, problem)
    return url


def _what(value: KpiValue) -> str:
    return f"{value.municipality} {value.period} {value.gender}"


def _malformed(label: str, page: int, problem: str) -> FormatError:
    return FormatError(
        _("{label}, side {page}: {problem}").format(label=label, page=page, problem=problem),
        hint=_("Prøv igjen senere; svaret kan ha blitt avbrutt eller Kolada kan ha endret API-et."),
    )


def _excerpt(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + " …"
