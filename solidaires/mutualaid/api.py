"""Public API of the mutual-aid board (mounted at /api/v1/entraide): open posts, public fields only.

No author identity (not even the first name), no moderation data: what anyone can read on
the board, minus the people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from solidaires.core.api import InputSchema
from solidaires.core.pagination import keyset_paginate
from solidaires.territory.params import api_commune

from . import selectors
from .models import Category, MutualAidPost, PostKind

router = Router(tags=["mutualaid"])


class CommuneRef(Schema):
    insee: str = Field(description="Code INSEE.", examples=["26281"])
    name: str = Field(examples=["Romans-sur-Isère"])


class PostOut(Schema):
    id: int
    kind: PostKind = Field(description="« request » (demande d'aide) ou « offer » (proposition).")
    kind_label: str
    category: Category
    category_label: str
    title: str
    description: str
    commune: CommuneRef
    expires_on: date
    created_at: datetime
    url: str = Field(description="Page de l'annonce sur le site (pour y répondre).")

    @staticmethod
    def resolve_kind_label(obj: MutualAidPost) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_category_label(obj: MutualAidPost) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_commune(obj: MutualAidPost) -> dict[str, str]:
        return {"insee": obj.commune.insee, "name": obj.commune.name}

    @staticmethod
    def resolve_url(obj: MutualAidPost) -> str:
        return obj.get_absolute_url()


class PostPage(Schema):
    items: list[PostOut]
    next_cursor: str | None = Field(description="À passer en paramètre « cursor » pour la page suivante.")


class PostFiltersIn(InputSchema):
    q: str = Field(
        "", max_length=200, description="Recherche dans le titre, la catégorie, la commune, le texte."
    )
    kind: str = Field("", pattern=r"^(request|offer)?$", description="« request » ou « offer ».")
    category: str = Field("", max_length=12, description="Catégorie, par exemple « shopping ».")
    commune: str = Field("", pattern=r"^([0-9][0-9AB][0-9]{3})?$", description="Code INSEE de la commune.")
    rayon: int = Field(0, ge=0, le=30, description="Rayon en km autour de la commune (0, 5, 10, 20 ou 30).")
    cursor: str | None = Field(None, description="Curseur renvoyé par la page précédente (« next_cursor »).")
    limit: int = Field(50, ge=1, le=200, description="Nombre d'éléments par page (1 à 200).")


def _queryset(filters: selectors.PostFilters) -> Any:
    return selectors.filter_posts(selectors.public_posts_for_api(), filters).only(
        "id",
        "kind",
        "category",
        "title",
        "description",
        "expires_on",
        "created_at",
        "list_rank",
        "commune__insee",
        "commune__name",
    )


@router.get("", response=PostPage, summary="Annonces d'entraide en ligne")
@router.get("/", response=PostPage, include_in_schema=False)
def list_posts(request: HttpRequest, params: Query[PostFiltersIn]) -> dict[str, Any]:
    """Annonces d'entraide en ligne, les plus récentes d'abord, paginées par curseur."""
    filters = selectors.PostFilters(
        q=params.q.strip(),
        kind=params.kind,
        category=params.category,
        commune=api_commune(params.commune),
        rayon=params.rayon,
    )
    page = keyset_paginate(
        _queryset(filters), ordering=selectors.ORDERING, after=params.cursor, per_page=params.limit
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{post_id}", response=PostOut, summary="Une annonce d'entraide en ligne")
def get_post(request: HttpRequest, post_id: int) -> MutualAidPost:
    post = _queryset(selectors.PostFilters()).filter(pk=post_id).first()
    if post is None:
        raise Http404("Annonce introuvable.")
    return post  # type: ignore[no-any-return]
