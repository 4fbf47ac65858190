"""The application state machine: its @transition methods are decision 1002's table (written
below as the expected machine); every illegal move raises."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed

from solidaires.core.models import AuditEntry
from solidaires.grants.applications import services
from solidaires.grants.models import Application, ApplicationEvent, ApplicationState
from solidaires.grants.tests.factories import ApplicationFactory

S = ApplicationState

# The expected machine, as decision 1002 writes it: the model declares its transitions once (its
# @transition methods, decision 1027); this test checks them against the decision.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((S.DRAFT,), S.SUBMITTED),
    "start_instruction": ((S.SUBMITTED,), S.INSTRUCTION),
    "request_pieces": ((S.SUBMITTED, S.INSTRUCTION), S.WAITING_PIECES),
    "pieces_supplied": ((S.WAITING_PIECES,), S.INSTRUCTION),
    "declare_ineligible": ((S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES), S.INELIGIBLE),
    "send_to_committee": ((S.INSTRUCTION,), S.COMMITTEE),
    "grant": ((S.COMMITTEE,), S.GRANTED),
    "refuse": ((S.COMMITTEE,), S.REFUSED),
    "postpone": ((S.COMMITTEE,), S.POSTPONED),
    "back_to_committee": ((S.POSTPONED,), S.COMMITTEE),
    "await_report": ((S.GRANTED,), S.REPORT_DUE),
    "submit_report": ((S.GRANTED, S.REPORT_DUE), S.REPORT_RECEIVED),
    "reject_report": ((S.REPORT_RECEIVED,), S.REPORT_DUE),
    "close": ((S.GRANTED, S.REPORT_RECEIVED), S.CLOSED),
    "withdraw": ((S.DRAFT, S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES), S.WITHDRAWN),
}
ARGS = {"submit": {"number": "IC-2026-9999"}, "grant": {"amount_cents": 100_000}}
ALL_STATES = [s.value for s in ApplicationState]


def test_table_matches_the_fsm_methods():
    for name, (sources, target) in TRANSITIONS.items():
        method = getattr(Application, name)
        transitions = {t.source: t.target for t in method._django_fsm.transitions.values()}
        assert set(transitions) == set(sources), name
        assert set(transitions.values()) == {target}, name


def test_every_state_is_reachable_and_every_non_final_state_can_move():
    targets = {target for _sources, target in TRANSITIONS.values()}
    assert set(ALL_STATES) - targets == {"draft"}
    sources = {s for srcs, _t in TRANSITIONS.values() for s in srcs}
    assert set(ALL_STATES) - sources == {"ineligible", "refused", "closed", "withdrawn"}


LEGAL = [(name, source) for name, (sources, _t) in TRANSITIONS.items() for source in sources]
ILLEGAL = [
    (name, state)
    for name, (sources, _t) in TRANSITIONS.items()
    for state in ALL_STATES
    if state not in sources
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_legal_transitions_move_record_and_audit(name, source, agent):
    number = None if source == "draft" else f"IC-2026-{LEGAL.index((name, source)):04d}"
    application = ApplicationFactory(state=source, number=number)
    services.application_move(application=application, by=agent, transition=name, **ARGS.get(name, {}))
    application.refresh_from_db()
    assert application.state == TRANSITIONS[name][1]
    event = ApplicationEvent.objects.get(application=application, action=name)
    assert (event.from_state, event.to_state) == (source, application.state)
    assert event.on_behalf is True  # an agent who is not a member acts for the applicant
    assert AuditEntry.objects.filter(
        action=f"grant_application.{name}", target_id=str(application.pk)
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state"), ILLEGAL)
def test_illegal_transitions_raise_and_change_nothing(name, state, agent):
    number = None if state == "draft" else "IC-2026-0001"
    application = ApplicationFactory(state=state, number=number)
    with pytest.raises(ValidationError):
        services.application_move(application=application, by=agent, transition=name, **ARGS.get(name, {}))
    application.refresh_from_db()
    assert application.state == state
    assert not ApplicationEvent.objects.filter(application=application, action=name).exists()
    # Directly on the model too: django-fsm refuses.
    with pytest.raises(TransitionNotAllowed):
        getattr(application, name)(**ARGS.get(name, {}))


@pytest.mark.django_db
def test_clock_pauses_while_waiting_for_pieces(agent):
    application = ApplicationFactory(state="instruction", number="IC-2026-0001")
    services.application_move(application=application, by=agent, transition="request_pieces")
    assert application.clock_paused_at is not None
    services.application_move(application=application, by=agent, transition="pieces_supplied")
    assert application.clock_paused_at is None
    assert application.paused_seconds >= 0


@pytest.mark.django_db
def test_clock_pause_adds_up_the_days_waited_for_pieces(agent):
    """The pause is measured with a clock that moves: 3 days waiting, then 2 more days."""
    application = ApplicationFactory(state="instruction", number="IC-2026-0001")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        services.application_move(application=application, by=agent, transition="request_pieces")
        clock.shift(dt.timedelta(days=3))
        services.application_move(application=application, by=agent, transition="pieces_supplied")
        application.refresh_from_db()
        assert application.paused_seconds == 3 * 86400
        clock.shift(dt.timedelta(days=10))  # under instruction again: the clock runs
        services.application_move(application=application, by=agent, transition="request_pieces")
        clock.shift(dt.timedelta(days=2))
        services.application_move(application=application, by=agent, transition="declare_ineligible")
    application.refresh_from_db()
    assert application.clock_paused_at is None
    assert application.paused_seconds == 5 * 86400


@pytest.mark.django_db
def test_grant_sets_amount_and_partial_flag(agent):
    application = ApplicationFactory(state="committee", number="IC-2026-0001", amount_requested_cents=400_000)
    services.application_move(application=application, by=agent, transition="grant", amount_cents=300_000)
    assert application.amount_granted_cents == 300_000
    assert application.is_partial_grant
    assert application.decided_at is not None


@pytest.mark.django_db
def test_unknown_transition_is_a_programming_error(agent):
    with pytest.raises(ValueError):
        services.application_move(application=ApplicationFactory(), by=agent, transition="teleport")


@pytest.mark.django_db
def test_timeline_is_append_only(agent):
    application = ApplicationFactory(state="submitted", number="IC-2026-0001")
    services.application_move(application=application, by=agent, transition="start_instruction")
    event = application.events.get()
    event.note = "changed"
    with pytest.raises(PermissionError):
        event.save()
