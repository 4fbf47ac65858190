"""After submission: answering a request for missing pieces, writing to the agent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from solidaires.grants.models import ApplicationDocument
from solidaires.grants.tests.factories import ApplicantFactory, ApplicationFactory, VaultDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(inhabitant, agent):
    from solidaires.grants.instruction import services as instruction_services

    space = ApplicantFactory(person=inhabitant, name="Camille")
    application = ApplicationFactory(applicant=space, state="instruction", number="IC-2026-0007")
    instruction_services.pieces_request(
        application=application,
        message="Il manque les statuts signés.",
        due_on=timezone.localdate() + dt.timedelta(days=15),
        by=agent,
    )
    application.refresh_from_db()
    assert application.state == "waiting_pieces"
    return application


def test_applicant_adds_the_requested_piece(client, inhabitant, waiting):
    client.force_login(inhabitant)
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "Ajouter la pièce demandée" in page and "Il manque les statuts signés." in page
    document = VaultDocumentFactory(applicant=waiting.applicant, original_name="statuts.pdf")
    response = client.post(
        reverse("grants:application_supply_piece", kwargs={"ref": waiting.number}), {"document": document.pk}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == "instruction"
    assert waiting.clock_paused_at is None
    assert ApplicationDocument.objects.filter(application=waiting, vault_document=document).exists()
    assert waiting.piece_requests.get().status == "answered"
    actions = list(waiting.events.values_list("action", flat=True))
    assert "piece_supplied" in actions and "pieces_supplied" in actions


def test_no_piece_form_when_nothing_is_asked(client, inhabitant):
    space = ApplicantFactory(person=inhabitant)
    application = ApplicationFactory(applicant=space, state="instruction", number="IC-2026-0008")
    client.force_login(inhabitant)
    assert "Ajouter la pièce demandée" not in client.get(application.get_absolute_url()).content.decode()
    document = VaultDocumentFactory(applicant=space)
    client.post(
        reverse("grants:application_supply_piece", kwargs={"ref": application.number}),
        {"document": document.pk},
    )
    application.refresh_from_db()
    assert application.state == "instruction"
    assert not application.attachments.exists()


def test_write_to_the_assigned_agent(client, inhabitant, agent):
    space = ApplicantFactory(person=inhabitant)
    application = ApplicationFactory(
        applicant=space, state="instruction", number="IC-2026-0009", assigned_agent=agent
    )
    client.force_login(inhabitant)
    assert "Écrire à Nadia" in client.get(application.get_absolute_url()).content.decode()
    response = client.post(reverse("grants:application_message", kwargs={"ref": application.number}))
    assert response.status_code == 302 and response["Location"].startswith("/messages/")
    # The same thread again, and the agent reaches it too.
    again = client.post(reverse("grants:application_message", kwargs={"ref": application.number}))
    assert again["Location"] == response["Location"]
    client.force_login(agent)
    assert client.get(response["Location"]).status_code == 200


def test_no_agent_yet_explains_instead(client, inhabitant):
    space = ApplicantFactory(person=inhabitant)
    application = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0010")
    client.force_login(inhabitant)
    assert "Un agent sera désigné" in client.get(application.get_absolute_url()).content.decode()
    response = client.post(
        reverse("grants:application_message", kwargs={"ref": application.number}), follow=True
    )
    assert "Un agent sera désigné" in response.content.decode()


def test_a_reassigned_file_keeps_one_conversation_that_the_new_agent_joins(client, inhabitant, agent):
    from solidaires.accounts.tests.factories import AgentFactory
    from solidaires.grants.instruction import services as instruction_services
    from solidaires.messaging.models import Message, Participant, Thread
    from solidaires.messaging.services import message_send

    space = ApplicantFactory(person=inhabitant)
    application = ApplicationFactory(
        applicant=space, state="instruction", number="IC-2026-0011", assigned_agent=agent
    )
    client.force_login(inhabitant)
    url = reverse("grants:application_message", kwargs={"ref": application.number})
    first = client.post(url)["Location"]
    thread_id = int(first.strip("/").split("/")[-1])
    message_send(thread=Thread.objects.get(pk=thread_id), by=inhabitant, body="Bonjour, voici notre devis.")

    colleague = AgentFactory(email="sami@agglo.exemple.fr", display_name="Sami")
    instruction_services.applications_assign(applications=[application], agent=colleague, by=agent)

    assert client.post(url)["Location"] == first
    assert Participant.objects.filter(thread_id=thread_id, user=colleague).exists()
    client.force_login(colleague)
    page = client.get(first)
    assert page.status_code == 200
    assert "Bonjour, voici notre devis." in page.content.decode()
    assert Message.objects.filter(thread_id=thread_id).count() == 1
