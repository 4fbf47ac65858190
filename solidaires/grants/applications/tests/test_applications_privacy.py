"""Export and erasure of the applicant side's personal data; submitted files are archives."""

from __future__ import annotations

import pytest
from django.urls import reverse

from solidaires.grants.applications.privacy import erase_user_data, export_user_data
from solidaires.grants.models import Applicant, Application, ApplicationDocument, VaultDocument
from solidaires.grants.tests.factories import ApplicantFactory, ApplicationFactory, VaultDocumentFactory

pytestmark = pytest.mark.django_db


def test_export_lists_spaces_files_and_documents(inhabitant):
    space = ApplicantFactory(person=inhabitant, name="Camille")
    ApplicationFactory(applicant=space, title="Jardin")
    VaultDocumentFactory(applicant=space, original_name="rib.pdf")
    data = export_user_data(inhabitant)
    assert data["spaces"][0]["name"] == "Camille"
    assert data["spaces"][0]["applications"][0]["title"] == "Jardin"
    assert data["spaces"][0]["documents"][0]["name"] == "rib.pdf"


def test_erasure_keeps_submitted_files_and_removes_the_rest(inhabitant, member):
    space = ApplicantFactory(person=inhabitant, name="Camille")
    group = ApplicantFactory(kind="group", person=member, with_members=[inhabitant])
    draft = ApplicationFactory(applicant=space)
    submitted = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0001")
    kept = VaultDocumentFactory(applicant=space)
    ApplicationDocument.objects.create(application=submitted, vault_document=kept, kind=kept.kind)
    loose = VaultDocumentFactory(applicant=space)
    erase_user_data(user=inhabitant)
    erase_user_data(user=inhabitant)  # idempotent
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert Application.objects.filter(pk=submitted.pk).exists()
    assert VaultDocument.objects.filter(pk=kept.pk).exists()
    assert not VaultDocument.objects.filter(pk=loose.pk).exists()
    space.refresh_from_db()
    assert space.person is None and space.name == "Porteur de projet (compte effacé)"
    assert inhabitant not in group.members.all()
    assert not Applicant.objects.for_user(inhabitant).exists()


def test_file_page_escapes_html(client, inhabitant):
    space = ApplicantFactory(person=inhabitant, name="<i>Camille</i>")
    application = ApplicationFactory(
        applicant=space, state="submitted", number="IC-2026-0001", title="<script>alert(1)</script>"
    )
    client.force_login(inhabitant)
    html = client.get(
        reverse("grants:application_detail", kwargs={"ref": application.number})
    ).content.decode()
    assert "<script>alert(1)</script>" not in html and "<i>Camille</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_agent_schemes_page_query_count(client, agent, django_assert_max_num_queries):
    from solidaires.grants.tests.factories import CallFactory, SchemeFactory

    client.force_login(agent)
    for n in range(3):
        CallFactory(scheme=SchemeFactory(code=f"s{n}", file_prefix=f"S{n}"))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("grants_agents:schemes"))
    for n in range(3, 30):
        CallFactory(scheme=SchemeFactory(code=f"s{n}", file_prefix=f"S{n}"))
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        client.get(reverse("grants_agents:schemes"))
