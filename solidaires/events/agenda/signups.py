"""Café bénévolat attribution: the allauth ``user_signed_up`` receiver (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def attribute_cafe_signup(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    """If the person arrived through a café's link or QR code, attribute the new account to it."""
    if request is None or user is None or not hasattr(request, "session"):
        return
    from .services import cafe_signup_record
    from .views.cafes import CAFE_SESSION_KEY

    event_id = request.session.pop(CAFE_SESSION_KEY, None)
    if isinstance(event_id, int):
        cafe_signup_record(event_id=event_id, user=user)
