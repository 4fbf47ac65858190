"""Background work of the mutualaid app: moderation e-mails and the daily expiry.

Tasks take ids, are idempotent and are enqueued on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from .models import ActionKind, ModerationAction, MutualAidPost

TEMPLATES = {
    ActionKind.HIDE: "mutualaid/emails/hidden.txt",
    ActionKind.WARN: "mutualaid/emails/warning.txt",
    ActionKind.SUSPEND: "mutualaid/emails/suspended.txt",
    ActionKind.REINSTATE: "mutualaid/emails/reinstated.txt",
}
SUBJECTS = {
    ActionKind.HIDE: "Un de vos contenus a été masqué",
    ActionKind.WARN: "Avertissement de la modération",
    ActionKind.SUSPEND: "Votre compte est suspendu",
    ActionKind.REINSTATE: "Votre compte est rétabli",
}


def absolute_url(path: str) -> str:
    return settings.SOLIDAIRES_BASE_URL + path


@task()
def send_moderation_email(action_id: int) -> None:
    """Tell the person concerned about a moderation action (never who reported them)."""
    action = (
        ModerationAction.objects.select_related("subject_user", "target_type").filter(pk=action_id).first()
    )
    if action is None or action.kind not in TEMPLATES or action.subject_user is None:
        return
    user = action.subject_user
    if not user.email or getattr(user, "erased_at", None) is not None:
        return
    link = ""
    if action.kind == ActionKind.HIDE and action.target_type is not None:
        model = action.target_type.model_class()
        target = model._default_manager.filter(pk=action.target_id).first() if model else None
        if isinstance(target, MutualAidPost) or (target is not None and hasattr(target, "get_absolute_url")):
            link = absolute_url(target.get_absolute_url())
    body = render_to_string(
        TEMPLATES[ActionKind(action.kind)],
        {
            "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
            "action": action,
            "link": link,
            "guide": absolute_url(reverse("mutualaid:guide")),
        },
    )
    send_mail(
        f"[Solidaires] {SUBJECTS[ActionKind(action.kind)]}", body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )


@task()
def expire_mutual_aid_posts() -> int:
    """Daily: expire posts past their date, apply the retention periods (manage.py expire_mutual_aid_posts)."""
    from .services import moderation_purge_old, posts_expire_due, posts_purge_ended

    expired = posts_expire_due()
    posts_purge_ended()
    moderation_purge_old()
    return expired
