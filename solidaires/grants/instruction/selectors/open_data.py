"""Reads of funded projects and of the SCDL open data records (decision 1023)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.instruction import scdl
from solidaires.grants.instruction.models import Decision, Payment
from solidaires.grants.instruction.selectors.budget import GRANTED_OUTCOMES

S = ApplicationState


FUNDED_STATES = (S.GRANTED, S.REPORT_DUE, S.REPORT_RECEIVED, S.CLOSED)


def funded_projects(*, scheme: str = "", year: int | None = None, commune: str = "") -> QuerySet[Decision]:
    """Granted decisions of files that were not withdrawn, for the public page (no personal names)."""
    qs = Decision.objects.filter(
        outcome__in=GRANTED_OUTCOMES, application__state__in=FUNDED_STATES
    ).select_related("application__scheme", "application__applicant", "application__applicant__commune")
    qs = qs.prefetch_related("application__communes")  # Application.place_names
    if scheme:
        qs = qs.filter(application__scheme__code=scheme)
    if year:
        qs = qs.filter(year=year)
    if commune:
        qs = qs.filter(
            Q(application__applicant__commune_id=commune)
            | Exists(
                Application.communes.through.objects.filter(
                    application_id=OuterRef("application_id"), commune_id=commune
                )
            )
        )
    return qs


def scdl_records() -> list[scdl.GrantRecord]:
    """Granted subsidies of beneficiaries with a SIRET or an RNA number (associations)."""
    decisions = (
        Decision.objects.filter(outcome__in=GRANTED_OUTCOMES, application__state__in=FUNDED_STATES)
        .exclude(application__applicant__kind__in=["person", "group"])
        .select_related(
            "application__applicant", "application__applicant__association", "application__scheme"
        )
        .order_by("decided_at", "id")
    )
    payments: dict[int, list[dt.date]] = defaultdict(list)
    for application_id, due_on, paid_on in Payment.objects.filter(
        application__decisions__in=decisions.values("pk")
    ).values_list("application_id", "due_on", "paid_on"):
        day = paid_on or due_on
        if day is not None:
            payments[application_id].append(day)
    records = []
    for decision in decisions:
        application = decision.application
        applicant = application.applicant
        association = applicant.association
        siret = applicant.siret or (getattr(association, "siret", "") or "")
        rna = applicant.rna or (getattr(association, "rna", "") or "")
        records.append(
            scdl.GrantRecord(
                decision_reference=decision.reference,
                decided_on=timezone.localdate(decision.decided_at),
                beneficiary_name=applicant.name,
                beneficiary_siret=str(siret).replace(" ", ""),
                beneficiary_rna=str(rna).replace(" ", "").upper(),
                purpose=application.title,
                amount_cents=decision.amount_cents,
                payment_dates=sorted(payments.get(application.pk, [])),
                scheme_code=application.scheme.code,
                in_kind=application.scheme.is_in_kind,
            )
        )
    return records


def attribuant() -> tuple[str, str]:
    """(nomAttribuant, idAttribuant) from the settings, else from the territory's EPCI."""
    from django.conf import settings

    from solidaires.territory.models import Epci

    name = str(getattr(settings, "SOLIDAIRES_GRANTS_ATTRIBUANT_NAME", "") or "")
    siret = str(getattr(settings, "SOLIDAIRES_GRANTS_ATTRIBUANT_SIRET", "") or "")
    epci = Epci.objects.order_by("name").first()
    if not name:
        name = epci.name if epci is not None else str(getattr(settings, "SOLIDAIRES_SITE_NAME", "Solidaires"))
    return name, scdl.attribuant_siret(epci.siren if epci is not None else "", siret) if (
        siret or epci
    ) else ""
