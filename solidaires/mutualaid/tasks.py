"""Background work of the mutualaid app: the daily expiry and retention.

Tasks take ids, are idempotent and are enqueued on commit."""

from __future__ import annotations

from django_tasks import task

from solidaires.moderation.services import moderation_purge_old


@task()
def expire_mutual_aid_posts() -> int:
    """Daily: expire posts past their date, apply the retention periods (manage.py expire_mutual_aid_posts)."""
    from .services import posts_expire_due, posts_purge_ended

    expired = posts_expire_due()
    posts_purge_ended()
    moderation_purge_old()
    return expired
