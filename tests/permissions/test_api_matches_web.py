"""Every API endpoint applies the same rule as its web page (issue 11, decision 1115).

The endpoints are read from the ninja API's own URL patterns: one missing from ``WEB_PAGE``
fails the suite. For each endpoint and each of the eight roles of the grid:

- the API refuses exactly when its web page refuses, with the status of decision 1102
  (web 302 to the sign-in page → API 401; web 302 to the two-factor set-up → API 403;
  403 → 403; 404 → 404);
- a list returns no object that the web list hides from that role (each item's page is
  listed on the web list the role sees);
- a detail endpoint shows no hidden object (a draft, a hidden or pending one) that its web
  page refuses to that role: the public API may show less than the site, never more.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import GRID_ROLES
from tests.routes import walk

from .world import KWARGS, World

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("permission-grid")]

API_NAMESPACE = "api-v1"

# API endpoint → its web page (None: the API's own documentation, no page of data).
WEB_PAGE: dict[str, str | None] = {
    "api-v1:api-root": None,
    "api-v1:openapi-json": None,
    "api-v1:openapi-view": None,
    "api-v1:list_communes": "territory:index",
    "api-v1:get_commune": "territory:commune",
    "api-v1:list_places": "territory:places",
    "api-v1:get_place": "territory:place",
    "api-v1:list_associations": "associations:list",
    "api-v1:get_association": "associations:detail",
    "api-v1:list_missions": "volunteering:index",
    "api-v1:get_mission": "volunteering:mission_detail",
    "api-v1:list_offers": "volunteering:offers",
    "api-v1:apply_to_mission": "volunteering:engagement_apply",
    "api-v1:list_posts": "mutualaid:index",
    "api-v1:get_post": "mutualaid:detail",
    "api-v1:list_events": "events:index",
    "api-v1:get_event": "events:detail",
    "api-v1:schemes": "grants:index",
}

# Writes: the API is called with a JSON object, the web page with a POSTed form.
WRITES = {"api-v1:apply_to_mission"}

# What shows an API list item on its web list: the link to its page (or its name).
ITEM_MARK: dict[str, Callable[[dict[str, Any]], str]] = {
    "api-v1:list_communes": lambda item: item["url"],
    "api-v1:list_places": lambda item: item["url"],
    "api-v1:list_associations": lambda item: item["url"],
    "api-v1:list_missions": lambda item: item["url"],
    "api-v1:list_offers": lambda item: item["url"],
    "api-v1:list_posts": lambda item: item["url"],
    "api-v1:list_events": lambda item: item["url"],
    "api-v1:schemes": lambda item: item["name"],
}


def _hidden(w: World) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """endpoint → [(API kwargs, web kwargs)] of objects not everybody may see."""
    return {
        "api-v1:get_mission": [
            (
                {"mission_id": w["hidden_mission"].pk},
                {"pk": w["hidden_mission"].pk, "slug": w["hidden_mission"].slug},
            )
        ],
        "api-v1:get_event": [
            ({"event_id": w["draft_event"].pk}, {"pk": w["draft_event"].pk, "slug": w["draft_event"].slug})
        ],
        "api-v1:get_post": [({"post_id": w["hidden_post"].pk}, {"pk": w["hidden_post"].pk})],
        "api-v1:get_place": [
            ({"slug": w["pending_place"].slug}, {"slug": w["pending_place"].slug}),
            ({"slug": w["archived_place"].slug}, {"slug": w["archived_place"].slug}),
        ],
        "api-v1:get_association": [
            ({"slug": w["pending_association"].slug}, {"slug": w["pending_association"].slug})
        ],
    }


def api_endpoints() -> list[str]:
    """namespace:name of every endpoint, from the ninja API's URL patterns."""
    from solidaires.api.main import api

    patterns, _app_name, namespace = api.urls
    return sorted({name for name, _route in walk(patterns, namespaces=(namespace,))})


def web_answer_as_api(status: int | str) -> int | str:
    """Decision 1102: what the API answers where the web page answers ``status``."""
    if status == "login":
        return 401
    if status == "2fa":
        return 403
    if status in (403, 404):
        return status
    return "served"


