"""Loading the territory from the official files: service and management command."""

from __future__ import annotations

import gzip
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Sum

from solidaires.core.models import AuditEntry
from solidaires.territory.models import Commune, CommuneDistance, Epci, UrbanClass
from solidaires.territory.services import territory_load

from .conftest import LYON, VRA

UNKNOWN_BUT_VALID_SIREN = "200068708"


def test_valence_romans_agglo(vra):
    assert vra.communes == 54
    assert vra.communes_created == 54
    assert vra.population == 221_737
    assert Commune.objects.count() == 54
    assert Commune.objects.aggregate(total=Sum("population"))["total"] == 221_737
    assert Epci.objects.get().name == "Communauté d'agglomération Valence Romans Agglo"
    assert CommuneDistance.objects.count() == 54 * 54 == vra.distances
    assert vra.without_outline == [] and vra.without_location == []


def test_communes_carry_figures_class_and_town_hall(vra):
    valence = Commune.objects.get(insee="26362")
    assert valence.slug == "26362-valence"
    assert valence.name == "Valence"
    assert valence.search_name == "valence"
    assert valence.department == "26"
    assert valence.postal_codes == "26000"
    assert valence.area_km2 == pytest.approx(36.7, rel=0.02)
    assert valence.density == pytest.approx(valence.population / valence.area_km2, rel=1e-3)
    assert valence.urban_class == UrbanClass.URBAN
    assert valence.town_hall_address == "1 place de la Liberté, 26000 Valence"
    assert valence.outline["type"] == "MultiPolygon"
    assert valence.lat == pytest.approx(44.93, abs=0.01)
    bourg = Commune.objects.get(insee="26058")
    assert bourg.search_name == "bourg-les-valence"
    assert set(Commune.objects.values_list("urban_class", flat=True)) == set(UrbanClass.values)
    assert not Commune.objects.filter(urban_class="").exists()


def test_distances_are_symmetric_and_zero_on_the_diagonal(vra):
    table = {(d.origin_id, d.destination_id): d.km for d in CommuneDistance.objects.all()}
    assert all(table[(a, a)] == 0 for a in Commune.objects.values_list("insee", flat=True))
    assert all(km == table[(b, a)] for (a, b), km in table.items())
    assert table[("26362", "26281")] == pytest.approx(17.5, abs=0.5)


def test_loading_twice_updates_and_duplicates_nothing(vra):
    Commune.objects.filter(insee="26362").update(population=1, name="Valense")
    report = territory_load(epci_sirens=[VRA])
    assert report.communes_created == 0
    assert report.communes_updated == 54
    assert Commune.objects.count() == 54
    assert CommuneDistance.objects.count() == 54 * 54
    valence = Commune.objects.get(insee="26362")
    assert (valence.name, valence.population) == ("Valence", 63_714)
    assert AuditEntry.objects.filter(action="territory.loaded").count() == 2


@pytest.mark.django_db
def test_metropole_de_lyon():
    report = territory_load(epci_sirens=[LYON])
    assert report.communes == 58
    assert Commune.objects.filter(epci_id=LYON).count() == 58
    assert CommuneDistance.objects.count() == 3_364
    lyon = Commune.objects.get(insee="69123")
    assert lyon.population > 500_000
    assert lyon.urban_class == UrbanClass.URBAN


@pytest.mark.django_db
def test_two_epcis_share_one_distance_table():
    territory_load(epci_sirens=[VRA, LYON])
    assert Commune.objects.count() == 112
    assert CommuneDistance.objects.count() == 112 * 112
    km = CommuneDistance.objects.get(origin_id="26362", destination_id="69123").km
    assert 90 < km < 110  # Valence → Lyon


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sirens", "fragment"),
    [
        ([UNKNOWN_BUT_VALID_SIREN], f"Intercommunalité inconnue : {UNKNOWN_BUT_VALID_SIREN}"),
        ([VRA, UNKNOWN_BUT_VALID_SIREN], f"Intercommunalité inconnue : {UNKNOWN_BUT_VALID_SIREN}"),
        ([VRA, "12345"], "Code SIREN invalide : 12345"),
        ([], "Indiquez au moins une intercommunalité"),
    ],
)
def test_bad_sirens_write_nothing(sirens, fragment):
    with pytest.raises(ValidationError) as excinfo:
        territory_load(epci_sirens=sirens)
    assert fragment in " ".join(excinfo.value.messages)
    assert not Epci.objects.exists()
    assert not Commune.objects.exists()
    assert not CommuneDistance.objects.exists()
    assert not AuditEntry.objects.exists()


def test_unknown_siren_leaves_a_loaded_territory_untouched(vra):
    before = list(Commune.objects.order_by("insee").values_list("insee", "population", "name"))
    with pytest.raises(CommandError, match=UNKNOWN_BUT_VALID_SIREN):
        call_command("load_territory", "--epci", LYON, "--epci", UNKNOWN_BUT_VALID_SIREN, stdout=StringIO())
    assert list(Commune.objects.order_by("insee").values_list("insee", "population", "name")) == before
    assert CommuneDistance.objects.count() == 54 * 54
    assert not Epci.objects.filter(siren=LYON).exists()


@pytest.mark.django_db
def test_command_loads_the_configured_territory_by_default(settings):
    settings.SOLIDAIRES_TERRITORY = [VRA]
    out = StringIO()
    call_command("load_territory", stdout=out)
    assert Commune.objects.count() == 54
    assert "54 communes (54 créées, 0 mises à jour)" in out.getvalue()
    assert "221\xa0737 habitants" in out.getvalue()


def test_command_if_empty_does_nothing_when_communes_exist(vra):
    Commune.objects.filter(insee="26362").update(population=1)
    out = StringIO()
    call_command("load_territory", "--epci", LYON, "--if-empty", stdout=out)
    assert "rien à faire" in out.getvalue()
    assert Commune.objects.count() == 54
    assert Commune.objects.get(insee="26362").population == 1


@pytest.mark.django_db
def test_command_if_empty_loads_an_empty_database():
    call_command("load_territory", "--epci", VRA, "--if-empty", stdout=StringIO())
    assert Commune.objects.count() == 54


@pytest.mark.django_db
def test_command_with_a_custom_outlines_file(tmp_path):
    path = tmp_path / "contours.geojsonl.gz"
    square = [[[4.85, 44.9], [4.95, 44.9], [4.95, 44.96], [4.85, 44.96], [4.85, 44.9]]]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(
            json.dumps({"insee": "26362", "geometry": {"type": "Polygon", "coordinates": square}}) + "\n"
        )
    out = StringIO()
    call_command("load_territory", "--epci", VRA, "--outlines", str(path), stdout=out)
    assert Commune.objects.get(insee="26362").outline["type"] == "Polygon"
    assert Commune.objects.exclude(insee="26362").filter(outline__isnull=True).count() == 53
    assert Commune.objects.get(insee="26281").urban_class == ""  # no outline, no density, no class
    assert "Sans contour" in out.getvalue()
    # Every commune still has a town hall, so the distance table is complete.
    assert CommuneDistance.objects.count() == 54 * 54


@pytest.mark.django_db
def test_command_refuses_a_missing_outlines_file(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("load_territory", "--epci", VRA, "--outlines", str(tmp_path / "absent.gz"))
    assert not Commune.objects.exists()
