"""GeoJSON boundaries (RFC 7946): area shapes by their area code and named points
(docs/formats.md, "Boundaries (GeoJSON)"). Checks the whole file; never writes."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from sdgplan.domain.boundaries import (
    AREA_GEOMETRIES,
    POINT_GEOMETRY,
    AreaShape,
    Boundaries,
    MapPoint,
)
from sdgplan.domain.indicators import AREA_CODE_LENGTH
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed, read_text

MAX_BYTES = 10_000_000  # every indicator page with a map carries its shapes
MAX_NAME_LENGTH = 200
CODE_PROPERTY = "code"
NAME_PROPERTY = "name"
LAYER_PROPERTY = "layer"
# RFC 7946 has no `crs` member; older files name WGS84 in these ways
WGS84 = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def read_boundaries(
    path: Path,
    *,
    code_property: str = CODE_PROPERTY,
    name_property: str = NAME_PROPERTY,
    known_areas: set[str] | None = None,
) -> Parsed[Boundaries]:
    """Polygons and multipolygons become area shapes (their area code in
    `properties[code_property]`), points become named places (`properties[name_property]`,
    an optional `properties.layer`). A code not in `known_areas` is a warning; when no
    shape has a known code, an error (most likely the wrong property)."""
    log = IssueLog(str(path))
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text says what is wrong
    if size > MAX_BYTES:
        log.error(
            _("filen er {size} MB; grensen er {limit} MB: forenkle formene").format(
                size=_megabytes(size), limit=_megabytes(MAX_BYTES)
            )
        )
        return Parsed(None, log.issues)
    features = _features(read_text(path), log)
    if features is None:
        return Parsed(None, log.issues)
    reader = _FeatureReader(log, code_property, name_property)
    for index, feature in enumerate(features):
        reader.read(index, feature)
    reader.report_projected()
    boundaries = Boundaries(reader.shapes, reader.points)
    if known_areas is not None:
        _check_known(boundaries, reader.places, known_areas, code_property, log)
    return Parsed(boundaries, log.issues)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _features(text: str, log: IssueLog) -> list[Any] | None:
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        log.error(
            _("ikke gyldig JSON: {reason}").format(reason=e.msg), line=e.lineno, column=e.colno
        )
        return None
    except (ValueError, RecursionError) as e:
        log.error(_("ikke gyldig JSON: {reason}").format(reason=e))
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        log.error(_("ventet en GeoJSON FeatureCollection, fant «{found}»").format(found=found))
        return None
    crs = _crs_name(data.get("crs"))
    if crs is not None and crs not in WGS84:
        log.error(
            _(
                "koordinatsystemet «{crs}» støttes ikke; konverter til WGS84 lengde- og "
                "breddegrad (EPSG:4326), f.eks. ogr2ogr -t_srs EPSG:4326 ut.geojson inn.geojson"
            ).format(crs=crs)
        )
        return None
    features = data.get("features")
    if not isinstance(features, list) or not features:
        log.error(_("«features» er tom eller mangler"))
        return None
    return features


def _no_constant(name: str) -> None:
    raise ValueError(_("{name} er ikke et tall").format(name=name))


def _crs_name(crs: Any) -> str | None:
    if not isinstance(crs, dict):
        return None
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    return str(name) if name is not None else None


class _FeatureReader:
    """Reads features one by one into shapes and points, logging what is wrong."""

    def __init__(self, log: IssueLog, code_property: str, name_property: str) -> None:
        self.log = log
        self.code_property = code_property
        self.name_property = name_property
        self.shapes: list[AreaShape] = []
        self.points: list[MapPoint] = []
        self.places: dict[str, int] = {}  # area code -> feature index
        self.projected: list[tuple[int, list[float]]] = []

    def error(self, index: int, message: str) -> None:
        self.log.error(f"features[{index}]: {message}")

    def read(self, index: int, feature: Any) -> None:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            self.error(index, _("ikke et GeoJSON Feature-objekt"))
            return
        found = feature.get("geometry")
        geometry: dict[str, Any] = found if isinstance(found, dict) else {}
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        kind = geometry.get("type")
        if kind in AREA_GEOMETRIES:
            self._area(index, geometry, properties)
        elif kind == POINT_GEOMETRY:
            self._point(index, geometry, properties)
        else:
            shown = "null" if found is None else str(kind or json.dumps(found)[:40])
            self.error(
                index,
                _(
                    "geometritypen «{kind}» støttes ikke; bruk Polygon eller MultiPolygon for "
                    "områder og Point for punkter"
                ).format(kind=shown),
            )

    def _area(self, index: int, geometry: dict[str, Any], properties: dict[str, Any]) -> None:
        code = properties.get(self.code_property)
        if isinstance(code, bool) or not isinstance(code, str | int):
            self._missing(index, self.code_property, properties, _("områdekoden"))
            return
        if isinstance(code, int):
            self.error(
                index,
                _(
                    "områdekoden {code} i properties.{name} er et tall; skriv den som tekst "
                    "(«0301»), så innledende nuller blir med"
                ).format(code=code, name=self.code_property),
            )
            return
        code = code.strip()
        if not code or len(code) > AREA_CODE_LENGTH:
            self._missing(index, self.code_property, properties, _("områdekoden"))
            return
        if code in self.places:
            self.error(
                index,
                _(
                    "området «{code}» har en form også i features[{first}]; slå dem sammen "
                    "til én MultiPolygon"
                ).format(code=code, first=self.places[code]),
            )
            return
        if self._polygons_ok(index, geometry):
            self.places[code] = index
            self.shapes.append(
                AreaShape(code, {"type": geometry["type"], "coordinates": geometry["coordinates"]})
            )

    def _point(self, index: int, geometry: dict[str, Any], properties: dict[str, Any]) -> None:
        name = properties.get(self.name_property)
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH:
            self._missing(index, self.name_property, properties, _("navnet på punktet"))
            return
        layer = properties.get(LAYER_PROPERTY, "")
        if not isinstance(layer, str) or len(layer) > MAX_NAME_LENGTH:
            self.error(
                index, _("properties.layer må være tekst, ikke «{value}»").format(value=layer)
            )
            return
        position: Any = geometry.get("coordinates")
        if self._position_ok(index, position):
            self.points.append(
                MapPoint(name.strip(), float(position[0]), float(position[1]), layer.strip())
            )

    def _missing(self, index: int, name: str, properties: dict[str, Any], what: str) -> None:
        value = properties.get(name)
        found = ", ".join(str(k) for k in properties) or _("ingen")
        if value is None or (isinstance(value, str) and not value.strip()):
            message = _("mangler {what} i properties.{name}; egenskapene er: {found}")
        else:
            message = _("ugyldig {what} i properties.{name}: «{value}»; egenskapene er: {found}")
        self.error(index, message.format(what=what, name=name, value=value, found=found))

    def _polygons_ok(self, index: int, geometry: dict[str, Any]) -> bool:
        coordinates = geometry.get("coordinates")
        polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
        if not isinstance(polygons, list) or not polygons:
            self.error(index, _("{kind} uten koordinater").format(kind=geometry["type"]))
            return False
        for polygon in polygons:
            if not isinstance(polygon, list) or not polygon:
                self.error(index, _("et polygon uten ringer"))
                return False
            for ring in polygon:
                if not self._ring_ok(index, ring):
                    return False
        return True

    def _ring_ok(self, index: int, ring: Any) -> bool:
        if not isinstance(ring, list) or len(ring) < 4:
            self.error(index, _("en ring må ha minst fire posisjoner (den første gjentatt sist)"))
            return False
        if not all(self._position_ok(index, position) for position in ring):
            return False
        if ring[0][:2] != ring[-1][:2]:
            self.error(
                index,
                _("ringen er ikke lukket: første posisjon {first}, siste {last}").format(
                    first=ring[0], last=ring[-1]
                ),
            )
            return False
        return True

    def _position_ok(self, index: int, position: Any) -> bool:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(_is_number(n) for n in position)
        ):
            self.error(
                index,
                _("ugyldig posisjon «{value}»; skriv [lengdegrad, breddegrad]").format(
                    value=json.dumps(position)[:80]
                ),
            )
            return False
        longitude, latitude = position[0], position[1]
        if abs(longitude) > 180 or abs(latitude) > 90:
            if not any(i == index for i, _position in self.projected):
                self.projected.append((index, position))
            return False
        return True

    def report_projected(self) -> None:
        """One error for every feature with coordinates outside WGS84's range."""
        if not self.projected:
            return
        index, position = self.projected[0]
        others = len(self.projected) - 1
        self.error(
            index,
            _(
                "koordinatene {position} ligger utenfor lengde- og breddegrad; de ser "
                "projiserte ut (f.eks. UTM, EPSG:25833){others}; konverter til WGS84 "
                "(EPSG:4326), f.eks. ogr2ogr -t_srs EPSG:4326 ut.geojson inn.geojson"
            ).format(
                position=json.dumps(position),
                others=_(" (og {count} objekter til)").format(count=others) if others else "",
            ),
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_known(
    boundaries: Boundaries,
    places: dict[str, int],
    known: set[str],
    code_property: str,
    log: IssueLog,
) -> None:
    unknown = [s.code for s in boundaries.shapes if s.code not in known]
    if boundaries.shapes and len(unknown) == len(boundaries.shapes):
        log.error(
            _(
                "ingen av områdekodene i properties.{name} ({codes}) er et område i kommunens "
                "tall; velg egenskapen med --code-property, eller importer tallene først"
            ).format(name=code_property, codes=", ".join(unknown[:5]))
        )
        return
    for code in unknown:
        log.warning(
            f"features[{places[code]}]: "
            + _(
                "området «{code}» har ingen tall hos kommunen; formen lagres, men vises ikke "
                "før det finnes tall for det"
            ).format(code=code)
        )
