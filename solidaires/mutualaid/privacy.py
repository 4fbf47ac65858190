"""Personal data held by the mutualaid app: export and erasure (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import MutualAidPost, SafetyGuideAck


def export_user_data(user: Any) -> dict[str, Any]:
    """The person's posts and when they read the safety guide (reports and moderation decisions:
    the moderation app's export)."""
    ack = SafetyGuideAck.objects.filter(user=user).first()
    return {
        "posts": [
            {
                "kind": p.get_kind_display(),
                "category": p.get_category_display(),
                "title": p.title,
                "description": p.description,
                "commune": p.commune.name,
                "state": p.get_state_display(),
                "expires_on": p.expires_on.isoformat(),
                "created_at": p.created_at.isoformat(),
                "on_behalf_of": p.on_behalf_name,
                "hidden_reason": p.hidden_reason,
            }
            for p in MutualAidPost.objects.filter(author=user).select_related("commune").order_by("pk")
        ],
        "safety_guide_read_at": ack.acknowledged_at.isoformat() if ack else None,
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Delete the person's posts and guide acknowledgement (the reports they made: the
    moderation app's eraser). Posts an agent made on someone's behalf belong to the agent's account:
    erasing the agent's account deletes them too. Idempotent."""
    MutualAidPost.objects.filter(author=user).delete()
    SafetyGuideAck.objects.filter(user=user).delete()
    MutualAidPost.objects.filter(hidden_by=user).update(hidden_by=None)
