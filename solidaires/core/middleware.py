"""What every request and response goes through (QUALITY.md, security by default).

- A query string holding a NUL character gets the 400 page: no list may pass it on (PostgreSQL
  refuses it in text, and it means nothing in a search). Forms already refuse it in fields
  (Django's ``ProhibitNullCharactersValidator``).

- ``Permissions-Policy``: the site uses no camera, microphone, location, payment or other
  powerful browser feature; it says so, so that an injected frame or script cannot ask.
- Pages served to a signed-in person are personal: ``Cache-Control: private, no-store``
  unless the view chose its own caching (a public feed, a download), so that neither a
  shared proxy nor the browser's back button keeps them after logout.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(loader.get_template("400.html").render({}, request))
        return self.get_response(request)
