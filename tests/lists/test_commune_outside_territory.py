"""A commune outside the territory on every list filtered by commune (issue 11).

``/missions/?commune=75056&rayon=10`` (Paris) used to give an empty list and "widen the
distance". Every page says the commune is not part of the territory and lists every commune
(``territory.params.commune_param``); every API list answers 422 with a French message
(``territory.params.api_commune``).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

NOTICE = "«&nbsp;75056&nbsp;» ne fait pas partie du territoire"

PAGES = [
    "/associations/",
    "/missions/",
    "/missions/propositions/",
    "/entraide/",
    "/agenda/",
    "/agenda/?vue=semaine",
    "/agenda/?vue=mois",
    "/agenda/permanences/",
]

API_LISTS = [
    "/api/v1/associations",
    "/api/v1/missions",
    "/api/v1/entraide",
    "/api/v1/agenda/evenements",
    "/api/v1/places",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_say_the_commune_is_not_part_of_the_territory(client, url, valence, member):
    client.force_login(member)  # the volunteers' offers are for association members
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}commune=75056&rayon=10")
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTICE in html
    assert "Élargissez" not in html
    # A commune of the territory: no notice.
    html = client.get(f"{url}{separator}commune={valence.insee}").content.decode()
    assert "ne fait pas partie du territoire" not in html


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_answer_422_for_a_commune_outside_the_territory(client, url, valence):
    response = client.get(url, {"commune": "75056"})
    assert response.status_code == 422
    assert "75056" in response.json()["detail"]
    assert "ne fait pas partie du territoire" in response.json()["detail"]
    assert client.get(url, {"commune": valence.insee}).status_code == 200
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/agenda/", "/agenda/permanences/"])
def test_the_commune_select_shows_the_commune_in_force(client, url, valence):
    """Issue 11: a commune of the territory without events or permanences filtered the list
    while its select said "Toutes les communes" (it offered only communes with some)."""
    html = client.get(url, {"commune": valence.insee}).content.decode()
    select = html.split('id="filtre-commune"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{valence.insee}" selected>{valence.name}</option>' in select


def test_agenda_association_and_place_selects_show_the_filter_in_force(client, bicyclette):
    """An association without coming events filtered the agenda while its select said
    "Toutes les associations"; one that does not exist no longer filters at all."""
    html = client.get("/agenda/", {"association": bicyclette.slug}).content.decode()
    select = html.split('id="filtre-association"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{bicyclette.slug}" selected>{bicyclette.name}</option>' in select
    html = client.get("/agenda/", {"association": "plus-de-cette-association"}).content.decode()
    select = html.split('id="filtre-association"', 1)[1].split("</select>", 1)[0]
    assert " selected" not in select
    assert "plus-de-cette-association" not in html
