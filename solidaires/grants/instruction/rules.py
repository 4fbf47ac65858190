"""Who may do what on the instruction side of grants: agents, committee members, applicants.

Permission names are prefixed ``instruction_``, ``committee_``, ``payment_``, ``report_``.
Agents (and administrators) instruct files, run committee sessions, record decisions and
payments. A committee member (an agent or an elected official) sees only the sessions they sit
on and scores the files there, except the ones they declared a conflict of interest on.
"""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_agent
from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.applications.rules import acts_for
from solidaires.grants.instruction.models import (
    CommitteeMember,
    CommitteeSession,
    CommitteeSessionState,
    ConflictOfInterest,
    FinalReport,
    Payment,
    PaymentState,
)

_SEAT_CACHE = "_grants_seats"


def seat(user: Any, session: CommitteeSession | None) -> CommitteeMember | None:
    """The user's seat in the session (cached on the session instance for the request)."""
    if session is None or session.pk is None or user is None or not user.is_authenticated:
        return None
    cache: dict[int, CommitteeMember | None] = session.__dict__.setdefault(_SEAT_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = CommitteeMember.objects.filter(session=session, user=user).first()
    return cache[user.pk]


def has_conflict(user: Any, session: CommitteeSession, application: Application) -> bool:
    member = seat(user, session)
    if member is None:
        return False
    return ConflictOfInterest.objects.filter(member=member, application=application).exists()


@rules.predicate
def is_session_member(user: Any, session: CommitteeSession | None) -> bool:
    return seat(user, session) is not None


@rules.predicate
def is_scoring_open(user: Any, session: CommitteeSession | None) -> bool:
    return session is not None and session.state == CommitteeSessionState.SCORING


@rules.predicate
def is_not_closed(user: Any, session: CommitteeSession | None) -> bool:
    return session is not None and session.state != CommitteeSessionState.CLOSED


@rules.predicate
def acts_for_report(user: Any, report: FinalReport | None) -> bool:
    return report is not None and acts_for(user, report.application.applicant)


@rules.predicate
def is_report_open(user: Any, report: FinalReport | None) -> bool:
    return (
        report is not None
        and report.submitted_at is None
        and report.application.state in {ApplicationState.GRANTED, ApplicationState.REPORT_DUE}
    )


@rules.predicate
def is_report_waiting_review(user: Any, report: FinalReport | None) -> bool:
    return (
        report is not None
        and report.approved_at is None
        and report.application.state == ApplicationState.REPORT_RECEIVED
    )


@rules.predicate
def is_payable(user: Any, payment: Payment | None) -> bool:
    return payment is not None and payment.state == PaymentState.PLANNED and payment.due_on is not None


@rules.predicate
def is_instructable(user: Any, application: Application | None) -> bool:
    return application is not None and application.state in {
        ApplicationState.SUBMITTED,
        ApplicationState.INSTRUCTION,
        ApplicationState.WAITING_PIECES,
    }


# Instruction (agents only).
rules.add_perm("grants.instruction_access", is_agent)
rules.add_perm("grants.instruction_view_application", is_agent)
rules.add_perm("grants.instruction_assign", is_agent)
rules.add_perm("grants.instruction_note", is_agent)
rules.add_perm("grants.instruction_checklist", is_agent & is_instructable)
rules.add_perm("grants.instruction_request_pieces", is_agent & is_instructable)
rules.add_perm("grants.instruction_decide_eligibility", is_agent & is_instructable)
rules.add_perm("grants.instruction_view_budget", is_agent)
# Committee.
rules.add_perm("grants.committee_manage", is_agent)
rules.add_perm("grants.committee_view_session", is_agent | is_session_member)
rules.add_perm("grants.committee_sit", is_session_member)
rules.add_perm("grants.committee_score", is_session_member & is_scoring_open)
rules.add_perm("grants.committee_declare_conflict", is_session_member & is_not_closed)
rules.add_perm("grants.committee_decide", is_agent & is_not_closed)
# Payments.
rules.add_perm("grants.payment_mark_paid", is_agent & is_payable)
# Final report.
rules.add_perm("grants.report_view", acts_for_report | is_agent)
rules.add_perm("grants.report_submit", acts_for_report & is_report_open)
rules.add_perm("grants.report_review", is_agent & is_report_waiting_review)
