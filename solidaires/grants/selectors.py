"""Reads of the applicant side of grants: open schemes and calls, the desk, a file's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import (
    Applicant,
    Application,
    ApplicationEvent,
    ApplicationState,
    CalendarKind,
    Call,
    Scheme,
    VaultDocument,
)

EXPIRY_WARNING_DAYS = 30

# What the applicant should do next, per state (plain words).
NEXT_STEP: dict[str, str] = {
    ApplicationState.DRAFT: "Complétez le dossier puis déposez-le.",
    ApplicationState.SUBMITTED: "Rien à faire : un agent va examiner votre dossier.",
    ApplicationState.INSTRUCTION: "Rien à faire : votre dossier est en cours d'examen.",
    ApplicationState.WAITING_PIECES: "Ajoutez la pièce demandée.",
    ApplicationState.INELIGIBLE: "Le dossier ne peut pas être retenu (voir le motif).",
    ApplicationState.COMMITTEE: "Le comité va examiner votre projet.",
    ApplicationState.POSTPONED: "Le comité réexaminera votre projet.",
    ApplicationState.GRANTED: "Réalisez le projet ; le bilan vous sera demandé.",
    ApplicationState.REFUSED: "Le projet n'a pas été retenu (voir le motif).",
    ApplicationState.REPORT_DUE: "Envoyez le bilan du projet.",
    ApplicationState.REPORT_RECEIVED: "Rien à faire : l'agent vérifie votre bilan.",
    ApplicationState.CLOSED: "Dossier terminé.",
    ApplicationState.WITHDRAWN: "Dossier retiré.",
}


@dataclass
class SchemeOffer:
    scheme: Scheme
    open_calls: list[Call] = field(default_factory=list)
    upcoming_calls: list[Call] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.scheme.calendar_kind == CalendarKind.ROLLING or bool(self.open_calls)


def open_offers(*, now: Any = None) -> list[SchemeOffer]:
    """Active schemes with their open and upcoming calls (2 queries + 2 prefetches)."""
    now = now or timezone.now()
    schemes = list(
        Scheme.objects.active()
        .prefetch_related(
            Prefetch(
                "calls",
                queryset=Call.objects.filter(closes_at__gt=now).order_by("closes_at"),
                to_attr="current_calls",
            ),
            "required_documents",
        )
        .order_by("position", "name")
    )
    offers = []
    for scheme in schemes:
        current = getattr(scheme, "current_calls", [])
        offers.append(
            SchemeOffer(
                scheme=scheme,
                open_calls=[c for c in current if c.opens_at <= now],
                upcoming_calls=[c for c in current if c.opens_at > now],
            )
        )
    return offers


def open_calls_for(scheme: Scheme) -> QuerySet[Call]:
    return Call.objects.open_at().filter(scheme=scheme).order_by("closes_at")


def applicant_spaces(user: Any) -> list[Applicant]:
    return list(
        Applicant.objects.for_user(user).select_related("association", "commune").order_by("kind", "name")
    )


@dataclass
class DeskSpace:
    applicant: Applicant
    applications: list[Application]
    documents: list[VaultDocument]
    expired: list[VaultDocument]
    expiring: list[VaultDocument]


def desk(user: Any, *, today: date | None = None) -> list[DeskSpace]:
    """The one-stop desk: each space the user acts for, its files (all schemes) and vault."""
    today = today or timezone.localdate()
    spaces = (
        Applicant.objects.for_user(user)
        .select_related("association", "commune")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("scheme", "call").order_by("-updated_at", "-id"),
            ),
            Prefetch(
                "documents",
                queryset=VaultDocument.objects.select_related("kind").order_by(
                    "kind__position", "-uploaded_at"
                ),
            ),
        )
        .order_by("kind", "name")
    )
    result = []
    for space in spaces:
        documents = list(space.documents.all())
        for application in space.applications.all():
            application.next_step = NEXT_STEP.get(application.state, "")  # type: ignore[attr-defined]
        result.append(
            DeskSpace(
                applicant=space,
                applications=list(space.applications.all()),
                documents=documents,
                expired=[d for d in documents if d.is_expired(today)],
                expiring=[d for d in documents if d.expires_soon(today, EXPIRY_WARNING_DAYS)],
            )
        )
    return result


def application_for_user(*, ref: str, user: Any) -> Application | None:
    """A file by number (IC-2026-0042) or pk, only if the user may see it (else None → 404)."""
    qs = Application.objects.visible_to(user).select_related(
        "applicant", "applicant__association", "scheme", "call", "assigned_agent", "created_by_agent"
    )
    if ref.isdigit():
        return qs.filter(pk=int(ref)).first()
    return qs.filter(number=ref).first()


def timeline(application: Application, *, for_agent: bool) -> list[ApplicationEvent]:
    qs = application.events.select_related("actor")
    if not for_agent:
        qs = qs.filter(visible_to_applicant=True)
    return list(qs.order_by("at", "id"))


def vault_documents(applicant: Applicant) -> QuerySet[VaultDocument]:
    return applicant.documents.select_related("kind").order_by("kind__position", "-uploaded_at")


def expiring_soon(today: date | None = None) -> QuerySet[VaultDocument]:
    today = today or timezone.localdate()
    return VaultDocument.objects.filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(days=EXPIRY_WARNING_DAYS)
    )


def schemes_for_agents() -> QuerySet[Scheme]:
    return Scheme.objects.prefetch_related(
        Prefetch("calls", queryset=Call.objects.order_by("-closes_at")),  # type: ignore[arg-type]
        "years",
    ).order_by("position", "name")
