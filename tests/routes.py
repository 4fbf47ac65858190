"""The project's routes, read from the URL resolver: shared by the role x view grid
(tests/permissions) and the hostile-input sweep (tests/hostile)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver

# Not ours: Django's admin and allauth's account pages.
SKIPPED_PREFIXES = ("admin/", "comptes/")


def walk(
    patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, str]]:
    """(namespace:name, route) of every pattern, through every include."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(SKIPPED_PREFIXES):
                continue
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                yield f"<unnamed {route}>", route
            else:
                yield ":".join((*namespaces, pattern.name)), route


def routes() -> dict[str, str]:
    """namespace:name → route of every route of ours (static and media files left out)."""
    from django.conf import settings
    from django.urls import get_resolver

    found: dict[str, str] = {}
    for name, route in walk(get_resolver(settings.ROOT_URLCONF).url_patterns):
        if route.startswith(("static/", "media/")) or "<path:path>" in route:
            continue
        found.setdefault(name, route)
    return found
