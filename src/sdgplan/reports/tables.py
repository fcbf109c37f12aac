"""The report's other tables as grids: rows and (one or two levels of) columns of cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from sdgplan.domain.display import display_observation
from sdgplan.domain.indicators import Area, Indicator, Observation, ReportTable

DIMENSIONS = ("area", "period", "indicator", "breakdown")


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

    @property
    def cells(self) -> list[str]:
        return [c for _, cells in self.rows for c in cells if c]


def table_grid(
    table: ReportTable,
    indicators: dict[str, Indicator],
    areas: dict[str, Area],
    observations: list[Observation],
) -> Grid:
    """Lay out the observations of a table by its `rows` and `columns` dimensions.

    Rows and columns come in the order the observations were loaded (the report's order).
    A dimension the layout does not name but that varies is added to the columns.
    """
    rows_dim = table.rows
    observations = [o for o in observations if o.indicator in table.indicators]
    observations.sort(key=lambda o: table.indicators.index(o.indicator))
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
        for column in column_keys:
            text = label(dimension, column[level])
            if (
                level < len(column_dims) - 1
                and row
                and row[-1].label == text
                and _same_prefix(column_keys, column, level)
            ):
                row[-1].span += 1
            else:
                row.append(HeaderCell(text))
        header_rows.append(row)
    grid = Grid(table, table.header or "", header_rows, values=observations)
    for row_key in row_keys:
        grid.rows.append(
            (label(rows_dim, row_key), [cells.get((row_key, c), "") for c in column_keys])
        )
    return grid


def _same_prefix(keys: list[tuple[str, ...]], key: tuple[str, ...], level: int) -> bool:
    index = keys.index(key)
    return index > 0 and keys[index - 1][: level + 1] == key[: level + 1]


def _coordinate(observation: Observation, dimension: str) -> str:
    return {
        "area": observation.area,
        "period": observation.period,
        "indicator": observation.indicator,
        "breakdown": observation.breakdown,
    }[dimension]
