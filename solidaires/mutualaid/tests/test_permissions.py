"""Every view x every role (anonymous, inhabitant, member, manager, agent, elected, admin).

The post of the grid is Camille's (the ``inhabitant`` persona): her column is the author's."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import ROLES
from solidaires.accounts.tests.factories import UserFactory
from solidaires.mutualaid.models import SafetyGuideAck

from .factories import MutualAidPostFactory, ReportFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"

#        anonymous, inhabitant (author), member, manager, agent, elected, admin
PUBLIC = (200, 200, 200, 200, 200, 200, 200)
HIDDEN_POST = (404, 200, 404, 404, 200, 404, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200, 200)
AUTHOR_ONLY = (LOGIN, 200, 403, 403, 403, 403, 403)
ANSWER = (LOGIN, 403, 200, 200, 200, 200, 200)
AGENTS = (LOGIN, 403, 403, 403, 200, 403, 200)
NOT_THE_AUTHOR = (LOGIN, 403, 200, 200, 200, 200, 200)  # nobody reports their own content


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content[:500])


def expect(role, table):
    return table[ROLES.index(role)]


@pytest.fixture
def role(request):
    return request.node.callspec.params["as_role"]


@pytest.fixture
def camille_post(inhabitant, valence):
    return MutualAidPostFactory(author=inhabitant, commune=valence, title="Courses au marché")


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("url", ["/entraide/", "/entraide/conseils/"])
def test_public_pages(as_role, role, camille_post, url):
    client, _ = as_role
    check(client.get(url), expect(role, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_post_page(as_role, role, camille_post):
    client, _ = as_role
    check(client.get(camille_post.get_absolute_url()), expect(role, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_hidden_post_page(as_role, role, camille_post, agent):
    camille_post.hidden_at = timezone.now()
    camille_post.hidden_reason = "Motif"
    camille_post.save()
    client, _ = as_role
    check(client.get(camille_post.get_absolute_url()), expect(role, HIDDEN_POST))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("url", ["/entraide/nouvelle/", "/entraide/mes-annonces/", "/entraide/reprendre/"])
def test_signed_in_pages(as_role, role, url):
    client, _ = as_role
    check(client.get(url), expect(role, SIGNED_IN))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("action", ["modifier", "retirer"])
def test_author_pages(as_role, role, camille_post, action):
    client, _ = as_role
    check(client.get(f"/entraide/{camille_post.pk}/{action}/"), expect(role, AUTHOR_ONLY))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_answer_page(as_role, role, camille_post):
    client, user = as_role
    if user is not None:
        SafetyGuideAck.objects.create(user=user)
    check(client.get(f"/entraide/{camille_post.pk}/repondre/"), expect(role, ANSWER))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_report_page(as_role, role, camille_post):
    client, _ = as_role
    check(client.get(f"/entraide/{camille_post.pk}/signaler/"), expect(role, NOT_THE_AUTHOR))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize(
    "path",
    [
        "",
        "?etat=resolved",
        "signalements/{report}/",
        "signalements/{report}/masquer/",
        "signalements/{report}/avertir/",
        "signalements/{report}/suspendre/",
        "signalements/{report}/classer/",
        "comptes-suspendus/",
        "comptes-suspendus/{suspended}/retablir/",
        "annonces/{hidden}/retablir/",
        "pour-un-habitant/",
    ],
)
def test_agent_pages(as_role, role, camille_post, path):
    report = ReportFactory(target=camille_post)
    suspended = UserFactory(is_active=False)
    hidden = MutualAidPostFactory(hidden_at=timezone.now(), hidden_reason="Motif")
    client, _ = as_role
    url = "/espace-agents/entraide/" + path.format(report=report.pk, suspended=suspended.pk, hidden=hidden.pk)
    response = client.get(url)
    check(response, expect(role, AGENTS))
    if response.status_code == 403:
        assert "réservée aux agents" in response.content.decode()


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agent_actions_by_post(as_role, role, camille_post):
    """Posting an action is as guarded as showing its page."""
    report = ReportFactory(target=camille_post)
    client, _ = as_role
    response = client.post(f"/espace-agents/entraide/signalements/{report.pk}/masquer/", {"reason": "Motif"})
    camille_post.refresh_from_db()
    if role in ("agent", "admin_user"):
        assert response.status_code == 302
        assert camille_post.is_hidden
    else:
        check(response, expect(role, AGENTS))
        assert not camille_post.is_hidden


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_author_actions_by_post(as_role, role, camille_post):
    client, _ = as_role
    response = client.post(f"/entraide/{camille_post.pk}/retirer/", {"outcome": "fulfilled"})
    camille_post.refresh_from_db()
    if role == "inhabitant":
        assert response.status_code == 302
        assert camille_post.state == "fulfilled"
    else:
        check(response, expect(role, AUTHOR_ONLY))
        assert camille_post.state == "open"
