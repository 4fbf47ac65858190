"""Shared pytest fixtures. App-specific factories live in each app's tests/factories.py."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every transactional test must use serialized rollback.

    A transactional test without it flushes the database at teardown and re-creates the
    content types; the next browser test on the same worker (they restore the serialized
    database) then fails on duplicate content types. Refuse such a test at collection.
    """
    offenders = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        if marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "Transactional tests need serialized_rollback=True (see conftest.py): " + ", ".join(offenders)
        )


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


# A small cast of named personas, shared by every app's tests. Each is built by a plain
# function (also used by module-scoped data, e.g. tests/permissions/) and offered as a fixture.
def make_valence():
    from solidaires.territory.tests.factories import CommuneFactory

    return CommuneFactory(
        insee="26362",
        name="Valence",
        slug="26362-valence",
        population=64726,
        postal_codes="26000",
        lat=44.9334,
        lon=4.8924,
        urban_class="urbain",
    )


def make_romans():
    from solidaires.territory.tests.factories import CommuneFactory

    return CommuneFactory(
        insee="26281",
        name="Romans-sur-Isère",
        slug="26281-romans-sur-isere",
        population=33500,
        postal_codes="26100",
        lat=45.0436,
        lon=5.0513,
        urban_class="urbain",
    )


def make_inhabitant():
    from solidaires.accounts.tests.factories import UserFactory

    return UserFactory(email="camille@exemple.fr", display_name="Camille")


def make_bicyclette(romans):
    from solidaires.associations.tests.factories import AssociationFactory

    return AssociationFactory(
        name="La Bicyclette Bleue",
        slug="la-bicyclette-bleue",
        head_office_commune=romans,
        themes=["mobilite", "reparation"],
    )


def make_manager(bicyclette):
    from solidaires.associations.tests.factories import ManagerFactory

    return ManagerFactory(
        association=bicyclette, user__email="sami@bicyclette.exemple.fr", user__display_name="Sami"
    ).user


def make_member(bicyclette):
    from solidaires.associations.tests.factories import MembershipFactory

    return MembershipFactory(
        association=bicyclette, user__email="lou@bicyclette.exemple.fr", user__display_name="Lou"
    ).user


def make_agent():
    from solidaires.accounts.tests.factories import AgentFactory

    return AgentFactory(email="nadia@agglo.exemple.fr", display_name="Nadia")


def make_agent_no_2fa():
    from solidaires.accounts.tests.factories import AgentFactory

    return AgentFactory(email="noe@agglo.exemple.fr", display_name="Noé", mfa=False)


def make_elected():
    from solidaires.accounts.tests.factories import ElectedFactory

    return ElectedFactory(email="paul@agglo.exemple.fr", display_name="Paul")


def make_admin_user():
    from solidaires.accounts.tests.factories import AdminFactory

    return AdminFactory(email="alex@agglo.exemple.fr", display_name="Alex")


@pytest.fixture
def valence(db):
    return make_valence()


@pytest.fixture
def romans(db):
    return make_romans()


@pytest.fixture
def inhabitant(db):
    """Camille, an inhabitant with no association."""
    return make_inhabitant()


@pytest.fixture
def bicyclette(db, romans):
    """La Bicyclette Bleue, a verified association of Romans-sur-Isère."""
    return make_bicyclette(romans)


@pytest.fixture
def manager(db, bicyclette):
    """Sami, manager of La Bicyclette Bleue."""
    return make_manager(bicyclette)


@pytest.fixture
def member(db, bicyclette):
    """Lou, member (not manager) of La Bicyclette Bleue."""
    return make_member(bicyclette)


@pytest.fixture
def agent(db):
    """Nadia, intercommunal agent (TOTP set up)."""
    return make_agent()


@pytest.fixture
def agent_no_2fa(db):
    """Noé, intercommunal agent who has not set up two-factor authentication yet."""
    return make_agent_no_2fa()


@pytest.fixture
def elected(db):
    """Paul, elected official."""
    return make_elected()


@pytest.fixture
def admin_user(db):
    """Alex, platform administrator (TOTP set up)."""
    return make_admin_user()


ROLES = ["anonymous", "inhabitant", "member", "manager", "agent", "elected", "admin_user"]
# The eight roles of the permission grid (tests/permissions/): ROLES and an agent without 2FA.
GRID_ROLES = [
    "anonymous",
    "inhabitant",
    "member",
    "manager",
    "agent_no_2fa",
    "agent",
    "elected",
    "admin_user",
]


@pytest.fixture
def as_role(request, client):
    """Parametrise with ROLES: returns (client logged in as that persona, user or None)."""
    role = request.param
    if role == "anonymous":
        return client, None
    user = request.getfixturevalue(role)
    client.force_login(user)
    return client, user
