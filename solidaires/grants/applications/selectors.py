"""Reads of the applicant side of grants: open schemes and calls, the desk, a file's page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from solidaires.core.caching import cache_version, data_version
from solidaires.grants.applications.models import (
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


def place_names(application_ids: Iterable[int]) -> dict[int, str]:
    """``Application.place_names`` of many files read as values (the agents' inbox), in two
    queries: the project's communes, else the applicant's commune; files with neither are
    left out."""
    ids = list(application_ids)
    names: dict[int, list[str]] = {}
    through = Application.communes.through.objects.filter(application_id__in=ids)
    for application_id, name in through.values_list("application_id", "commune__name"):
        names.setdefault(application_id, []).append(name)
    missing = [pk for pk in ids if pk not in names]
    if missing:
        applicants = Application.objects.filter(pk__in=missing, applicant__commune__isnull=False)
        for application_id, name in applicants.values_list("pk", "applicant__commune__name"):
            names[application_id] = [name]
    return {pk: ", ".join(sorted(values)) for pk, values in names.items()}


# The data version (core.caching) of what /projets/ and the inbox's scheme filter show:
# schemes, their calls and required documents. Bumped on every write to them (views.py).
SCHEMES_DATA_VERSION = "grants-schemes"
OFFER_TIMES_TIMEOUT = 60

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


def open_offers(*, now: Any = None, scheme_pks: Iterable[int] | None = None) -> list[SchemeOffer]:
    """Active schemes (or only those of ``scheme_pks``) with their open and upcoming calls
    (1 query + 2 prefetches)."""
    now = now or timezone.now()
    schemes_qs = Scheme.objects.active()
    if scheme_pks is not None:
        schemes_qs = schemes_qs.filter(pk__in=list(scheme_pks))
    schemes = list(
        schemes_qs.prefetch_related(
            Prefetch(
                "calls",
                queryset=Call.objects.filter(closes_at__gt=now).order_by("closes_at", "pk"),
                to_attr="current_calls",
            ),
            "required_documents",
        ).order_by("position", "name")
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


@dataclass(frozen=True)
class OfferTimes:
    """An active scheme as /projets/ lists it: what its card is keyed on, and when its calls
    open and close (``(call pk, opens_at, closes_at)``, by closing date)."""

    scheme_pk: int
    updated_at: datetime
    calls: tuple[tuple[int, datetime, datetime], ...]

    def phase(self, now: datetime) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The pks of its open calls and of its upcoming ones at ``now`` (what its card shows)."""
        current = [(pk, opens_at) for pk, opens_at, closes_at in self.calls if closes_at > now]
        return (
            tuple(pk for pk, opens_at in current if opens_at <= now),
            tuple(pk for pk, opens_at in current if opens_at > now),
        )

    def moments(self, now: datetime) -> list[datetime]:
        """The next openings and closings of its calls, after ``now``."""
        return [m for _, opens_at, closes_at in self.calls for m in (opens_at, closes_at) if m > now]


def _call_times(now: datetime) -> dict[int, tuple[tuple[int, datetime, datetime], ...]]:
    """The calls not closed yet, by scheme: ``(pk, opens_at, closes_at)`` by closing date.

    Cached under the schemes' data version (``SCHEMES_DATA_VERSION``, bumped by every write to a
    scheme, a call or a document kind), so a change shows at once; a call that closes in the
    meantime is left out at each request (``OfferTimes.phase``). The timeout only bounds what a
    write that skips ``save()`` (none today) could leave stale: the former page cache's 60 s."""
    key = f"grants:call-times:p{cache_version()}:v{data_version(SCHEMES_DATA_VERSION)}"
    cached: dict[int, tuple[tuple[int, datetime, datetime], ...]] | None = cache.get(key)
    if cached is None:
        calls: dict[int, list[tuple[int, datetime, datetime]]] = {}
        for scheme_pk, pk, opens_at, closes_at in (
            Call.objects.filter(closes_at__gt=now)
            .order_by("closes_at", "pk")
            .values_list("scheme_id", "pk", "opens_at", "closes_at")
        ):
            calls.setdefault(scheme_pk, []).append((pk, opens_at, closes_at))
        cached = {scheme_pk: tuple(times) for scheme_pk, times in calls.items()}
        cache.set(key, cached, OFFER_TIMES_TIMEOUT)
    return cached


def offer_times(*, now: datetime | None = None) -> list[OfferTimes]:
    """Active schemes, in the order of /projets/, with the times of their calls not closed yet:
    one query (the schemes; their calls' times are cached), what /projets/ needs to find its
    cached cards (decision 1024)."""
    now = now or timezone.now()
    calls = _call_times(now)
    return [
        OfferTimes(scheme_pk=pk, updated_at=updated_at, calls=calls.get(pk, ()))
        for pk, updated_at in Scheme.objects.active()
        .order_by("position", "name")
        .values_list("pk", "updated_at")
    ]


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
