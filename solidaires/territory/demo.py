"""Demo places: each commune's mairie, Maisons citoyennes, centres sociaux and rooms.

Written by ``manage.py generate_demo`` (solidaires.site.demo). The mairies use the real
town-hall address and point of the commune; every other place is fictional. All of them
end their description with the fictional-content marker.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db.models import F
from django.db.models.deletion import ProtectedError

from solidaires.core.demo import (
    BATCH_SIZE,
    DEMO_PLACE_DOMAIN,
    FICTIONAL_MARKER,
    IN_CHUNK,
    QUARTIERS,
    QUARTIERS_BY_INSEE,
    REFERENCE_DATETIME,
    STREET_NAMES,
    CommuneInfo,
    DemoContext,
    ascii_slug,
    at,
    chunked,
    de,
    fictional_phone,
    haversine_km,
    jitter,
)
from solidaires.core.search import sort_key
from solidaires.territory.models import Commune, CommuneDistance, Place, PlaceKind, PlaceStatus

VALENCE = "26362"
PORTES_LES_VALENCE = "26252"

OPENING_HOURS = (
    "Du lundi au vendredi, 9 h – 12 h et 14 h – 18 h.",
    "Mardi et jeudi 14 h – 19 h, mercredi 9 h – 18 h, samedi matin 9 h – 12 h.",
    "Du mardi au samedi, 10 h – 18 h.",
    "Lundi, mercredi et vendredi, 14 h – 18 h ; le mercredi matin pour les familles.",
)
ACCESSIBILITY_NOTES = (
    "Entrée de plain-pied, toilettes adaptées, boucle magnétique à l'accueil.",
    "Rampe d'accès côté parking, ascenseur pour l'étage.",
    "Accès de plain-pied ; places de stationnement réservées devant l'entrée.",
)
NOT_ACCESSIBLE_NOTES = (
    "Salle à l'étage sans ascenseur : prévenez-nous, une salle du rez-de-chaussée peut être proposée.",
    "Trois marches à l'entrée ; une rampe amovible est disponible sur demande.",
)


@dataclass
class PlaceSpec:
    name: str
    slug: str
    kind: str
    commune: CommuneInfo
    description: str
    address: str
    lat: float | None
    lon: float | None


def _describe(*sentences: str) -> str:
    return " ".join(sentences) + "\n\n" + FICTIONAL_MARKER


def _address(rng: random.Random) -> str:
    return f"{rng.randint(1, 120)} {rng.choice(STREET_NAMES)}"


def _quartiers(commune: CommuneInfo, rng: random.Random) -> list[str]:
    names = list(QUARTIERS_BY_INSEE.get(commune.insee, QUARTIERS))
    rng.shuffle(names)
    return names


def _town_hall(commune: CommuneInfo) -> PlaceSpec | None:
    if not commune.town_hall_address and commune.lat is None:
        return None
    name = (
        "Hôtel de ville " + de(commune.name) if commune.population >= 30_000 else "Mairie " + de(commune.name)
    )
    address = " ".join(commune.town_hall_address.split()) or "Place de la Mairie"
    return PlaceSpec(
        name=name,
        slug=f"mairie-{commune.slug}",
        kind=PlaceKind.MAIRIE,
        commune=commune,
        description=_describe(
            f"Accueil de la mairie {de(commune.name)} : état civil, inscriptions, démarches du quotidien.",
            "Les associations de la commune peuvent y demander une salle ou un rendez-vous avec les élus.",
        ),
        address=address[:255],
        lat=commune.lat,
        lon=commune.lon,
    )


MAISON_CITOYENNE_ACTIVITIES = (
    "ateliers numériques",
    "cours de français",
    "permanences d'écrivain public",
    "jardin partagé",
    "repair café",
    "aide aux devoirs",
    "permanences d'accès aux droits",
    "café des parents",
    "ateliers cuisine",
)


def _maison_citoyenne(commune: CommuneInfo, quartier: str, rng: random.Random) -> tuple[str, str]:
    activities = rng.sample(MAISON_CITOYENNE_ACTIVITIES, 3)
    description = _describe(
        f"Maison citoyenne du quartier, ouverte à toutes et à tous {at(commune.name)}.",
        f"On y trouve des {activities[0]}, des {activities[1]} et des {activities[2]}.",
        "Les associations y tiennent leurs permanences et peuvent réserver une salle.",
    )
    return f"Maison citoyenne {quartier}", description


def _named_places(communes: dict[str, CommuneInfo]) -> list[PlaceSpec]:
    """The places the article names, when their commune is loaded."""
    specs: list[PlaceSpec] = []
    valence = communes.get(VALENCE)
    if valence is not None:
        lat, lon = (valence.lat or 44.93), (valence.lon or 4.89)
        specs.append(
            PlaceSpec(
                name="Maison citoyenne Monnaie–Bleue",
                slug="maison-citoyenne-monnaie-bleue",
                kind=PlaceKind.MAISON_CITOYENNE,
                commune=valence,
                description=_describe(
                    "Maison citoyenne de Valence Nord, petit laboratoire social du quartier.",
                    "Tout au long de l'année s'y croisent des cours de français, des potagers partagés "
                    "et des conseils juridiques gratuits.",
                    "Les associations y tiennent leurs permanences et y lancent leurs initiatives.",
                ),
                address="8 rue de la Monnaie-Bleue",
                lat=round(lat + 0.012, 5),
                lon=round(lon + 0.004, 5),
            )
        )
        specs.append(
            PlaceSpec(
                name="Maison des familles",
                slug="maison-des-familles",
                kind=PlaceKind.CENTRE_SOCIAL,
                commune=valence,
                description=_describe(
                    "Lieu d'accueil des parents et des enfants : café des parents, ateliers "
                    "parentalité et sorties familiales.",
                    "Depuis sa rencontre avec La Bicyclette Bleue au Forum des associations, elle "
                    "accueille aussi des ateliers de réemploi et de réparation de vélos.",
                ),
                address="15 avenue de Romans",
                lat=round(lat + 0.006, 5),
                lon=round(lon - 0.003, 5),
            )
        )
    return specs


def place_specs(ctx: DemoContext) -> list[PlaceSpec]:
    rng = ctx.rng("places")
    by_insee = ctx.by_insee
    specs = _named_places(by_insee)
    used_slugs = {spec.slug for spec in specs}
    named_in = {spec.commune.insee: spec for spec in specs}

    def add(name: str, kind: str, commune: CommuneInfo, description: str) -> None:
        base = ascii_slug(f"{name} {commune.slug}")[:210]
        slug, n = base, 2
        while slug in used_slugs:
            slug, n = f"{base}-{n}", n + 1
        used_slugs.add(slug)
        lat, lon = (None, None)
        if commune.lat is not None and commune.lon is not None:
            lat, lon = jitter(commune.lat, commune.lon, rng, km=1.5 if commune.population > 10_000 else 0.5)
        specs.append(PlaceSpec(name, slug, kind, commune, description, _address(rng), lat, lon))

    for commune in ctx.communes:
        town_hall = _town_hall(commune)
        if town_hall is not None:
            specs.append(town_hall)
            used_slugs.add(town_hall.slug)
        quartiers = _quartiers(commune, rng)
        pop = commune.population
        if pop >= 10_000:
            count = 1 + pop // 25_000 - (1 if commune.insee == VALENCE and VALENCE in named_in else 0)
            for i in range(count):
                name, description = _maison_citoyenne(commune, quartiers[i % len(quartiers)], rng)
                add(name, PlaceKind.MAISON_CITOYENNE, commune, description)
        if pop >= 5_000:
            count = 1 + pop // 30_000 - (1 if commune.insee == VALENCE and VALENCE in named_in else 0)
            for i in range(count):
                quartier = quartiers[(i + 3) % len(quartiers)]
                name = f"Centre social {quartier}"
                extra = (
                    "Ses locaux accueillent aussi des collectifs d'habitants, comme celui de la "
                    "Jardinerie partagée."
                    if commune.insee == PORTES_LES_VALENCE and i == 0
                    else "Les associations du quartier peuvent y emprunter une salle et du matériel."
                )
                add(
                    name,
                    PlaceKind.CENTRE_SOCIAL,
                    commune,
                    _describe(
                        f"Centre social {de(commune.name)} : accueil des familles, accompagnement "
                        "des démarches, activités pour les jeunes et les seniors.",
                        extra,
                    ),
                )
        if pop >= 500:
            add(
                "Salle des fêtes " + de(commune.name),
                PlaceKind.SALLE,
                commune,
                _describe(
                    f"Grande salle communale {de(commune.name)}, prêtée aux associations pour "
                    "leurs assemblées générales, repas et spectacles.",
                    f"Jusqu'à {rng.choice((80, 120, 150, 200, 300))} personnes ; cuisine équipée.",
                ),
            )
        if pop >= 3_000:
            add(
                "Salle polyvalente " + de(commune.name),
                PlaceKind.SALLE,
                commune,
                _describe(
                    "Salle modulable pour les ateliers, réunions et cours.",
                    "Réservation auprès de la mairie ou sur la plateforme.",
                ),
            )
        for i in range(pop // 20_000):
            quartier = quartiers[(i + 5) % len(quartiers)]
            add(
                f"Salle associative {quartier}",
                PlaceKind.SALLE,
                commune,
                _describe(
                    f"Petite salle de quartier pour les réunions d'associations ({rng.randint(15, 40)} places).",
                    "Vidéoprojecteur et tableau blanc sur demande.",
                ),
            )
    return specs


def generate_places(ctx: DemoContext) -> None:
    """Upsert the demo places (stable slugs) and delete those of a previous run that are gone."""
    rng = ctx.rng("places-details")
    specs = place_specs(ctx)
    # Never overwrite a mairie someone created for real (outside the demo).
    real_mairies = set(
        Place.objects.filter(kind=PlaceKind.MAIRIE)
        .exclude(description__endswith=FICTIONAL_MARKER)
        .values_list("commune_id", flat=True)
    )
    non_demo_slugs = set(
        Place.objects.exclude(description__endswith=FICTIONAL_MARKER).values_list("slug", flat=True)
    )
    specs = [
        s
        for s in specs
        if s.slug not in non_demo_slugs
        and not (s.kind == PlaceKind.MAIRIE and s.commune.insee in real_mairies)
    ]
    rows = []
    for spec in specs:
        accessible = spec.kind == PlaceKind.MAIRIE or rng.random() < 0.8
        rows.append(
            Place(
                name=spec.name,
                slug=spec.slug,
                kind=spec.kind,
                description=spec.description,
                address=spec.address,
                commune_id=spec.commune.insee,
                lat=spec.lat,
                lon=spec.lon,
                accessible_pmr=accessible,
                accessibility_notes=rng.choice(ACCESSIBILITY_NOTES if accessible else NOT_ACCESSIBLE_NOTES),
                opening_hours=rng.choice(OPENING_HOURS),
                phone=fictional_phone(rng),
                email=f"{spec.slug[:60]}@{DEMO_PLACE_DOMAIN}",
                status=PlaceStatus.VERIFIED,
                verified_at=REFERENCE_DATETIME,
                sort_name=sort_key(spec.name),
            )
        )
    fields = [
        "name",
        "kind",
        "description",
        "address",
        "commune",
        "lat",
        "lon",
        "accessible_pmr",
        "accessibility_notes",
        "opening_hours",
        "phone",
        "email",
        "status",
        "verified_at",
        "sort_name",
    ]
    Place.objects.bulk_create(
        rows, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["slug"], update_fields=fields
    )
    wanted = {spec.slug for spec in specs}
    stale = [
        pk
        for pk, slug in Place.objects.filter(description__endswith=FICTIONAL_MARKER).values_list("pk", "slug")
        if slug not in wanted
    ]
    kept = 0
    for ids in chunked(stale, IN_CHUNK):
        try:
            Place.objects.filter(pk__in=ids).delete()
        except ProtectedError:
            kept += len(ids)
    if kept:
        ctx.log(f"{kept} ancien(s) lieu(x) de démonstration conservé(s) car utilisé(s) ailleurs.")
    ctx.counts["places"] = len(rows)


# Communes and their neighbours, for every app's demo data (DemoContext).

NEIGHBOUR_RADIUS_KM = 15.0
MAX_NEIGHBOURS = 8


def load_communes() -> list[CommuneInfo]:
    rows = Commune.objects.order_by("insee").values_list(
        "insee", "name", "slug", "department", "population", "postal_codes", "lat", "lon", "town_hall_address"
    )
    return [
        CommuneInfo(
            insee=insee,
            name=name,
            slug=slug,
            department=department or insee[:2],
            population=population or 0,
            postal_code=(postal_codes or "").split()[0] if postal_codes else "",
            lat=lat,
            lon=lon,
            town_hall_address=town_hall_address or "",
        )
        for insee, name, slug, department, population, postal_codes, lat, lon, town_hall_address in rows
    ]


def load_neighbours(communes: list[CommuneInfo]) -> dict[str, list[str]]:
    """Nearby communes from the distance table; straight-line distance when the table is empty."""
    neighbours: dict[str, list[str]] = {c.insee: [] for c in communes}
    rows = (
        CommuneDistance.objects.filter(km__lte=NEIGHBOUR_RADIUS_KM)
        .exclude(origin_id=F("destination_id"))
        .order_by("origin_id", "km", "destination_id")
        .values_list("origin_id", "destination_id")
    )
    found = False
    for origin, destination in rows.iterator(chunk_size=10_000):
        found = True
        near = neighbours.get(origin)
        if near is not None and len(near) < MAX_NEIGHBOURS and destination in neighbours:
            near.append(destination)
    if found or len(communes) > 2_000:
        return neighbours
    located = [c for c in communes if c.lat is not None and c.lon is not None]
    for c in located:
        dists = sorted(
            (haversine_km(c.lat, c.lon, o.lat, o.lon), o.insee)  # type: ignore[arg-type]
            for o in located
            if o.insee != c.insee
        )
        neighbours[c.insee] = [insee for km, insee in dists if km <= NEIGHBOUR_RADIUS_KM][:MAX_NEIGHBOURS]
    return neighbours
