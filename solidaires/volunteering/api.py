"""Public API of the missions (mounted at /api/v1/missions): published missions, volunteer offers.

Offers are shown with public fields only: no name, no contact, the commune and an initial.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from solidaires.core.api import InputSchema, SignedIn
from solidaires.core.models import Theme
from solidaires.core.pagination import keyset_paginate
from solidaires.territory.models import Commune
from solidaires.territory.params import api_commune
from solidaires.volunteering.missions import selectors
from solidaires.volunteering.missions.models import Mission, VolunteerOffer

router = Router(tags=["volunteering"])


class CommuneRef(Schema):
    insee: str = Field(description="Code INSEE.", examples=["26281"])
    name: str = Field(examples=["Romans-sur-Isère"])


class ThemeRef(Schema):
    slug: str = Field(description="Thème Solidaires (voir docs/themes.md).", examples=["alimentation"])
    label: str = Field(examples=["Alimentation"])


class WeeklySlot(Schema):
    weekday: int = Field(description="Jour de la semaine, 0 = lundi … 6 = dimanche.", ge=0, le=6)
    start: str = Field(description="Heure de début HH:MM (heure de Paris).", examples=["14:00"])
    end: str = Field(description="Heure de fin HH:MM (heure de Paris).", examples=["17:00"])


class MissionOut(Schema):
    id: int
    title: str
    organiser: str = Field(description="Association, collectif, ou « Valence Romans Agglo ».")
    association_slug: str | None = Field(description="Slug de l'association dans /api/v1/associations.")
    themes: list[ThemeRef]
    communes: list[CommuneRef]
    is_remote: bool
    schedule_kind: str = Field(description="one_off (date précise), recurring (chaque semaine) ou flexible.")
    starts_at: datetime | None
    ends_at: datetime | None
    weekly_slots: list[WeeklySlot]
    volunteers_wanted: int
    min_age: int | None
    youth_friendly: bool
    accessible_prm: bool
    car_needed: bool
    state: str = Field(description="published (accepte des bénévoles) ou full (complète).")
    published_at: datetime | None
    url: str = Field(description="Page de la mission sur le site.")

    @staticmethod
    def resolve_organiser(obj: Mission) -> str:
        return obj.organiser_name

    @staticmethod
    def resolve_association_slug(obj: Mission) -> str | None:
        return obj.association.slug if obj.association_id and obj.association else None

    @staticmethod
    def resolve_themes(obj: Mission) -> list[dict[str, str]]:
        return [{"slug": t.slug, "label": t.label} for t in obj.themes.all()]

    @staticmethod
    def resolve_communes(obj: Mission) -> list[dict[str, str]]:
        return [{"insee": c.insee, "name": c.name} for c in obj.communes.all()]

    @staticmethod
    def resolve_url(obj: Mission) -> str:
        return obj.get_absolute_url()


class MissionDetailOut(MissionOut):
    description: str
    skills: str
    parental_consent_below_18: bool
    place_name: str | None

    @staticmethod
    def resolve_place_name(obj: Mission) -> str | None:
        return obj.place.name if obj.place_id and obj.place else None


class MissionPage(Schema):
    items: list[MissionOut]
    next_cursor: str | None = Field(description="À passer en paramètre « cursor » pour la page suivante.")


class MissionQuery(InputSchema):
    q: str = Field(
        "", max_length=200, description="Recherche en français (titre, description, association…)."
    )
    theme: str = Field("", max_length=40, description="Slug d'un thème, par exemple « alimentation ».")
    commune: str = Field("", pattern=r"^([0-9][0-9AB][0-9]{3})?$", description="Code INSEE de la commune.")
    rayon: int = Field(10, ge=0, le=200, description="Distance en km autour de la commune (avec commune).")
    cursor: str | None = Field(None, description="Curseur renvoyé par la page précédente (« next_cursor »).")
    limit: int = Field(50, ge=1, le=200, description="Nombre d'éléments par page (1 à 200).")


def _missions() -> Any:
    return (
        Mission.objects.published()
        .select_related("association", "place")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("name")),
        )
    )


@router.get("", response=MissionPage, summary="Missions publiées")
def list_missions(request: HttpRequest, params: Query[MissionQuery]) -> dict[str, Any]:
    """Missions publiées (ou complètes) et non masquées, les plus récentes d'abord, paginées par
    curseur; filtres q, theme, commune + rayon (km, table des distances entre communes)."""
    filters = selectors.MissionFilters(
        q=params.q.strip(),
        theme=params.theme.strip(),
        commune=api_commune(params.commune),
        rayon=params.rayon,
    )
    queryset = selectors.filter_missions(_missions(), filters)
    page = keyset_paginate(queryset, ordering=("id",), after=params.cursor, per_page=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


class OfferOut(Schema):
    id: int
    title: str
    description: str
    skills: str
    person: str = Field(description="Initiale du prénom seulement, par exemple « D. ».")
    home_commune: CommuneRef
    communes: list[CommuneRef] = Field(description="Autres communes où la personne peut se rendre.")
    themes: list[ThemeRef]
    weekdays: list[int] = Field(description="Jours de disponibilité, 0 = lundi … 6 = dimanche.")
    day_parts: list[str] = Field(description="morning, afternoon, evening.")
    is_remote_ok: bool
    expires_at: date
    url: str = Field(description="Page de la proposition sur le site (membres d'associations et agents).")

    @staticmethod
    def resolve_url(obj: VolunteerOffer) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_person(obj: VolunteerOffer) -> str:
        return obj.public_name

    @staticmethod
    def resolve_home_commune(obj: VolunteerOffer) -> dict[str, str]:
        return {"insee": obj.home_commune.insee, "name": obj.home_commune.name}

    @staticmethod
    def resolve_communes(obj: VolunteerOffer) -> list[dict[str, str]]:
        return [{"insee": c.insee, "name": c.name} for c in obj.communes.all()]

    @staticmethod
    def resolve_themes(obj: VolunteerOffer) -> list[dict[str, str]]:
        return [{"slug": t.slug, "label": t.label} for t in obj.themes.all()]


class OfferPage(Schema):
    items: list[OfferOut]
    next_cursor: str | None


class OfferQuery(InputSchema):
    q: str = Field("", max_length=200)
    theme: str = Field("", max_length=40)
    commune: str = Field("", pattern=r"^([0-9][0-9AB][0-9]{3})?$")
    rayon: int = Field(10, ge=0, le=200)
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


# The web page's rule (volunteering.browse_offers): association members and agents (1115).
BROWSE_OFFERS = SignedIn(
    "volunteering.browse_offers",
    sign_in_message="Connectez-vous pour voir les propositions d'aide.",
    refused_message=(
        "Les propositions d'aide sont réservées aux membres d'une association et aux agents de l'Agglo."
    ),
)


@router.get(
    "/propositions",
    response=OfferPage,
    auth=BROWSE_OFFERS,
    summary="Propositions d'aide (membres d'une association et agents)",
)
def list_offers(request: HttpRequest, params: Query[OfferQuery]) -> dict[str, Any]:
    """Propositions d'aide visibles, sans nom ni coordonnées (initiale et commune seulement), pour
    les membres d'une association et les agents, comme la page /missions/propositions/ :
    401 sans session, 403 pour un autre compte."""
    filters = selectors.OfferFilters(
        q=params.q.strip(), theme=params.theme, commune=api_commune(params.commune), rayon=params.rayon
    )
    queryset = (
        selectors.filter_offers(VolunteerOffer.objects.visible(), filters)
        .select_related("home_commune", "person")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("name")),
        )
    )
    page = keyset_paginate(queryset, ordering=("id",), after=params.cursor, per_page=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{int:mission_id}", response=MissionDetailOut, summary="Une mission publiée")
def get_mission(request: HttpRequest, mission_id: int) -> Mission:
    mission = _missions().filter(pk=mission_id).first()
    if mission is None:
        raise Http404("Mission introuvable.")
    return mission  # type: ignore[no-any-return]


# --- Applying to a mission (engagements helper, decision 0825) ---------------------------------


class ApplicationIn(InputSchema):
    message: str = Field("", description="Message à l'association (2 000 caractères au plus).")
    parental_consent: bool = Field(False, description="La personne mineure a l'accord de ses parents.")
    age_confirmed: bool = Field(False, description="La personne confirme avoir l'âge minimum demandé.")


class ApplicationOut(Schema):
    id: int
    mission_id: int
    state: str = Field(description="applied : candidature envoyée, en attente de réponse.")
    url: str = Field(description="Page de la candidature sur le site.")


class ApplicationError(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Erreurs par champ.")


@router.post(
    "/{int:mission_id}/candidatures",
    response={
        201: ApplicationOut,
        400: ApplicationError,
        401: ApplicationError,
        403: ApplicationError,
        404: ApplicationError,
        409: ApplicationError,
        413: ApplicationError,
        422: ApplicationError,
    },
    auth=SignedIn(sign_in_message="Connectez-vous pour proposer votre aide."),
    summary="Proposer son aide à une mission (candidature)",
)
def apply_to_mission(request: HttpRequest, mission_id: int, payload: ApplicationIn) -> Any:
    """Session authentifiée (cookie et jeton CSRF), vérifiée avant le corps : 401 sans session,
    422 pour un corps qui n'est pas un objet JSON valide. 409 : déjà candidat·e ou mission qui n'accepte plus."""
    from ninja import Status

    from solidaires.volunteering.engagement.api import apply_from_api

    status, body = apply_from_api(request, mission_id=mission_id, payload=payload.model_dump())
    return Status(status, body)
