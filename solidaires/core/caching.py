"""Whole-page cache for public pages seen by anonymous visitors.

``@cache_anonymous(timeout=300)`` on a view serves the stored page to anonymous visitors and
stores fresh ones, under a key made of the absolute URL (scheme, host, path and query string)
and a version string. It is deliberately conservative; a page is only stored when it is
the same for every anonymous visitor:

- authenticated users are never served from the cache and their pages never stored;
- only GET/HEAD requests are served, only GET 200 responses stored;
- visitors with a session cookie bypass it (their session may personalise the page);
- a response that sets a cookie (a new session, a CSRF token from a form) is not stored;
- a page that shows flash messages, or a visitor who has messages waiting, bypasses it;
- a page that used a CSP nonce is not stored (the nonce must be fresh for every response);
- ``Cache-Control: private`` or ``no-store`` responses are not stored.

Bump ``SOLIDAIRES_PAGE_CACHE_VERSION`` (setting) to invalidate every stored page at once,
e.g. on deploy; entries otherwise expire after ``timeout`` seconds.

Pages that must show a change at once take ``version_keys``: named data versions
(``data_version``) that are part of the key. Code that changes what such a page shows calls
``bump_data_version(name)`` (now and after commit), and the pages stored before are never
served again. A view may also shorten (or forbid, with 0) the storage of one response by
setting ``response.page_cache_timeout`` (e.g. not beyond the next opening of a call).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase

KEY_PREFIX = "core:page"
CACHE_HEADER = "X-Solidaires-Cache"
_CACHEABLE_METHODS = frozenset({"GET", "HEAD"})
_SKIPPED_HEADERS = frozenset({"set-cookie", "content-security-policy", "content-length"})

View = Callable[..., HttpResponseBase]


def cache_version() -> str:
    return str(getattr(settings, "SOLIDAIRES_PAGE_CACHE_VERSION", "1"))


def page_cache_key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{KEY_PREFIX}:{cache_version()}:{digest}"


def _has_session(request: HttpRequest) -> bool:
    """Whether the visitor carries a session cookie (no database access: only the key is read)."""
    session = getattr(request, "session", None)
    return session is not None and bool(getattr(session, "session_key", None))


def _has_pending_messages(request: HttpRequest) -> bool:
    if not hasattr(request, "_messages"):
        return False
    return len(get_messages(request)) > 0


def _messages_shown(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(getattr(storage, "used", False)) or len(storage) > 0


def _is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or not isinstance(response, HttpResponse):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a cookie set here, or by the CSRF middleware after us (a form's token)
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False  # the session middleware will set or refresh the session cookie
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    if getattr(request.user, "is_authenticated", False):  # logged in while rendering
        return False
    return not _messages_shown(request)


def _freeze(response: HttpResponse) -> dict[str, Any]:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    return {"status": response.status_code, "content": response.content, "headers": headers}


def _thaw(frozen: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(frozen["content"], status=frozen["status"])
    for name, value in frozen["headers"]:
        response[name] = value
    response[CACHE_HEADER] = "hit"
    return response


def data_version(name: str) -> int:
    """The current version of a named set of data (1 until the first bump)."""
    key = f"{KEY_PREFIX}:data-version:{name}"
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, None)
        return 1
    return int(version)


def _bump_now(name: str) -> None:
    key = f"{KEY_PREFIX}:data-version:{name}"
    if not cache.add(key, 2, None):
        try:
            cache.incr(key)
        except ValueError:  # evicted in between
            cache.set(key, 2, None)


def bump_data_version(name: str) -> None:
    """A new version of the named data: pages and fragments keyed on the former one are not
    served again. Bumped now (this process sees it at once) and after commit (a page stored
    in between, still showing the former state, is not served either)."""
    _bump_now(name)
    transaction.on_commit(lambda: _bump_now(name))


def cache_anonymous(timeout: int, *, version_keys: tuple[str, ...] = ()) -> Callable[[View], View]:
    """Cache the whole page for anonymous visitors for ``timeout`` seconds (see module docstring),
    under the current ``data_version`` of each of ``version_keys``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = getattr(request, "user", None)
            if (
                request.method not in _CACHEABLE_METHODS
                or user is None
                or user.is_authenticated
                or _has_session(request)
                or _has_pending_messages(request)
            ):
                return view(request, *args, **kwargs)

            key = page_cache_key(request)
            if version_keys:
                key += ":" + ":".join(f"{name}-v{data_version(name)}" for name in version_keys)
            frozen = cache.get(key)
            if frozen is not None:
                return _thaw(frozen)

            response = view(request, *args, **kwargs)

            def store(rendered: HttpResponseBase) -> None:
                seconds = getattr(rendered, "page_cache_timeout", timeout)
                if seconds > 0 and isinstance(rendered, HttpResponse) and _is_storable(request, rendered):
                    cache.set(key, _freeze(rendered), seconds)

            render_later = getattr(response, "add_post_render_callback", None)
            if render_later is not None and not getattr(response, "is_rendered", True):
                render_later(store)
            else:
                store(response)
            response[CACHE_HEADER] = "miss"
            return response

        return wrapper

    return decorator
