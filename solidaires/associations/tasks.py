"""Background work of the associations app: e-mails. Tasks take ids and are enqueued on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from solidaires.core.links import absolute_url

from .models import Association, Claim, Membership, MembershipRole


def _send(*, to: list[str], subject: str, template: str, context: dict[str, object]) -> None:
    if not to:
        return
    context = {"SITE_NAME": settings.SOLIDAIRES_SITE_NAME, **context}
    body = render_to_string(template, context)
    send_mail(f"[Solidaires] {subject}", body, settings.DEFAULT_FROM_EMAIL, to)


def _manager_emails(association: Association) -> list[str]:
    emails = set(
        Membership.objects.filter(association=association, role=MembershipRole.MANAGER).values_list(
            "user__email", flat=True
        )
    )
    if association.created_by_id is not None and association.created_by is not None:
        emails.add(association.created_by.email)
    return sorted(e for e in emails if e)


@task()
def send_invitation_email(invitation_id: int) -> None:
    from .services import invitation_issue_token

    issued = invitation_issue_token(invitation_id=invitation_id)
    if issued is None:
        return
    invitation, token = issued
    link = absolute_url(reverse("associations:invitation", kwargs={"token": token}))
    _send(
        to=[invitation.email],
        subject=f"Invitation à rejoindre {invitation.association.name}",
        template="associations/emails/invitation.txt",
        context={"invitation": invitation, "link": link},
    )


@task()
def send_association_decision_email(association_id: int) -> None:
    """Tell the managers (and the creator) that the association was verified or refused."""
    association = Association.objects.select_related("created_by").filter(pk=association_id).first()
    if association is None or association.is_pending:
        return
    verified = association.is_verified
    _send(
        to=_manager_emails(association),
        subject=(
            f"{association.name} est vérifiée" if verified else f"{association.name} n'a pas été validée"
        ),
        template="associations/emails/decision.txt",
        context={
            "association": association,
            "verified": verified,
            "link": absolute_url(association.get_absolute_url()),
        },
    )


@task()
def send_claim_decision_email(claim_id: int) -> None:
    claim = Claim.objects.select_related("association", "user").filter(pk=claim_id).first()
    if claim is None or claim.status == "pending":
        return
    _send(
        to=[claim.user.email],
        subject=f"Votre demande pour {claim.association.name}",
        template="associations/emails/claim_decision.txt",
        context={"claim": claim, "link": absolute_url(claim.association.get_absolute_url())},
    )
