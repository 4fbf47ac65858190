"""Draw commune outlines as a small static SVG map (pure: no Django import).

Used by the home page as a lightweight picture of the territory that needs no JavaScript
and no tile server. Coordinates are projected equirectangularly around the territory's
mean latitude (good enough at the scale of an intercommunality), scaled to ``width``
units and rounded to integers; consecutive duplicate points are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Shape:
    key: str
    label: str
    fill: str
    multipolygon: Sequence[Sequence[Ring]]  # GeoJSON MultiPolygon coordinates (lon, lat)


def _rings(shapes: Iterable[Shape]) -> Iterable[Ring]:
    for shape in shapes:
        for polygon in shape.multipolygon:
            yield from polygon


def render_svg(shapes: Sequence[Shape], *, width: int = 600, title: str = "", stroke: str = "#ffffff") -> str:
    """Return a standalone SVG document, or an empty string when there is nothing to draw."""
    points = [pt for ring in _rings(shapes) for pt in ring]
    if not points:
        return ""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    mean_lat = math.radians((min(lats) + max(lats)) / 2)
    kx = math.cos(mean_lat)
    span_x = (max(lons) - min(lons)) * kx or 1e-9
    span_y = (max(lats) - min(lats)) or 1e-9
    scale = width / span_x
    height = max(1, round(span_y * scale))
    x0, y1 = min(lons), max(lats)

    def project(pt: Sequence[float]) -> tuple[int, int]:
        return round((pt[0] - x0) * kx * scale), round((y1 - pt[1]) * scale)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {width + 4} {height + 4}" '
        f'width="{width}" height="{height}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for shape in shapes:
        commands: list[str] = []
        for polygon in shape.multipolygon:
            for ring in polygon:
                projected: list[tuple[int, int]] = []
                for pt in ring:
                    xy = project(pt)
                    if not projected or projected[-1] != xy:
                        projected.append(xy)
                if len(projected) < 3:
                    continue
                head, *tail = projected
                commands.append(f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in tail) + "Z")
        if commands:
            parts.append(
                f'<path d="{"".join(commands)}" fill="{escape(shape.fill)}" stroke="{escape(stroke)}" '
                f'stroke-width="1" stroke-linejoin="round"><title>{escape(shape.label)}</title></path>'
            )
    parts.append("</svg>")
    return "".join(parts)


def shapes_from_features(features: Iterable[dict[str, Any]], fills: dict[str, str]) -> list[Shape]:
    """Shapes from GeoJSON features whose properties carry ``insee``, ``name`` and ``class``."""
    shapes = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            coords = [coords]
        props = feature.get("properties") or {}
        shapes.append(
            Shape(
                key=str(props.get("insee", "")),
                label=str(props.get("name", "")),
                fill=fills.get(str(props.get("class", "")), "#cfd8d6"),
                multipolygon=coords,
            )
        )
    return shapes
