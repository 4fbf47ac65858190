"""core.caching.cache_anonymous: whole public pages cached for anonymous visitors only."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines

from solidaires.core.caching import CACHE_HEADER, cache_anonymous

pytestmark = pytest.mark.django_db


class CountingView:
    """A view that counts its calls and lets each test change what it does."""

    def __init__(self, action=None):
        self.calls = 0
        self.action = action

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(f"réponse {self.calls}")
        if self.action:
            return self.action(request, response) or response
        return response


def anonymous_request(rf, path="/page/"):
    request = rf.get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_anonymous_second_request_is_served_from_cache_without_queries(client, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200
    assert first[CACHE_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.status_code == 200
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content


def test_query_string_is_part_of_the_key(rf):
    view = CountingView()
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf, "/page/?commune=26362"))
    cached(anonymous_request(rf, "/page/?commune=26281"))
    cached(anonymous_request(rf, "/page/?commune=26362"))
    assert view.calls == 2


def test_logged_in_user_is_never_served_a_cached_page(client, inhabitant):
    client.get("/")  # an anonymous visitor fills the cache
    client.force_login(inhabitant)
    response = client.get("/")
    assert response.get(CACHE_HEADER) != "hit"
    assert "Mon compte" in response.content.decode()


def test_page_of_a_logged_in_user_is_never_stored(client, inhabitant):
    client.force_login(inhabitant)
    client.get("/")
    client.logout()
    client.cookies.clear()
    response = client.get("/")
    assert response[CACHE_HEADER] == "miss"
    assert "Mon compte" not in response.content.decode()


def test_response_setting_a_cookie_is_not_cached(rf):
    def set_cookie(request, response):
        response.set_cookie("preference", "1")

    view = CountingView(set_cookie)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2


def test_page_with_a_csrf_token_is_not_cached(rf):
    def use_token(request, response):
        get_token(request)  # a form on the page: the CSRF middleware will set a cookie

    view = CountingView(use_token)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2


def test_page_that_writes_to_the_session_is_not_cached(rf):
    def write_session(request, response):
        request.session["commune"] = "26362"

    view = CountingView(write_session)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2


def test_visitor_with_a_session_bypasses_the_cache(rf):
    view = CountingView()
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    request = anonymous_request(rf)
    request.session.create()
    response = cached(request)
    assert view.calls == 2
    assert response.get(CACHE_HEADER) is None


def test_page_with_messages_is_not_cached(rf):
    def add_message(request, response):
        messages.success(request, "C'est enregistré.")

    view = CountingView(add_message)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2


def test_page_rendered_with_a_csp_nonce_is_not_cached(rf):
    def use_nonce(request, response):
        request._csp_nonce = "abc"  # what django-csp does when a template reads request.csp_nonce

    view = CountingView(use_nonce)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2


@pytest.mark.parametrize("status", [201, 301, 404, 500])
def test_non_200_responses_are_not_cached(rf, status):
    def change_status(request, response):
        response.status_code = status

    view = CountingView(change_status)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2


def test_post_is_never_cached(rf):
    view = CountingView()
    cached = cache_anonymous(60)(view)
    for _ in range(2):
        request = rf.post("/page/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        cached(request)
    assert view.calls == 2


def test_template_response_is_stored_once_rendered(rf):
    from django.template.response import TemplateResponse

    template = engines["django"].from_string("<p>bonjour</p>")

    def view(request):
        view.calls += 1
        return TemplateResponse(request, template)

    view.calls = 0
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf)).render()
    response = cached(anonymous_request(rf))
    assert view.calls == 1
    assert response.content == b"<p>bonjour</p>"


def test_version_change_invalidates(rf, settings):
    view = CountingView()
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    settings.SOLIDAIRES_PAGE_CACHE_VERSION = "2"
    cached(anonymous_request(rf))
    assert view.calls == 2


@pytest.mark.parametrize("path", ["/", "/accessibilite/", "/confidentialite/", "/mentions-legales/"])
def test_public_pages_use_the_cache(client, path):
    assert client.get(path)[CACHE_HEADER] == "miss"
    assert client.get(path)[CACHE_HEADER] == "hit"


def test_cached_page_gets_fresh_security_headers(client):
    client.get("/")
    response = client.get("/")
    assert response[CACHE_HEADER] == "hit"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_bumping_a_data_version_stops_serving_pages_stored_before(rf):
    from solidaires.core.caching import bump_data_version

    view = CountingView()
    cached = cache_anonymous(60, version_keys=("tests:things",))(view)
    cached(anonymous_request(rf))
    assert cached(anonymous_request(rf))[CACHE_HEADER] == "hit"
    bump_data_version("tests:things")
    assert cached(anonymous_request(rf))[CACHE_HEADER] == "miss"
    assert view.calls == 2
    assert cached(anonymous_request(rf))[CACHE_HEADER] == "hit"


def test_a_view_can_forbid_storing_one_response(rf):
    def no_store(request, response):
        response.page_cache_timeout = 0

    view = CountingView(no_store)
    cached = cache_anonymous(60)(view)
    cached(anonymous_request(rf))
    cached(anonymous_request(rf))
    assert view.calls == 2
