"""Plain geometry on the sphere for communes and places (no Django import).

Coordinates follow GeoJSON: ``[lon, lat]`` in WGS84 degrees. Distances and areas use a
sphere of the mean Earth radius (IUGG, 6 371.0088 km): at the scale of a commune the error
against the ellipsoid stays below 0.5 %, far under the simplification of the outlines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_KM = 6371.0088

Position = Sequence[float]  # [lon, lat] (GeoJSON order)
Ring = Sequence[Position]
Geometry = dict[str, Any]


class GeometryError(ValueError):
    """The object is not a GeoJSON Polygon or MultiPolygon this module can use."""


@dataclass(frozen=True, slots=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def as_list(self) -> list[float]:
        """``[west, south, east, north]``, the GeoJSON ``bbox`` order."""
        return [self.min_lon, self.min_lat, self.max_lon, self.max_lat]

    def contains(self, lat: float, lon: float, *, margin_deg: float = 0.0) -> bool:
        return (
            self.min_lat - margin_deg <= lat <= self.max_lat + margin_deg
            and self.min_lon - margin_deg <= lon <= self.max_lon + margin_deg
        )

    def union(self, other: BoundingBox) -> BoundingBox:
        return BoundingBox(
            min(self.min_lon, other.min_lon),
            min(self.min_lat, other.min_lat),
            max(self.max_lon, other.max_lon),
            max(self.max_lat, other.max_lat),
        )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def polygons(geometry: Geometry) -> list[Sequence[Ring]]:
    """The polygons (each a list of rings, the first one the exterior) of a (Multi)Polygon."""
    if not isinstance(geometry, dict):
        raise GeometryError("geometry must be a GeoJSON object")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        raise GeometryError("geometry has no coordinates")
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return list(coordinates)
    raise GeometryError(f"unsupported geometry type: {kind!r}")


def _positions(geometry: Geometry) -> Iterator[Position]:
    for polygon in polygons(geometry):
        for ring in polygon:
            yield from ring


def ring_area_km2(ring: Ring) -> float:
    """Signed area of a closed ring on the sphere (negative when counter-clockwise).

    Spherical-excess approximation for small polygons: the sum over the edges of
    ``(λ2 - λ1) (2 + sin φ1 + sin φ2) / 2`` times R². Exact enough for a commune
    (the edges are short) and independent of the ring's orientation in absolute value.
    """
    n = len(ring)
    if n < 3:
        return 0.0
    total = 0.0
    for i in range(n):
        lon1, lat1 = ring[i][0], ring[i][1]
        lon2, lat2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return total * EARTH_RADIUS_KM**2 / 2


def area_km2(geometry: Geometry) -> float:
    """Area in km² of a GeoJSON Polygon or MultiPolygon (exterior rings minus holes)."""
    total = 0.0
    for polygon in polygons(geometry):
        if not polygon:
            continue
        exterior, *holes = polygon
        total += abs(ring_area_km2(exterior)) - sum(abs(ring_area_km2(hole)) for hole in holes)
    return max(total, 0.0)


def _ring_centroid(ring: Ring, lat0: float, lon0: float) -> tuple[float, float, float]:
    """(signed area, x̄, ȳ) of a ring in a local equirectangular plane centred on (lat0, lon0)."""
    k = math.cos(math.radians(lat0))
    points = [((p[0] - lon0) * k, p[1] - lat0) for p in ring]
    n = len(points)
    a = cx = cy = 0.0
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    a /= 2
    if a == 0:
        return 0.0, 0.0, 0.0
    return a, cx / (6 * a), cy / (6 * a)


def centroid(geometry: Geometry) -> tuple[float, float]:
    """Area-weighted centre ``(lat, lon)`` of a (Multi)Polygon, holes subtracted.

    Computed in a local equirectangular projection around the bounding-box centre, which
    is accurate at the scale of a commune. Falls back to the mean of the vertices for a
    degenerate outline (zero area).
    """
    box = bounding_box(geometry)
    lat0 = (box.min_lat + box.max_lat) / 2
    lon0 = (box.min_lon + box.max_lon) / 2
    k = math.cos(math.radians(lat0))
    total = sx = sy = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            a, x, y = _ring_centroid(ring, lat0, lon0)
            weight = abs(a) if index == 0 else -abs(a)
            total += weight
            sx += weight * x
            sy += weight * y
    if total == 0:
        points = list(_positions(geometry))
        return (
            sum(p[1] for p in points) / len(points),
            sum(p[0] for p in points) / len(points),
        )
    return lat0 + sy / total, lon0 + sx / total / k


def bounding_box(geometry: Geometry) -> BoundingBox:
    """Smallest lon/lat box holding every vertex of the geometry."""
    min_lon = min_lat = math.inf
    max_lon = max_lat = -math.inf
    for lon, lat, *_ in _positions(geometry):
        min_lon, max_lon = min(min_lon, lon), max(max_lon, lon)
        min_lat, max_lat = min(min_lat, lat), max(max_lat, lat)
    if min_lon == math.inf:
        raise GeometryError("geometry has no positions")
    return BoundingBox(min_lon, min_lat, max_lon, max_lat)


def union_box(boxes: Iterable[BoundingBox]) -> BoundingBox | None:
    result: BoundingBox | None = None
    for box in boxes:
        result = box if result is None else result.union(box)
    return result


def distance_matrix(points: Sequence[tuple[str, float, float]]) -> Iterator[tuple[str, str, float]]:
    """Every ordered pair ``(a, b, km)`` of ``(key, lat, lon)`` points, self-distances (0) included.

    Each unordered pair is computed once and yielded in both directions.
    """
    for i, (key_a, lat_a, lon_a) in enumerate(points):
        yield key_a, key_a, 0.0
        for key_b, lat_b, lon_b in points[i + 1 :]:
            km = haversine_km(lat_a, lon_a, lat_b, lon_b)
            yield key_a, key_b, km
            yield key_b, key_a, km
