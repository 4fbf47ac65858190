"""Mission services: the state machine, audit, fullness, expiry, on-behalf posting and take-over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.accounts.tests.factories import UserFactory
from solidaires.core.models import AuditEntry
from solidaires.moderation import services as moderation
from solidaires.volunteering.missions import schedule, services
from solidaires.volunteering.missions.models import ConsentMethod, Mission, MissionState
from solidaires.volunteering.missions.tasks import expire_missions
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db

ALL_STATES = [s.value for s in MissionState]
# (transition method, allowed sources)
TRANSITIONS = {
    "publish": {"draft"},
    "mark_full": {"published"},
    "reopen": {"full"},
    "close": {"draft", "published", "full"},
    "expire": {"published", "full"},
}


def _data(commune, **overrides):
    data = {
        "title": "Collecte de jouets",
        "description": "Trier les jouets donnés.",
        "themes": ["solidarite-internationale"],
        "communes": [commune.insee],
        "schedule_kind": "one_off",
        "starts_at": timezone.now() + timedelta(days=5),
        "ends_at": timezone.now() + timedelta(days=5, hours=2),
        "volunteers_wanted": 2,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("method", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", ALL_STATES)
def test_every_transition_from_every_state(method, state, romans):
    mission = MissionFactory(state=state, communes=[romans])
    if state in TRANSITIONS[method]:
        getattr(mission, method)()
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(mission, method)()


def test_publish_twice_is_a_french_error(manager, bicyclette, romans):
    mission = services.mission_create(by=manager, data=_data(romans), association=bicyclette, publish=True)
    assert mission.state == MissionState.PUBLISHED
    with pytest.raises(ValidationError, match="Seul un brouillon"):
        services.mission_publish(mission=mission, by=manager)


def test_every_move_is_audited(manager, agent, bicyclette, romans):
    mission = services.mission_create(by=manager, data=_data(romans), association=bicyclette)
    services.mission_publish(mission=mission, by=manager)
    services.mission_hide(mission=mission, by=agent, reason="Doublon")
    services.mission_unhide(mission=mission, by=agent)
    services.mission_close(mission=mission, by=manager)
    actions = list(
        AuditEntry.objects.filter(target_id=str(mission.pk), target_type="volunteering.mission")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "mission.created",
        "mission.published",
        "mission.hidden",
        "mission.unhidden",
        "mission.closed",
    ]
    published = AuditEntry.objects.get(action="mission.published", target_id=str(mission.pk))
    assert published.before == {"state": "draft"} and published.after == {"state": "published"}
    assert published.actor == manager


def test_only_posters_managers_agents_change(member, inhabitant, manager, agent, bicyclette, romans):
    mission = MissionFactory(association=bicyclette, posted_by=manager, communes=[romans])
    for outsider in (member, inhabitant):
        with pytest.raises(PermissionDenied):
            services.mission_close(mission=mission, by=outsider)
        with pytest.raises(PermissionDenied):
            services.mission_hide(mission=mission, by=outsider, reason="x")
    with pytest.raises(PermissionDenied):
        services.mission_hide(mission=mission, by=manager, reason="x")
    services.mission_close(mission=mission, by=agent)


def test_unverified_email_cannot_post(romans):
    user = UserFactory(verified=False)
    with pytest.raises(PermissionDenied):
        services.mission_create(by=user, data={**_data(romans), "group_name": "Collectif"})


def test_service_rejects_bad_input(inhabitant, romans):
    cases = [
        ({"starts_at": timezone.now() - timedelta(days=1), "ends_at": None}, "starts_at"),
        ({"ends_at": timezone.now() + timedelta(days=4)}, "ends_at"),
        ({"volunteers_wanted": 0}, "volunteers_wanted"),
        ({"title": "x" * 201}, "title"),
        ({"communes": ["99999"]}, "communes"),
        ({"communes": [], "is_remote": False}, "communes"),
        (
            {
                "schedule_kind": "recurring",
                "weekly_slots": [{"weekday": 9, "start": "10:00", "end": "09:00"}],
            },
            "weekly_slots",
        ),
    ]
    for overrides, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.mission_create(
                by=inhabitant, data={**_data(romans), "group_name": "Collectif", **overrides}
            )
        assert field in exc.value.message_dict, (overrides, exc.value.message_dict)
    assert not Mission.objects.exists()


def test_hide_needs_reason_and_unhide_needs_hidden(agent, romans):
    mission = MissionFactory(communes=[romans])
    with pytest.raises(ValidationError):
        services.mission_hide(mission=mission, by=agent, reason="  ")
    with pytest.raises(ValidationError):
        services.mission_unhide(mission=mission, by=agent)
    services.mission_hide(mission=mission, by=agent, reason="Contenu commercial")
    with pytest.raises(ValidationError):
        services.mission_hide(mission=mission, by=agent, reason="encore")
    assert not Mission.objects.published().filter(pk=mission.pk).exists()


def test_refresh_fullness_without_engagements_keeps_state(romans):
    mission = MissionFactory(communes=[romans], volunteers_wanted=1)
    services.mission_refresh_fullness(mission)
    mission.refresh_from_db()
    assert mission.state == MissionState.PUBLISHED


def test_refresh_fullness_with_engagements(romans):
    from solidaires.volunteering.engagement.models import Engagement

    mission = MissionFactory(communes=[romans], volunteers_wanted=1)
    volunteer = UserFactory()
    engagement = Engagement.objects.create(mission=mission, volunteer=volunteer, state="active")
    services.mission_refresh_fullness(mission)
    mission.refresh_from_db()
    assert mission.state == MissionState.FULL
    assert mission in Mission.objects.published() and mission not in Mission.objects.open()
    Engagement.objects.filter(pk=engagement.pk).update(state="withdrawn")
    services.mission_refresh_fullness(mission)
    mission.refresh_from_db()
    assert mission.state == MissionState.PUBLISHED
    assert AuditEntry.objects.filter(action="mission.full").exists()
    assert AuditEntry.objects.filter(action="mission.reopened").exists()


def test_expire_task_is_idempotent(romans):
    past = timezone.now() - timedelta(days=2)
    due = MissionFactory(communes=[romans], starts_at=past - timedelta(hours=3), ends_at=past)
    full_due = MissionFactory(
        communes=[romans], starts_at=past - timedelta(hours=3), ends_at=past, state="full"
    )
    future = MissionFactory(communes=[romans])
    draft = MissionFactory(
        communes=[romans], starts_at=past - timedelta(hours=3), ends_at=past, state="draft"
    )
    flexible = MissionFactory(communes=[romans], schedule_kind="flexible", starts_at=None, ends_at=None)
    assert expire_missions.call() == 2
    assert expire_missions.call() == 0
    states = dict(Mission.objects.values_list("pk", "state"))
    assert states[due.pk] == states[full_due.pk] == "expired"
    assert states[future.pk] == "published"
    assert states[draft.pk] == "draft"
    assert states[flexible.pk] == "published"
    assert AuditEntry.objects.filter(action="mission.expired", actor__isnull=True).count() == 2


def test_on_behalf_and_take_over(agent, inhabitant, romans):
    mission, code = services.mission_create_on_behalf(
        by=agent,
        data=_data(romans),
        on_behalf_name="Josiane",
        consent_method=ConsentMethod.PHONE,
        publish=True,
    )
    assert mission.contact == agent
    assert mission.consent_recorded_at is not None
    assert code not in mission.handover_code_hash
    assert mission.handover_code_hash == services.handover_hash(code)
    assert mission.organiser_name == "Josiane"
    with pytest.raises(ValidationError):
        services.mission_take_over(code="AAAAA-BBBBB", by=inhabitant)
    taken = services.mission_take_over(code=code.lower(), by=inhabitant)
    assert taken.posted_by == inhabitant and taken.contact == inhabitant
    assert taken.handover_code_hash == ""
    # one-time
    with pytest.raises(ValidationError):
        services.mission_take_over(code=code, by=inhabitant)


@pytest.mark.parametrize(
    ("name", "method", "field"),
    [
        ("", "phone", "on_behalf_name"),
        ("Josiane Dupont", "phone", "on_behalf_name"),
        ("Josiane", "mail", "consent_method"),
    ],
)
def test_on_behalf_requires_first_name_and_consent(agent, romans, name, method, field):
    with pytest.raises(ValidationError) as exc:
        services.mission_create_on_behalf(
            by=agent, data=_data(romans), on_behalf_name=name, consent_method=method
        )
    assert field in exc.value.message_dict


def test_only_agents_post_on_behalf(manager, romans):
    with pytest.raises(PermissionDenied):
        services.mission_create_on_behalf(
            by=manager, data=_data(romans), on_behalf_name="Jo", consent_method="phone"
        )


def test_report_once(inhabitant, romans):
    """Reports about missions are the platform's (decision 0828): one open per person."""
    mission = MissionFactory(communes=[romans])
    moderation.report_create(by=inhabitant, target=mission, reason="scam", details="Arnaque")
    with pytest.raises(ValidationError, match="déjà signalé"):
        moderation.report_create(by=inhabitant, target=mission, reason="scam", details="Arnaque")


