"""A person or an agent without a display name is never named after their e-mail address
(decision 1110): the person's applicant space, the agents' file page and inbox, the file seen
by the applicant, the acknowledgement PDF; spaces named that way before are renamed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from solidaires.accounts.naming import NEUTRAL_NAME
from solidaires.accounts.tests.factories import AgentFactory, UserFactory
from solidaires.accounts.tests.naming import (
    SECRET,
    assert_named_without_address,
    nameless_user,
    pdf_text,
)
from solidaires.grants.applications.services.spaces import applicant_person_space
from solidaires.grants.models import Applicant
from solidaires.grants.tests.factories import ApplicantFactory, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeanne():
    return nameless_user()


@pytest.fixture
def nameless_agent():
    return AgentFactory(display_name="", email="jeanne.secret@agglo.example.org")


@pytest.fixture
def file(jeanne, nameless_agent):
    space = applicant_person_space(user=jeanne)
    return submitted_application(
        applicant=space,
        title="Jardin partagé",
        assigned_agent=nameless_agent,
        created_by_agent=nameless_agent,
    )


def test_a_person_space_is_named_with_the_neutral_label(file):
    assert file.applicant.name == str(NEUTRAL_NAME)


def test_agents_file_page_history_and_inbox(client, agent, file):
    client.force_login(agent)
    for url, named in (
        (reverse("grants_agents:file", args=[file.pk]), True),
        (reverse("grants_agents:file_history", args=[file.pk]), False),
        (reverse("grants_agents:inbox"), True),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Jardin partagé" in html, url
        assert_named_without_address(html, named=named)


def test_file_seen_by_the_applicant(client, jeanne, file):
    client.force_login(jeanne)
    html = client.get(reverse("grants:application_detail", kwargs={"ref": file.number})).content.decode()
    assert "Jardin partagé" in html
    assert_named_without_address(html)


def test_acknowledgement_pdf(client, jeanne, file):
    client.force_login(jeanne)
    response = client.get(reverse("grants:application_ack_pdf", kwargs={"ref": file.number}))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Porteur du projet" in text and "Dossier préparé avec" in text
    assert_named_without_address(text)


def test_spaces_named_after_the_address_before_are_renamed():
    migration = importlib.import_module(
        "solidaires.grants.migrations.0006_person_applicant_names_without_address"
    )
    leaked = ApplicantFactory(person=nameless_user(), name=SECRET)
    named_since = ApplicantFactory(
        person=UserFactory(display_name="Lou", email="lou.b@example.org"), name="lou.b"
    )
    own_choice = ApplicantFactory(person=UserFactory(email="sami@example.org"), name="Sami et ses voisins")
    migration.rename_person_spaces(apps, None)
    names = dict(Applicant.objects.values_list("pk", "name"))
    assert names[leaked.pk] == str(NEUTRAL_NAME)
    assert names[named_since.pk] == "Lou"
    assert names[own_choice.pk] == "Sami et ses voisins"


def test_decision_letter_pdf(file, nameless_agent):
    from solidaires.grants.instruction.letters import decision_letter
    from solidaires.grants.models import Decision

    decision = Decision.objects.create(
        application=file,
        outcome="refused",
        reason="Hors critères",
        reference="D-1",
        year=2026,
        decided_by=nameless_agent,
    )
    text = pdf_text(decision_letter(decision))
    assert "Jardin partagé" in text
    assert_named_without_address(text)
