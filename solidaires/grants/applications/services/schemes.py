"""Writes of schemes, yearly envelopes and calls (agents)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from solidaires.core import audit
from solidaires.grants.applications.models import Call, Scheme, SchemeYear
from solidaires.grants.applications.services.common import require_perm

SCHEME_FIELDS = (
    "code",
    "name",
    "tagline",
    "description",
    "applicant_kinds",
    "ceiling_cents",
    "max_share_percent",
    "criteria",
    "calendar_kind",
    "file_prefix",
    "is_in_kind",
    "is_active",
    "position",
)


CALL_FIELDS = ("name", "year", "opens_at", "closes_at", "committee_on")


def _scheme_snapshot(scheme: Scheme) -> dict[str, Any]:
    data = {name: getattr(scheme, name) for name in SCHEME_FIELDS}
    if scheme.pk:
        data["required_documents"] = sorted(scheme.required_documents.values_list("code", flat=True))
        data["eligible_communes"] = sorted(scheme.eligible_communes.values_list("insee", flat=True))
    return data


def _scheme_apply(scheme: Scheme, data: dict[str, Any]) -> None:
    for name in SCHEME_FIELDS:
        if name in data:
            setattr(scheme, name, data[name])
    if scheme.file_prefix:
        scheme.file_prefix = scheme.file_prefix.upper()


@transaction.atomic
def scheme_create(*, by: Any, data: dict[str, Any]) -> Scheme:
    require_perm("grants.manage_schemes", by)
    scheme = Scheme()
    _scheme_apply(scheme, data)
    scheme.full_clean()
    scheme.save()
    if "required_documents" in data:
        scheme.required_documents.set(data["required_documents"])
    if "eligible_communes" in data:
        scheme.eligible_communes.set(data["eligible_communes"])
    audit.record(actor=by, action="grant_scheme.created", target=scheme, after=_scheme_snapshot(scheme))
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, by: Any, data: dict[str, Any]) -> Scheme:
    require_perm("grants.manage_schemes", by)
    before = _scheme_snapshot(scheme)
    _scheme_apply(scheme, data)
    scheme.full_clean()
    scheme.save()
    if "required_documents" in data:
        scheme.required_documents.set(data["required_documents"])
    if "eligible_communes" in data:
        scheme.eligible_communes.set(data["eligible_communes"])
    audit.record(
        actor=by, action="grant_scheme.updated", target=scheme, before=before, after=_scheme_snapshot(scheme)
    )
    return scheme


@transaction.atomic
def scheme_year_set(*, scheme: Scheme, by: Any, year: int, envelope_cents: int) -> SchemeYear:
    require_perm("grants.manage_schemes", by)
    row = SchemeYear.objects.filter(scheme=scheme, year=year).first()
    before = {"envelope_cents": row.envelope_cents} if row else {}
    if row is None:
        row = SchemeYear(scheme=scheme, year=year, envelope_cents=envelope_cents)
    row.envelope_cents = envelope_cents
    row.full_clean()
    row.save()
    audit.record(
        actor=by,
        action="grant_scheme.envelope_set",
        target=scheme,
        before=before,
        after={"year": year, "envelope_cents": envelope_cents},
    )
    return row


@transaction.atomic
def call_create(*, scheme: Scheme, by: Any, data: dict[str, Any]) -> Call:
    require_perm("grants.manage_schemes", by)
    call = Call(scheme=scheme, **{k: data[k] for k in CALL_FIELDS if k in data})
    call.full_clean()
    call.save()
    audit.record(actor=by, action="grant_call.created", target=call, after={"closes_at": str(call.closes_at)})
    return call


@transaction.atomic
def call_update(*, call: Call, by: Any, data: dict[str, Any]) -> Call:
    require_perm("grants.manage_schemes", by)
    before = {k: str(getattr(call, k)) for k in CALL_FIELDS}
    for name in CALL_FIELDS:
        if name in data:
            setattr(call, name, data[name])
    call.full_clean()
    call.save()
    audit.record(
        actor=by,
        action="grant_call.updated",
        target=call,
        before=before,
        after={k: str(getattr(call, k)) for k in CALL_FIELDS},
    )
    return call
