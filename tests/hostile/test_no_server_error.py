"""Hostile query strings never get a 5xx, on every list page and API list (issue 11).

The routes are read from the URL resolver (every route without a path parameter, outside the
admin and allauth), so a new list page is covered the day it is added. Hypothesis throws
query strings at them: the parameters the lists read, with values that broke them before
(infinite or huge numbers, dates out of range, forged cursors, control characters, invalid
UTF-8), and random ones.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.routes import walk

pytestmark = pytest.mark.django_db


def list_routes() -> list[str]:
    """Every route without a path parameter (lists, feeds, forms), as a path (the API's
    interactive documentation left out: a page of the library, not ours)."""
    from django.conf import settings
    from django.urls import get_resolver

    patterns = get_resolver(settings.ROOT_URLCONF).url_patterns
    paths = {"/" + route.lstrip("^").rstrip("$") for _name, route in walk(patterns)}
    paths = {path for path in paths if not path.startswith(("/static/", "/media/"))}
    return sorted(
        path
        for path in paths
        if "<" not in path and "(?P" not in path and not path.startswith("/api/v1/docs")
    )


ROUTES = list_routes()

PARAMETERS = [
    "commune", "rayon", "du", "au", "jour", "semaine", "mois", "annee", "apres", "avant",
    "cursor", "limit", "q", "theme", "themes", "type", "categorie", "competence", "etat",
    "statut", "tri", "page", "format", "distance", "lieu", "association", "dispositif",
    "appel", "vue", "next", "_",
]  # fmt: skip
NASTY = [
    "inf", "-inf", "nan", "1e309", "-1", "0", "99999999999999999999999", "9999-12-31",
    "0000-00-00", "2026-02-30", "2026-W99", "75056", "W251bGwsbnVsbF0", "bnVsbA", "W10",
    "WzEsMiwzLDRd", "%00", "%ff%fe", "%ED%A0%80", "\u202eevil", "<script>", "' OR 1=1 --",
    "a" * 3000, "[]", "{}", "null", "true", " ", "%0d%0a",
]  # fmt: skip

values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
    st.text(max_size=30).map(lambda text: quote(text, safe="")),
)
query = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=8)), values),
    min_size=1,
    max_size=4,
)


def as_query_string(pairs) -> str:
    # Values of NASTY stay raw on purpose (%ff is invalid UTF-8 once decoded).
    return "&".join(f"{quote(key, safe='')}={value}" for key, value in pairs)


@pytest.mark.parametrize("route", ROUTES)
def test_every_parameter_with_every_nasty_value(client, valence, inhabitant, route):
    """Each nasty value in every parameter the lists read at once, with and without a valid
    commune (a page may validate the commune first and ignore the rest); signed in, so that
    the pages behind a login (the inbox, the dashboards) are reached too."""
    client.force_login(inhabitant)
    for value in NASTY:
        for commune in (value, "26362"):
            pairs = [(name, commune if name == "commune" else value) for name in PARAMETERS]
            response = client.get(f"{route}?{as_query_string(pairs)}")
            assert response.status_code < 500, (route, value, response.status_code)


def test_the_routes_are_found():
    for expected in (
        "/associations/",
        "/missions/",
        "/entraide/",
        "/agenda/",
        "/projets/",
        "/api/v1/communes",
    ):
        assert expected in ROUTES


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), pairs=query, signed_in=st.booleans())
def test_no_query_string_gets_a_server_error(
    client, valence, bicyclette, inhabitant, route, pairs, signed_in
):
    client.logout()
    if signed_in:
        client.force_login(inhabitant)
    response = client.get(f"{route}?{as_query_string(pairs)}")
    assert response.status_code < 500, (route, as_query_string(pairs), response.status_code)
