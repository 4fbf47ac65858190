"""Writes of the territory: loading the official data, and managing places."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rules
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.fr import siren as siren_number

from solidaires.core import audit
from solidaires.core.search import sort_key
from solidaires.core.slugs import french_slugify

from . import classify, geo, sources
from .models import Commune, CommuneDistance, Epci, Place, PlaceStatus
from .selectors import VERSION_KEY, territory_summary

DISTANCE_BATCH_SIZE = 2000
# A place's coordinates must fall inside the territory's bounding box, give or take this margin.
PLACE_BBOX_MARGIN_DEG = 0.05


def invalidate_territory_cache() -> None:
    """Make every cached derivative of the communes stale (see selectors)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


# Loading ------------------------------------------------------------------------------------


@dataclass
class LoadReport:
    epcis: list[tuple[str, str]] = field(default_factory=list)  # (siren, name)
    communes_created: int = 0
    communes_updated: int = 0
    population: int = 0
    distances: int = 0
    without_outline: list[str] = field(default_factory=list)
    without_location: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def communes(self) -> int:
        return self.communes_created + self.communes_updated


def _check_sirens(epci_sirens: list[str], known: dict[str, sources.EpciRecord]) -> list[str]:
    cleaned = list(dict.fromkeys(s.strip().replace(" ", "") for s in epci_sirens))
    if not cleaned:
        raise ValidationError(_("Indiquez au moins une intercommunalité (code SIREN à 9 chiffres)."))
    malformed = [s for s in cleaned if not siren_number.is_valid(s)]
    if malformed:
        raise ValidationError(
            _(
                "Code SIREN invalide : %(codes)s. Un SIREN d'intercommunalité compte 9 chiffres (ex. 200068781)."
            ),
            code="invalid_siren",
            params={"codes": ", ".join(malformed)},
        )
    unknown = [s for s in cleaned if s not in known]
    if unknown:
        raise ValidationError(
            _(
                "Intercommunalité inconnue : %(codes)s. Aucun EPCI de ce code dans le fichier des communes "
                "de France ; vérifiez le SIREN (ex. 200068781 pour Valence Romans Agglo). Rien n'a été modifié."
            ),
            code="unknown_epci",
            params={"codes": ", ".join(unknown)},
        )
    return cleaned


def _clean_email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _commune_from_record(
    record: sources.CommuneRecord,
    outline: dict[str, Any] | None,
    town_hall: sources.TownHall | None,
) -> Commune:
    area = round(geo.area_km2(outline), 3) if outline else None
    dens = classify.density(record.population, area)
    klass = classify.classify(population=record.population, density=dens)
    lat, lon = record.lat, record.lon
    if (lat is None or lon is None) and town_hall and town_hall.lat is not None and town_hall.lon is not None:
        lat, lon = float(town_hall.lat), float(town_hall.lon)
    if (lat is None or lon is None) and outline:
        lat, lon = (round(v, 5) for v in geo.centroid(outline))
    return Commune(
        insee=record.insee,
        name=record.name,
        slug=french_slugify(f"{record.insee} {record.name}")[:140],
        department=record.department,
        epci_id=record.epci_siren,
        population=record.population,
        postal_codes=" ".join(record.postal_codes),
        lat=lat,
        lon=lon,
        town_hall_address=town_hall.address[:255] if town_hall else "",
        town_hall_phone=town_hall.phone[:30] if town_hall else "",
        town_hall_email=_clean_email(town_hall.email) if town_hall else "",
        outline=outline,
        area_km2=area,
        density=round(dens, 1) if dens is not None else None,
        urban_class=klass.value if klass else "",
        search_name=sort_key(record.name),
    )


COMMUNE_UPDATE_FIELDS = [
    "name",
    "slug",
    "department",
    "epci",
    "population",
    "postal_codes",
    "lat",
    "lon",
    "town_hall_address",
    "town_hall_phone",
    "town_hall_email",
    "outline",
    "area_km2",
    "density",
    "urban_class",
    "search_name",
]


