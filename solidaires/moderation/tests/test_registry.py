"""What the domains register for moderation (decision 0845), and the pages that rely on it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from solidaires.accounts.tests.factories import UserFactory
from solidaires.moderation import services
from solidaires.moderation.registry import reportable_by_kind, reportables

pytestmark = pytest.mark.django_db


def test_each_reportable_content_is_registered_by_its_own_app():
    assert {label for label, _reportable in reportables.items()} >= {
        "mutualaid.mutualaidpost",
        "messaging.message",
        "volunteering.mission",
        "volunteering.volunteeroffer",
    }
    kinds = [reportable.kind for _label, reportable in reportables.items()]
    assert len(kinds) == len(set(kinds)), "each kind is the slug of one report page"
    assert reportable_by_kind("annonce").label == "mutualaid.mutualaidpost"
    assert reportable_by_kind("inconnu") is None


def test_content_nobody_registered_cannot_be_reported_nor_hidden(inhabitant, agent):
    someone = UserFactory()
    assert get_user_model()._meta.label_lower not in reportables
    with pytest.raises(ValidationError, match="ne peut pas être signalé"):
        services.report_create(by=inhabitant, target=someone, reason="spam")
    with pytest.raises(ValidationError, match="ne peut pas être masqué"):
        services.content_hide(target=someone, by=agent, reason="Motif")
    assert services.responsible_user(someone) is None


def test_an_unknown_kind_of_content_has_no_report_page(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/entraide/signaler/inconnu/1/").status_code == 404
    assert client.get("/entraide/signaler/mission/999999/").status_code == 404


@pytest.mark.parametrize("role", ["inhabitant", "member", "elected"])
def test_the_queue_is_the_agents_with_its_french_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/espace-agents/entraide/")
    assert response.status_code == 403
    assert "réservée aux agents" in response.content.decode()


def test_the_queue_for_an_agent_and_a_visitor(client, agent):
    response = client.get("/espace-agents/entraide/")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    client.force_login(agent)
    assert client.get("/espace-agents/entraide/").status_code == 200
