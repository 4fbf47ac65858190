"""The instruction side through its services: a file from submitted to closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from solidaires.core.models import AuditEntry
from solidaires.grants.instruction import services
from solidaires.grants.instruction.selectors import age_days
from solidaires.grants.models import (
    ApplicationState as S,
)
from solidaires.grants.models import (
    ChecklistItem,
    FinalReport,
    Payment,
    PieceRequest,
)
from solidaires.grants.tests.factories import (
    GroupApplicantFactory,
    committee_session,
    envelope,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_file(inhabitant):
    applicant = GroupApplicantFactory(person=inhabitant, name="Collectif des Jardins")
    return submitted_application(applicant=applicant)


def test_full_lifecycle(group_file, agent, elected, inhabitant, django_capture_on_commit_callbacks):
    application = group_file
    services.application_start_instruction(application=application, by=agent)
    application.refresh_from_db()
    assert application.state == S.INSTRUCTION
    assert application.assigned_agent == agent
    assert ChecklistItem.objects.filter(application=application, kind="document").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        request = services.pieces_request(
            application=application,
            message="Merci d'ajouter le devis du menuisier.",
            due_on=timezone.localdate() + dt.timedelta(days=15),
            by=agent,
        )
    application.refresh_from_db()
    assert application.state == S.WAITING_PIECES
    assert application.clock_paused_at is not None
    assert mail.outbox[-1].to == [inhabitant.email]
    assert "devis du menuisier" in mail.outbox[-1].body

    services.pieces_answer(application=application, answer="Devis ajouté", by=inhabitant)
    application.refresh_from_db()
    request.refresh_from_db()
    assert application.state == S.INSTRUCTION
    assert request.status == "answered"
    assert application.clock_paused_at is None

    envelope(application.scheme, 1_000_000)
    session = committee_session(scheme=application.scheme, members=[agent, elected])
    services.application_send_to_committee(application=application, session=session, by=agent)
    application.refresh_from_db()
    assert application.state == S.COMMITTEE
    services.scores_set(session=session, application=application, values={"utilite": 4}, by=elected)

    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_record(
            application=application,
            session=session,
            outcome="granted_partial",
            amount_cents=300_000,
            reason="Le budget matériel est réduit.",
            by=agent,
        )
    application.refresh_from_db()
    assert application.state == S.GRANTED
    assert application.amount_granted_cents == 300_000
    assert decision.reference == application.number
    letter = mail.outbox[-1]
    assert letter.attachments and letter.attachments[0][1].startswith(b"%PDF")
    payments = list(Payment.objects.filter(application=application).order_by("position"))
    assert [p.amount_cents for p in payments] == [240_000, 60_000]
    assert payments[0].due_on == timezone.localdate()
    assert payments[1].due_on is None

    services.payment_mark_paid(payment=payments[0], by=agent)
    application.refresh_from_db()
    assert application.state == S.REPORT_DUE
    # The balance is not due before the report is approved.
    with pytest.raises(PermissionDenied):
        services.payment_mark_paid(payment=payments[1], by=agent)

    report = FinalReport.objects.get(application=application)
    services.final_report_submit(
        report=report,
        realised_budget=[{"label": "Bois", "amount_cents": 310_000}],
        participants=42,
        outcomes="Un jardin de 12 bacs.",
        by=inhabitant,
    )
    application.refresh_from_db()
    assert application.state == S.REPORT_RECEIVED
    services.final_report_approve(report=report, by=agent)
    payments[1].refresh_from_db()
    assert payments[1].due_on == timezone.localdate()
    services.payment_mark_paid(payment=payments[1], by=agent)
    application.refresh_from_db()
    assert application.state == S.CLOSED

    actions = list(application.events.values_list("action", flat=True))
    for expected in (
        "start_instruction",
        "pieces_requested",
        "pieces_supplied",
        "send_to_committee",
        "grant",
        "payment_paid",
        "await_report",
        "submit_report",
        "report_approved",
        "close",
    ):
        assert expected in actions
    audited = set(
        AuditEntry.objects.filter(
            target_type="grants.application", target_id=str(application.pk)
        ).values_list("action", flat=True)
    )
    assert {"decision.granted_partial", "application.grant", "application.close"} <= audited


def test_clock_paused_while_waiting(group_file, agent):
    services.application_start_instruction(application=group_file, by=agent)
    services.pieces_request(
        application=group_file, message="Le RIB", due_on=timezone.localdate() + dt.timedelta(days=5), by=agent
    )
    group_file.refresh_from_db()
    later = timezone.now() + dt.timedelta(days=20)
    # 10 days before the request; 20 paused days do not count.
    assert age_days(group_file, later) == 10


def test_only_agents_instruct(group_file, inhabitant, elected):
    for user in (inhabitant, elected):
        with pytest.raises(PermissionDenied):
            services.application_start_instruction(application=group_file, by=user)
        with pytest.raises(PermissionDenied):
            services.internal_note_add(application=group_file, body="x", by=user)


def test_piece_request_bad_input_in_french(group_file, agent):
    with pytest.raises(ValidationError) as exc:
        services.pieces_request(application=group_file, message=" ", due_on=timezone.localdate(), by=agent)
    assert "ce qui manque" in str(exc.value)
    assert "après aujourd'hui" in str(exc.value)
    group_file.refresh_from_db()
    assert group_file.state == S.SUBMITTED
    assert not PieceRequest.objects.exists()


def test_declare_ineligible_needs_reason_and_emails(
    group_file, agent, inhabitant, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.application_declare_ineligible(application=group_file, reason="", by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_declare_ineligible(
            application=group_file, reason="Projet hors territoire", by=agent
        )
    group_file.refresh_from_db()
    assert group_file.state == S.INELIGIBLE
    assert "hors territoire" in mail.outbox[-1].body
    # Illegal afterwards.
    with pytest.raises(PermissionDenied):
        services.pieces_request(
            application=group_file, message="x", due_on=timezone.localdate() + dt.timedelta(days=3), by=agent
        )


def test_assign_bulk(group_file, agent, admin_user, inhabitant):
    other = submitted_application()
    assert services.applications_assign(applications=[group_file, other], agent=admin_user, by=agent) == 2
    group_file.refresh_from_db()
    assert group_file.assigned_agent == admin_user
    with pytest.raises(ValidationError):
        services.applications_assign(applications=[group_file], agent=inhabitant, by=agent)
