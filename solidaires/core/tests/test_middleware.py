"""Headers: Permissions-Policy everywhere; personal pages are never stored by caches."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_says_which_browser_features_it_never_uses(client):
    response = client.get("/")
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_pages_of_a_signed_in_person_are_private_and_not_stored(client, inhabitant):
    client.force_login(inhabitant)
    for url in ("/mon-compte/", "/", "/associations/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_anonymous_public_pages_stay_cacheable(client):
    response = client.get("/associations/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_chose_its_caching_keeps_it(client, inhabitant):
    client.force_login(inhabitant)
    response = client.get("/territoire/communes.geojson")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]


@pytest.mark.parametrize("query", ["q=%00", "q=abc%00def", "%00=1", "commune=26362&au=%00"])
def test_a_nul_character_in_the_query_string_gets_the_400_page(client, query):
    response = client.get(f"/associations/?{query}")
    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


def test_an_ordinary_query_string_goes_through(client):
    assert client.get("/associations/?q=v%C3%A9lo").status_code == 200
