"""Hours: logging rules, validation, rejection, bulk validation, the state machine, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.core.models import AuditEntry
from solidaires.volunteering.engagement import services
from solidaires.volunteering.engagement.models import HoursEntry, HoursState
from solidaires.volunteering.missions.models import Mission
from solidaires.volunteering.tests.factories import (
    ActiveEngagementFactory,
    EngagementFactory,
    EngagementMissionFactory,
    HoursEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(association=bicyclette, posted_by=manager)


@pytest.fixture
def engagement(mission, inhabitant):
    return ActiveEngagementFactory(mission=mission, volunteer=inhabitant)


def test_volunteer_logs_hours(engagement, inhabitant):
    entry = services.hours_log(
        engagement=engagement, by=inhabitant, day=timezone.localdate(), minutes=180, note="Tri"
    )
    assert (entry.state, entry.minutes, entry.note) == (HoursState.PENDING, 180, "Tri")
    assert AuditEntry.objects.filter(action="hours.logged", target_id=str(entry.pk)).exists()


def test_hours_on_an_ended_engagement_are_accepted(engagement, inhabitant):
    services.engagement_end(engagement=engagement, by=inhabitant)
    assert services.hours_log(engagement=engagement, by=inhabitant, day=timezone.localdate(), minutes=60)


@pytest.mark.parametrize("state", ["applied", "declined", "withdrawn"])
def test_no_hours_before_being_accepted(mission, inhabitant, state):
    engagement = EngagementFactory(mission=mission, volunteer=inhabitant, state=state)
    with pytest.raises(ValidationError, match="une fois votre candidature acceptée"):
        services.hours_log(engagement=engagement, by=inhabitant, day=timezone.localdate(), minutes=60)


@pytest.mark.parametrize(
    ("days_ago", "minutes", "field"),
    [(-1, 60, "day"), (9, 60, "day"), (0, 0, "minutes"), (0, 24 * 60 + 1, "minutes")],
)
def test_bad_hours_are_refused_in_french(engagement, inhabitant, days_ago, minutes, field):
    # The mission started 7 days ago: 8 days ago is accepted, 9 is not.
    with pytest.raises(ValidationError) as exc:
        services.hours_log(
            engagement=engagement,
            by=inhabitant,
            day=timezone.localdate() - timedelta(days=days_ago),
            minutes=minutes,
        )
    assert field in exc.value.error_dict
    assert not HoursEntry.objects.exists()


def test_the_day_before_the_start_is_accepted(engagement, inhabitant):
    start = timezone.localdate(engagement.mission.starts_at)
    applied(engagement, days_ago=30)
    assert services.hours_log(engagement=engagement, by=inhabitant, day=start - timedelta(days=1), minutes=30)


def test_at_most_24_hours_a_day_across_engagements(engagement, inhabitant, bicyclette):
    other = ActiveEngagementFactory(volunteer=inhabitant)
    today = timezone.localdate()
    services.hours_log(engagement=engagement, by=inhabitant, day=today, minutes=20 * 60)
    with pytest.raises(ValidationError, match="il reste au plus 4 h"):
        services.hours_log(engagement=other, by=inhabitant, day=today, minutes=5 * 60)
    assert services.hours_log(engagement=other, by=inhabitant, day=today, minutes=4 * 60)


def applied(engagement, *, days_ago: int) -> None:
    type(engagement).objects.filter(pk=engagement.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    engagement.refresh_from_db()


def test_flexible_mission_without_start_accepts_any_past_day_since_the_application(
    mission, engagement, inhabitant
):
    Mission.objects.filter(pk=mission.pk).update(starts_at=None, ends_at=None, schedule_kind="flexible")
    applied(engagement, days_ago=400)
    assert services.hours_log(
        engagement=engagement, by=inhabitant, day=timezone.localdate() - timedelta(days=300), minutes=60
    )


def test_only_the_volunteer_logs_hours(engagement, manager, member, agent):
    for user in (manager, member, agent):
        with pytest.raises(PermissionDenied):
            services.hours_log(engagement=engagement, by=user, day=timezone.localdate(), minutes=60)


def test_manager_validates_and_rejects_with_a_reason(engagement, manager):
    first = HoursEntryFactory(engagement=engagement)
    second = HoursEntryFactory(engagement=engagement)
    services.hours_validate(entry=first, by=manager)
    with pytest.raises(ValidationError) as exc:
        services.hours_reject(entry=second, by=manager, reason="")
    assert "reason" in exc.value.error_dict
    services.hours_reject(entry=second, by=manager, reason="Vous n'étiez pas là ce jour-là.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.decided_by) == (HoursState.VALIDATED, manager)
    assert (second.state, second.reject_reason) == (HoursState.REJECTED, "Vous n'étiez pas là ce jour-là.")
    actions = set(
        AuditEntry.objects.filter(target_type="volunteering.hoursentry").values_list("action", flat=True)
    )
    assert {"hours.validated", "hours.rejected"} <= actions


def test_decided_hours_cannot_be_decided_again(engagement, manager):
    entry = HoursEntryFactory(engagement=engagement, state=HoursState.VALIDATED)
    with pytest.raises(ValidationError, match="déjà été traitées"):
        services.hours_validate(entry=entry, by=manager)
    with pytest.raises(ValidationError, match="déjà été traitées"):
        services.hours_reject(entry=entry, by=manager, reason="Non")


@pytest.mark.parametrize("method", ["validate", "reject"])
@pytest.mark.parametrize("state", [s.value for s in HoursState])
def test_hours_state_machine(method, state):
    entry = HoursEntry(state=state)
    if state == HoursState.PENDING:
        getattr(entry, method)()
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(entry, method)()


def test_only_managers_decide_hours(engagement, inhabitant, member, agent):
    entry = HoursEntryFactory(engagement=engagement)
    for user in (inhabitant, member, agent):
        with pytest.raises(PermissionDenied):
            services.hours_validate(entry=entry, by=user)


def test_bulk_validation_skips_what_the_manager_may_not_decide(engagement, manager):
    mine = [HoursEntryFactory(engagement=engagement) for _ in range(3)]
    foreign = HoursEntryFactory()
    done = services.hours_validate_bulk(entries=[*mine, foreign], by=manager)
    assert {e.pk for e in done} == {e.pk for e in mine}
    foreign.refresh_from_db()
    assert foreign.state == HoursState.PENDING


@pytest.mark.parametrize("flexible", [False, True])
def test_no_hours_for_a_day_before_the_application(mission, engagement, inhabitant, flexible):
    """Issue 11: hours could be logged for a day before the application existed (the mission
    had started long before, or had no start at all)."""
    if flexible:
        Mission.objects.filter(pk=mission.pk).update(starts_at=None, ends_at=None, schedule_kind="flexible")
    else:
        Mission.objects.filter(pk=mission.pk).update(starts_at=timezone.now() - timedelta(days=60))
    applied(engagement, days_ago=5)
    applied_on = timezone.localdate() - timedelta(days=5)
    with pytest.raises(ValidationError) as exc:
        services.hours_log(
            engagement=engagement, by=inhabitant, day=applied_on - timedelta(days=1), minutes=60
        )
    assert exc.value.message_dict["day"] == [
        f"Vous avez candidaté le {applied_on:%d/%m/%Y} : indiquez un jour à partir de cette date."
    ]
    assert services.hours_log(engagement=engagement, by=inhabitant, day=applied_on, minutes=60)