def test_poster_cannot_report_own(manager, bicyclette, romans):
    mission = MissionFactory(association=bicyclette, posted_by=manager, communes=[romans])
    with pytest.raises(ValidationError, match="propre contenu"):
        moderation.report_create(by=manager, target=mission, reason="other", details="x")


# Pure schedule formatting ------------------------------------------------------------------


def test_schedule_french():
    from datetime import datetime

    start = datetime(2026, 3, 3, 14, 0)
    assert schedule.one_off(start, start.replace(hour=17)) == "mardi 3 mars, 14 h – 17 h"
    assert (
        schedule.one_off(start, start.replace(hour=17, minute=30), this_year=2025)
        == "mardi 3 mars 2026, 14 h – 17 h 30"
    )
    assert (
        schedule.one_off(datetime(2026, 5, 1, 9), datetime(2026, 5, 2, 12))
        == "du vendredi 1er mai, 9 h au samedi 2 mai, 12 h"
    )
    assert schedule.weekly_slot({"weekday": 1, "start": "14:00", "end": "17:00"}) == "le mardi de 14 h à 17 h"
    assert schedule.weekly_slots(
        [
            {"weekday": 4, "start": "09:30", "end": "11:00"},
            {"weekday": 0, "start": "18:00", "end": "20:00"},
            {"weekday": 2, "start": "18:00", "end": "17:00"},
        ]
    ) == ["le lundi de 18 h à 20 h", "le vendredi de 9 h 30 à 11 h"]
    assert schedule.join_fr(["a", "b", "c"]) == "a, b et c"
    assert schedule.parse_hhmm("25:00") is None
