"""Who may do what with engagements, hours, attestations and proposals (django-rules).

Registered as ``volunteering.engagement_*``, ``volunteering.hours_*``,
``volunteering.proposal_*``; views, services, the API and templates all ask these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules

from solidaires.associations.rules import is_agent, is_association_manager, is_authenticated
from solidaires.volunteering.engagement.models import Engagement, HoursEntry, MissionProposal
from solidaires.volunteering.missions.models import Mission


def manages_mission(user: Any, mission: Mission | None) -> bool:
    """The association's managers; for a mission without association, its poster and contact."""
    if mission is None or user is None or not user.is_authenticated:
        return False
    if mission.association_id:
        return bool(is_association_manager(user, mission.association))
    return user.pk in {mission.posted_by_id, mission.contact_id}


def is_own_mission(user: Any, mission: Mission) -> bool:
    """Nobody applies to a mission they posted, are the contact of, or whose association they manage."""
    return user.pk in {mission.posted_by_id, mission.contact_id} or manages_mission(user, mission)


@rules.predicate
def is_mission_manager(user: Any, mission: Mission | None) -> bool:
    return manages_mission(user, mission)


@rules.predicate
def is_engagement_volunteer(user: Any, engagement: Engagement | None) -> bool:
    return bool(
        engagement is not None
        and user is not None
        and user.is_authenticated
        and engagement.volunteer_id == user.pk
    )


@rules.predicate
def manages_engagement(user: Any, engagement: Engagement | None) -> bool:
    return engagement is not None and manages_mission(user, engagement.mission)


@rules.predicate
def is_hours_volunteer(user: Any, entry: HoursEntry | None) -> bool:
    return entry is not None and bool(is_engagement_volunteer(user, entry.engagement))


@rules.predicate
def manages_hours(user: Any, entry: HoursEntry | None) -> bool:
    return entry is not None and manages_mission(user, entry.engagement.mission)


@rules.predicate
def manages_association(user: Any, association: Any) -> bool:
    return association is not None and bool(is_association_manager(user, association))


@rules.predicate
def manages_proposed_mission(user: Any, mission: Mission | None) -> bool:
    """Proposals come from associations (their managers), for missions of that association."""
    return mission is not None and mission.association_id is not None and manages_mission(user, mission)


@rules.predicate
def owns_proposed_offer(user: Any, proposal: MissionProposal | None) -> bool:
    return (
        proposal is not None
        and user is not None
        and user.is_authenticated
        and proposal.offer.person_id == user.pk
    )


@dataclass(frozen=True)
class AttestationSubject:
    """Whose hours, for which association: the object of ``volunteering.engagement_attestation``."""

    volunteer: Any
    association: Any


@rules.predicate
def may_get_attestation(user: Any, subject: AttestationSubject | None) -> bool:
    """The volunteer themself, or a manager of the association for its volunteers."""
    if subject is None or user is None or not user.is_authenticated:
        return False
    if subject.volunteer.pk == user.pk:
        return True
    return subject.association is not None and bool(is_association_manager(user, subject.association))


rules.add_perm("volunteering.engagement_apply", is_authenticated)
rules.add_perm("volunteering.engagement_view", is_engagement_volunteer | manages_engagement | is_agent)
rules.add_perm("volunteering.engagement_decide", manages_engagement)
rules.add_perm("volunteering.engagement_withdraw", is_engagement_volunteer)
rules.add_perm("volunteering.engagement_end", is_engagement_volunteer | manages_engagement)
rules.add_perm("volunteering.engagement_association_dashboard", manages_association)
rules.add_perm("volunteering.engagement_attestation", may_get_attestation)
rules.add_perm("volunteering.engagement_agents_queue", is_agent)
rules.add_perm("volunteering.hours_log", is_engagement_volunteer)
rules.add_perm("volunteering.hours_decide", manages_hours)
rules.add_perm("volunteering.hours_summary", manages_association)
rules.add_perm("volunteering.proposal_create", manages_proposed_mission)
rules.add_perm("volunteering.proposal_decide", owns_proposed_offer)
