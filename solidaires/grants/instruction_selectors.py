"""Reads of the instruction side: the agents' inbox, a file's instruction view, committee
rankings, the budget dashboard, funded projects and the SCDL records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from solidaires.core.caching import bump_data_version, cache_version, data_version
from solidaires.core.pagination import KeysetPage, keyset_paginate

from . import ranking as ranking_module
from . import scdl
from .budget import Line, Rules, check, euros
from .models import (
    Application,
    ApplicationState,
    CommitteeMember,
    CommitteeSession,
    ConflictOfInterest,
    Decision,
    DecisionOutcome,
    Payment,
    PaymentState,
    Scheme,
    SchemeYear,
    Score,
)

S = ApplicationState
GRANTED_OUTCOMES = (DecisionOutcome.GRANTED_FULL, DecisionOutcome.GRANTED_PARTIAL)
OPEN_STATES = (
    S.SUBMITTED,
    S.INSTRUCTION,
    S.WAITING_PIECES,
    S.COMMITTEE,
    S.POSTPONED,
    S.GRANTED,
    S.REPORT_DUE,
    S.REPORT_RECEIVED,
)
FUNDED_STATES = (S.GRANTED, S.REPORT_DUE, S.REPORT_RECEIVED, S.CLOSED)
INBOX_ORDERING = ("submitted_at", "id")
# The columns the inbox shows, read as plain values (``inbox_page``), and what its cached rows
# are keyed on.
INBOX_ROW_FIELDS = (
    "id",
    "number",
    "title",
    "state",
    "amount_requested_cents",
    "submitted_at",
    "clock_paused_at",
    "paused_seconds",
    "decided_at",
    "updated_at",
    "applicant__name",
    "applicant__kind",
    "applicant__commune__name",
    "scheme__name",
    "assigned_agent_id",
    "assigned_agent__display_name",
    "assigned_agent__email",
)


# --- Inbox --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilters:
    scheme: str = ""
    year: int | None = None
    state: str = ""
    commune: str = ""
    assigned: str = ""  # "" | "me" | "none"
    older_than: int | None = None  # days


def _inbox_files(*, user: Any, filters: InboxFilters) -> QuerySet[Application]:
    """The files the inbox lists for these filters (no columns chosen yet)."""
    qs = Application.objects.exclude(state__in=[S.DRAFT, S.WITHDRAWN])
    if filters.state == "all":
        pass
    elif filters.state:
        qs = qs.filter(state=filters.state)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    if filters.scheme:
        qs = qs.filter(scheme__code=filters.scheme)
    if filters.year:
        qs = qs.filter(Q(call__year=filters.year) | Q(call__isnull=True, submitted_at__year=filters.year))
    if filters.commune:
        qs = qs.filter(
            Q(applicant__commune_id=filters.commune)
            | Exists(
                Application.communes.through.objects.filter(
                    application_id=OuterRef("pk"), commune_id=filters.commune
                )
            )
        )
    if filters.assigned == "me":
        qs = qs.filter(assigned_agent=user)
    elif filters.assigned == "none":
        qs = qs.filter(assigned_agent__isnull=True)
    if filters.older_than:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=filters.older_than))
    return qs


def inbox_page(
    *, user: Any, filters: InboxFilters, after: str | None, before: str | None, per_page: int
) -> KeysetPage[Any]:
    """One page of the inbox as plain rows (named tuples of ``INBOX_ROW_FIELDS``), in two
    steps (decision 1024): the page's ids first, from the files table alone (an index on the
    state covers it), then the columns shown, joined for those ids only. In one query the
    database joined the applicant, commune, scheme and agent of every open file (≈1,900) before
    sorting them for 50; and 250 model instances a page cost more than the query itself."""
    ids_page = keyset_paginate(
        _inbox_files(user=user, filters=filters).values_list(*INBOX_ORDERING, named=True),
        ordering=INBOX_ORDERING,
        after=after,
        before=before,
        per_page=per_page,
    )
    ids = [item.id for item in ids_page.items]
    rows = {
        row.id: row
        for row in Application.objects.filter(pk__in=ids)
        .order_by()
        .values_list(*INBOX_ROW_FIELDS, named=True)
    }
    ids_page.items = [rows[pk] for pk in ids if pk in rows]  # a file deleted in between is left out
    return ids_page


class _AgeFields(Protocol):
    state: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    clock_paused_at: dt.datetime | None
    paused_seconds: int


def age_days(application: Application | _AgeFields, now: dt.datetime | None = None) -> int | None:
    """Days since submission, without the time spent waiting for the applicant's pieces."""
    if application.submitted_at is None:
        return None
    now = now or timezone.now()
    end = (
        application.decided_at if application.decided_at and application.state not in OPEN_STATES[:5] else now
    )
    paused = dt.timedelta(seconds=application.paused_seconds or 0)
    if application.clock_paused_at is not None:
        paused += now - application.clock_paused_at
    return max(0, (end - application.submitted_at - paused).days)