def api_answer(status: int) -> int | str:
    return status if status in (401, 403, 404) else "served"


def web_status(response: Any) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("mfa_activate_totp")):
            return "2fa"
    return int(response.status_code)


def call(world: World, role: str, url: str, *, write: bool, api: bool, params: Any = None) -> Any:
    with transaction.atomic():
        cache.clear()
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world[role])
        if not write:
            response = client.get(url, params)
        elif api:
            response = client.post(url, {}, content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    return response


def test_every_api_endpoint_has_its_web_page():
    endpoints = api_endpoints()
    assert "api-v1:list_offers" in endpoints
    missing = sorted(set(endpoints) - set(WEB_PAGE))
    assert not missing, f"API endpoints missing from WEB_PAGE: {missing}"
    assert not set(WEB_PAGE) - set(endpoints), "WEB_PAGE names endpoints that no longer exist"
    lists = {name for name in endpoints if name.startswith(f"{API_NAMESPACE}:list_")}
    assert lists <= set(ITEM_MARK), f"Lists missing from ITEM_MARK: {sorted(lists - set(ITEM_MARK))}"


@pytest.mark.parametrize("endpoint", sorted(name for name, page in WEB_PAGE.items() if page))
def test_the_api_refuses_exactly_when_the_web_page_refuses(endpoint, world, settings):
    settings.MEDIA_ROOT = world["media_root"]
    page = WEB_PAGE[endpoint]
    assert page is not None
    api_url = reverse(endpoint, kwargs=KWARGS[endpoint](world) if endpoint in KWARGS else None)
    web_url = reverse(page, kwargs=KWARGS[page](world) if page in KWARGS else None)
    write = endpoint in WRITES
    differences = []
    for role in GRID_ROLES:
        web = web_status(call(world, role, web_url, write=write, api=False))
        params = {"limit": 200} if endpoint.startswith(f"{API_NAMESPACE}:list_") else None
        api = call(world, role, api_url, write=write, api=True, params=params)
        if api_answer(api.status_code) != web_answer_as_api(web):
            differences.append(f"{role}: web {web}, API {api.status_code}")
            continue
        if endpoint in ITEM_MARK and api.status_code == 200:
            body = api.json()
            items = body["items"] if isinstance(body, dict) else body
            web_page = html.unescape(call(world, role, web_url, write=False, api=False).content.decode())
            shown_only_by_api = [ITEM_MARK[endpoint](item) for item in items]
            shown_only_by_api = [mark for mark in shown_only_by_api if mark not in web_page]
            if shown_only_by_api:
                differences.append(f"{role}: the API lists {shown_only_by_api}, hidden on {web_url}")
    assert not differences, f"{endpoint} ({web_url}):\n  " + "\n  ".join(differences)


@pytest.mark.parametrize(
    "endpoint",
    [
        "api-v1:get_mission",
        "api-v1:get_event",
        "api-v1:get_post",
        "api-v1:get_place",
        "api-v1:get_association",
    ],
)
def test_the_api_never_shows_a_hidden_object_the_web_page_refuses(endpoint, world):
    page = WEB_PAGE[endpoint]
    assert page is not None
    shown_more = []
    for api_kwargs, web_kwargs in _hidden(world)[endpoint]:
        api_url, web_url = reverse(endpoint, kwargs=api_kwargs), reverse(page, kwargs=web_kwargs)
        for role in GRID_ROLES:
            api = call(world, role, api_url, write=False, api=True)
            if api.status_code == 200:
                web = web_status(call(world, role, web_url, write=False, api=False))
                if web != 200:
                    shown_more.append(f"{role}: {api_url} 200, {web_url} {web}")
    assert not shown_more, shown_more


def test_the_world_has_objects_in_every_api_list(world):
    """The list comparison above means something only if the lists are not empty."""
    client = Client()
    client.force_login(world["agent"])
    for endpoint in ITEM_MARK:
        body = client.get(reverse(endpoint), {"limit": 200}).json()
        items = body["items"] if isinstance(body, dict) else body
        assert items, endpoint
