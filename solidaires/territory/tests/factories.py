from __future__ import annotations

import factory

from solidaires.core.search import sort_key
from solidaires.territory.models import (
    Commune,
    CommuneDistance,
    Epci,
    Place,
    PlaceKind,
    PlaceStatus,
    UrbanClass,
)


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("siren",)

    siren = "200068781"
    name = "CA Valence Romans Agglo"
    kind = "CA"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee",)

    # Always five characters, never a real commune of the personas: 26500–26999, then 27500…
    insee = factory.Sequence(lambda n: f"{26 + (n // 500) % 70:02d}{n % 500 + 500:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.LazyAttribute(lambda o: f"{o.insee}-{o.name.lower().replace(' ', '-')}")
    department = "26"
    epci = factory.SubFactory(EpciFactory)
    population = 2000
    postal_codes = "26000"
    lat = 44.93
    lon = 4.89
    area_km2 = 10.0
    density = 200.0
    urban_class = UrbanClass.PERI_URBAN
    search_name = factory.LazyAttribute(lambda o: o.name.lower())


def link_distance(a: Commune, b: Commune, km: float) -> None:
    """Store a symmetric distance (and the zero self-distances) between two communes."""
    for origin, destination, dist in ((a, b, km), (b, a, km), (a, a, 0.0), (b, b, 0.0)):
        CommuneDistance.objects.update_or_create(
            origin=origin, destination=destination, defaults={"km": dist}
        )


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Maison citoyenne {n}")
    slug = factory.Sequence(lambda n: f"maison-citoyenne-{n}")
    kind = PlaceKind.MAISON_CITOYENNE
    address = "1 rue de la République"
    commune = factory.SubFactory(CommuneFactory)
    lat = 44.93
    lon = 4.89
    accessible_pmr = True
    status = PlaceStatus.VERIFIED
    sort_name = factory.LazyAttribute(lambda o: sort_key(o.name))
