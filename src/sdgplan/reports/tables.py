"""The report's other tables as grids: rows and (one or two levels of) columns of cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import Area, AreaKind, Indicator, Observation, ReportTable

DIMENSIONS = ("area", "period", "indicator", "breakdown")
# a table that names no other municipality (a hand-made comparison with a few peers) shows
# those with figures up to this many; beyond it, a national series, none of them
UNNAMED_MUNICIPALITIES = 10


@dataclass
class HeaderCell:
    label: str
    span: int = 1


@dataclass
class Grid:
    table: ReportTable
    corner: str
    header_rows: list[list[HeaderCell]]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    values: list[Observation] = field(default_factory=list)
    hidden: int = 0  # municipalities left out of a table that names none (too many)

    @property
    def cells(self) -> list[str]:
        return [c for _, cells in self.rows for c in cells if c]


def table_grid(
    table: ReportTable,
    indicators: dict[str, Indicator],
    areas: dict[str, Area],
    observations: list[Observation],
    *,
    own: str | None = None,
) -> Grid:
    """Lay out the observations of a table by its `rows` and `columns` dimensions.

    Rows and columns come in the order the observations were loaded (the report's order).
    A dimension the layout does not name but that varies is added to the columns. With
    `own` (the municipality's number), only the areas of `table_areas` are laid out.
    """
    rows_dim = table.rows
    position = {key: i for i, key in reversed(list(enumerate(table.indicators)))}
    observations = [o for o in observations if o.indicator in position]
    observations.sort(key=lambda o: position[o.indicator])
    hidden = 0
    if own is not None:
        shown, hidden = table_areas(table, areas, observations, own=own)
        observations = [o for o in observations if o.area in shown]
    varying = [d for d in DIMENSIONS if len({_coordinate(o, d) for o in observations}) > 1]
    column_dims = list(table.columns) + [
        d for d in varying if d != rows_dim and d not in table.columns
    ]
    row_keys = list(dict.fromkeys(_coordinate(o, rows_dim) for o in observations))
    first_seen = {
        d: {v: i for i, v in enumerate(dict.fromkeys(_coordinate(o, d) for o in observations))}
        for d in column_dims
    }
    column_keys = sorted(
        dict.fromkeys(tuple(_coordinate(o, d) for d in column_dims) for o in observations),
        key=lambda k: tuple(first_seen[d][v] for d, v in zip(column_dims, k, strict=True)),
    )
    cells = {
        (
            _coordinate(o, rows_dim),
            tuple(_coordinate(o, d) for d in column_dims),
        ): display_observation(o, indicators[o.indicator].unit)
        for o in observations
    }

    def label(dimension: str, key: str) -> str:
        if key in table.labels:
            return table.labels[key]
        if dimension == "area":
            return areas[key].name if key in areas else key
        if dimension == "indicator":
            return indicators[key].name if key in indicators else key
        return key

    header_rows: list[list[HeaderCell]] = []
    for level, dimension in enumerate(column_dims):
        row: list[HeaderCell] = []
        for index, column in enumerate(column_keys):
            text = label(dimension, column[level])
            if (
                level < len(column_dims) - 1
                and row
                and row[-1].label == text
                and column_keys[index - 1][: level + 1] == column[: level + 1]
            ):
                row[-1].span += 1
            else:
                row.append(HeaderCell(text))
        header_rows.append(row)
    grid = Grid(table, table.header or "", header_rows, values=observations, hidden=hidden)
    for row_key in row_keys:
        grid.rows.append(
            (label(rows_dim, row_key), [cells.get((row_key, c), "") for c in column_keys])
        )
    return grid


def table_areas(
    table: ReportTable, areas: dict[str, Area], observations: list[Observation], *, own: str
) -> tuple[set[str], int]:
    """The areas of `observations` (the table's) that `table` shows, and how many other
    municipalities it leaves out without naming any (for a warning).

    It shows the municipality's own area, every area that is not a municipality (former
    municipalities, districts, the county, the country) and the other municipalities its
    `labels` name; a table that names none shows those with figures, up to
    `UNNAMED_MUNICIPALITIES` of them (issue 13: national series stored for comparisons
    must not turn a report table into one row per municipality of the country).
    """
    observed = {o.area for o in observations}
    others = {
        code
        for code in observed
        if code != own and code in areas and areas[code].kind is AreaKind.MUNICIPALITY
    }
    named = {code for code in others if code in table.labels}
    names_none = not any(
        code != own and code in areas and areas[code].kind is AreaKind.MUNICIPALITY
        for code in table.labels
    )
    if not names_none:
        return (observed - others) | named, 0
    if len(others) <= UNNAMED_MUNICIPALITIES:
        return observed, 0
    return observed - others, len(others)


def _coordinate(observation: Observation, dimension: str) -> str:
    return {
        "area": observation.area,
        "period": observation.period,
        "indicator": observation.indicator,
        "breakdown": observation.breakdown,
    }[dimension]
