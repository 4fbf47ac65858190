"""Background work of the grants applicant side: e-mails. Tasks take ids, run on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from solidaires.core.links import absolute_url
from solidaires.grants.applications.models import Applicant, Application, VaultDocument


def applicant_emails(applicant: Applicant) -> list[str]:
    """Everyone acting for the space: its person, its members, the association's managers."""
    from solidaires.associations.models import Membership, MembershipRole

    emails = set(applicant.members.filter(is_active=True).values_list("email", flat=True))
    if applicant.person_id and applicant.person is not None and applicant.person.is_active:
        emails.add(applicant.person.email)
    if applicant.association_id:
        emails.update(
            Membership.objects.filter(
                association_id=applicant.association_id, role=MembershipRole.MANAGER, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    if not emails and applicant.email:
        emails.add(applicant.email)
    return sorted(e for e in emails if e)


def _send(*, to: list[str], subject: str, template: str, context: dict[str, object]) -> None:
    if not to:
        return
    body = render_to_string(template, {"SITE_NAME": settings.SOLIDAIRES_SITE_NAME, **context})
    send_mail(f"[Solidaires] {subject}", body, settings.DEFAULT_FROM_EMAIL, to)


@task()
def send_acknowledgement(application_id: int) -> None:
    application = (
        Application.objects.select_related("applicant", "scheme", "call").filter(pk=application_id).first()
    )
    if application is None or application.number is None:
        return
    _send(
        to=applicant_emails(application.applicant),
        subject=f"Dossier {application.number} bien reçu",
        template="grants/emails/acknowledgement.txt",
        context={
            "application": application,
            "link": absolute_url(application.get_absolute_url()),
            "pdf_link": absolute_url(
                reverse("grants:application_ack_pdf", kwargs={"ref": application.number})
            ),
        },
    )


@task()
def send_expiry_warning(document_id: int) -> None:
    from solidaires.grants.applications.services import mark_document_warned

    document = VaultDocument.objects.select_related("applicant", "kind").filter(pk=document_id).first()
    if document is None or not mark_document_warned(document_id):
        return
    _send(
        to=applicant_emails(document.applicant),
        subject=f"« {document.kind.label} » expire bientôt",
        template="grants/emails/expiry_warning.txt",
        context={
            "document": document,
            "link": absolute_url(reverse("grants:applicant_detail", kwargs={"pk": document.applicant_id})),
        },
    )


@task()
def warn_expiring_documents() -> int:
    """Daily: e-mail the applicants whose vault documents expire within 30 days (once each)."""
    from solidaires.grants.applications.services import documents_to_warn

    ids = documents_to_warn()
    for document_id in ids:
        send_expiry_warning.call(document_id)
    return len(ids)
