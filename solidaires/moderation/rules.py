"""Who may report and who may moderate: named predicates."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_agent


@rules.predicate
def is_active_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_subject_of(user: Any, action: Any) -> bool:
    """The person a moderation decision is about (the author of the hidden content)."""
    return bool(
        action is not None
        and user is not None
        and user.is_authenticated
        and action.subject_user_id is not None
        and action.subject_user_id == user.pk
    )


can_report = is_active_account
can_moderate = is_agent

rules.add_perm("moderation.add_report", can_report)
rules.add_perm("moderation.moderate", can_moderate)
# Any active account may block another person (no message nor thread between them).
rules.add_perm("moderation.block", is_active_account)
# The person a decision is about may contest it (decision 1120); agents decide (moderate).
rules.add_perm("moderation.contest_action", is_active_account & is_subject_of)
