"""Engagement services: applying, the state machine, permissions, threads, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.accounts.tests.factories import UserFactory
from solidaires.core.models import AuditEntry
from solidaires.volunteering.engagement import services
from solidaires.volunteering.engagement.models import Engagement, EngagementState, EngagementTransition
from solidaires.volunteering.missions.models import Mission, MissionState
from solidaires.volunteering.tests.factories import EngagementFactory, EngagementMissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(association=bicyclette, posted_by=manager, title="Atelier réparation")


def set_state(mission, state, **extra):
    Mission.objects.filter(pk=mission.pk).update(state=state, **extra)
    mission.refresh_from_db()


def test_apply_creates_an_engagement_a_transition_an_audit_entry_and_a_thread(mission, inhabitant, manager):
    engagement = services.engagement_apply(mission=mission, volunteer=inhabitant, message="  Bonjour !  ")
    assert engagement.state == EngagementState.APPLIED
    assert engagement.message == "Bonjour !"
    step = EngagementTransition.objects.get(engagement=engagement)
    assert (step.by, step.from_state, step.to_state) == (inhabitant, "", "applied")
    assert AuditEntry.objects.filter(action="engagement.applied", target_id=str(engagement.pk)).exists()
    from solidaires.messaging.selectors import threads_about

    thread = threads_about(engagement, inhabitant).get()
    assert list(thread.messages.values_list("body", flat=True)) == ["Bonjour !"]
    # The association's managers take part in the thread.
    assert threads_about(engagement, manager).exists()


@pytest.mark.parametrize("message", ["", "Bonjour, je suis disponible"])
def test_apply_sends_one_email_to_the_managers(
    mission, inhabitant, mailoutbox, django_capture_on_commit_callbacks, message
):
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_apply(mission=mission, volunteer=inhabitant, message=message)
    # With a message, the messaging app's notification of the first message is the one e-mail.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sami@bicyclette.exemple.fr"]
    assert "disponible" not in mailoutbox[0].body  # a link, not the content


def test_applying_twice_is_refused(mission, inhabitant):
    services.engagement_apply(mission=mission, volunteer=inhabitant)
    with pytest.raises(ValidationError, match="déjà proposé votre aide"):
        services.engagement_apply(mission=mission, volunteer=inhabitant)


def test_applying_again_after_withdrawing_is_allowed(mission, inhabitant):
    first = services.engagement_apply(mission=mission, volunteer=inhabitant)
    services.engagement_withdraw(engagement=first, by=inhabitant)
    second = services.engagement_apply(mission=mission, volunteer=inhabitant)
    assert second.pk != first.pk


@pytest.mark.parametrize(
    ("state", "hidden", "words"),
    [
        (MissionState.FULL, False, "tous ses bénévoles"),
        (MissionState.CLOSED, False, "terminée"),
        (MissionState.EXPIRED, False, "passée"),
        (MissionState.DRAFT, False, "n'accepte pas"),
        (MissionState.PUBLISHED, True, "n'accepte pas"),
    ],
)
def test_applying_to_a_mission_not_open_is_refused(mission, inhabitant, state, hidden, words):
    set_state(mission, state, hidden_at=timezone.now() if hidden else None)
    with pytest.raises(ValidationError, match=words):
        services.engagement_apply(mission=mission, volunteer=inhabitant)
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("who", ["manager", "poster"])
def test_applying_to_ones_own_mission_is_refused(mission, manager, who):
    user = manager if who == "manager" else UserFactory()
    if who == "poster":
        Mission.objects.filter(pk=mission.pk).update(posted_by=user, contact=user)
        mission.refresh_from_db()
    with pytest.raises(ValidationError, match="que vous gérez"):
        services.engagement_apply(mission=mission, volunteer=user)


def test_anonymous_cannot_apply(mission):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.engagement_apply(mission=mission, volunteer=AnonymousUser())


def test_too_long_message_is_refused(mission, inhabitant):
    with pytest.raises(ValidationError) as exc:
        services.engagement_apply(mission=mission, volunteer=inhabitant, message="x" * 2001)
    assert "message" in exc.value.error_dict


def _born(user, year):
    user.profile.birth_year = year
    user.profile.save()


def test_min_age_and_parental_consent(mission, inhabitant):
    this_year = timezone.localdate().year
    Mission.objects.filter(pk=mission.pk).update(min_age=18, parental_consent_below_18=False)
    mission.refresh_from_db()
    _born(inhabitant, this_year - 16)
    with pytest.raises(ValidationError, match="à partir de 18 ans"):
        services.engagement_apply(mission=mission, volunteer=inhabitant)
    Mission.objects.filter(pk=mission.pk).update(parental_consent_below_18=True)
    mission.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.engagement_apply(mission=mission, volunteer=inhabitant)
    assert "parental_consent" in exc.value.error_dict
    engagement = services.engagement_apply(mission=mission, volunteer=inhabitant, parental_consent=True)
    assert engagement.parental_consent is True


def test_unknown_birth_year_must_confirm_the_age(mission, inhabitant):
    Mission.objects.filter(pk=mission.pk).update(min_age=16)
    mission.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.engagement_apply(mission=mission, volunteer=inhabitant)
    assert "age_confirmed" in exc.value.error_dict
    assert services.engagement_apply(mission=mission, volunteer=inhabitant, age_confirmed=True)


# State machine ---------------------------------------------------------------------------------

MOVES = {
    "accept": {"applied"},
    "decline": {"applied"},
    "withdraw": {"applied"},
    "end": {"active"},
}


@pytest.mark.parametrize("method", sorted(MOVES))
@pytest.mark.parametrize("state", [s.value for s in EngagementState])
def test_every_illegal_transition_raises(method, state):
    engagement = Engagement(state=state)
    if state in MOVES[method]:
        getattr(engagement, method)()
        assert engagement.state != state
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(engagement, method)()


@pytest.mark.parametrize("state", ["declined", "withdrawn", "ended", "active"])
def test_services_refuse_illegal_moves_in_french(state, mission, manager):
    engagement = EngagementFactory(mission=mission, state=state)
    with pytest.raises(ValidationError, match="déjà reçu une réponse"):
        services.engagement_accept(engagement=engagement, by=manager)
    with pytest.raises(ValidationError, match="déjà reçu une réponse"):
        services.engagement_decline(engagement=engagement, by=manager, reason="Complet")
    if state != "active":
        with pytest.raises(ValidationError, match="en cours"):
            services.engagement_end(engagement=engagement, by=manager)
    engagement.refresh_from_db()
    assert engagement.state == state


def test_accept_decline_end_are_recorded(mission, manager, inhabitant):
    engagement = services.engagement_apply(mission=mission, volunteer=inhabitant)
    services.engagement_accept(engagement=engagement, by=manager)
    services.engagement_end(engagement=engagement, by=inhabitant)
    steps = list(
        EngagementTransition.objects.filter(engagement=engagement).values_list("from_state", "to_state", "by")
    )
    assert steps == [
        ("", "applied", inhabitant.pk),
        ("applied", "active", manager.pk),
        ("active", "ended", inhabitant.pk),
    ]
    engagement.refresh_from_db()
    assert engagement.answered_at is not None and engagement.ended_at is not None
    actions = set(AuditEntry.objects.filter(target_id=str(engagement.pk)).values_list("action", flat=True))
    assert {"engagement.applied", "engagement.accepted", "engagement.ended"} <= actions


def test_decline_needs_a_reason_shown_to_the_volunteer(mission, manager, inhabitant):
    engagement = services.engagement_apply(mission=mission, volunteer=inhabitant)
    with pytest.raises(ValidationError) as exc:
        services.engagement_decline(engagement=engagement, by=manager, reason="   ")
    assert "reason" in exc.value.error_dict
    services.engagement_decline(engagement=engagement, by=manager, reason="La mission est complète.")
    engagement.refresh_from_db()
    assert engagement.state == "declined"
    assert engagement.decline_reason == "La mission est complète."


def test_only_managers_decide_and_only_the_volunteer_withdraws(mission, manager, member, inhabitant, agent):
    engagement = services.engagement_apply(mission=mission, volunteer=inhabitant)
    for user in (member, inhabitant, agent):
        with pytest.raises(PermissionDenied):
            services.engagement_accept(engagement=engagement, by=user)
    for user in (member, manager, agent):
        with pytest.raises(PermissionDenied):
            services.engagement_withdraw(engagement=engagement, by=user)


def test_accepting_the_last_place_marks_the_mission_full(mission, manager):
    Mission.objects.filter(pk=mission.pk).update(volunteers_wanted=1)
    engagement = EngagementFactory(mission=mission)
    services.engagement_accept(engagement=engagement, by=manager)
    mission.refresh_from_db()
    assert mission.state == MissionState.FULL
    services.engagement_end(engagement=engagement, by=manager)
    mission.refresh_from_db()
    assert mission.state == MissionState.PUBLISHED


def test_mission_without_association_is_answered_by_its_poster(inhabitant):
    poster = UserFactory()
    mission = EngagementMissionFactory(association=None, group_name="Voisins du Polygone", posted_by=poster)
    engagement = services.engagement_apply(mission=mission, volunteer=inhabitant, message="Je peux venir")
    services.engagement_accept(engagement=engagement, by=poster)
    from solidaires.messaging.selectors import threads_about

    assert threads_about(engagement, poster).exists()


# Responsiveness ---------------------------------------------------------------------------------


def _age(engagement, days):
    Engagement.objects.filter(pk=engagement.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_reminder_after_5_days_once(mission, mailoutbox):
    from solidaires.volunteering.engagement.tasks import remind_unanswered_applications

    fresh = EngagementFactory(mission=mission)
    old = EngagementFactory(mission=mission)
    answered = EngagementFactory(mission=mission, state="active")
    _age(fresh, 4)
    _age(old, 6)
    _age(answered, 8)
    assert remind_unanswered_applications.call() == 1
    assert len(mailoutbox) == 1
    assert "attend votre réponse depuis 6 jours" in mailoutbox[0].body
    old.refresh_from_db()
    assert old.reminded_at is not None
    assert remind_unanswered_applications.call() == 0  # once
    assert len(mailoutbox) == 1


def test_agents_queue_lists_applications_unanswered_10_days(mission):
    from solidaires.volunteering.engagement.selectors import agents_unanswered

    nine = EngagementFactory(mission=mission)
    ten = EngagementFactory(mission=mission)
    _age(nine, 9)
    _age(ten, 10)
    assert list(agents_unanswered()) == [ten]


def test_response_time_median_over_12_months(bicyclette, mission):
    from solidaires.volunteering.engagement.selectors import association_response_time, refresh_response_times

    now = timezone.now()
    for days in (1, 2, 3):
        e = EngagementFactory(mission=mission, state="active")
        Engagement.objects.filter(pk=e.pk).update(
            created_at=now - timedelta(days=30), answered_at=now - timedelta(days=30 - days)
        )
    old = EngagementFactory(mission=mission, state="active")
    Engagement.objects.filter(pk=old.pk).update(
        created_at=now - timedelta(days=400), answered_at=now - timedelta(days=300)
    )
    assert association_response_time(bicyclette).label == ""  # not computed yet: nothing shown
    assert refresh_response_times() == 1
    result = association_response_time(bicyclette)
    assert result.sample_size == 3
    assert result.label == "Répond en général sous 2 jours"


def test_an_answer_refreshes_the_response_time(
    mission, manager, bicyclette, django_capture_on_commit_callbacks
):
    from solidaires.volunteering.engagement.selectors import association_response_time

    engagements = [EngagementFactory(mission=mission) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for engagement in engagements:
            services.engagement_accept(engagement=engagement, by=manager)
    assert association_response_time(bicyclette).label == "Répond en général en moins d'un jour"
