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

import rules
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
    "Refused",
    "agent_required",
    "is_agent",
    "login_required",
    "objectgetter",
    "permission_required",
]

# Registered by solidaires.accounts.rules (agents and platform administrators).
AGENT_PERMISSION = "accounts.use_agent_space"

View = Callable[..., HttpResponse]

AGENTS_ONLY_TITLE = "Espace réservé aux agents"
AGENTS_ONLY_MESSAGE = (
    "Cette page est réservée aux agents de l'Agglo et aux administrateurs de la plateforme. "
    "Si vous êtes agent, demandez à l'administrateur de la plateforme de vous donner le rôle "
    "« Agent intercommunal »."
)


class Refused(PermissionDenied):
    """A refusal whose French explanation is shown on the 403 page (``core.views.permission_denied``).

    A plain ``PermissionDenied`` shows the generic page: its text may be technical and is never
    shown. Raise ``Refused`` when the person should know why and what to do."""

    def __init__(self, message: str = "", *, title: str = "Accès réservé", back_url: str = "") -> None:
        super().__init__(message)
        self.message = message or "Vous n'avez pas accès à cette page."
        self.title = title
        self.back_url = back_url  # a way back (checked against the site's hosts before it is shown)


@rules.predicate
def is_agent(user: Any) -> bool:
    """For the apps below accounts (territory): the agents' permission, by its name."""
    return bool(user is not None and user.is_authenticated and user.has_perm(AGENT_PERMISSION))


def agent_required(view: View) -> View:
    """Agents and administrators with two-factor authentication only (see the module doc)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.has_perm(AGENT_PERMISSION):
            raise Refused(AGENTS_ONLY_MESSAGE, title=AGENTS_ONLY_TITLE)
        if not is_mfa_enabled(user):
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
