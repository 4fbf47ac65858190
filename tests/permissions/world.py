"""The objects the permission grid's URLs point at, built once per module (see conftest.py).

The personas are the root conftest's (``make_*``). Private objects belong to Camille (the
inhabitant) or to La Bicyclette Bleue (Sami manages it, Lou is a plain member); the grants
committee seats Nadia (agent) and Paul (elected official).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from conftest import (
    make_admin_user,
    make_agent,
    make_agent_no_2fa,
    make_bicyclette,
    make_elected,
    make_inhabitant,
    make_manager,
    make_member,
    make_romans,
    make_valence,
)

World = dict[str, Any]


def build_world() -> World:
    from django.contrib.contenttypes.models import ContentType

    from solidaires.accounts.tests.factories import UserFactory
    from solidaires.associations.models import AssociationStatus, Claim
    from solidaires.associations.tests.factories import AssociationFactory
    from solidaires.events.agenda.models import EventState
    from solidaires.events.officehours.models import OfficeHoursException
    from solidaires.events.tests.factories import (
        BookingFactory,
        EventFactory,
        OfficeHoursFactory,
        RegistrationFactory,
    )
    from solidaires.grants.instruction import services as instruction_services
    from solidaires.grants.models import ApplicationState, ChecklistItem, Payment
    from solidaires.grants.tests.factories import (
        ApplicationFactory,
        GroupApplicantFactory,
        VaultDocumentFactory,
        committee_session,
        submitted_application,
    )
    from solidaires.messaging.tests.factories import make_thread
    from solidaires.moderation.models import ActionKind, Contest, ModerationAction
    from solidaires.moderation.tests.factories import BlockFactory
    from solidaires.mutualaid.tests.factories import MutualAidPostFactory, ReportFactory
    from solidaires.territory.models import PlaceStatus
    from solidaires.territory.tests.factories import PlaceFactory
    from solidaires.volunteering.models import MissionState, SavedSearch
    from solidaires.volunteering.tests.factories import (
        ActiveEngagementFactory,
        EngagementFactory,
        HoursEntryFactory,
        MissionFactory,
        MissionProposalFactory,
        OfferFactory,
    )

    w: World = {}
    w["valence"] = make_valence()
    w["romans"] = romans = make_romans()
    w["inhabitant"] = inhabitant = make_inhabitant()
    w["bicyclette"] = bicyclette = make_bicyclette(romans)
    w["manager"] = manager = make_manager(bicyclette)
    w["member"] = member = make_member(bicyclette)
    w["agent_no_2fa"] = make_agent_no_2fa()
    w["agent"] = agent = make_agent()
    w["elected"] = elected = make_elected()
    w["admin_user"] = make_admin_user()
    other = UserFactory(email="dominique@exemple.fr", display_name="Dominique")
    w["other"] = other

    # Associations: a pending one (agents decide), a claim on the verified one.
    w["pending_association"] = AssociationFactory(
        name="Les Jardins Partagés", slug="les-jardins-partages", status=AssociationStatus.PENDING
    )
    w["claim"] = Claim.objects.create(association=bicyclette, user=other, message="Je la préside.")

    # Places: verified (public), pending and archived (agents only).
    w["place"] = place = PlaceFactory(name="Maison citoyenne de Romans", slug="maison-romans", commune=romans)
    w["pending_place"] = PlaceFactory(slug="lieu-a-verifier", status=PlaceStatus.PENDING, commune=romans)
    w["archived_place"] = PlaceFactory(slug="lieu-archive", status=PlaceStatus.ARCHIVED, commune=romans)

    # Missions of La Bicyclette Bleue: published, hidden; a volunteer offer of Camille's.
    w["mission"] = mission = MissionFactory(
        title="Réparer des vélos", association=bicyclette, posted_by=manager, communes=[romans]
    )
    w["hidden_mission"] = MissionFactory(
        association=bicyclette,
        posted_by=manager,
        communes=[romans],
        hidden_at=timezone.now(),
        state=MissionState.PUBLISHED,
    )
    w["offer"] = offer = OfferFactory(person=inhabitant, home_commune=romans)
    w["engagement"] = EngagementFactory(mission=mission, volunteer=inhabitant)
    active = ActiveEngagementFactory(
        mission=MissionFactory(association=bicyclette, posted_by=manager), volunteer=other
    )
    w["active_engagement"] = active
    w["hours"] = HoursEntryFactory(engagement=active)
    w["proposal"] = MissionProposalFactory(offer=offer, mission=mission)
    w["saved_search"] = SavedSearch.objects.create(user=inhabitant, name="Vélos", query_string="q=velo")

    # Mutual aid: Camille's post, a report about it.
    w["post"] = post = MutualAidPostFactory(author=inhabitant, commune=romans)
    w["report"] = ReportFactory(reporter=other, target=post)
    w["mission_report"] = ReportFactory(reporter=other, target=mission, reported_user=manager)
    w["hidden_post"] = MutualAidPostFactory(author=other, commune=romans, hidden_at=timezone.now())
    # A post of Camille's hidden by Nadia, and Camille's contest of that decision (decision 1120).
    own_hidden = MutualAidPostFactory(author=inhabitant, commune=romans, hidden_at=timezone.now())
    w["hide_action"] = hide_action = ModerationAction.objects.create(
        kind=ActionKind.HIDE,
        subject_user=inhabitant,
        target_type=ContentType.objects.get_for_model(own_hidden),
        target_id=own_hidden.pk,
        by=agent,
        reason="Coordonnées visibles",
    )
    w["contest"] = Contest.objects.create(action=hide_action, author=inhabitant, text="Je les ai retirées.")

    # Messages: Camille writes to La Bicyclette Bleue; Camille blocked Dominique.
    w["thread"] = make_thread(inhabitant, association=bicyclette)
    BlockFactory(blocker=inhabitant, blocked=other)

    # Events: a published event and a draft of La Bicyclette Bleue, Camille registered.
    w["event"] = event = EventFactory(organisers=[bicyclette], commune=romans, place=place)
    w["draft_event"] = EventFactory(organisers=[bicyclette], state=EventState.DRAFT, commune=romans)
    w["registration"] = RegistrationFactory(event=event, user=inhabitant)
    w["office_hours"] = office_hours = OfficeHoursFactory(association=bicyclette, place=place)
    w["exception"] = OfficeHoursException.objects.create(
        office_hours=office_hours, day=office_hours.dtstart, reason="Fermé", created_by=manager
    )
    w["booking"] = BookingFactory(office_hours=office_hours, user=inhabitant)

    # Grants: Camille's space (Lou invited), a draft, a submitted file, a granted one.
    w["space"] = space = GroupApplicantFactory(
        person=inhabitant, name="Collectif Camille", with_members=[member]
    )
    w["draft"] = ApplicationFactory(applicant=space)
    w["document"] = VaultDocumentFactory(applicant=space)
    w["submitted"] = submitted = submitted_application(applicant=space)
    w["checklist_item"] = ChecklistItem.objects.create(
        application=submitted, key="rib", label="RIB", kind="document"
    )
    granted = submitted_application(applicant=space, state=ApplicationState.COMMITTEE)
    w["session"] = session = committee_session(scheme=granted.scheme, members=[agent, elected])
    session.applications.add(granted)
    w["decision"] = instruction_services.decision_record(
        application=granted, session=session, outcome="granted_full", amount_cents=0, reason="", by=agent
    )
    granted.refresh_from_db()
    w["granted"] = granted
    w["payment"] = Payment.objects.filter(application=granted).order_by("position").first()
    w["seat"] = session.members.get(user=elected)
    w["scheme"] = granted.scheme
    w["call"] = granted.call
    from solidaires.matching.models import Introduction

    other = AssociationFactory(name="Les Jardins de Romans", head_office_commune=romans)
    first, second = sorted((bicyclette, other), key=lambda a: a.pk)
    w["introduction"] = Introduction.objects.create(first=first, second=second, reason="Thèmes proches")
    return w


# For each URL name with arguments: its kwargs, from the world. Token URLs get a token the
# person does not hold (what a refused person would try).
KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "territory:commune": lambda w: {"slug": w["romans"].slug},
    "territory:place": lambda w: {"slug": w["place"].slug},
    "associations:invitation": lambda w: {"token": "jeton-inconnu"},
    "associations:detail": lambda w: {"slug": w["bicyclette"].slug},
    "associations:edit": lambda w: {"slug": w["bicyclette"].slug},
    "associations:claim": lambda w: {"slug": w["bicyclette"].slug},
    "associations:members": lambda w: {"slug": w["bicyclette"].slug},
    "associations:member_role": lambda w: {"slug": w["bicyclette"].slug, "pk": _membership(w, "member")},
    "associations:member_remove": lambda w: {"slug": w["bicyclette"].slug, "pk": _membership(w, "member")},
    "volunteering:engagement_apply": lambda w: {"mission_pk": w["mission"].pk},
    "volunteering:engagement_detail": lambda w: {"pk": w["engagement"].pk},
    "volunteering:engagement_accept": lambda w: {"pk": w["engagement"].pk},
    "volunteering:engagement_decline": lambda w: {"pk": w["engagement"].pk},
    "volunteering:engagement_withdraw": lambda w: {"pk": w["engagement"].pk},
    "volunteering:engagement_end": lambda w: {"pk": w["active_engagement"].pk},
    "volunteering:hours_log": lambda w: {"pk": w["active_engagement"].pk},
    "volunteering:hours_validate": lambda w: {"pk": w["hours"].pk},
    "volunteering:hours_reject": lambda w: {"pk": w["hours"].pk},
    "volunteering:engagement_association_dashboard": lambda w: {"slug": w["bicyclette"].slug},
    "volunteering:hours_summary": lambda w: {"slug": w["bicyclette"].slug, "year": timezone.localdate().year},
    "volunteering:hours_summary_csv": lambda w: {
        "slug": w["bicyclette"].slug,
        "year": timezone.localdate().year,
    },
    "volunteering:proposal_create": lambda w: {"offer_pk": w["offer"].pk},
    "volunteering:proposal_accept": lambda w: {"pk": w["proposal"].pk},
    "volunteering:proposal_decline": lambda w: {"pk": w["proposal"].pk},
    "volunteering:saved_search_delete": lambda w: {"pk": w["saved_search"].pk},
    "volunteering:saved_search_stop": lambda w: {"token": "jeton-inconnu"},
    "volunteering:offer_detail": lambda w: {"pk": w["offer"].pk},
    "volunteering:offer_edit": lambda w: {"pk": w["offer"].pk},
    "volunteering:offer_pause": lambda w: {"pk": w["offer"].pk},
    "volunteering:offer_resume": lambda w: {"pk": w["offer"].pk},
    "volunteering:offer_close": lambda w: {"pk": w["offer"].pk},
    "volunteering:mission_detail_short": lambda w: {"pk": w["mission"].pk},
    "volunteering:mission_detail": lambda w: {"pk": w["mission"].pk, "slug": w["mission"].slug},
    "volunteering:mission_edit": lambda w: {"pk": w["mission"].pk},
    "volunteering:handover_code": lambda w: {"pk": w["mission"].pk},
    "volunteering:mission_contact": lambda w: {"pk": w["mission"].pk},
    "volunteering:mission_report": lambda w: {"pk": w["mission"].pk},
    "volunteering:mission_publish": lambda w: {"pk": w["mission"].pk},
    "volunteering:mission_close": lambda w: {"pk": w["mission"].pk},
    "moderation:report_content": lambda w: {"kind": "mission", "pk": w["mission"].pk},
    "mutualaid:detail": lambda w: {"pk": w["post"].pk},
    "mutualaid:edit": lambda w: {"pk": w["post"].pk},
    "mutualaid:close": lambda w: {"pk": w["post"].pk},
    "mutualaid:answer": lambda w: {"pk": w["post"].pk},
    "mutualaid:report": lambda w: {"pk": w["post"].pk},
    "messaging:unblock": lambda w: {"user_pk": w["other"].pk},
    "messaging:unsubscribe": lambda w: {"token": "jeton-inconnu"},
    "messaging:thread": lambda w: {"pk": w["thread"].pk},
    "messaging:mute": lambda w: {"pk": w["thread"].pk},
    "messaging:block": lambda w: {"pk": w["thread"].pk, "user_pk": w["manager"].pk},
    "events:registration": lambda w: {"pk": w["registration"].pk},
    "events:registration_cancel": lambda w: {"pk": w["registration"].pk},
    "events:presence": lambda w: {"token": "jeton-inconnu"},
    "events:cafe": lambda w: {"code": "CODE-INCONNU"},
    "events:detail": lambda w: {"pk": w["event"].pk, "slug": w["event"].slug},
    "events:ics": lambda w: {"pk": w["event"].pk, "slug": w["event"].slug},
    "events:edit": lambda w: {"pk": w["event"].pk},
    "events:publish": lambda w: {"pk": w["draft_event"].pk},
    "events:cancel": lambda w: {"pk": w["event"].pk},
    "events:register": lambda w: {"pk": w["event"].pk},
    "events:checkin": lambda w: {"pk": w["event"].pk},
    "events:poster": lambda w: {"pk": w["event"].pk},
    "events:officehours_detail": lambda w: {"pk": w["office_hours"].pk, "slug": w["office_hours"].slug},
    "events:officehours_ics": lambda w: {"pk": w["office_hours"].pk, "slug": w["office_hours"].slug},
    "events:officehours_book": lambda w: {"pk": w["office_hours"].pk},
    "events:officehours_edit": lambda w: {"pk": w["office_hours"].pk},
    "events:officehours_exceptions": lambda w: {"pk": w["office_hours"].pk},
    "events:officehours_exception_remove": lambda w: {
        "pk": w["office_hours"].pk,
        "exception_pk": w["exception"].pk,
    },
    "events:officehours_bookings": lambda w: {"pk": w["office_hours"].pk},
    "events:officehours_state": lambda w: {"pk": w["office_hours"].pk, "action": "suspend"},
    "events:booking_cancel": lambda w: {"pk": w["booking"].pk},
    "events:booking_ics": lambda w: {"pk": w["booking"].pk},
    "events:feed_place": lambda w: {"slug": w["place"].slug},
    "events:feed_association": lambda w: {"slug": w["bicyclette"].slug},
    "events:feed_commune": lambda w: {"insee": w["romans"].insee},
    "events:feed_category": lambda w: {"category": "atelier_participatif"},
    "events:personal_feed": lambda w: {"token": "jeton-inconnu"},
    "grants:association_space": lambda w: {"slug": w["bicyclette"].slug},
    "grants:applicant_detail": lambda w: {"pk": w["space"].pk},
    "grants:group_members": lambda w: {"pk": w["space"].pk},
    "grants:vault_upload": lambda w: {"pk": w["space"].pk},
    "grants:vault_download": lambda w: {"pk": w["document"].pk},
    "grants:vault_delete": lambda w: {"pk": w["document"].pk},
    "grants:application_step": lambda w: {"pk": w["draft"].pk, "step": 1},
    "grants:application_autosave": lambda w: {"pk": w["draft"].pk},
    "grants:handover_claim_code": lambda w: {"code": "CODE-INCONNU"},
    "grants:application_detail": lambda w: {"ref": w["submitted"].number},
    "grants:application_ack_pdf": lambda w: {"ref": w["submitted"].number},
    "grants:application_withdraw": lambda w: {"ref": w["submitted"].number},
    "grants:application_supply_piece": lambda w: {"ref": w["submitted"].number},
    "grants:application_message": lambda w: {"ref": w["submitted"].number},
    "grants:report": lambda w: {"pk": w["granted"].pk},
    "grants:letter": lambda w: {"pk": w["granted"].pk, "decision_pk": w["decision"].pk},
    "grants:committee_session": lambda w: {"pk": w["session"].pk},
    "grants:committee_summary": lambda w: {"pk": w["session"].pk},
    "grants:committee_file": lambda w: {"pk": w["session"].pk, "application_pk": w["granted"].pk},
    "territory_agents:edit": lambda w: {"slug": w["pending_place"].slug},
    "territory_agents:verify": lambda w: {"slug": w["pending_place"].slug},
    "territory_agents:archive": lambda w: {"slug": w["pending_place"].slug},
    "territory_agents:restore": lambda w: {"slug": w["archived_place"].slug},
    "volunteering_agents:hide": lambda w: {"pk": w["mission"].pk},
    "volunteering_agents:unhide": lambda w: {"pk": w["hidden_mission"].pk},
    "volunteering_agents:dismiss_report": lambda w: {"pk": w["mission_report"].pk},
    "moderation_agents:report": lambda w: {"pk": w["report"].pk},
    "moderation_agents:report_action": lambda w: {"pk": w["report"].pk, "action": "classer"},
    "moderation_agents:reinstate": lambda w: {"user_pk": w["other"].pk},
    "moderation_agents:contest": lambda w: {"pk": w["contest"].pk},
    "moderation:contest": lambda w: {"pk": w["hide_action"].pk},
    "mutualaid_agents:unhide_post": lambda w: {"pk": w["hidden_post"].pk},
    "grants_agents:scheme_edit": lambda w: {"pk": w["scheme"].pk},
    "grants_agents:call_create": lambda w: {"pk": w["scheme"].pk},
    "grants_agents:envelope_set": lambda w: {"pk": w["scheme"].pk},
    "grants_agents:call_edit": lambda w: {"pk": w["call"].pk},
    "grants_agents:handover_sheet": lambda w: {"pk": w["space"].pk},
    "grants_agents:file": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:file_start": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:file_assign": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:file_note": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:checklist_set": lambda w: {"pk": w["submitted"].pk, "item_pk": w["checklist_item"].pk},
    "grants_agents:pieces_request": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:declare_ineligible": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:send_to_committee": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:file_history": lambda w: {"pk": w["submitted"].pk},
    "grants_agents:payment_paid": lambda w: {"pk": w["granted"].pk, "payment_pk": w["payment"].pk},
    "grants_agents:report_review": lambda w: {"pk": w["granted"].pk},
    "grants_agents:file_close": lambda w: {"pk": w["granted"].pk},
    "grants_agents:letter": lambda w: {"pk": w["granted"].pk, "decision_pk": w["decision"].pk},
    "grants_agents:session": lambda w: {"pk": w["session"].pk},
    "grants_agents:session_state": lambda w: {"pk": w["session"].pk},
    "grants_agents:session_member_add": lambda w: {"pk": w["session"].pk},
    "grants_agents:session_member_remove": lambda w: {"pk": w["session"].pk, "member_pk": w["seat"].pk},
    "grants_agents:session_summary": lambda w: {"pk": w["session"].pk},
    "grants_agents:decision_create": lambda w: {"pk": w["session"].pk, "application_pk": w["granted"].pk},
    "agents:verify": lambda w: {"slug": w["pending_association"].slug},
    "agents:reject": lambda w: {"slug": w["pending_association"].slug},
    "agents:history": lambda w: {"slug": w["bicyclette"].slug},
    "agents:claim_approve": lambda w: {"pk": w["claim"].pk},
    "agents:claim_reject": lambda w: {"pk": w["claim"].pk},
    "matching_agents:introduction_outcome": lambda w: {"pk": w["introduction"].pk},
    "api-v1:get_commune": lambda w: {"insee": w["romans"].insee},
    "api-v1:get_place": lambda w: {"slug": w["place"].slug},
    "api-v1:get_association": lambda w: {"slug": w["bicyclette"].slug},
    "api-v1:get_mission": lambda w: {"mission_id": w["mission"].pk},
    "api-v1:apply_to_mission": lambda w: {"mission_id": w["mission"].pk},
    "api-v1:get_post": lambda w: {"post_id": w["post"].pk},
    "api-v1:get_event": lambda w: {"event_id": w["event"].pk},
}


def _membership(w: World, role: str) -> int:
    return int(w[role].memberships.get(association=w["bicyclette"]).pk)


__all__ = ["KWARGS", "World", "build_world", "dt"]
