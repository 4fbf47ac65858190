"""Background work of engagements: e-mails and the daily reminder. Tasks take ids."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from solidaires.associations.models import Membership, MembershipRole
from solidaires.core.links import absolute_url
from solidaires.volunteering.engagement.models import Engagement, MissionProposal

TEMPLATES = "volunteering/engagements/emails"


def _send(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> None:
    to = sorted({e for e in to if e})
    if not to:
        return
    context = {"SITE_NAME": settings.SOLIDAIRES_SITE_NAME, **context}
    body = render_to_string(f"{TEMPLATES}/{template}", context)
    send_mail(f"[Solidaires] {subject}", body, settings.DEFAULT_FROM_EMAIL, to)


def mission_manager_emails(engagement: Engagement) -> list[str]:
    """Who answers applications: the association's managers, else the poster or contact."""
    mission = engagement.mission
    if mission.association_id:
        return list(
            Membership.objects.filter(
                association_id=mission.association_id, role=MembershipRole.MANAGER
            ).values_list("user__email", flat=True)
        )
    person = mission.contact or mission.posted_by
    return [person.email] if person is not None else []


def _engagement(engagement_id: int) -> Engagement | None:
    return (
        Engagement.objects.select_related(
            "mission", "mission__association", "mission__contact", "mission__posted_by", "volunteer"
        )
        .filter(pk=engagement_id)
        .first()
    )


@task()
def send_engagement_email(engagement_id: int, kind: str) -> None:
    """``applied`` → the managers; ``accepted`` / ``declined`` → the volunteer. Links only, no content."""
    engagement = _engagement(engagement_id)
    if engagement is None:
        return
    link = absolute_url(engagement.get_absolute_url())
    context = {"engagement": engagement, "mission": engagement.mission, "link": link}
    if kind == "applied":
        _send(
            to=mission_manager_emails(engagement),
            subject=f"Nouvelle candidature : {engagement.mission.title}",
            template="applied.txt",
            context={**context, "dashboard": _dashboard_link(engagement)},
        )
    elif kind in {"accepted", "declined"}:
        _send(
            to=[engagement.volunteer.email],
            subject=f"Votre candidature : {engagement.mission.title}",
            template=f"{kind}.txt",
            context=context,
        )


def _dashboard_link(engagement: Engagement) -> str:
    mission = engagement.mission
    if mission.association_id and mission.association is not None:
        return absolute_url(
            reverse(
                "volunteering:engagement_association_dashboard", kwargs={"slug": mission.association.slug}
            )
        )
    return absolute_url(engagement.get_absolute_url())


@task()
def send_unanswered_reminder(engagement_id: int) -> None:
    """Once: "an application waits for your answer for 5 days" to the managers."""
    from solidaires.volunteering.engagement.services import engagement_mark_reminded

    if not engagement_mark_reminded(engagement_id=engagement_id):
        return
    engagement = _engagement(engagement_id)
    if engagement is None:  # pragma: no cover - deleted in between
        return
    _send(
        to=mission_manager_emails(engagement),
        subject=f"Une candidature attend votre réponse : {engagement.mission.title}",
        template="reminder.txt",
        context={
            "engagement": engagement,
            "mission": engagement.mission,
            "days": (timezone.now() - engagement.created_at).days,
            "link": absolute_url(engagement.get_absolute_url()),
        },
    )


@task()
def remind_unanswered_applications() -> int:
    """Daily: remind the managers of applications left 5 days without an answer (once each),
    and refresh the associations' usual response times.

    After 10 days the application also shows in the agents' queue (a query, nothing to send).
    """
    from solidaires.volunteering.engagement.selectors import refresh_response_times
    from solidaires.volunteering.engagement.services import unanswered_to_remind

    ids = unanswered_to_remind()
    for engagement_id in ids:
        send_unanswered_reminder.call(engagement_id)
    refresh_response_times()  # the usual response times shown on association pages
    return len(ids)


@task()
def send_proposal_email(proposal_id: int) -> None:
    proposal = (
        MissionProposal.objects.select_related("offer__person", "mission", "mission__association")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        return
    _send(
        to=[proposal.offer.person.email],
        subject=f"Une association vous propose une mission : {proposal.mission.title}",
        template="proposal.txt",
        context={
            "proposal": proposal,
            "mission": proposal.mission,
            "link": absolute_url(reverse("volunteering:engagement_volunteer_dashboard")),
        },
    )
