"""Permission grid of the applicant side: every page × every role. An applicant (and the
members of its space) sees only their own files; agents see all; others get 404/403/login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import ROLES
from solidaires.grants.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    CallFactory,
    VaultDocumentFactory,
)

pytestmark = pytest.mark.django_db

# Who may see the files of the applicant space owned by Camille (the inhabitant) with Lou
# (member of La Bicyclette Bleue) invited as a member of the space.
SPACE_VIEWERS = {"inhabitant", "member", "agent", "admin_user"}


@pytest.fixture
def world(inhabitant, member):
    space = ApplicantFactory(person=inhabitant, name="Camille", with_members=[member])
    draft = ApplicationFactory(applicant=space)
    submitted = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0042")
    document = VaultDocumentFactory(applicant=space)
    return {"space": space, "draft": draft, "submitted": submitted, "document": document}


def expect(role: str, allowed: set[str], response, *, ok: int = 200, refused: int = 404) -> None:
    """Decision 1102: 404 for a file the person may not know exists, 403 for a known page."""
    if role == "anonymous":
        assert response.status_code == 302, response.status_code
    elif role in allowed:
        assert response.status_code == ok, (role, response.status_code)
    else:
        assert response.status_code == refused, (role, response.status_code)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_public_index_for_everyone(as_role):
    client, _user = as_role
    CallFactory()
    response = client.get(reverse("grants:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Projets et subventions" in html
    assert "jusqu'à 5\u202f000\u00a0€" in html or "Jusqu'à 5\u202f000\u00a0€" in html


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_desk_lists_only_my_spaces(as_role, world):
    client, user = as_role
    response = client.get(reverse("grants:desk"))
    if user is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    sees = user.email in {"camille@exemple.fr", "lou@bicyclette.exemple.fr"}
    assert (world["submitted"].title in html) is sees


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_file_page(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    response = client.get(reverse("grants:application_detail", kwargs={"ref": "IC-2026-0042"}))
    expect(role, SPACE_VIEWERS, response)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_ack_pdf(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    response = client.get(reverse("grants:application_ack_pdf", kwargs={"ref": "IC-2026-0042"}))
    expect(role, SPACE_VIEWERS, response)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_draft_steps(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    for step in (1, 2, 3, 4):
        response = client.get(
            reverse("grants:application_step", kwargs={"pk": world["draft"].pk, "step": step})
        )
        expect(role, SPACE_VIEWERS, response)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_vault_download(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    response = client.get(reverse("grants:vault_download", kwargs={"pk": world["document"].pk}))
    expect(role, SPACE_VIEWERS, response)
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_vault_delete_page(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    response = client.get(reverse("grants:vault_delete", kwargs={"pk": world["document"].pk}))
    expect(role, SPACE_VIEWERS, response)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_space_page(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    response = client.get(reverse("grants:applicant_detail", kwargs={"pk": world["space"].pk}))
    expect(role, SPACE_VIEWERS, response)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_withdraw_page(as_role, world):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    response = client.get(reverse("grants:application_withdraw", kwargs={"ref": "IC-2026-0042"}))
    # Agents see the file but withdrawing is the applicant's decision.
    expect(role, {"inhabitant", "member"}, response, refused=403 if role in {"agent", "admin_user"} else 404)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agents_configuration_pages(as_role):
    client, user = as_role
    role = "anonymous" if user is None else next(r for r in ROLES[1:] if _is(user, r))
    call = CallFactory()
    for url in (
        reverse("grants_agents:schemes"),
        reverse("grants_agents:scheme_create"),
        reverse("grants_agents:scheme_edit", kwargs={"pk": call.scheme_id}),
        reverse("grants_agents:call_create", kwargs={"pk": call.scheme_id}),
        reverse("grants_agents:call_edit", kwargs={"pk": call.pk}),
        reverse("grants_agents:envelope_set", kwargs={"pk": call.scheme_id}),
        reverse("grants_agents:on_behalf_start"),
    ):
        response = client.get(url)
        expect(role, {"agent", "admin_user"}, response, refused=403)


def _is(user, role: str) -> bool:
    return {
        "inhabitant": user.email == "camille@exemple.fr",
        "member": user.email == "lou@bicyclette.exemple.fr",
        "manager": user.email == "sami@bicyclette.exemple.fr",
        "agent": user.email == "nadia@agglo.exemple.fr",
        "elected": user.email == "paul@agglo.exemple.fr",
        "admin_user": user.email == "alex@agglo.exemple.fr",
    }[role]


def test_association_space_is_shared_by_its_managers_only(client, manager, member, bicyclette):
    client.force_login(manager)
    response = client.post(reverse("grants:association_space", kwargs={"slug": bicyclette.slug}))
    space = bicyclette.grant_applicants.get()
    assert response["Location"] == space.get_absolute_url()
    assert space.rna == bicyclette.rna
    application = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0100")
    assert client.get(application.get_absolute_url()).status_code == 200
    client.force_login(member)  # a plain member is not a manager
    assert client.get(application.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("grants:association_space", kwargs={"slug": bicyclette.slug})).status_code == 403
    )
