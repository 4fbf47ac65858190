"""The API side of applying (``POST /api/v1/missions/{id}/candidatures``, wired in api.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from solidaires.volunteering.engagement import services
from solidaires.volunteering.missions.models import Mission

CONFLICT_CODES = frozenset({"already_applied", "not_open"})


def _codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors if e.code}
    return {e.code for e in exc.error_list if e.code}


def apply_from_api(request: HttpRequest, *, mission_id: int, payload: dict[str, Any]) -> tuple[int, Any]:
    # The sign-in and the CSRF token are checked by the endpoint's auth (core.api.SignedIn),
    # before the body is read: a visitor gets 401 whatever the body.
    mission = Mission.objects.select_related("association").filter(pk=mission_id).first()
    if mission is None or mission.state == "draft" or mission.hidden_at is not None:
        return 404, {"detail": "Mission introuvable."}
    try:
        engagement = services.engagement_apply(
            mission=mission,
            volunteer=request.user,
            message=str(payload.get("message") or ""),
            parental_consent=bool(payload.get("parental_consent")),
            age_confirmed=bool(payload.get("age_confirmed")),
        )
    except PermissionDenied:
        return 403, {"detail": "Vous ne pouvez pas proposer votre aide à cette mission."}
    except ValidationError as exc:
        errors = (
            {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {}
        )
        status = 409 if _codes(exc) & CONFLICT_CODES else 400
        return status, {"detail": " ".join(exc.messages), "errors": errors}
    return 201, {
        "id": engagement.pk,
        "mission_id": mission.pk,
        "state": engagement.state,
        "url": engagement.get_absolute_url(),
    }
