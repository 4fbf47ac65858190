"""Template context of the messaging app: the unread badge in the header."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest


def unread(request: HttpRequest) -> dict[str, Any]:
    """``messaging_unread``: a callable (evaluated only when a template shows it, at most once
    a request) giving the number of threads with unread messages."""
    user = getattr(request, "user", None)

    @cache
    def count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        from .selectors import unread_thread_count

        return unread_thread_count(user)

    return {"messaging_unread": count}