def annotate_ages(applications: Iterable[Application]) -> None:
    now = timezone.now()
    for application in applications:
        application.age_days = age_days(application, now)  # type: ignore[attr-defined]


# --- One file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


def eligibility(application: Application, *, today: dt.date | None = None) -> list[Check]:
    """The eligibility points, computed from the file (the agent still decides)."""
    today = today or timezone.localdate()
    scheme = application.scheme
    checks: list[Check] = []
    kind_ok = scheme.accepts(application.applicant.kind)
    checks.append(
        Check(
            "Type de porteur de projet",
            kind_ok,
            f"{application.applicant.get_kind_display()} : "
            + ("accepté par ce dispositif" if kind_ok else "non prévu par ce dispositif"),
        )
    )
    eligible = {c.pk for c in scheme.eligible_communes.all()}
    communes = list(application.communes.all())
    if not communes and application.applicant.commune_id:
        communes = [application.applicant.commune]  # type: ignore[list-item]
    if not eligible:
        checks.append(Check("Commune", True, "Toutes les communes sont éligibles."))
    else:
        names = ", ".join(c.name for c in communes) or "aucune commune indiquée"
        ok = bool(communes) and all(c.pk in eligible for c in communes)
        checks.append(Check("Commune", ok, names))
    lines = [
        Line(line.kind, line.label, line.amount_cents, line.is_requested_grant)
        for line in application.budget_lines.all()
    ]
    errors = check(lines, Rules(scheme.ceiling_cents, scheme.max_share_percent))
    requested = application.amount_requested_cents
    ceiling_ok = scheme.ceiling_cents is None or requested <= scheme.ceiling_cents
    checks.append(
        Check(
            "Plafond",
            ceiling_ok,
            f"{euros(requested)} demandés"
            + (f" pour un plafond de {euros(scheme.ceiling_cents)}" if scheme.ceiling_cents else ""),
        )
    )
    expenses = sum(line.amount_cents for line in lines if line.kind == "expense")
    if scheme.max_share_percent:
        limit = expenses * scheme.max_share_percent // 100
        checks.append(
            Check(
                f"Règle des {scheme.max_share_percent} %",
                requested <= limit,
                f"au plus {euros(limit)} pour {euros(expenses)} de dépenses",
            )
        )
    balance_errors = [e for e in errors if "équilibré" in e or ("dépense" in e.lower() and "Ajoutez" in e)]
    checks.append(
        Check(
            "Budget équilibré",
            not balance_errors,
            balance_errors[0] if balance_errors else "Dépenses = recettes",
        )
    )
    attached: dict[int, bool] = {}
    for attachment in application.attachments.all():
        doc = attachment.vault_document
        valid = doc.valid_until is None or doc.valid_until >= today
        attached[attachment.kind_id] = attached.get(attachment.kind_id, False) or valid
    for kind in scheme.required_documents.all():
        if kind.pk not in attached:
            checks.append(Check(f"Pièce : {kind.label}", False, "manquante"))
        elif not attached[kind.pk]:
            checks.append(Check(f"Pièce : {kind.label}", False, "périmée"))
        else:
            checks.append(Check(f"Pièce : {kind.label}", True, "fournie et valable"))
    return checks


