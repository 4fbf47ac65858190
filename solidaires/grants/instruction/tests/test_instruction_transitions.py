"""Every instruction service refuses a file in a state its transition does not start from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from solidaires.grants.instruction import services
from solidaires.grants.models import ApplicationEvent
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.tests.factories import committee_session, submitted_application

pytestmark = pytest.mark.django_db

ALL = [s for s in S.values if s != S.DRAFT]


def _start(application, agent, session):
    services.application_start_instruction(application=application, by=agent)


def _pieces(application, agent, session):
    services.pieces_request(
        application=application,
        message="Le devis",
        due_on=timezone.localdate() + dt.timedelta(days=5),
        by=agent,
    )


def _ineligible(application, agent, session):
    services.application_declare_ineligible(application=application, reason="Hors territoire", by=agent)


def _committee(application, agent, session):
    services.application_send_to_committee(application=application, session=session, by=agent)


def _decide(application, agent, session):
    session.applications.add(application)
    services.decision_record(
        application=application, session=session, outcome="refused", reason="Non", by=agent
    )


def _close(application, agent, session):
    services.application_close(application=application, by=agent)


CASES = [
    (_start, {S.SUBMITTED}),
    (_pieces, {S.SUBMITTED, S.INSTRUCTION}),
    (_ineligible, {S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES}),
    (_committee, {S.INSTRUCTION, S.POSTPONED}),
    (_decide, {S.COMMITTEE}),
    (_close, {S.GRANTED, S.REPORT_RECEIVED}),
]


@pytest.mark.parametrize(("action", "allowed"), CASES, ids=[c[0].__name__ for c in CASES])
@pytest.mark.parametrize("state", ALL)
def test_instruction_moves_only_from_their_sources(agent, action, allowed, state):
    application = submitted_application(state=state)
    session = committee_session(scheme=application.scheme, members=[agent])
    events_before = ApplicationEvent.objects.filter(application=application).count()
    if state in allowed:
        action(application, agent, session)
        application.refresh_from_db()
        assert application.state != state
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            action(application, agent, session)
        application.refresh_from_db()
        assert application.state == state
        assert ApplicationEvent.objects.filter(application=application).count() == events_before
