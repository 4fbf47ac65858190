"""Who may do what with missions, volunteer offers and saved searches (django-rules predicates).

Views, services, the API and templates all ask these (``rules.has_perm("volunteering.…", user, obj)``).
"""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.models import Membership, MembershipRole
from solidaires.associations.rules import (
    has_verified_email,
    is_agent,
    is_association_manager,
    is_authenticated,
)
from solidaires.volunteering.missions.models import Mission, OfferState, VolunteerOffer


@rules.predicate
def is_mission_poster(user: Any, mission: Mission | None) -> bool:
    """The person who posted the mission or its contact (an agent for an on-behalf mission)."""
    if mission is None or user is None or not user.is_authenticated:
        return False
    return user.pk in (mission.posted_by_id, mission.contact_id)


@rules.predicate
def manages_mission_association(user: Any, mission: Mission | None) -> bool:
    if mission is None or mission.association_id is None:
        return False
    return bool(is_association_manager(user, mission.association))


@rules.predicate
def is_public_mission(user: Any, mission: Mission | None) -> bool:
    return mission is not None and mission.is_public


@rules.predicate
def is_association_member_anywhere(user: Any) -> bool:
    """Member (or manager) of at least one association: may browse volunteer offers."""
    if user is None or not user.is_authenticated:
        return False
    cached = user.__dict__.get("_volunteering_is_member")
    if cached is None:
        cached = Membership.objects.filter(user=user).exists()
        user.__dict__["_volunteering_is_member"] = cached
    return bool(cached)


@rules.predicate
def manages_some_association(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, role=MembershipRole.MANAGER).exists()


@rules.predicate
def is_offer_owner(user: Any, offer: VolunteerOffer | None) -> bool:
    return offer is not None and user is not None and user.is_authenticated and offer.person_id == user.pk


@rules.predicate
def is_visible_offer(user: Any, offer: VolunteerOffer | None) -> bool:
    return offer is not None and offer.state == OfferState.ACTIVE and not offer.is_expired


can_change_mission = is_mission_poster | manages_mission_association | is_agent
can_view_mission = is_public_mission | can_change_mission
can_browse_offers = is_association_member_anywhere | is_agent

rules.add_perm("volunteering.add_mission", has_verified_email)
rules.add_perm("volunteering.post_for_association", is_association_manager | is_agent)
rules.add_perm("volunteering.post_on_behalf", is_agent)
rules.add_perm("volunteering.view_mission", can_view_mission)
rules.add_perm("volunteering.change_mission", can_change_mission)
rules.add_perm("volunteering.moderate_mission", is_agent)
rules.add_perm("volunteering.report_mission", is_authenticated & ~is_mission_poster)
rules.add_perm("volunteering.take_over_mission", has_verified_email)
rules.add_perm("volunteering.add_offer", has_verified_email)
rules.add_perm("volunteering.browse_offers", can_browse_offers)
rules.add_perm("volunteering.view_offer", is_offer_owner | (can_browse_offers & is_visible_offer))
rules.add_perm("volunteering.change_offer", is_offer_owner)
rules.add_perm("volunteering.save_search", is_authenticated)
rules.add_perm("volunteering.access_agent_space", is_agent)
