"""Reads of committee sessions: members' sessions, rankings, envelopes, summaries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum

from solidaires.grants.applications.models import Application, ApplicationState, Scheme, SchemeYear
from solidaires.grants.instruction import ranking as ranking_module
from solidaires.grants.instruction.models import (
    CommitteeMember,
    CommitteeSession,
    ConflictOfInterest,
    Decision,
    Score,
)
from solidaires.grants.instruction.selectors.budget import GRANTED_OUTCOMES

S = ApplicationState


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
