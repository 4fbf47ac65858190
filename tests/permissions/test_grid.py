"""Every route × the eight roles: the status each gets, for GET and for each POST action.

The table is ``grid.GRID`` (decision 1102 says which refusal is which). This module fails when
a route of ``config.urls`` is missing from the table, when the table names a route that no
longer exists, and when a route answers a role otherwise than the table says. POSTs send an
empty body (or just the action's field): what is checked is the access decision, not the form.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import GRID_ROLES
from tests.routes import routes

from .grid import GRID, F, L
from .world import KWARGS, World

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("permission-grid")]


def test_every_route_is_in_the_grid():
    missing = sorted(set(routes()) - set(GRID))
    assert not missing, f"Routes missing from tests/permissions/grid.py: {missing}"


def test_every_grid_entry_is_a_route():
    gone = sorted(set(GRID) - set(routes()))
    assert not gone, f"Grid entries for routes that no longer exist: {gone}"


def test_every_url_argument_is_for_a_route_of_the_grid():
    assert not set(KWARGS) - set(GRID)


def test_every_row_has_eight_roles():
    for name, actions in GRID.items():
        assert "GET" in actions, name
        for action, row in actions.items():
            assert len(row) == len(GRID_ROLES), (name, action)


def observe(response: Any) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return L
        if location.startswith(reverse("mfa_activate_totp")):
            return F
    return int(response.status_code)


def request(world: World, name: str, role: str, action: str) -> int | str:
    url = reverse(name, kwargs=KWARGS[name](world) if name in KWARGS else None)
    with transaction.atomic():
        cache.clear()  # page caches and rate limits start afresh for each role
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world[role])
        if action == "GET":
            response = client.get(url)
        else:
            data = dict(field.split("=", 1) for field in action.split()[1:])
            response = client.post(url, data)
        transaction.set_rollback(True)  # what a POST changed is undone for the next role
    return observe(response)


@pytest.mark.parametrize("name", sorted(GRID))
def test_route_answers_each_role_as_the_grid_says(name, world, settings):
    settings.MEDIA_ROOT = world["media_root"]
    differences = []
    for action, expected in GRID[name].items():
        got = [request(world, name, role, action) for role in GRID_ROLES]
        for role, want, answer in zip(GRID_ROLES, expected, got, strict=True):
            if want != answer:
                differences.append(f"{action} as {role}: expected {want}, got {answer}")
    assert not differences, f"{name}:\n  " + "\n  ".join(differences)