def instruction_file(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "applicant", "applicant__commune", "applicant__association", "scheme", "call", "assigned_agent"
        )
        .prefetch_related(
            "communes",
            "themes",
            "budget_lines",
            "attachments__vault_document",
            "attachments__kind",
            "scheme__required_documents",
            "scheme__eligible_communes",
            "checklist_items",
            "piece_requests__document_kinds",
            "payments",
            "decisions__session",
            "committee_sessions",
        )
        .get(pk=pk)
    )


def agents() -> QuerySet[Any]:
    from solidaires.accounts.models import Role, User

    return User.objects.filter(role__in=[Role.AGENT, Role.ADMIN], is_active=True).order_by(
        "display_name", "email"
    )


AGENTS_DATA_VERSION = "grants-agents"
AGENT_CHOICES_TIMEOUT = 5 * 60


def agent_choices() -> tuple[tuple[str, str], ...]:
    """``(pk, name)`` of the agents, as ``agents()`` orders them (the inbox's bulk assignment).

    Cached: the users table has no index on the role, and reading thousands of users to find
    a handful of agents cost more than the rest of the inbox's queries. Any save or deletion of
    a user bumps ``AGENTS_DATA_VERSION`` (receivers below); a write that skips ``save()`` (the
    suspension of a mutual-aid member) shows within ``AGENT_CHOICES_TIMEOUT``, and assigning
    to an agent no longer active is refused anyway (the form checks ``agents()``)."""
    key = f"grants:agent-choices:p{cache_version()}:v{data_version(AGENTS_DATA_VERSION)}"
    choices: tuple[tuple[str, str], ...] | None = cache.get(key)
    if choices is None:
        choices = tuple(
            (str(pk), display_name or email.split("@")[0])  # as User.__str__
            for pk, display_name, email in agents().values_list("pk", "display_name", "email")
        )
        cache.set(key, choices, AGENT_CHOICES_TIMEOUT)
    return choices


