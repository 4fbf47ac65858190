"""The one module of view guards (decision 1100). Every view uses these, nothing else.

- ``login_required``: Django's own; a visitor is sent to the sign-in page, then back.
- ``permission_required`` / ``PermissionRequiredMixin``: django-rules' own, for a named
  permission (``rules.py``), optionally on an object (``fn=objectgetter(Model, "pk")``).
  A visitor is sent to the sign-in page; a signed-in person without the permission gets 403.
- ``agent_required``: the agents' space. A visitor is sent to the sign-in page; a person who
  is not an agent (nor an administrator) gets 403; an agent without two-factor
  authentication is sent to set it up (``mfa_activate_totp``) and sees nothing before.

Which answer a refused person gets (403 or 404) is decision 1102: 404 for an object the
person may not know exists, 403 for a page or an action whose existence is public.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from rules.contrib.views import PermissionRequiredMixin, objectgetter, permission_required

__all__ = [
    "AGENT_PERMISSION",
    "PermissionRequiredMixin",
    "agent_required",
    "login_required",
    "objectgetter",
    "permission_required",
]

# Registered by solidaires.accounts.rules (agents and platform administrators).
AGENT_PERMISSION = "accounts.use_agent_space"

View = Callable[..., HttpResponse]


def agent_required(view: View) -> View:
    """Agents and administrators with two-factor authentication only (see the module doc)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.has_perm(AGENT_PERMISSION):
            raise PermissionDenied
        if not is_mfa_enabled(user):
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
