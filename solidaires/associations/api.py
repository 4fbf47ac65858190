"""Public API of the associations directory (mounted at /api/v1/associations): verified only."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from solidaires.core.api import InputSchema
from solidaires.core.pagination import keyset_paginate
from solidaires.territory.params import api_commune

from . import selectors
from .models import Association, AssociationStatus, LegalForm

router = Router(tags=["associations"])


class CommuneRef(Schema):
    insee: str = Field(description="Code INSEE.", examples=["26281"])
    name: str = Field(examples=["Romans-sur-Isère"])


class ThemeRef(Schema):
    slug: str = Field(description="Thème Solidaires (voir docs/themes.md).", examples=["mobilite"])
    label: str = Field(examples=["Mobilité"])
    data_inclusion: str = Field(description="Thématique data·inclusion correspondante, ou chaîne vide.")


class ContactOut(Schema):
    email: str
    phone: str


class AssociationOut(Schema):
    slug: str
    name: str
    acronym: str
    legal_form: LegalForm
    legal_form_label: str
    themes: list[ThemeRef]
    head_office_commune: CommuneRef
    communes: list[CommuneRef] = Field(description="Communes où l'association agit.")
    website: str
    contact: ContactOut = Field(description="Contact public choisi par l'association.")
    verified: bool
    url: str = Field(description="Page de l'association sur le site.")

    @staticmethod
    def resolve_legal_form_label(obj: Association) -> str:
        return str(obj.get_legal_form_display())

    @staticmethod
    def resolve_themes(obj: Association) -> list[dict[str, str]]:
        return [
            {"slug": t.slug, "label": t.label, "data_inclusion": t.data_inclusion} for t in obj.themes.all()
        ]

    @staticmethod
    def resolve_head_office_commune(obj: Association) -> dict[str, str]:
        return {"insee": obj.head_office_commune.insee, "name": obj.head_office_commune.name}

    @staticmethod
    def resolve_communes(obj: Association) -> list[dict[str, str]]:
        return [{"insee": c.insee, "name": c.name} for c in obj.communes.all()]

    @staticmethod
    def resolve_contact(obj: Association) -> dict[str, str]:
        return {"email": obj.contact_email, "phone": obj.contact_phone}

    @staticmethod
    def resolve_verified(obj: Association) -> bool:
        return obj.status == AssociationStatus.VERIFIED

    @staticmethod
    def resolve_url(obj: Association) -> str:
        return obj.get_absolute_url()


class AssociationDetailOut(AssociationOut):
    description: str
    rna: str
    siret: str


class AssociationPage(Schema):
    items: list[AssociationOut]
    next_cursor: str | None = Field(description="À passer en paramètre « cursor » pour la page suivante.")


class AssociationFilters(InputSchema):
    q: str = Field("", max_length=200, description="Recherche (nom, sigle, communes, thèmes, présentation).")
    theme: str = Field("", max_length=40, description="Slug d'un thème, par exemple « mobilite ».")
    commune: str = Field(
        "", pattern=r"^([0-9][0-9AB][0-9]{3})?$", description="Code INSEE : siège ou commune d'action."
    )
    cursor: str | None = Field(None, description="Curseur renvoyé par la page précédente (« next_cursor »).")
    limit: int = Field(50, ge=1, le=200, description="Nombre d'éléments par page (1 à 200).")


def _api_queryset(filters: selectors.DirectoryFilters) -> Any:
    from django.db.models import Prefetch

    from solidaires.core.models import Theme
    from solidaires.territory.models import Commune

    return (
        selectors.filter_directory(Association.objects.filter(status=AssociationStatus.VERIFIED), filters)
        .select_related("head_office_commune")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.all()),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("search_name")),
        )
    )


@router.get("", response=AssociationPage, summary="Associations vérifiées")
def list_associations(request: HttpRequest, params: Query[AssociationFilters]) -> dict[str, Any]:
    """Associations vérifiées par ordre alphabétique, paginées par curseur; filtres q, theme, commune."""
    filters = selectors.DirectoryFilters(
        q=params.q.strip(), theme=params.theme.strip(), commune=api_commune(params.commune)
    )
    page = keyset_paginate(
        _api_queryset(filters), ordering=selectors.ORDERING, after=params.cursor, per_page=params.limit
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{slug}", response=AssociationDetailOut, summary="Une association vérifiée")
def get_association(request: HttpRequest, slug: str) -> Association:
    association = _api_queryset(selectors.DirectoryFilters()).filter(slug=slug).first()
    if association is None:
        raise Http404("Association introuvable.")
    return association  # type: ignore[no-any-return]
