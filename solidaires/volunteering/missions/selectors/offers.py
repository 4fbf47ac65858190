"""Reads of volunteer offers (for association members and agents, without names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import QueryDict

from solidaires.core.models import Theme
from solidaires.core.search import tokens
from solidaires.territory.models import Commune
from solidaires.territory.params import commune_param
from solidaires.volunteering.missions.models import VolunteerOffer
from solidaires.volunteering.missions.selectors.filters import (
    DEFAULT_RADIUS,
    MAX_QUERY_TOKENS,
    MAX_RADIUS,
    PER_PAGE,
    OfferCommune,
    OfferTheme,
    nearby_communes,
)


@dataclass
class OfferFilters:
    q: str = ""
    theme: str = ""
    commune: str = ""
    rayon: int = DEFAULT_RADIUS
    # ?commune= named a commune that is not part of the territory: the page says so.
    outside_commune: str = ""

    @classmethod
    def from_query(cls, data: QueryDict | dict[str, Any]) -> OfferFilters:
        try:
            rayon = max(0, min(MAX_RADIUS, int(str(data.get("rayon", DEFAULT_RADIUS)) or DEFAULT_RADIUS)))
        except ValueError:
            rayon = DEFAULT_RADIUS
        commune = commune_param(data.get("commune"))
        return cls(
            q=str(data.get("q", "")).strip()[:200],
            theme=str(data.get("theme", "")).strip()[:40],
            commune=commune.insee,
            rayon=rayon,
            outside_commune=commune.outside,
        )

    def query_string(self) -> str:
        pairs = [(k, v) for k, v in (("q", self.q), ("theme", self.theme), ("commune", self.commune)) if v]
        if self.commune:
            pairs.append(("rayon", str(self.rayon)))
        return urlencode(pairs)


def filter_offers(queryset: QuerySet[VolunteerOffer], filters: OfferFilters) -> QuerySet[VolunteerOffer]:
    for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
        queryset = queryset.filter(search_document__contains=f" {token}")
    if filters.theme:
        queryset = queryset.filter(
            Exists(OfferTheme.objects.filter(volunteeroffer_id=OuterRef("pk"), theme_id=filters.theme))
        )
    if filters.commune:
        near = nearby_communes(filters.commune, filters.rayon)
        queryset = queryset.filter(
            Q(home_commune_id__in=near)
            | Q(home_commune_id=filters.commune)
            | Exists(
                OfferCommune.objects.filter(volunteeroffer_id=OuterRef("pk"), commune_id=filters.commune)
            )
        )
    return queryset


def offer_search(*, filters: OfferFilters, page_number: Any = 1) -> Page[VolunteerOffer]:
    queryset = (
        filter_offers(VolunteerOffer.objects.visible(), filters)
        .select_related("home_commune", "person")
        .only(
            "id",
            "title",
            "description",
            "weekdays",
            "day_parts",
            "is_remote_ok",
            "expires_at",
            "state",
            "created_at",
            "home_commune__insee",
            "home_commune__name",
            "person__id",
            "person__display_name",
            "person__email",
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("name")),
        )
        .order_by("-created_at", "-id")
    )
    return Paginator(queryset, PER_PAGE).get_page(page_number)


def offer_for_page(*, pk: int) -> VolunteerOffer | None:
    return (
        VolunteerOffer.objects.select_related("home_commune", "person")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )


def offers_of(user: Any) -> QuerySet[VolunteerOffer]:
    return (
        VolunteerOffer.objects.filter(person=user)
        .select_related("home_commune")
        .prefetch_related("themes")
        .order_by("-created_at", "-id")
    )
