"""Retention of the associations' personal data (decision 0005), a step of the daily
``manage.py apply_retention`` (registered in apps.py)."""

from __future__ import annotations

from datetime import datetime

from .models import Invitation


def delete_expired_invitations(now: datetime) -> int:
    """Invitations never accepted and past their expiry: deleted. Returns how many."""
    deleted, _ = Invitation.objects.filter(expires_at__lt=now, accepted_at__isnull=True).delete()
    return deleted
