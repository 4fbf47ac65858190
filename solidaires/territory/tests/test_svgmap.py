import pytest

from solidaires.territory.svgmap import Shape, render_svg, shapes_from_features

SQUARE = [[[[5.0, 45.0], [5.1, 45.0], [5.1, 45.1], [5.0, 45.1], [5.0, 45.0]]]]
EAST = [[[[5.1, 45.0], [5.2, 45.0], [5.2, 45.1], [5.1, 45.1], [5.1, 45.0]]]]


def test_two_neighbours_are_drawn_side_by_side_with_their_names():
    svg = render_svg(
        [Shape("1", "Alixan", "#111111", SQUARE), Shape("2", "Bésayes & co", "#222222", EAST)],
        width=200,
        title="Carte",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<path") == 2
    assert "<title>Bésayes &amp; co</title>" in svg
    assert 'd="M0 ' in svg  # the western square starts at x = 0
    assert "L200 " in svg  # the eastern square reaches the full width


def test_nothing_to_draw_gives_empty_string():
    assert render_svg([]) == ""
    assert render_svg([Shape("1", "x", "#000", [])]) == ""


@pytest.mark.parametrize("kind", ["Polygon", "MultiPolygon"])
def test_features_become_shapes_with_fill_by_class(kind):
    coords = SQUARE[0] if kind == "Polygon" else SQUARE
    feature = {
        "properties": {"insee": "26004", "name": "Alixan", "class": "rural"},
        "geometry": {"type": kind, "coordinates": coords},
    }
    (shape,) = shapes_from_features([feature], {"rural": "#abcdef"})
    assert shape.fill == "#abcdef"
    assert "<path" in render_svg([shape])


@pytest.mark.django_db
def test_svg_map_endpoint_draws_each_commune_and_supports_etag(client, valence, romans):
    from solidaires.territory.models import Commune

    Commune.objects.filter(pk=valence.pk).update(outline={"type": "MultiPolygon", "coordinates": SQUARE})
    Commune.objects.filter(pk=romans.pk).update(outline={"type": "MultiPolygon", "coordinates": EAST})
    response = client.get("/territoire/carte.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert "<title>Valence</title>" in body and "<title>Romans-sur-Isère</title>" in body
    again = client.get("/territoire/carte.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_svg_map_is_404_without_outlines(client):
    assert client.get("/territoire/carte.svg").status_code == 404
