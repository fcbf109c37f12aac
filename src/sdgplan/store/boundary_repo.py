"""A municipality's map: area shapes by area code and named points (`boundaries` table).

Saving replaces what a file brings: its shapes replace the stored shapes, its points the
stored points. Each replaced kind is written to the change log in the same session.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from sdgplan.domain.boundaries import AreaShape, Boundaries, MapPoint
from sdgplan.domain.plan import Municipality
from sdgplan.store import change_log, indicator_repo
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables import BoundaryRow

AREA, POINT = "area", "point"


def shape_codes(session: Session, municipality: str) -> set[str]:
    """The codes of the areas with a stored shape (without reading the shapes)."""
    query = select(BoundaryRow.code).where(
        BoundaryRow.municipality_number == municipality, BoundaryRow.kind == AREA
    )
    return {code for code in session.scalars(query) if code}


def load_boundaries(
    session: Session, municipality: str, *, codes: Collection[str] | None = None
) -> Boundaries:
    """The stored shapes (only those of `codes`, if given) and points, in file order."""
    query = (
        select(BoundaryRow)
        .where(BoundaryRow.municipality_number == municipality)
        .order_by(BoundaryRow.kind, BoundaryRow.position)
    )
    if codes is not None:  # the other shapes are not read at all
        query = query.where(or_(BoundaryRow.kind == POINT, BoundaryRow.code.in_(list(codes))))
    found = Boundaries()
    for row in session.scalars(query):
        if row.kind == AREA and row.code:
            found.shapes.append(AreaShape(row.code, row.geometry))
        elif row.kind == POINT:
            longitude, latitude = row.geometry["coordinates"][:2]
            found.points.append(MapPoint(row.name or "", longitude, latitude, row.layer or ""))
    return found


def known_area_codes(session: Session, municipality: str) -> set[str]:
    """The areas a shape may be for: the municipality itself and the areas of its figures."""
    areas = indicator_repo.load_indicator_set(session, municipality).areas
    return {municipality, *(a.code for a in areas)}


def replace_boundaries(
    session: Session,
    municipality: Municipality,
    boundaries: Boundaries,
    *,
    who: str,
    source: str | None = None,
) -> None:
    """Store the file's shapes in place of the stored shapes (if it has any) and its points
    in place of the stored points (if it has any); a change is logged."""
    ensure_municipality(session, municipality)
    number = municipality.number
    stored = load_boundaries(session, number)
    if boundaries.shapes:
        _replace(session, number, AREA, [_shape_row(s) for s in boundaries.shapes])
        _log(
            session,
            number,
            "areas",
            _shapes_record(stored.shapes),
            _shapes_record(boundaries.shapes),
            who=who,
            source=source,
        )
    if boundaries.points:
        _replace(session, number, POINT, [_point_row(p) for p in boundaries.points])
        _log(
            session,
            number,
            "points",
            _points_record(stored.points),
            _points_record(boundaries.points),
            who=who,
            source=source,
        )
    session.flush()


def delete_boundaries(session: Session, municipality: str) -> int:
    """Delete the municipality's shapes and points; how many there were."""
    count = count_boundaries(session, municipality)
    session.execute(delete(BoundaryRow).where(BoundaryRow.municipality_number == municipality))
    return count


def count_boundaries(session: Session, municipality: str) -> int:
    query = select(func.count()).where(BoundaryRow.municipality_number == municipality)
    return int(session.execute(query).scalar_one())


def _replace(session: Session, municipality: str, kind: str, rows: list[BoundaryRow]) -> None:
    session.execute(
        delete(BoundaryRow).where(
            BoundaryRow.municipality_number == municipality, BoundaryRow.kind == kind
        )
    )
    for position, row in enumerate(rows):
        row.municipality_number, row.kind, row.position = municipality, kind, position
        session.add(row)


def _shape_row(shape: AreaShape) -> BoundaryRow:
    return BoundaryRow(code=shape.code, geometry=shape.geometry)


def _point_row(point: MapPoint) -> BoundaryRow:
    geometry = {"type": "Point", "coordinates": [point.longitude, point.latitude]}
    return BoundaryRow(name=point.name, layer=point.layer, geometry=geometry)


def _shapes_record(shapes: list[AreaShape]) -> dict[str, Any] | None:
    """What the log keeps of shapes: each code with its type, vertices and a digest."""
    return {
        s.code: {
            "type": s.geometry["type"],
            "vertices": _vertices(s.geometry["coordinates"]),
            "sha256": hashlib.sha256(
                json.dumps(s.geometry, sort_keys=True).encode("utf-8")
            ).hexdigest()[:16],
        }
        for s in shapes
    } or None


def _vertices(coordinates: Any) -> int:
    if coordinates and isinstance(coordinates[0], int | float):
        return 1
    return sum(_vertices(c) for c in coordinates)


def _points_record(points: list[MapPoint]) -> list[dict[str, Any]] | None:
    return [
        {"name": p.name, "layer": p.layer, "coordinates": [p.longitude, p.latitude]} for p in points
    ] or None


def _log(
    session: Session,
    municipality: str,
    key: str,
    old: Any,
    new: Any,
    *,
    who: str,
    source: str | None,
) -> None:
    if old != new:
        change_log.record(
            session,
            who=who,
            municipality=municipality,
            action="import",
            entity="boundaries",
            key=key,
            old=old,
            new=new,
            source=source,
        )