@transaction.atomic
def territory_load(
    *,
    epci_sirens: list[str],
    data_dir: Path | None = None,
    outlines_path: Path | None = None,
) -> LoadReport:
    """Create or update the EPCIs, their communes and the whole distance table, in one transaction.

    Idempotent: running it again updates the rows and duplicates nothing. Raises
    ValidationError (French message) for a malformed or unknown SIREN, before writing anything.
    """
    directory = Path(data_dir or settings.SOLIDAIRES_TERRITORY_DATA_DIR)
    known = sources.read_communes(directory / sources.COMMUNES_FILE)
    sirens = _check_sirens(epci_sirens, known)
    records = [commune for s in sirens for commune in known[s].communes]
    outlines = sources.read_outlines(
        Path(outlines_path or directory / sources.OUTLINES_FILE), (r.insee for r in records)
    )
    town_halls = sources.read_town_halls(directory / sources.TOWN_HALLS_FILE)

    report = LoadReport()
    for siren in sirens:
        epci = known[siren]
        Epci.objects.update_or_create(siren=siren, defaults={"name": epci.name, "kind": epci.kind})
        report.epcis.append((siren, epci.name))

    existing = set(
        Commune.objects.filter(insee__in=[r.insee for r in records]).values_list("insee", flat=True)
    )
    objects = []
    for record in records:
        commune = _commune_from_record(record, outlines.get(record.insee), town_halls.get(record.insee))
        commune.full_clean(exclude=["epci"], validate_unique=False, validate_constraints=False)
        objects.append(commune)
        if commune.outline is None:
            report.without_outline.append(record.insee)
        if commune.lat is None or commune.lon is None:
            report.without_location.append(record.insee)
        report.population += record.population
    Commune.objects.bulk_create(
        objects,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["insee"],
        update_fields=COMMUNE_UPDATE_FIELDS,
    )
    report.communes_updated = len(existing)
    report.communes_created = len(objects) - len(existing)
    report.stale = list(
        Commune.objects.filter(epci_id__in=sirens)
        .exclude(insee__in=[r.insee for r in records])
        .values_list("insee", flat=True)
    )

    report.distances = _rebuild_distances()
    audit.record(
        actor=None,
        action="territory.loaded",
        after={
            "epcis": sirens,
            "communes": report.communes,
            "created": report.communes_created,
            "population": report.population,
            "distances": report.distances,
        },
    )
    transaction.on_commit(invalidate_territory_cache)
    return report


def _rebuild_distances() -> int:
    """Upsert the distance of every ordered pair of located communes (self-distance 0 included)."""
    rows = (
        Commune.objects.filter(lat__isnull=False, lon__isnull=False)
        .order_by("insee")
        .values_list("insee", "lat", "lon")
    )
    points = [
        (insee, float(lat), float(lon)) for insee, lat, lon in rows if lat is not None and lon is not None
    ]
    count = 0
    batch: list[CommuneDistance] = []

    def flush() -> None:
        CommuneDistance.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["origin", "destination"],
            update_fields=["km"],
        )
        batch.clear()

    for origin, destination, km in geo.distance_matrix(points):
        batch.append(CommuneDistance(origin_id=origin, destination_id=destination, km=round(km, 3)))
        count += 1
        if len(batch) >= DISTANCE_BATCH_SIZE:
            flush()
    if batch:
        flush()
    return count


# Places -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceInput:
    """What an agent types about a place (the form's cleaned data)."""

    name: str
    kind: str
    address: str
    commune: Commune
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    accessible_pmr: bool = False
    accessibility_notes: str = ""
    opening_hours: str = ""
    phone: str = ""
    email: str = ""


PLACE_FIELDS = (
    "name",
    "kind",
    "address",
    "commune",
    "description",
    "lat",
    "lon",
    "accessible_pmr",
    "accessibility_notes",
    "opening_hours",
    "phone",
    "email",
)


