"""Background work of moderation: the e-mails telling a person about a decision.

Tasks take ids, are idempotent and are enqueued on commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from solidaires.core.context_processors import contact_email
from solidaires.core.links import absolute_url

from .models import ActionKind, Contest, ContestState, ModerationAction
from .registry import link as registered_link
from .registry import reportables

TEMPLATES = {
    ActionKind.HIDE: "moderation/emails/hidden.txt",
    ActionKind.WARN: "moderation/emails/warning.txt",
    ActionKind.SUSPEND: "moderation/emails/suspended.txt",
    ActionKind.REINSTATE: "moderation/emails/reinstated.txt",
}
SUBJECTS = {
    ActionKind.HIDE: "Un de vos contenus a été masqué",
    ActionKind.WARN: "Avertissement de la modération",
    ActionKind.SUSPEND: "Votre compte est suspendu",
    ActionKind.REINSTATE: "Votre compte est rétabli",
}


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
        reportable = reportables.get(f"{action.target_type.app_label}.{action.target_type.model}")
        path = reportable.link(target) if target is not None and reportable is not None else None
        if path:
            link = absolute_url(path)
    guide = registered_link("safety_guide")
    body = render_to_string(
        TEMPLATES[ActionKind(action.kind)],
        {
            "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
            "action": action,
            "link": link,
            "guide": absolute_url(guide) if guide else "",
            "contest_link": absolute_url(contest_path(action)),
            "contact": contact_email(),
        },
    )
    send_mail(
        f"[Solidaires] {SUBJECTS[ActionKind(action.kind)]}", body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )


def contest_path(action: ModerationAction) -> str:
    """The page where the person contests a decision and later reads the outcome (decision 1120)."""
    return reverse("moderation:contest", kwargs={"pk": action.pk})


@task()
def send_contest_outcome_email(contest_id: int) -> None:
    """Tell the person who contested a decision what the agent decided, and why."""
    contest = Contest.objects.select_related("author", "action").filter(pk=contest_id).first()
    if contest is None or contest.is_open or contest.author is None:
        return
    user = contest.author
    if not user.email or getattr(user, "erased_at", None) is not None:
        return
    body = render_to_string(
        "moderation/emails/contest_outcome.txt",
        {
            "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
            "contest": contest,
            "reversed": contest.state == ContestState.REVERSED,
            "link": absolute_url(contest_path(contest.action)),
        },
    )
    subject = (
        "Votre contestation est acceptée"
        if contest.state == ContestState.REVERSED
        else "Réponse à votre contestation"
    )
    send_mail(f"[Solidaires] {subject}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
