"""Agents and administrators must set up and use two-factor authentication (TOTP).

An authenticated user whose role requires it (``User.requires_two_factor``) and who has no
authenticator yet is sent to allauth's activation page (``mfa_activate_totp``,
``/comptes/2fa/totp/activate/``), which explains why. Everything under ``/comptes/``
stays reachable (activation, re-authentication, logout, password change), as do static
files and the health check. API calls get a 403 JSON answer instead of a redirect.

Logging in already goes through allauth's TOTP stage once an authenticator exists; this
middleware covers the gap before the first activation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/comptes/", "/static/", "/healthz", "/media/")
API_PREFIX = "/api/"


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "requires_two_factor", False)
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                if request.path.startswith(API_PREFIX):
                    return JsonResponse(
                        {"detail": "La double authentification doit être activée pour ce compte."},
                        status=403,
                    )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
