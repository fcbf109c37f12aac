"""Materiality scores as CSV (issue 15): one row per scorer and code, with the columns
`code;scorer;importance;influence` (or the Norwegian `kode;vurderer;viktighet;påvirkning`),
separated by `;` or `,`; numbers with a decimal comma or point. docs/method-tool.md,
"Materiality"."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from sdgplan.domain.materiality import Scale, Score, out_of_scale, score_code
from sdgplan.domain.numbers import parse_number
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.csv_rows import read_csv

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "kode"),
    "scorer": ("scorer", "vurderer"),
    "importance": ("importance", "viktighet"),
    "influence": ("influence", "påvirkning"),
}
MAX_SCORER = 200  # the column's length (store/tables_method.py)


def separator(text: str) -> str:
    """`;` when the header line has more semicolons than commas (Excel's Norwegian CSV)."""
    first = next((line for line in text.lstrip("\ufeff").split("\n") if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def parse_score(
    values: Mapping[str, str],
    catalogue: SdgCatalogue,
    scale: Scale | None,
    error: Callable[[str], None],
) -> Score | None:
    """A score from its four texts, each problem passed to `error` (with the value); None
    after a problem. `scale`: check the scores against it (None: checked later)."""
    code = _code(values.get("code", ""), catalogue, error)
    scorer = " ".join(values.get("scorer", "").split())
    if not scorer:
        error(_("Mangler «{key}»").format(key="scorer"))
    elif len(scorer) > MAX_SCORER:
        error(_("Navnet på vurdereren er lengre enn {limit} tegn").format(limit=MAX_SCORER))
        scorer = ""
    importance = _value(values.get("importance", ""), "importance", error)
    influence = _value(values.get("influence", ""), "influence", error)
    if code is None or not scorer or importance is None or influence is None:
        return None
    score = Score(code, scorer, importance, influence)
    problems = out_of_scale(score, scale) if scale is not None else []
    for problem in problems:
        error(problem)
    return None if problems else score


def _code(text: str, catalogue: SdgCatalogue, error: Callable[[str], None]) -> str | None:
    value = text.strip()
    if not value:
        error(_("Mangler «{key}»").format(key="code"))
        return None
    try:
        code = score_code(value)
    except ValueError as e:
        error(str(e))
        return None
    if code not in catalogue:
        error(_("Ukjent mål eller delmål «{code}»").format(code=value))
        return None
    return code


def _value(text: str, key: str, error: Callable[[str], None]) -> float | None:
    value = text.strip()
    if not value:
        error(_("Mangler «{key}»").format(key=key))
        return None
    try:
        return parse_number(value)
    except ValueError as e:
        error(f"{key}: {e}")
        return None


def read_scores(
    text: str, *, source: str, catalogue: SdgCatalogue, scale: Scale | None = None
) -> Parsed[list[Score]]:
    """The scores of a CSV file; problems name the line and the value. A code scored twice
    by the same scorer is an error naming both lines."""
    log = IssueLog(source)
    rows = read_csv(text.lstrip("\ufeff"), log, delimiter=separator(text))
    if rows is None:
        return Parsed(None, log.issues)
    header = {name.strip().casefold(): name for name in rows.header}
    columns: dict[str, str] = {}
    for column, aliases in COLUMNS.items():
        found = next((header[a] for a in aliases if a in header), None)
        if found is None:
            log.error(
                _("Mangler kolonnen «{column}»; ventet {columns}").format(
                    column=column, columns=";".join(COLUMNS)
                ),
                line=1,
            )
        else:
            columns[column] = found
    if len(columns) < len(COLUMNS):
        return Parsed(None, log.issues)
    scores: list[Score] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        values = {column: row[name] for column, name in columns.items()}
        score = parse_score(values, catalogue, scale, functools.partial(_error, log, line))
        if score is None:
            continue
        first = seen.setdefault((score.code, score.scorer), line)
        if first != line:
            log.error(duplicate(score, first), line=line)
            continue
        scores.append(score)
    if not scores and not log.issues:
        log.error(_("Filen har ingen vurderinger"))
    return Parsed(scores, log.issues)


def _error(log: IssueLog, line: int, message: str) -> None:
    log.error(message, line=line)


def duplicate(score: Score, first: int) -> str:
    return _("{scorer} har vurdert {code} også på linje {first}").format(
        scorer=score.scorer, code=score.code, first=first
    )
