"""Pure geometry: distances, areas, centres and boxes (no database)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from solidaires.territory import geo

DATA = Path(__file__).resolve().parents[3] / "data" / "territory" / "valence-romans-agglo.geojson"


def square(lon: float, lat: float, side_deg: float) -> dict:
    ring = [
        [lon, lat],
        [lon + side_deg, lat],
        [lon + side_deg, lat + side_deg],
        [lon, lat + side_deg],
        [lon, lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(scope="module")
def vra_outlines() -> dict[str, dict]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {f["properties"]["insee"]: f["geometry"] for f in data["features"]}


@pytest.mark.parametrize(
    ("a", "b", "expected_km", "tolerance_km"),
    [
        ((44.9334, 4.8924), (44.9334, 4.8924), 0.0, 1e-9),
        # Valence → Romans-sur-Isère town halls: about 17.5 km as the crow flies.
        ((44.9332, 4.89214), (45.04421, 5.05232), 17.5, 0.5),
        # Paris (Notre-Dame) → Lyon (Bellecour): about 392 km.
        ((48.8530, 2.3499), (45.7578, 4.8320), 392.0, 3.0),
        # A quarter of the equator.
        ((0.0, 0.0), (0.0, 90.0), math.pi * geo.EARTH_RADIUS_KM / 2, 1e-6),
        # One degree of latitude ≈ 111.2 km.
        ((45.0, 5.0), (46.0, 5.0), 111.2, 0.1),
    ],
)
def test_haversine(a, b, expected_km, tolerance_km):
    assert geo.haversine_km(*a, *b) == pytest.approx(expected_km, abs=tolerance_km)


@pytest.mark.parametrize(("a", "b"), [((44.9, 4.9), (45.1, 5.1)), ((-12.7, 45.0), (48.8, 2.3))])
def test_haversine_is_symmetric(a, b):
    assert geo.haversine_km(*a, *b) == pytest.approx(geo.haversine_km(*b, *a))


@pytest.mark.parametrize(
    ("insee", "name", "official_km2"),
    [
        ("26362", "Valence", 36.69),
        ("26281", "Romans-sur-Isère", 33.08),
        ("26058", "Bourg-lès-Valence", 20.03),
    ],
)
def test_area_of_real_communes_within_a_few_percent(vra_outlines, insee, name, official_km2):
    assert geo.area_km2(vra_outlines[insee]) == pytest.approx(official_km2, rel=0.03), name


def test_area_of_a_square_degree_at_the_equator():
    # 1° x 1° at the equator: (π R / 180)² ≈ 12 364 km², slightly less on the sphere.
    assert geo.area_km2(square(0, 0, 1)) == pytest.approx(12_364, rel=0.002)


@pytest.mark.parametrize("reverse", [False, True])
def test_area_ignores_ring_orientation(reverse):
    polygon = square(4.8, 44.9, 0.1)
    if reverse:
        polygon["coordinates"][0] = list(reversed(polygon["coordinates"][0]))
    assert geo.area_km2(polygon) == pytest.approx(geo.area_km2(square(4.8, 44.9, 0.1)))


def test_area_subtracts_holes_and_adds_parts():
    outer = square(4.8, 44.9, 0.2)["coordinates"][0]
    hole = square(4.85, 44.95, 0.1)["coordinates"][0]
    with_hole = {"type": "Polygon", "coordinates": [outer, hole]}
    expected = geo.area_km2(square(4.8, 44.9, 0.2)) - geo.area_km2(square(4.85, 44.95, 0.1))
    assert geo.area_km2(with_hole) == pytest.approx(expected)
    multi = {"type": "MultiPolygon", "coordinates": [[outer], [square(5.5, 44.9, 0.2)["coordinates"][0]]]}
    assert geo.area_km2(multi) == pytest.approx(
        geo.area_km2(square(4.8, 44.9, 0.2)) + geo.area_km2(square(5.5, 44.9, 0.2))
    )


@pytest.mark.parametrize(
    "bad",
    [
        None,
        {},
        {"type": "Point", "coordinates": [4.9, 44.9]},
        {"type": "Polygon"},
        {"type": "MultiPolygon", "coordinates": []},
    ],
)
def test_bad_geometries_are_refused(bad):
    with pytest.raises(geo.GeometryError):
        geo.bounding_box(bad)


def test_centroid_of_a_square_is_its_centre():
    lat, lon = geo.centroid(square(4.8, 44.9, 0.2))
    assert lat == pytest.approx(45.0, abs=1e-3)
    assert lon == pytest.approx(4.9, abs=1e-6)


def test_centroid_is_weighted_by_area():
    big = square(0.0, 45.0, 1.0)["coordinates"][0]
    small = square(10.0, 45.0, 0.1)["coordinates"][0]
    _lat, lon = geo.centroid({"type": "MultiPolygon", "coordinates": [[big], [small]]})
    assert 0.5 < lon < 0.7  # pulled only slightly towards the small part


def test_centroid_of_valence_lies_inside_its_box(vra_outlines):
    box = geo.bounding_box(vra_outlines["26362"])
    lat, lon = geo.centroid(vra_outlines["26362"])
    assert box.contains(lat, lon)
    assert geo.haversine_km(lat, lon, 44.9332, 4.89214) < 3  # near the town hall


def test_centroid_of_a_degenerate_outline_is_the_mean_vertex():
    flat = {"type": "Polygon", "coordinates": [[[4.0, 45.0], [5.0, 45.0], [4.0, 45.0]]]}
    assert geo.centroid(flat) == pytest.approx((45.0, 4.333333), abs=1e-5)


def test_bounding_box_and_union():
    box = geo.bounding_box(square(4.8, 44.9, 0.2))
    assert box.as_list() == pytest.approx([4.8, 44.9, 5.0, 45.1])
    assert box.contains(45.0, 4.9)
    assert not box.contains(45.3, 4.9)
    assert box.contains(45.12, 4.9, margin_deg=0.05)
    other = geo.bounding_box(square(5.5, 44.0, 0.1))
    assert geo.union_box([box, other]).as_list() == pytest.approx([4.8, 44.0, 5.6, 45.1])
    assert geo.union_box([]) is None


@pytest.mark.parametrize("n", [1, 2, 5])
def test_distance_matrix_has_every_ordered_pair(n):
    points = [(f"c{i}", 45.0 + i / 10, 5.0) for i in range(n)]
    rows = list(geo.distance_matrix(points))
    assert len(rows) == n * n
    table = {(a, b): km for a, b, km in rows}
    for a, _, _ in points:
        assert table[(a, a)] == 0
        for b, _, _ in points:
            assert table[(a, b)] == table[(b, a)]
