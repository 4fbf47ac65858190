"""Personal data held by the mutualaid app: export and erasure (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import ModerationAction, MutualAidPost, Report, SafetyGuideAck


def export_user_data(user: Any) -> dict[str, Any]:
    """The person's posts, the reports they made, the moderation decisions about them."""
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
        "reports_made": [
            {
                "content": r.target_type.name,
                "reason": r.get_reason_display(),
                "details": r.details,
                "state": r.get_state_display(),
                "created_at": r.created_at.isoformat(),
            }
            for r in Report.objects.filter(reporter=user).select_related("target_type").order_by("pk")
        ],
        "moderation_decisions_about_me": [
            {"action": a.get_kind_display(), "reason": a.reason, "created_at": a.created_at.isoformat()}
            for a in ModerationAction.objects.filter(subject_user=user).order_by("pk")
        ],
        "safety_guide_read_at": ack.acknowledged_at.isoformat() if ack else None,
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Delete the person's posts and guide acknowledgement; detach them from reports they made.

    Moderation decisions about them stay (the account row is anonymised, not deleted), as the
    audit journal does. Posts an agent made on someone's behalf belong to the agent's account:
    erasing the agent's account deletes them too. Idempotent."""
    MutualAidPost.objects.filter(author=user).delete()
    SafetyGuideAck.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).update(reporter=None, details="")
    MutualAidPost.objects.filter(hidden_by=user).update(hidden_by=None)
    Report.objects.filter(resolved_by=user).update(resolved_by=None)
