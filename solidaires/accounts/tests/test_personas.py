import pytest
from allauth.mfa.utils import is_mfa_enabled


@pytest.mark.django_db
def test_agent_persona_has_totp_and_reaches_pages(client, agent, manager, bicyclette):
    assert is_mfa_enabled(agent)
    assert not is_mfa_enabled(manager)
    assert manager.memberships.get().association == bicyclette


@pytest.mark.django_db
def test_agent_without_totp_is_sent_to_set_it_up(client):
    from solidaires.accounts.tests.factories import AgentFactory

    client.force_login(AgentFactory(mfa=False))
    response = client.get("/")
    assert response.status_code == 302
    assert "/comptes/2fa/" in response["Location"]
