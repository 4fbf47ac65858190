"""Exports: the SCDL "subventions" open-data file (CSV, XLSX, JSON) and the agents' decisions table.

The SCDL file lists granted subsidies of beneficiaries with a SIRET or an RNA number only
(docs/open-data.md). CSV: UTF-8, comma separator, one header row, the schema's exact columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from solidaires.core.exports import XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from solidaires.core.guards import agent_required
from solidaires.grants.instruction import scdl, selectors
from solidaires.grants.instruction.models import Decision


def scdl_rows() -> list[dict[str, str]]:
    name, siret = selectors.attribuant()
    return list(scdl.rows(selectors.scdl_records(), attribuant_name=name, attribuant_id=siret))


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


XLSX = XLSX_CONTENT_TYPE


def scdl_csv(request: HttpRequest) -> HttpResponse:
    rows = scdl_rows()
    content = csv_bytes(scdl.COLUMNS, ([row[c] for c in scdl.COLUMNS] for row in rows))
    return _attachment(content, "text/csv; charset=utf-8", "subventions.csv")


def scdl_xlsx(request: HttpRequest) -> HttpResponse:
    rows = scdl_rows()
    content = xlsx_bytes("subventions", scdl.COLUMNS, ([row[c] for c in scdl.COLUMNS] for row in rows))
    return _attachment(content, XLSX, "subventions.xlsx")


def scdl_json(request: HttpRequest) -> HttpResponse:
    rows = scdl_rows()
    content = json.dumps({"schema": "scdl-subventions-2.1.1", "data": rows}, ensure_ascii=False, indent=1)
    response = HttpResponse(content.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


DECISION_HEADINGS = (
    "Référence",
    "Dossier",
    "Dispositif",
    "Année",
    "Porteur (type)",
    "Porteur",
    "Commune",
    "Projet",
    "Décision",
    "Montant demandé (€)",
    "Montant accordé (€)",
    "Date",
)


def _decision_rows() -> Iterable[list[Any]]:
    decisions = (
        Decision.objects.select_related(
            "application__scheme", "application__applicant", "application__applicant__commune"
        )
        .prefetch_related("application__communes")
        .order_by("decided_at", "id")
    )
    for d in decisions.iterator(chunk_size=500):
        a = d.application
        yield [
            d.reference,
            a.number or "",
            a.scheme.code,
            d.year,
            a.applicant.get_kind_display(),
            a.applicant.name,
            a.place_names,
            a.title,
            d.get_outcome_display(),
            scdl.format_amount(a.amount_requested_cents),
            scdl.format_amount(d.amount_cents),
            timezone.localdate(d.decided_at).isoformat(),
        ]


@agent_required
def decisions_csv(request: HttpRequest) -> HttpResponse:
    response = _attachment(
        csv_bytes(DECISION_HEADINGS, _decision_rows()), "text/csv; charset=utf-8", "decisions.csv"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@agent_required
def decisions_xlsx(request: HttpRequest) -> HttpResponse:
    response = _attachment(
        xlsx_bytes("décisions", DECISION_HEADINGS, _decision_rows()), XLSX, "decisions.xlsx"
    )
    response["Cache-Control"] = "private, no-store"
    return response
