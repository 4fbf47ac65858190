"""The document vault through its pages: upload checks, expiry warnings, deletion, reuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from solidaires.grants.applications import tasks
from solidaires.grants.applications.tests.test_vault_checks import EXE, HTML, docx_bytes
from solidaires.grants.models import ApplicationDocument, VaultDocument
from solidaires.grants.tests.factories import (
    PDF_BYTES,
    ApplicantFactory,
    ApplicationFactory,
    VaultDocumentFactory,
    document_kind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(inhabitant):
    return ApplicantFactory(person=inhabitant, name="Camille")


@pytest.fixture
def logged(client, inhabitant):
    client.force_login(inhabitant)
    return client


def upload(client, space, name, data, kind="rib", valid_until=""):
    return client.post(
        reverse("grants:vault_upload", kwargs={"pk": space.pk}),
        {
            "kind": document_kind(kind).pk,
            "file": SimpleUploadedFile(name, data),
            "valid_until": valid_until,
        },
    )


def test_upload_pdf_and_docx(logged, space):
    assert upload(logged, space, "rib.pdf", PDF_BYTES).status_code == 302
    assert upload(logged, space, "budget.docx", docx_bytes(), kind="budget_previsionnel").status_code == 302
    documents = list(VaultDocument.objects.filter(applicant=space).order_by("pk"))
    assert [d.content_type for d in documents] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    # Random stored names outside any public path.
    assert all(
        d.file.name.startswith(f"grants/vault/{space.pk}/") and "rib" not in d.file.name for d in documents
    )


@pytest.mark.parametrize("data", [EXE, HTML])
def test_disguised_file_is_refused_with_a_french_error(logged, space, data):
    response = upload(logged, space, "rib.pdf", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "n&#x27;est pas un document PDF, JPEG, PNG, ODT ou DOCX valide" in html
    assert not VaultDocument.objects.exists()


def test_insurance_needs_a_validity_date(logged, space):
    document_kind("attestation_assurance", needs_validity_date=True)
    response = upload(logged, space, "assurance.pdf", PDF_BYTES, kind="attestation_assurance")
    assert "Indiquez jusqu&#x27;à quand ce document est valable." in response.content.decode()


def test_others_cannot_upload_into_my_vault(client, member, space):
    client.force_login(member)
    assert upload(client, space, "rib.pdf", PDF_BYTES).status_code == 404
    assert not VaultDocument.objects.exists()


def test_expiry_warnings_on_the_desk(logged, space):
    today = timezone.localdate()
    VaultDocumentFactory(
        applicant=space, kind=document_kind("statuts", "Statuts"), valid_until=today - dt.timedelta(days=1)
    )
    VaultDocumentFactory(
        applicant=space,
        kind=document_kind("attestation_assurance", "Assurance"),
        valid_until=today + dt.timedelta(days=10),
    )
    html = logged.get(reverse("grants:desk")).content.decode()
    assert "« Statuts » a expiré" in html
    assert "« Attestation d&#x27;assurance » expire le" in html


def test_daily_task_warns_30_days_before_once(space):
    today = timezone.localdate()
    VaultDocumentFactory(applicant=space, valid_until=today + dt.timedelta(days=30))
    VaultDocumentFactory(applicant=space, valid_until=today + dt.timedelta(days=45))
    assert tasks.warn_expiring_documents.call() == 1
    assert len(mail.outbox) == 1 and "expire bientôt" in mail.outbox[0].subject
    assert space.person.email in mail.outbox[0].to
    assert tasks.warn_expiring_documents.call() == 0
    assert len(mail.outbox) == 1


def test_delete_asks_for_confirmation(logged, space):
    document = VaultDocumentFactory(applicant=space)
    url = reverse("grants:vault_delete", kwargs={"pk": document.pk})
    assert "Oui, supprimer" in logged.get(url).content.decode()
    assert VaultDocument.objects.filter(pk=document.pk).exists()
    logged.post(url)
    assert not VaultDocument.objects.filter(pk=document.pk).exists()


def test_cannot_delete_a_document_of_a_submitted_file(logged, space):
    document = VaultDocumentFactory(applicant=space)
    application = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0001")
    ApplicationDocument.objects.create(application=application, vault_document=document, kind=document.kind)
    url = reverse("grants:vault_delete", kwargs={"pk": document.pk})
    assert "ne peut pas être supprimé" in logged.get(url).content.decode()
    logged.post(url)
    assert VaultDocument.objects.filter(pk=document.pk).exists()


def test_a_document_is_reused_across_files(logged, space):
    document = VaultDocumentFactory(applicant=space)
    first = ApplicationFactory(applicant=space)
    second = ApplicationFactory(applicant=space)
    for application in (first, second):
        logged.post(
            reverse("grants:application_step", kwargs={"pk": application.pk, "step": 3}),
            {"document": document.pk},
        )
    assert ApplicationDocument.objects.filter(vault_document=document).count() == 2


def test_desk_query_count_is_constant(client, inhabitant, django_assert_max_num_queries):
    def make(n):
        space = ApplicantFactory(person=None, name=f"Groupe {n}", kind="group", with_members=[inhabitant])
        for _i in range(n):
            ApplicationFactory(applicant=space)
            VaultDocumentFactory(applicant=space)

    client.force_login(inhabitant)
    make(3)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("grants:desk"))
    make(30)
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        client.get(reverse("grants:desk"))


def test_html_is_escaped_on_the_desk(logged, space):
    ApplicationFactory(applicant=space, title="<script>alert(1)</script>")
    html = logged.get(reverse("grants:desk")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_daily_command(space):
    from io import StringIO

    from django.core.management import call_command

    VaultDocumentFactory(applicant=space, valid_until=timezone.localdate() + dt.timedelta(days=5))
    out = StringIO()
    call_command("warn_expiring_documents", stdout=out)
    assert "1 document(s)" in out.getvalue()
    assert len(mail.outbox) == 1


def test_uploading_for_a_required_piece_joins_it_to_the_draft(logged, space):
    """Issue 11: a RIB uploaded through "Ajouter un document « RIB »" on step 3 still read
    "Manquant" until it was also picked and joined, and step 4 said a piece was missing."""
    application = ApplicationFactory(applicant=space)
    step3 = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 3})
    page = logged.get(step3)
    link = page.context["upload_url"]  # the link of "Ajouter un document « RIB »", without its type
    response = logged.post(
        f"{link}&type=rib",
        {
            "kind": document_kind("rib").pk,
            "file": SimpleUploadedFile("rib.pdf", PDF_BYTES),
            "valid_until": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == step3
    document = VaultDocument.objects.get(applicant=space)
    assert ApplicationDocument.objects.filter(application=application, vault_document=document).exists()
    page = logged.get(step3)
    assert "Manquant" not in page.content.decode()
    assert "Joint : " in page.content.decode()
    review = logged.get(reverse("grants:application_step", kwargs={"pk": application.pk, "step": 4}))
    assert "pieces" not in review.context["problems"]


def test_uploading_from_a_draft_one_may_not_change_only_fills_the_vault(logged, space):
    """The ``dossier`` parameter is a hint: another space's draft is never joined."""
    other = ApplicationFactory()
    url = reverse("grants:vault_upload", kwargs={"pk": space.pk}) + f"?dossier={other.pk}"
    response = logged.post(
        url,
        {
            "kind": document_kind("rib").pk,
            "file": SimpleUploadedFile("rib.pdf", PDF_BYTES),
            "valid_until": "",
        },
    )
    assert response.status_code == 302
    assert VaultDocument.objects.filter(applicant=space).count() == 1
    assert not ApplicationDocument.objects.filter(application=other).exists()
