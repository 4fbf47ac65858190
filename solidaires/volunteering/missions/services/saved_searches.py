"""Every write on saved searches of the missions list and their alerts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.volunteering.missions.models import (
    SavedSearch,
)
from solidaires.volunteering.missions.services.missions import (
    _record,
    _require,
)

MAX_SAVED_SEARCHES = 20

STOP_ALERT_SALT = "volunteering.saved-search.stop"


@transaction.atomic
def saved_search_create(*, by: Any, name: str, query_string: str, alert: bool = True) -> SavedSearch:
    _require("volunteering.save_search", by)
    if SavedSearch.objects.filter(user=by).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            {
                "name": _("Vous avez déjà %(n)s recherches enregistrées : supprimez-en une.")
                % {"n": MAX_SAVED_SEARCHES}
            }
        )
    saved = SavedSearch(user=by, name=name.strip(), query_string=query_string[:1000], alert=alert)
    saved.last_alert_at = timezone.now()  # alerts cover missions published from now on
    saved.full_clean()
    saved.save()
    _record(actor=by, action="saved_search.created", target=saved)
    return saved


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, by: Any) -> None:
    if by is None or saved_search.user_id != by.pk:
        raise PermissionDenied
    _record(actor=by, action="saved_search.deleted", target=saved_search)
    saved_search.delete()


def saved_search_stop_token(saved_search: SavedSearch) -> str:
    return signing.dumps(saved_search.pk, salt=STOP_ALERT_SALT)


@transaction.atomic
def saved_search_stop_alerts(*, token: str) -> SavedSearch | None:
    """One-click stop from an alert e-mail (no login needed: the link is signed)."""
    try:
        pk = signing.loads(token, salt=STOP_ALERT_SALT, max_age=timedelta(days=400))
    except signing.BadSignature:
        return None
    saved = SavedSearch.objects.filter(pk=pk).first()
    if saved is None:
        return None
    if saved.alert:
        saved.alert = False
        saved.save(update_fields=["alert", "updated_at"])
        _record(actor=None, action="saved_search.alerts_stopped", target=saved)
    return saved


def saved_search_mark_alerted(*, saved_search: SavedSearch, at: datetime) -> None:
    SavedSearch.objects.filter(pk=saved_search.pk).update(last_alert_at=at)
