"""Committee sessions and payments: their moves are the models' @transition methods (decision 1027)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from solidaires.grants.instruction import services
from solidaires.grants.models import ApplicationState, Payment
from solidaires.grants.tests.factories import SchemeFactory, committee_session, submitted_application

pytestmark = pytest.mark.django_db

SESSION_STATES = ["planned", "scoring", "closed"]
SESSION_MOVES = {("planned", "scoring"), ("scoring", "planned"), ("scoring", "closed")}


@pytest.mark.parametrize("source", SESSION_STATES)
@pytest.mark.parametrize("target", SESSION_STATES)
def test_session_moves_only_along_its_transitions(source, target, agent):
    session = committee_session(scheme=SchemeFactory(), members=[agent], state=source)
    if (source, target) in SESSION_MOVES:
        services.session_set_state(session=session, state=target, by=agent)
        session.refresh_from_db()
        assert session.state == target
    else:
        with pytest.raises(ValidationError):
            services.session_set_state(session=session, state=target, by=agent)
        session.refresh_from_db()
        assert session.state == source


def test_a_closed_session_refuses_every_transition(agent):
    session = committee_session(scheme=SchemeFactory(), members=[agent], state="closed")
    for name in ("open_scoring", "suspend_scoring", "close"):
        with pytest.raises(TransitionNotAllowed):
            getattr(session, name)()


def test_a_payment_is_paid_once_and_only_when_due(agent):
    application = submitted_application(state=ApplicationState.GRANTED)
    today = timezone.localdate()
    payment = Payment.objects.create(
        application=application, label="Solde", position=9, year=today.year, amount_cents=10_000
    )
    assert not can_proceed(payment.mark_paid)  # no due date yet
    with pytest.raises(TransitionNotAllowed):
        payment.mark_paid(paid_on=today, by=agent)
    payment.due_on = today
    assert can_proceed(payment.mark_paid)
    payment.mark_paid(paid_on=today, by=agent)
    assert (payment.state, payment.paid_on, payment.paid_by) == ("paid", today, agent)
    with pytest.raises(TransitionNotAllowed):
        payment.mark_paid(paid_on=today, by=agent)
