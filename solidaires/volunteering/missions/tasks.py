"""Background work of the missions: expiry and saved-search alerts. Tasks take ids and are idempotent.

Both daily tasks are enqueued by ``manage.py volunteering_daily`` (run by the maintenance timer).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from solidaires.core.links import absolute_url
from solidaires.volunteering.missions import selectors, services
from solidaires.volunteering.missions.models import SavedSearch

ALERT_BATCH = 500
ALERT_MAX_MISSIONS = 20


@task()
def expire_missions() -> int:
    """Published or full missions whose end has passed become "expired"."""
    return services.expire_due_missions()


def send_alert(saved_search_id: int) -> bool:
    """E-mail the missions published since the last alert of one saved search; True if sent."""
    saved = SavedSearch.objects.select_related("user").filter(pk=saved_search_id, alert=True).first()
    if saved is None or not saved.user.is_active or not saved.user.email:
        return False
    now = timezone.now()
    since = saved.last_alert_at or saved.created_at
    missions = selectors.new_missions_for(
        query_string=saved.query_string, since=since, limit=ALERT_MAX_MISSIONS
    )
    if not missions:
        return False
    stop_url = absolute_url(
        reverse("volunteering:saved_search_stop", kwargs={"token": services.saved_search_stop_token(saved)})
    )
    context = {
        "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
        "saved": saved,
        "missions": [(m, absolute_url(m.get_absolute_url())) for m in missions],
        "search_url": absolute_url(saved.get_search_url()),
        "stop_url": stop_url,
    }
    body = render_to_string("volunteering/emails/saved_search_alert.txt", context)
    count = len(missions)
    subject = f"[Solidaires] {count} nouvelle{'s' if count > 1 else ''} mission{'s' if count > 1 else ''} : {saved.name}"
    message = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [saved.user.email],
        headers={"List-Unsubscribe": f"<{stop_url}>"},
    )
    message.send()
    services.saved_search_mark_alerted(saved_search=saved, at=now)
    return True


@task()
def send_saved_search_alert(saved_search_id: int) -> bool:
    return send_alert(saved_search_id)


@task()
def send_saved_search_alerts() -> int:
    """Daily: one e-mail per saved search with new matching missions (batched by id)."""
    sent = 0
    last_id = 0
    while True:
        ids = list(
            SavedSearch.objects.filter(alert=True, pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:ALERT_BATCH]
        )
        if not ids:
            break
        for pk in ids:
            sent += int(send_alert(pk))
        last_id = ids[-1]
    return sent
