"""How the moderation app handles messages (registered in apps.py, decision 0845)."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.moderation.registry import Reportable


def _may_read(user: Any, message: Any) -> bool:
    """Only people who can read the conversation may report one of its messages."""
    return bool(
        user is not None
        and user.is_authenticated
        and rules.has_perm("messaging.view_thread", user, message.thread)
    )


MESSAGE = Reportable(
    label="messaging.message",
    kind="message",
    what="ce message",
    responsible=("author",),
    audit_prefix="message",
    template="messaging/moderation/target.html",
    select_related=("author",),
    private=True,
    visible_to=_may_read,
)
