"""Public API of the agenda (mounted at /api/v1/agenda): published events only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from solidaires.core.api import InputSchema
from solidaires.territory.params import api_commune

from .agenda import selectors
from .agenda.models import Event, EventAudience, EventCategory, EventState

router = Router(tags=["events"])


class CommuneRef(Schema):
    insee: str
    name: str


class PlaceRef(Schema):
    slug: str
    name: str
    address: str
    lat: float | None
    lon: float | None


class OrganiserRef(Schema):
    slug: str
    name: str


class EventOut(Schema):
    id: int
    title: str
    category: EventCategory
    category_label: str
    starts_at: datetime = Field(description="Début (ISO 8601, avec décalage horaire).")
    ends_at: datetime
    commune: CommuneRef | None
    place: PlaceRef | None
    online_url: str
    organisers: list[OrganiserRef]
    organised_by_agglo: bool
    audience: EventAudience
    is_free: bool
    capacity: int | None = Field(description="Nombre de places (null : illimité).")
    places_left: int | None
    registration_open: bool
    cancelled: bool
    url: str

    @staticmethod
    def resolve_category_label(obj: Event) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_organisers(obj: Event) -> list[dict[str, str]]:
        return [{"slug": a.slug, "name": a.name} for a in obj.organiser_associations.all()]

    @staticmethod
    def resolve_places_left(obj: Event) -> int | None:
        if obj.capacity is None:
            return None
        return max(obj.capacity - getattr(obj, "confirmed_count", 0), 0)

    @staticmethod
    def resolve_cancelled(obj: Event) -> bool:
        return obj.state == EventState.CANCELLED

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()


class EventDetailOut(EventOut):
    description: str
    accessibility: str
    price_note: str
    registration_deadline: datetime | None


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None = Field(description="À passer en paramètre « cursor » pour la page suivante.")


class EventFilters(InputSchema):
    q: str = Field("", max_length=200, description="Recherche (titre, lieu, commune, organisateurs).")
    commune: str = Field("", pattern=r"^([0-9][0-9AB][0-9]{3})?$", description="Code INSEE.")
    category: str = Field("", max_length=30, description="Catégorie, par exemple « cafe_benevolat ».")
    association: str = Field("", max_length=220, description="Slug d'une association organisatrice.")
    place: str = Field("", max_length=220, description="Slug d'un lieu.")
    date_from: date | None = Field(None, description="À partir de ce jour (par défaut : aujourd'hui).")
    date_to: date | None = Field(None, description="Jusqu'à ce jour inclus.")
    cursor: str | None = Field(None, description="Curseur renvoyé par la page précédente (« next_cursor »).")
    limit: int = Field(50, ge=1, le=200, description="Nombre d'éléments par page (1 à 200).")


@router.get("/evenements", response=EventPage, summary="Événements à venir")
def list_events(request: HttpRequest, params: Query[EventFilters]) -> dict[str, Any]:
    """Événements publiés à venir, par ordre chronologique, paginés par curseur."""
    filters = selectors.AgendaFilters(
        q=params.q.strip(),
        commune=api_commune(params.commune),
        category=params.category if params.category in EventCategory.values else "",
        association=params.association.strip(),
        place=params.place.strip(),
        date_from=params.date_from,
        date_to=params.date_to,
    )
    page = selectors.agenda_items(filters, after=params.cursor, per_page=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/evenements/{event_id}", response=EventDetailOut, summary="Un événement publié")
def get_event(request: HttpRequest, event_id: int) -> Event:
    event = selectors.event_for_page(pk=event_id)
    if event is None or event.state == EventState.DRAFT:
        raise Http404("Événement introuvable.")
    return event