def _snapshot(place: Place) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(place, name) for name in PLACE_FIELDS if name != "commune"}
    data["commune"] = place.commune_id
    data["status"] = place.status
    return data


def _check_manage(by: Any) -> None:
    if not rules.has_perm("territory.manage_place", by):
        raise PermissionDenied(_("Seuls les agents peuvent gérer les lieux."))


def _check_location(data: PlaceInput) -> None:
    if (data.lat is None) != (data.lon is None):
        field_name = "lon" if data.lon is None else "lat"
        raise ValidationError({field_name: _("Indiquez la latitude et la longitude, ou aucune des deux.")})
    if data.lat is None or data.lon is None:
        return
    bbox = territory_summary().bbox
    if bbox and not geo.BoundingBox(*bbox).contains(data.lat, data.lon, margin_deg=PLACE_BBOX_MARGIN_DEG):
        raise ValidationError(
            {
                "lat": _(
                    "Ces coordonnées sont en dehors du territoire. Vérifiez la latitude (ex. 44,9334) "
                    "et la longitude (ex. 4,8924), et qu'elles ne sont pas inversées."
                )
            }
        )


def _unique_slug(name: str, commune: Commune) -> str:
    base = french_slugify(f"{name}-{commune.name}")[:200].strip("-") or "lieu"
    slug, n = base, 2
    while Place.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _apply(place: Place, data: PlaceInput) -> None:
    for name in PLACE_FIELDS:
        setattr(place, name, getattr(data, name))
    place.name = place.name.strip()
    place.sort_name = sort_key(place.name)


@transaction.atomic
def place_create(*, by: Any, data: PlaceInput) -> Place:
    """An agent adds a place; it waits in the queue (pending) until verified."""
    _check_manage(by)
    _check_location(data)
    place = Place(status=PlaceStatus.PENDING, created_by=by)
    _apply(place, data)
    place.slug = _unique_slug(place.name, data.commune)
    place.full_clean()
    place.save()
    audit.record(actor=by, action="place.created", target=place, after=_snapshot(place))
    return place


@transaction.atomic
def place_update(*, place: Place, by: Any, data: PlaceInput) -> Place:
    """An agent corrects a place. Its address (slug) does not change, so links keep working."""
    _check_manage(by)
    _check_location(data)
    place = Place.objects.select_for_update().select_related("commune").get(pk=place.pk)
    before = _snapshot(place)
    _apply(place, data)
    place.full_clean()
    place.save()
    after = _snapshot(place)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        audit.record(
            actor=by,
            action="place.updated",
            target=place,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return place


def _move(*, place: Place, by: Any, status: str, action: str, note: str = "") -> Place:
    _check_manage(by)
    place = Place.objects.select_for_update().get(pk=place.pk)
    before = place.status
    place.transition_to(status)
    update_fields = ["status", "updated_at"]
    if status == PlaceStatus.VERIFIED:
        place.verified_at = timezone.now()
        place.verified_by = by
        update_fields += ["verified_at", "verified_by"]
    place.save(update_fields=update_fields)
    audit.record(
        actor=by, action=action, target=place, before={"status": before}, after={"status": status}, note=note
    )
    return place


@transaction.atomic
def place_verify(*, place: Place, by: Any) -> Place:
    """pending → verified: the place becomes public."""
    return _move(place=place, by=by, status=PlaceStatus.VERIFIED, action="place.verified")


@transaction.atomic
def place_archive(*, place: Place, by: Any, reason: str = "") -> Place:
    """pending or verified → archived: the place disappears from public pages."""
    return _move(place=place, by=by, status=PlaceStatus.ARCHIVED, action="place.archived", note=reason)


@transaction.atomic
def place_restore(*, place: Place, by: Any) -> Place:
    """archived → pending: back in the agents' queue, to be checked again."""
    return _move(place=place, by=by, status=PlaceStatus.PENDING, action="place.restored")
