"""Who may report and who may moderate: named predicates."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_agent


@rules.predicate
def is_active_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


can_report = is_active_account
can_moderate = is_agent

rules.add_perm("moderation.add_report", can_report)
rules.add_perm("moderation.moderate", can_moderate)
# Any active account may block another person (no message nor thread between them).
rules.add_perm("moderation.block", is_active_account)
