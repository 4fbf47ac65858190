"""Decisions: full, partial, refused, postponed; the envelope; illegal moves; the letter."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from solidaires.grants.instruction import letters, services
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.models import Decision, Payment
from solidaires.grants.tests.factories import committee_session, envelope, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(agent):
    application = submitted_application(state=S.COMMITTEE)
    session = committee_session(scheme=application.scheme, members=[agent])
    session.applications.add(application)
    return application, session


def test_granted_full_takes_the_requested_amount(setup, agent):
    application, session = setup
    decision = services.decision_record(
        application=application, session=session, outcome="granted_full", by=agent
    )
    assert decision.amount_cents == application.amount_requested_cents == 400_000
    assert [p.amount_cents for p in Payment.objects.filter(application=application)] == [320_000, 80_000]


@pytest.mark.parametrize(
    ("outcome", "amount", "reason", "field"),
    [
        ("granted_partial", None, "x", "amount"),
        ("granted_partial", 400_000, "x", "amount"),
        ("granted_partial", 100_000, "", "reason"),
        ("refused", None, "", "reason"),
        ("bogus", None, "", "outcome"),
    ],
)
def test_bad_decisions_rejected_in_french(setup, agent, outcome, amount, reason, field):
    application, session = setup
    with pytest.raises(ValidationError) as exc:
        services.decision_record(
            application=application,
            session=session,
            outcome=outcome,
            amount_cents=amount,
            reason=reason,
            by=agent,
        )
    assert field in exc.value.error_dict
    application.refresh_from_db()
    assert application.state == S.COMMITTEE
    assert not Decision.objects.exists()


def test_envelope_cannot_be_exceeded(setup, agent):
    application, session = setup
    envelope(application.scheme, 300_000, year=session.year)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(application=application, session=session, outcome="granted_full", by=agent)
    assert "enveloppe" in str(exc.value)
    services.decision_record(
        application=application,
        session=session,
        outcome="granted_partial",
        amount_cents=300_000,
        reason="Enveloppe",
        by=agent,
    )


def test_refused_and_postponed(setup, agent):
    application, session = setup
    services.decision_record(application=application, session=session, outcome="postponed", by=agent)
    application.refresh_from_db()
    assert application.state == S.POSTPONED
    # Back to a later session, then refused.
    later = committee_session(scheme=application.scheme, members=[agent])
    services.application_send_to_committee(application=application, session=later, by=agent)
    services.decision_record(
        application=application, session=later, outcome="refused", reason="Hors sujet", by=agent
    )
    application.refresh_from_db()
    assert application.state == S.REFUSED
    assert application.decisions.count() == 2
    assert not Payment.objects.filter(application=application).exists()


@pytest.mark.parametrize("state", [S.SUBMITTED, S.INSTRUCTION, S.GRANTED, S.REFUSED, S.CLOSED, S.POSTPONED])
def test_decision_only_from_committee(agent, state):
    application = submitted_application(state=state)
    session = committee_session(scheme=application.scheme, members=[agent])
    session.applications.add(application)
    with pytest.raises(ValidationError):
        services.decision_record(
            application=application, session=session, outcome="refused", reason="Non", by=agent
        )
    application.refresh_from_db()
    assert application.state == state


def test_only_agents_decide(setup, elected):
    application, session = setup
    with pytest.raises(PermissionDenied):
        services.decision_record(
            application=application, session=session, outcome="refused", reason="x", by=elected
        )


def test_letter_is_a_tagged_pdf(setup, agent):
    application, session = setup
    decision = services.decision_record(
        application=application,
        session=session,
        outcome="granted_partial",
        amount_cents=250_000,
        reason="Budget réduit",
        by=agent,
    )
    pdf = letters.decision_letter(decision)
    assert pdf.startswith(b"%PDF")
    assert b"/Lang" in pdf
    assert b"/Title" in pdf
    services.decision_letter_mark(decision)
    decision.refresh_from_db()
    assert decision.letter_generated_at is not None
