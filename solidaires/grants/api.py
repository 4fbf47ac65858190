"""Public API of the grants app (mounted at /api/v1/projets): the open schemes and calls."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from solidaires.grants.applications import selectors

router = Router(tags=["grants"])


class CallOut(Schema):
    id: int
    name: str
    year: int
    opens_at: datetime
    closes_at: datetime = Field(description="Date limite de dépôt (fuseau Europe/Paris).")
    is_open: bool


class DocumentKindOut(Schema):
    code: str
    label: str


class SchemeOut(Schema):
    code: str = Field(description="Identifiant du dispositif (dispositifAide des données SCDL).")
    name: str
    tagline: str
    description: str
    applicant_kinds: list[str] = Field(description="person, group, association.")
    ceiling_cents: int | None = Field(description="Plafond de l'aide en centimes d'euro (null : aucun).")
    max_share_percent: int | None = Field(description="Part maximale du budget du projet (%).")
    calendar_kind: str = Field(description="rolling (toute l'année) ou sessions (appels avec date limite).")
    is_in_kind: bool
    required_documents: list[DocumentKindOut]
    open: bool = Field(description="Un dossier peut être déposé maintenant.")
    calls: list[CallOut] = Field(description="Appels ouverts ou à venir.")


@router.get("/dispositifs", response=list[SchemeOut], summary="Dispositifs et appels à projets ouverts")
def schemes(request: HttpRequest) -> list[dict[str, object]]:
    result: list[dict[str, object]] = []
    for offer in selectors.open_offers():
        scheme = offer.scheme
        result.append(
            {
                "code": scheme.code,
                "name": scheme.name,
                "tagline": scheme.tagline,
                "description": scheme.description,
                "applicant_kinds": list(scheme.applicant_kinds or []),
                "ceiling_cents": scheme.ceiling_cents,
                "max_share_percent": scheme.max_share_percent,
                "calendar_kind": scheme.calendar_kind,
                "is_in_kind": scheme.is_in_kind,
                "required_documents": [
                    {"code": k.code, "label": k.label} for k in scheme.required_documents.all()
                ],
                "open": offer.is_open,
                "calls": [
                    {
                        "id": c.pk,
                        "name": c.name,
                        "year": c.year,
                        "opens_at": c.opens_at,
                        "closes_at": c.closes_at,
                        "is_open": c in offer.open_calls,
                    }
                    for c in [*offer.open_calls, *offer.upcoming_calls]
                ],
            }
        )
    return result
