"""Personal data held by moderation: export and erasure (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Block, Contest, ModerationAction, Report


def export_user_data(user: Any) -> dict[str, Any]:
    """The reports the person made, the moderation decisions about them, the people they blocked."""
    return {
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
        "moderation_contests": [
            {
                "decision": c.action.get_kind_display(),
                "text": c.text,
                "state": c.get_state_display(),
                "answer": c.decision_reason,
                "created_at": c.created_at.isoformat(),
            }
            for c in Contest.objects.filter(author=user).select_related("action").order_by("pk")
        ],
        "blocked_people": [
            {"name": str(b.blocked), "since": b.created_at.isoformat()}
            for b in Block.objects.filter(blocker=user).select_related("blocked").order_by("pk")
        ],
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Detach the person from the reports they made or closed; drop their blocks, either way.

    Moderation decisions about them stay (the account row is anonymised, not deleted), as the
    audit journal does. Idempotent."""
    Report.objects.filter(reporter=user).update(reporter=None, details="")
    Report.objects.filter(resolved_by=user).update(resolved_by=None)
    Contest.objects.filter(author=user).update(text="")
    Contest.objects.filter(decided_by=user).update(decided_by=None)
    Block.objects.filter(blocker=user).delete()
    Block.objects.filter(blocked=user).delete()
