"""Every view x every role (anonymous, inhabitant, member, manager, agent, elected, admin)."""

from __future__ import annotations

import pytest

from conftest import ROLES
from solidaires.associations.models import Association, AssociationStatus, Membership

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the login page


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content[:500])
    if expected == 403:
        assert (
            "Accès réservé" in response.content.decode() or "réservé aux agents" in response.content.decode()
        )


def expect(role, table):
    return table[ROLES.index(role)]


#        anonymous, inhabitant, member, manager, agent, elected, admin
PUBLIC = (200, 200, 200, 200, 200, 200, 200)
PRIVATE_PAGE = (404, 404, 200, 200, 200, 404, 200)
CREATE = (LOGIN, 200, 200, 200, 200, 200, 200)
EDIT = (LOGIN, 403, 403, 200, 200, 403, 200)
CLAIM = (LOGIN, 200, 403, 403, 200, 200, 200)
MEMBERS = (LOGIN, 403, 403, 200, 403, 403, 403)
AGENTS = (LOGIN, 403, 403, 403, 200, 403, 200)
AGENT_POST = (LOGIN, 403, 403, 403, 302, 403, 302)


@pytest.fixture
def role(request):
    return request.node.callspec.params["as_role"]


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_directory(as_role, role, bicyclette):
    client, _ = as_role
    check(client.get("/associations/"), expect(role, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_verified_page(as_role, role, bicyclette):
    client, _ = as_role
    check(client.get(bicyclette.get_absolute_url()), expect(role, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_pending_page(as_role, role, bicyclette, manager, member):
    Association.objects.filter(pk=bicyclette.pk).update(status=AssociationStatus.PENDING)
    client, _ = as_role
    check(client.get(bicyclette.get_absolute_url()), expect(role, PRIVATE_PAGE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_create(as_role, role, bicyclette):
    client, _ = as_role
    check(client.get("/associations/nouvelle/"), expect(role, CREATE))


def test_create_needs_a_verified_email(client, db):
    from solidaires.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(verified=False))
    response = client.get("/associations/nouvelle/")
    assert response.status_code == 403
    assert "confirmez d&#x27;abord votre adresse e-mail" in response.content.decode()


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_edit(as_role, role, bicyclette, manager, member):
    client, _ = as_role
    check(client.get(f"/associations/{bicyclette.slug}/modifier/"), expect(role, EDIT))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_edit_post(as_role, role, bicyclette, manager, member):
    client, _ = as_role
    response = client.post(f"/associations/{bicyclette.slug}/modifier/", {"name": "Piratée"})
    expected = expect(role, EDIT)
    check(response, 200 if expected == 200 else expected)  # 200: the form with its errors
    assert Association.objects.get(pk=bicyclette.pk).name == "La Bicyclette Bleue"


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_claim(as_role, role, bicyclette, manager, member):
    client, _ = as_role
    check(client.get(f"/associations/{bicyclette.slug}/revendiquer/"), expect(role, CLAIM))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_members(as_role, role, bicyclette, manager, member):
    client, _ = as_role
    check(client.get(f"/associations/{bicyclette.slug}/membres/"), expect(role, MEMBERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_member_remove_page(as_role, role, bicyclette, manager, member):
    client, _ = as_role
    pk = Membership.objects.get(user=member).pk
    check(client.get(f"/associations/{bicyclette.slug}/membres/{pk}/retirer/"), expect(role, MEMBERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_member_role_post(as_role, role, bicyclette, manager, member):
    client, _ = as_role
    pk = Membership.objects.get(user=member).pk
    response = client.post(f"/associations/{bicyclette.slug}/membres/{pk}/role/", {f"m{pk}-role": "manager"})
    expected = expect(role, MEMBERS)
    check(response, 302 if expected == 200 else expected)
    assert (Membership.objects.get(pk=pk).role == "manager") == (expected == 200)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize(
    "path",
    [
        "/espace-agents/",
        "/espace-agents/associations/",
        "/espace-agents/revendications/",
        "/espace-agents/associations/la-bicyclette-bleue/historique/",
        "/espace-agents/associations/la-bicyclette-bleue/refuser/",
    ],
)
def test_agent_pages(as_role, role, path, bicyclette, manager, member):
    client, _ = as_role
    check(client.get(path), expect(role, AGENTS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agent_verify_post(as_role, role, bicyclette, manager, member):
    Association.objects.filter(pk=bicyclette.pk).update(status=AssociationStatus.PENDING)
    client, _ = as_role
    check(client.post(f"/espace-agents/associations/{bicyclette.slug}/verifier/"), expect(role, AGENT_POST))
    verified = Association.objects.get(pk=bicyclette.pk).status == AssociationStatus.VERIFIED
    assert verified == (expect(role, AGENT_POST) == 302)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agent_bulk_verify_post(as_role, role, bicyclette, manager, member):
    Association.objects.filter(pk=bicyclette.pk).update(status=AssociationStatus.PENDING)
    client, _ = as_role
    response = client.post("/espace-agents/associations/verifier/", {"associations": [bicyclette.pk]})
    check(response, expect(role, AGENT_POST))


def test_agent_pages_refuse_get_on_post_only_views(client, agent, bicyclette):
    client.force_login(agent)
    assert client.get(f"/espace-agents/associations/{bicyclette.slug}/verifier/").status_code == 405


def test_unknown_association_is_404(client, agent):
    client.force_login(agent)
    assert client.get("/associations/inconnue/").status_code == 404
    assert client.get("/espace-agents/associations/inconnue/historique/").status_code == 404


def test_other_association_members_page_is_forbidden(client, bicyclette, manager):
    from solidaires.associations.tests.factories import AssociationFactory, MembershipFactory

    other = AssociationFactory(name="Autre")
    client.force_login(manager)
    assert client.get(f"/associations/{other.slug}/membres/").status_code == 403
    # A membership of another association cannot be reached through this one.
    foreign = MembershipFactory(association=other)
    assert client.get(f"/associations/{bicyclette.slug}/membres/{foreign.pk}/retirer/").status_code == 404
