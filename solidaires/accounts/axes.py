"""How django-axes finds the account name in a login attempt.

allauth's login form posts the e-mail address in a field called ``login`` and then calls
``authenticate(request, email=..., password=...)``; Django's ``user_login_failed`` signal
carries ``{"email": ..., "password": "****"}``; axes' own ``user_logged_in`` handler passes
``{"login": <USERNAME_FIELD value>}``. Without this callable axes would read ``login`` from
the credentials only, get ``None`` and key every attempt on the IP address alone.

The value is normalised (stripped, lower case) so ``Camille@Exemple.fr`` and
``camille@exemple.fr`` count as the same account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest


def get_username(request: HttpRequest | None, credentials: Mapping[str, Any] | None) -> str | None:
    value: Any = None
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("login") or data.get("email") or data.get("username")
    if not value or not isinstance(value, str):
        return None
    return value.strip().lower()
