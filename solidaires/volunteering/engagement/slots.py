"""What volunteering shows on other apps' pages (slots filled from apps.py, decision 1101)."""

from __future__ import annotations

from typing import Any

import rules
from django.template.loader import render_to_string

from solidaires.volunteering.engagement.selectors import association_response_time, open_missions_of


def association_volunteering(*, association: Any = None, request: Any = None, **_kwargs: Any) -> str:
    """On an association's page (``associations.detail.sections``): its usual response time, its
    open missions, and for its managers a link to their volunteers' dashboard."""
    if association is None or not getattr(association, "pk", None):
        return ""
    user = getattr(request, "user", None)
    return render_to_string(
        "volunteering/engagements/association_box.html",
        {
            "association": association,
            "response_time": association_response_time(association),
            "missions": open_missions_of(association),
            "can_manage": user is not None
            and rules.has_perm("volunteering.engagement_association_dashboard", user, association),
        },
    )
