"""Place services: permissions, state moves, audit, validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from solidaires.core.models import AuditEntry
from solidaires.territory import services
from solidaires.territory.models import Place, PlaceStatus
from solidaires.territory.services import PlaceInput

from .factories import PlaceFactory


def data_for(commune, **overrides) -> PlaceInput:
    values = {
        "name": "Maison citoyenne Fontbarlettes",
        "kind": "maison_citoyenne",
        "address": "12 rue Jean Jaurès",
        "commune": commune,
        "lat": 44.92,
        "lon": 4.91,
        "accessible_pmr": True,
        "opening_hours": "Mardi : 9 h – 12 h",
        "phone": "04 75 00 00 00",
        "email": "accueil@exemple.fr",
    }
    values.update(overrides)
    return PlaceInput(**values)


def test_agent_creates_a_pending_place(agent, valence):
    place = services.place_create(by=agent, data=data_for(valence))
    assert place.status == PlaceStatus.PENDING
    assert place.slug == "maison-citoyenne-fontbarlettes-valence"
    assert place.sort_name == "maison citoyenne fontbarlettes"
    assert place.created_by == agent
    entry = AuditEntry.objects.get(action="place.created")
    assert entry.actor == agent
    assert entry.target_id == str(place.pk)
    assert entry.after["commune"] == "26362"


def test_slugs_stay_unique(agent, valence):
    first = services.place_create(by=agent, data=data_for(valence))
    second = services.place_create(by=agent, data=data_for(valence))
    assert first.slug != second.slug
    assert second.slug.endswith("-2")


@pytest.mark.parametrize("persona", ["inhabitant", "member", "manager", "elected"])
def test_only_agents_manage_places(request, persona, valence):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.place_create(by=user, data=data_for(valence))
    place = PlaceFactory(commune=valence, status=PlaceStatus.PENDING)
    for call in (services.place_verify, services.place_archive, services.place_restore):
        with pytest.raises(PermissionDenied):
            call(place=place, by=user)
    with pytest.raises(PermissionDenied):
        services.place_update(place=place, by=user, data=data_for(valence))
    assert Place.objects.get(pk=place.pk).status == PlaceStatus.PENDING
    assert not AuditEntry.objects.filter(action__startswith="place.").exists()


def test_admin_manages_places(admin_user, valence):
    place = services.place_create(by=admin_user, data=data_for(valence))
    assert services.place_verify(place=place, by=admin_user).status == PlaceStatus.VERIFIED


def test_verify_archive_restore(agent, valence):
    place = services.place_create(by=agent, data=data_for(valence))
    place = services.place_verify(place=place, by=agent)
    assert place.status == PlaceStatus.VERIFIED
    assert place.verified_by == agent and place.verified_at is not None
    place = services.place_archive(place=place, by=agent, reason="Lieu fermé")
    assert place.status == PlaceStatus.ARCHIVED
    place = services.place_restore(place=place, by=agent)
    assert place.status == PlaceStatus.PENDING
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["place.created", "place.verified", "place.archived", "place.restored"]
    archived = AuditEntry.objects.get(action="place.archived")
    assert archived.before == {"status": "verified"} and archived.after == {"status": "archived"}
    assert archived.note == "Lieu fermé"


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (PlaceStatus.VERIFIED, services.place_verify),
        (PlaceStatus.ARCHIVED, services.place_verify),
        (PlaceStatus.ARCHIVED, services.place_archive),
        (PlaceStatus.PENDING, services.place_restore),
        (PlaceStatus.VERIFIED, services.place_restore),
    ],
)
def test_illegal_moves_are_refused(agent, valence, status, move):
    place = PlaceFactory(commune=valence, status=status)
    with pytest.raises(ValidationError):
        move(place=place, by=agent)
    assert Place.objects.get(pk=place.pk).status == status
    assert not AuditEntry.objects.exists()


def test_update_records_only_what_changed(agent, valence, romans):
    place = services.place_create(by=agent, data=data_for(valence))
    slug = place.slug
    place = services.place_update(
        place=place, by=agent, data=data_for(romans, name="Maison citoyenne du Centre", lat=45.04, lon=5.05)
    )
    assert place.slug == slug  # links keep working
    assert place.sort_name == "maison citoyenne du centre"
    entry = AuditEntry.objects.get(action="place.updated")
    assert set(entry.after) == {"name", "commune", "lat", "lon"}
    assert entry.before["commune"] == "26362" and entry.after["commune"] == "26281"
    services.place_update(
        place=place, by=agent, data=data_for(romans, name="Maison citoyenne du Centre", lat=45.04, lon=5.05)
    )
    assert AuditEntry.objects.filter(action="place.updated").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lat": 48.85, "lon": 2.35}, "lat"),  # Paris: outside the territory
        ({"lat": 44.93, "lon": None}, "lon"),
        ({"lat": None, "lon": 4.89}, "lat"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"kind": "chateau"}, "kind"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_places_are_refused(agent, valence, romans, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        services.place_create(by=agent, data=data_for(valence, **overrides))
    assert field in excinfo.value.message_dict
    assert not Place.objects.exists()


def test_a_place_without_coordinates_is_fine(agent, valence):
    place = services.place_create(by=agent, data=data_for(valence, lat=None, lon=None))
    assert not place.has_location