def _bump_agents_version(update_fields: Iterable[str] | None = None, **_kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: the list of agents does not change
    bump_data_version(AGENTS_DATA_VERSION)


post_save.connect(_bump_agents_version, sender=settings.AUTH_USER_MODEL, dispatch_uid="grants-agents-save")
post_delete.connect(
    _bump_agents_version, sender=settings.AUTH_USER_MODEL, dispatch_uid="grants-agents-delete"
)


def committee_candidates() -> QuerySet[Any]:
    from solidaires.accounts.models import Role, User

    return User.objects.filter(role__in=[Role.AGENT, Role.ADMIN, Role.ELECTED], is_active=True).order_by(
        "display_name", "email"
    )


# --- Committee ----------------------------------------------------------------------------


def sessions_for_member(user: Any) -> QuerySet[CommitteeSession]:
    """Only the sessions the user sits on."""
    return (
        CommitteeSession.objects.filter(members__user=user)
        .select_related("scheme")
        .order_by("-meets_on", "-id")
        .distinct()
    )


def sessions_all() -> QuerySet[CommitteeSession]:
    return CommitteeSession.objects.select_related("scheme").order_by("-meets_on", "-id")


def open_sessions_for(application: Application) -> QuerySet[CommitteeSession]:
    return CommitteeSession.objects.filter(scheme_id=application.scheme_id).exclude(state="closed")


def criteria_of(scheme: Scheme) -> list[ranking_module.Criterion]:
    result = []
    for c in scheme.criteria or []:
        if isinstance(c, dict) and c.get("key"):
            try:
                weight = int(c.get("weight", 1))
            except (TypeError, ValueError):
                weight = 1
            result.append(ranking_module.Criterion(str(c["key"]), str(c.get("label", c["key"])), weight))
    return result


def envelope_figures(scheme_id: int, year: int) -> dict[str, int | None]:
    envelope = (
        SchemeYear.objects.filter(scheme_id=scheme_id, year=year)
        .values_list("envelope_cents", flat=True)
        .first()
    )
    committed = int(
        Decision.objects.filter(
            application__scheme_id=scheme_id, year=year, outcome__in=GRANTED_OUTCOMES
        ).aggregate(t=Sum("amount_cents"))["t"]
        or 0
    )
    return {
        "envelope": int(envelope) if envelope is not None else None,
        "committed": committed,
        "left": int(envelope) - committed if envelope is not None else None,
    }


@dataclass
class SessionRow:
    application: Application
    ranked: ranking_module.RankedFile | None
    decision: Decision | None
    viewer_conflict: bool
    conflicts: int
    my_scores: dict[str, int]


def session_ranking(session: CommitteeSession, viewer: Any) -> dict[str, Any]:
    """Every file of the session with its ranking; scores hidden on files the viewer is conflicted on."""
    applications = list(
        session.applications.select_related("applicant", "applicant__commune").order_by("number", "id")
    )
    ids = [a.pk for a in applications]
    members = {m.pk: m for m in CommitteeMember.objects.filter(session=session).select_related("user")}
    scores: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for member_id, application_id, criterion, value in Score.objects.filter(
        member__session=session, application_id__in=ids
    ).values_list("member_id", "application_id", "criterion", "value"):
        scores[application_id][member_id][criterion] = value
    conflicts: dict[int, set[int]] = defaultdict(set)
    for member_id, application_id in ConflictOfInterest.objects.filter(
        member__session=session, application_id__in=ids
    ).values_list("member_id", "application_id"):
        conflicts[application_id].add(member_id)
    viewer_member = next((m for m in members.values() if viewer is not None and m.user_id == viewer.pk), None)
    decisions = {
        d.application_id: d for d in Decision.objects.filter(session=session, application_id__in=ids)
    }
    pending = [a for a in applications if a.state == S.COMMITTEE]
    figures = envelope_figures(session.scheme_id, session.year)
    criteria = criteria_of(session.scheme)
    result = ranking_module.rank(
        [
            ranking_module.Candidate(
                a.pk,
                a.amount_requested_cents,
                scores={m: dict(v) for m, v in scores[a.pk].items()},
                conflicted_members=frozenset(conflicts[a.pk]),
            )
            for a in pending
        ],
        criteria,
        envelope_left_cents=figures["left"] if figures["left"] is not None else 10**12,
    )
    ranked = {f.application_id: f for f in result.files}
    rows: list[SessionRow] = []
    order = {f.application_id: i for i, f in enumerate(result.files)}
    for application in sorted(applications, key=lambda a: (order.get(a.pk, 10**6), a.number or "", a.pk)):
        viewer_conflict = viewer_member is not None and viewer_member.pk in conflicts[application.pk]
        rows.append(
            SessionRow(
                application=application,
                ranked=None if viewer_conflict else ranked.get(application.pk),
                decision=decisions.get(application.pk),
                viewer_conflict=viewer_conflict,
                conflicts=len(conflicts[application.pk]),
                my_scores=dict(scores[application.pk].get(viewer_member.pk, {})) if viewer_member else {},
            )
        )
    return {
        "rows": rows,
        "criteria": criteria,
        "figures": figures,
        "proposed_total": result.proposed_total_cents,
        "after": (figures["left"] - result.proposed_total_cents) if figures["left"] is not None else None,
        "members": list(members.values()),
        "viewer_member": viewer_member,
    }


def summary_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for row in data["rows"]:
        if row.decision is not None and row.application.state != S.COMMITTEE:
            continue
        ranked = row.ranked
        rows.append(
            {
                "rank": ranked.rank if ranked else None,
                "number": row.application.number or "",
                "title": row.application.title,
                "score": str(ranked.score).replace(".", ",") if ranked and ranked.score is not None else None,
                "requested_cents": row.application.amount_requested_cents,
                "proposed_cents": ranked.proposed_cents if ranked else 0,
            }
        )
    return rows


# --- Budget -------------------------------------------------------------------------------


def budget_years(today: dt.date | None = None) -> list[int]:
    year = (today or timezone.localdate()).year
    return [year - 3, year - 2, year - 1, year]


def budget_by_scheme(years: list[int]) -> list[dict[str, Any]]:
    """Per scheme and year: envelope, committed, paid, remaining (4 grouped queries in all)."""
    envelopes = {
        (s, y): e
        for s, y, e in SchemeYear.objects.filter(year__in=years).values_list(
            "scheme_id", "year", "envelope_cents"
        )
    }
    committed = {
        (r["application__scheme_id"], r["year"]): r["t"]
        for r in Decision.objects.filter(year__in=years, outcome__in=GRANTED_OUTCOMES)
        .values("application__scheme_id", "year")
        .annotate(t=Sum("amount_cents"))
    }
    paid = {
        (r["application__scheme_id"], r["year"]): r["t"]
        for r in Payment.objects.filter(year__in=years, state=PaymentState.PAID)
        .values("application__scheme_id", "year")
        .annotate(t=Sum("amount_cents"))
    }
    rows = []
    for scheme in Scheme.objects.order_by("position", "name"):
        cells = []
        for year in years:
            envelope = envelopes.get((scheme.pk, year))
            c = int(committed.get((scheme.pk, year)) or 0)
            p = int(paid.get((scheme.pk, year)) or 0)
            cells.append(
                {
                    "year": year,
                    "envelope": envelope,
                    "committed": c,
                    "paid": p,
                    "remaining": (int(envelope) - c) if envelope is not None else None,
                }
            )
        rows.append({"scheme": scheme, "years": cells})
    return rows


def budget_by_commune(years: list[int]) -> list[dict[str, Any]]:
    """Committed per commune of the applicant (one commune per file) and year."""
    data: dict[str, dict[int, int]] = defaultdict(dict)
    for r in (
        Decision.objects.filter(year__in=years, outcome__in=GRANTED_OUTCOMES)
        .values("application__applicant__commune__name", "year")
        .annotate(t=Sum("amount_cents"))
    ):
        name = r["application__applicant__commune__name"] or "Commune non renseignée"
        data[name][r["year"]] = int(r["t"] or 0)
    return [
        {"name": name, "years": [values.get(y, 0) for y in years], "total": sum(values.values())}
        for name, values in sorted(data.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]


def budget_by_theme(years: list[int]) -> list[dict[str, Any]]:
    """Committed per theme and year (a file with several themes counts in each)."""
    data: dict[str, dict[int, int]] = defaultdict(dict)
    for r in (
        Decision.objects.filter(year__in=years, outcome__in=GRANTED_OUTCOMES)
        .values("application__themes__label", "year")
        .annotate(t=Sum("amount_cents"))
    ):
        name = r["application__themes__label"] or "Sans thème"
        data[name][r["year"]] = int(r["t"] or 0)
    return [
        {"name": name, "years": [values.get(y, 0) for y in years], "total": sum(values.values())}
        for name, values in sorted(data.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]


# --- Funded projects and open data ----------------------------------------------------------


def funded_projects(*, scheme: str = "", year: int | None = None, commune: str = "") -> QuerySet[Decision]:
    """Granted decisions of files that were not withdrawn, for the public page (no personal names)."""
    qs = Decision.objects.filter(
        outcome__in=GRANTED_OUTCOMES, application__state__in=FUNDED_STATES
    ).select_related("application__scheme", "application__applicant", "application__applicant__commune")
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
