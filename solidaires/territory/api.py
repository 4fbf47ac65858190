"""Public API of the territory: communes and verified places (mounted at /api/v1/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from solidaires.core.api import InputSchema
from solidaires.core.pagination import keyset_paginate

from . import selectors
from .models import Commune, Place, PlaceKind, UrbanClass
from .params import api_commune

router = Router(tags=["territoire"])

INSEE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"


class CommuneOut(Schema):
    insee: str = Field(description="Code INSEE de la commune (5 caractères).", examples=["26362"])
    name: str = Field(description="Nom officiel.", examples=["Valence"])
    slug: str
    department: str = Field(description="Code du département.", examples=["26"])
    epci_siren: str = Field(description="SIREN de l'intercommunalité.", examples=["200068781"])
    population: int = Field(description="Population municipale (INSEE).")
    postal_codes: list[str] = Field(description="Codes postaux desservant la commune.")
    lat: float | None = Field(description="Latitude de la mairie (WGS84).")
    lon: float | None = Field(description="Longitude de la mairie (WGS84).")
    area_km2: float | None = Field(description="Superficie calculée sur le contour simplifié, en km².")
    density: float | None = Field(description="Habitants par km².")
    urban_class: UrbanClass | None = Field(
        description="Classe : urbain, periurbain ou rural (voir la documentation)."
    )
    url: str = Field(description="Page de la commune sur le site.")

    @staticmethod
    def resolve_epci_siren(obj: Commune) -> str:
        return str(obj.epci_id)

    @staticmethod
    def resolve_postal_codes(obj: Commune) -> list[str]:
        return obj.postal_code_list

    @staticmethod
    def resolve_urban_class(obj: Commune) -> str | None:
        return obj.urban_class or None

    @staticmethod
    def resolve_url(obj: Commune) -> str:
        return obj.get_absolute_url()


class CommuneDetailOut(CommuneOut):
    town_hall_address: str = Field(description="Adresse postale de la mairie, quand elle est connue.")
    outline: dict[str, Any] | None = Field(description="Contour simplifié (GeoJSON MultiPolygon, WGS84).")


class CommunePage(Schema):
    items: list[CommuneOut]
    next_cursor: str | None = Field(description="À passer en paramètre « cursor » pour la page suivante.")


class PlaceOut(Schema):
    slug: str
    name: str
    kind: PlaceKind
    kind_label: str
    description: str
    address: str
    commune_insee: str
    commune_name: str
    lat: float | None
    lon: float | None
    accessible_pmr: bool = Field(description="Accessible aux personnes à mobilité réduite.")
    accessibility_notes: str
    opening_hours: str
    phone: str
    email: str
    url: str

    @staticmethod
    def resolve_kind_label(obj: Place) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_commune_insee(obj: Place) -> str:
        return str(obj.commune_id)

    @staticmethod
    def resolve_commune_name(obj: Place) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_url(obj: Place) -> str:
        return obj.get_absolute_url()


class PlacePage(Schema):
    items: list[PlaceOut]
    next_cursor: str | None = Field(description="À passer en paramètre « cursor » pour la page suivante.")


class PageParams(InputSchema):
    cursor: str | None = Field(None, description="Curseur renvoyé par la page précédente (« next_cursor »).")
    limit: int = Field(50, ge=1, le=200, description="Nombre d'éléments par page (1 à 200).")


class PlaceFilters(PageParams):
    commune: str | None = Field(None, pattern=INSEE_PATTERN, description="Code INSEE de la commune.")
    kind: PlaceKind | None = Field(None, description="Type de lieu.")


@router.get("/communes", response=CommunePage, summary="Communes du territoire")
def list_communes(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    """Communes par code INSEE, paginées par curseur."""
    page = keyset_paginate(
        selectors.communes(), ordering=("insee",), after=params.cursor, per_page=params.limit
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/communes/{insee}", response=CommuneDetailOut, summary="Une commune")
def get_commune(request: HttpRequest, insee: str) -> Commune:
    """Une commune avec son contour. 404 si le code INSEE n'est pas sur le territoire."""
    return get_object_or_404(Commune.objects.select_related("epci"), insee=insee)


@router.get("/places", response=PlacePage, summary="Lieux vérifiés")
def list_places(request: HttpRequest, params: Query[PlaceFilters]) -> dict[str, Any]:
    """Lieux vérifiés (maisons citoyennes, salles…), par nom, filtrables par commune et par type."""
    queryset = selectors.places_filtered(
        selectors.places_public(), kind=params.kind or "", commune=api_commune(params.commune)
    )
    page = keyset_paginate(queryset, ordering=("sort_name", "id"), after=params.cursor, per_page=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/places/{slug}", response=PlaceOut, summary="Un lieu vérifié")
def get_place(request: HttpRequest, slug: str) -> Place:
    """Un lieu vérifié. 404 pour un lieu inconnu, à vérifier ou archivé."""
    return get_object_or_404(selectors.places_public(), slug=slug)
