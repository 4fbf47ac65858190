"""What messaging needs to know of a thread about an application or a proposal (registered in
apps.py, decision 1101)."""

from __future__ import annotations

from solidaires.messaging.about import ThreadAbout
from solidaires.volunteering.engagement.models import Engagement, MissionProposal


def engagement_thread_subject(engagement: Engagement) -> str:
    return f"Candidature : {engagement.mission.title}"[:200]


def proposal_thread_subject(proposal: MissionProposal) -> str:
    return f"Proposition : {proposal.mission.title}"[:200]


ENGAGEMENT_ABOUT = ThreadAbout(model=Engagement, subject=engagement_thread_subject)
PROPOSAL_ABOUT = ThreadAbout(model=MissionProposal, subject=proposal_thread_subject)
