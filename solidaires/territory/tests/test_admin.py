"""Admin registration (configuration only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import PlaceFactory


@pytest.mark.parametrize(
    "name",
    [
        "territory_epci_changelist",
        "territory_commune_changelist",
        "territory_place_changelist",
        "territory_place_add",
    ],
)
def test_admin_pages_load(client, admin_user, valence, name):
    PlaceFactory(commune=valence)
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{name}")).status_code == 200


def test_admin_commune_and_place_change_pages(client, admin_user, valence):
    place = PlaceFactory(commune=valence)
    client.force_login(admin_user)
    assert client.get(reverse("admin:territory_commune_change", args=[valence.pk])).status_code == 200
    assert client.get(reverse("admin:territory_place_change", args=[place.pk])).status_code == 200
    assert client.get(reverse("admin:territory_commune_changelist"), {"q": "valence"}).status_code == 200
