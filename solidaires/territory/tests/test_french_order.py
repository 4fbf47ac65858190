"""Communes in French order everywhere (issue 11): accents and case do not push a name last."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from solidaires.territory import selectors
from solidaires.territory.models import Commune

from .factories import CommuneFactory

pytestmark = pytest.mark.django_db

FRENCH_ORDER = ["Bésayes", "Bourg-lès-Valence", "Étoile-sur-Rhône", "Valence"]


@pytest.fixture
def communes():
    for insee, name in (
        ("26362", "Valence"),
        ("26124", "Étoile-sur-Rhône"),
        ("26058", "Bourg-lès-Valence"),
        ("26042", "Bésayes"),
    ):
        CommuneFactory(insee=insee, name=name, slug=f"{insee}-x")
    cache.clear()


def test_the_model_orders_communes_in_french_order(communes):
    assert list(Commune.objects.values_list("name", flat=True)) == FRENCH_ORDER


def test_renaming_a_commune_keeps_its_sort_key(communes):
    commune = Commune.objects.get(insee="26042")
    commune.name = "Zébulon"
    commune.save(update_fields=["name"])
    assert list(Commune.objects.values_list("name", flat=True))[-1] == "Zébulon"


def test_the_choices_of_every_form_are_in_french_order(communes):
    assert [name for _, name in selectors.commune_choices()] == FRENCH_ORDER


def test_the_directory_filter_lists_communes_in_french_order(client, communes):
    html = client.get("/associations/").content.decode()
    select = html.split('id="filtre-commune"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == FRENCH_ORDER
