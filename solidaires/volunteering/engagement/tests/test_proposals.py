"""Volunteer offers: an association proposes a mission, the person accepts or declines."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from solidaires.associations.tests.factories import ManagerFactory
from solidaires.volunteering.engagement import services
from solidaires.volunteering.engagement.models import EngagementState, MissionProposal, ProposalState
from solidaires.volunteering.missions.models import MissionState
from solidaires.volunteering.tests.factories import (
    EngagementMissionFactory,
    EngagementOfferFactory,
    MissionProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(association=bicyclette, posted_by=manager, title="Bourse aux vélos")


@pytest.fixture
def offer(inhabitant):
    return EngagementOfferFactory(person=inhabitant)


def test_manager_proposes_and_the_person_accepts(
    mission, offer, manager, inhabitant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_create(offer=offer, mission=mission, by=manager, message="Venez !")
    assert proposal.state == ProposalState.PROPOSED
    assert any(m.to == ["camille@exemple.fr"] for m in mailoutbox)
    engagement = services.proposal_accept(proposal=proposal, by=inhabitant)
    assert engagement.state == EngagementState.ACTIVE
    assert engagement.source == "proposal"
    proposal.refresh_from_db()
    assert (proposal.state, proposal.engagement) == (ProposalState.ACCEPTED, engagement)
    from solidaires.messaging.selectors import threads_about

    assert threads_about(proposal, manager).exists()
    assert threads_about(proposal, inhabitant).exists()


def test_person_declines(mission, offer, manager, inhabitant):
    proposal = services.proposal_create(offer=offer, mission=mission, by=manager)
    services.proposal_decline(proposal=proposal, by=inhabitant)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    with pytest.raises(ValidationError, match="déjà répondu"):
        services.proposal_accept(proposal=proposal, by=inhabitant)
    with pytest.raises(ValidationError, match="déjà répondu"):
        services.proposal_decline(proposal=proposal, by=inhabitant)


def test_only_managers_of_the_missions_association_propose(mission, offer, member, agent, inhabitant):
    other_manager = ManagerFactory().user
    for user in (member, agent, other_manager):
        with pytest.raises(PermissionDenied):
            services.proposal_create(offer=offer, mission=mission, by=user)


def test_only_the_offers_owner_answers(mission, offer, manager, member):
    proposal = services.proposal_create(offer=offer, mission=mission, by=manager)
    for user in (manager, member):
        with pytest.raises(PermissionDenied):
            services.proposal_accept(proposal=proposal, by=user)


def test_proposing_twice_or_a_closed_mission_is_refused(mission, offer, manager):
    services.proposal_create(offer=offer, mission=mission, by=manager)
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(offer=offer, mission=mission, by=manager)
    assert "mission" in exc.value.error_dict
    closed = EngagementMissionFactory(association=mission.association, state=MissionState.CLOSED)
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(offer=offer, mission=closed, by=manager)
    assert "mission" in exc.value.error_dict


def test_accepting_a_mission_that_filled_up_meanwhile_is_refused(mission, offer, manager, inhabitant):
    proposal = services.proposal_create(offer=offer, mission=mission, by=manager)
    type(mission).objects.filter(pk=mission.pk).update(state=MissionState.FULL)
    with pytest.raises(ValidationError, match="ne cherche plus"):
        services.proposal_accept(proposal=proposal, by=inhabitant)
    assert MissionProposal.objects.get(pk=proposal.pk).state == ProposalState.PROPOSED


def test_proposal_factory_builds():
    assert MissionProposalFactory().state == ProposalState.PROPOSED
