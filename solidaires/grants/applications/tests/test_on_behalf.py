"""An agent starts a file for an inhabitant met at a permanence, then hands it over."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from solidaires.accounts.tests.factories import UserFactory
from solidaires.grants.applications import services
from solidaires.grants.models import Applicant, Application
from solidaires.grants.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def start(client, call, **extra):
    data = {
        "kind": "person",
        "name": "Fatima B.",
        "email": "",
        "commune": "",
        "offer": f"{call.scheme_id}:{call.pk}",
        "title": "Repair café du quartier",
        "consent_method": "Accord oral à la permanence de la Maison citoyenne",
        **extra,
    }
    return client.post(reverse("grants_agents:on_behalf_start"), data)


def test_agent_starts_fills_and_hands_over(client, agent, valence):
    call = CallFactory()
    client.force_login(agent)
    response = start(client, call, commune=valence.pk)
    applicant = Applicant.objects.get(name="Fatima B.")
    application = Application.objects.get(applicant=applicant)
    assert response["Location"] == reverse("grants_agents:handover_sheet", kwargs={"pk": applicant.pk})
    assert application.created_by_agent == agent
    assert application.consent_recorded_at is not None
    assert "permanence" in application.consent_method
    assert applicant.person is None and applicant.handover_code_hash
    sheet = client.get(response["Location"]).content.decode()
    code = re.search(r'<p class="grants-code"><strong>([A-Z0-9]{8})</strong>', sheet).group(1)
    assert code not in applicant.handover_code_hash  # only the hash is stored
    # Shown once only.
    assert code not in client.get(response["Location"]).content.decode()
    # The agent fills the draft (allowed on drafts).
    step = client.get(reverse("grants:application_step", kwargs={"pk": application.pk, "step": 1}))
    assert step.status_code == 200
    # The inhabitant creates an account and types the code.
    fatima = UserFactory(email="fatima@exemple.fr", display_name="Fatima")
    client.force_login(fatima)
    page = client.post(reverse("grants:handover_claim"), {"code": code.lower()})
    assert page["Location"] == applicant.get_absolute_url()
    applicant.refresh_from_db()
    assert applicant.person == fatima and applicant.handed_over_at is not None
    assert (
        client.get(reverse("grants:application_step", kwargs={"pk": application.pk, "step": 1})).status_code
        == 200
    )
    # Every event says who did it.
    events = list(application.events.order_by("at", "id"))
    assert [(e.action, e.on_behalf) for e in events] == [
        ("created", True),
        ("consent_recorded", True),
        ("handed_over", False),
    ]
    detail = client.get(
        reverse("grants:application_detail", kwargs={"ref": str(application.pk)})
    ).content.decode()
    assert "Nadia (agent·e de l&#x27;Agglo) pour vous" in detail
    # The code works once only.
    other = UserFactory()
    client.force_login(other)
    again = client.post(reverse("grants:handover_claim"), {"code": code})
    assert "Ce code n&#x27;est pas valable" in again.content.decode()


def test_consent_is_required(client, agent):
    call = CallFactory()
    client.force_login(agent)
    response = start(client, call, consent_method="")
    assert response.status_code == 200
    assert "Repair café du quartier" in response.content.decode()
    assert not Application.objects.exists()


def test_wrong_code_is_refused(client, inhabitant):
    client.force_login(inhabitant)
    response = client.post(reverse("grants:handover_claim"), {"code": "AAAAAAAA"})
    assert "Ce code n&#x27;est pas valable" in response.content.decode()


def test_new_code_replaces_the_old_one(agent, valence):
    call = CallFactory()
    application, code = services.on_behalf_start(
        by=agent,
        kind="group",
        name="Les voisins",
        consent_method="Formulaire signé",
        scheme=call.scheme,
        call=call,
        title="Fête",
        commune=valence,
    )
    new_code = services.handover_new_code(applicant=application.applicant, by=agent)
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.handover_claim(code=code, by=user)
    services.handover_claim(code=new_code, by=user)
    application.applicant.refresh_from_db()
    assert application.applicant.person == user


def test_inhabitants_cannot_act_on_behalf(client, inhabitant):
    call = CallFactory()
    client.force_login(inhabitant)
    assert start(client, call).status_code == 403
    with pytest.raises(PermissionDenied):
        services.on_behalf_start(
            by=inhabitant,
            kind="person",
            name="X",
            consent_method="oral",
            scheme=call.scheme,
            call=call,
            title="T",
        )


def test_group_creation_with_members_by_email(client, inhabitant, member, valence):
    client.force_login(inhabitant)
    url = reverse("grants:group_create")
    response = client.post(
        url, {"name": "Les jardiniers", "commune": valence.pk, "member_emails": "inconnu@exemple.fr"}
    )
    assert "Aucun compte n&#x27;existe pour : inconnu@exemple.fr" in response.content.decode()
    assert "Les jardiniers" in response.content.decode()
    client.post(url, {"name": "Les jardiniers", "commune": valence.pk, "member_emails": member.email.upper()})
    group = Applicant.objects.get(name="Les jardiniers")
    assert set(group.members.all()) == {inhabitant, member}
    assert group.person == inhabitant
