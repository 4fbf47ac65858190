"""Every write on mutual-aid posts, the safety guide, reports and moderation.

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry for each
state change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError (French).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.core import audit, handover
from solidaires.core.caching import bump_data_version
from solidaires.core.handover import hash_code as hash_handover_code
from solidaires.core.handover import normalize as normalize_handover_code
from solidaires.core.search import document

from .models import (
    ActionKind,
    ConsentMethod,
    ModerationAction,
    MutualAidPost,
    PostState,
    Report,
    ReportReason,
    SafetyGuideAck,
)
from .selectors import BOARD_DATA_VERSION
from .tasks import send_moderation_email

EDITABLE_FIELDS = ("kind", "category", "title", "description", "commune", "expires_on")
MAX_POSTS_PER_DAY = 10
MAX_REPORTS_PER_HOUR = 10
MAX_REASON_LENGTH = 2000
HANDOVER_LENGTH = 12
FIRST_NAME_MAX = 40

# What may be reported, by model label, with the attribute naming the person responsible.
REPORTABLE: dict[str, tuple[str, ...]] = {
    "mutualaid.mutualaidpost": ("author",),
    "messaging.message": ("author",),
    "volunteering.mission": ("posted_by", "contact"),
    "volunteering.volunteeroffer": ("volunteer", "user", "person", "author"),
}


def _record(**kwargs: Any) -> None:
    """Audit the action; a change to a post also makes the cached public board stale."""
    audit.record(**kwargs)
    action = str(kwargs.get("action", ""))
    if action.startswith("mutualaid_post.") and action != "mutualaid_post.answered":
        # Now and after commit: anonymous /entraide/ pages cached before are not served.
        bump_data_version(BOARD_DATA_VERSION)


def post_changed(**_kwargs: Any) -> None:
    """post_save / post_delete receiver (apps.py): a post written outside these services too."""
    bump_data_version(BOARD_DATA_VERSION)


def _require(perm: str, user: Any, obj: models.Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _snapshot(post: MutualAidPost) -> dict[str, Any]:
    return {
        "kind": post.kind,
        "category": post.category,
        "title": post.title,
        "commune": post.commune_id,
        "expires_on": post.expires_on.isoformat() if post.expires_on else None,
        "state": post.state,
        "hidden": post.hidden_at is not None,
    }


def _index(post: MutualAidPost) -> None:
    commune_name = post.commune.name if post.commune_id else ""
    post.search_document = document(post.title, post.get_category_display(), commune_name, post.description)


def _apply(post: MutualAidPost, data: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(post, name, value)


def _rank(moment: Any) -> int:
    return -int(moment.timestamp() * 1000)


# Posts --------------------------------------------------------------------------------------


@transaction.atomic
def post_create(*, by: Any, data: dict[str, Any]) -> MutualAidPost:
    """Publish a request or an offer (open at once). Raises ValidationError keyed by field."""
    _require("mutualaid.add_post", by)
    since = timezone.now() - timedelta(days=1)
    if MutualAidPost.objects.filter(author=by, created_at__gte=since).count() >= MAX_POSTS_PER_DAY:
        raise ValidationError(_("Vous avez publié beaucoup d'annonces aujourd'hui. Réessayez demain, merci."))
    post = MutualAidPost(author=by)
    _apply(post, data)
    return _save_new(post, by=by, action="mutualaid_post.created")


def _save_new(post: MutualAidPost, *, by: Any, action: str, note: str = "") -> MutualAidPost:
    post.list_rank = _rank(timezone.now())
    post.full_clean()
    _index(post)
    post.save()
    _record(actor=by, action=action, target=post, after=_snapshot(post), note=note)
    return post


def _new_handover_code() -> str:
    return handover.new_code(HANDOVER_LENGTH, group=4)


@transaction.atomic
def post_create_on_behalf(
    *, by: Any, data: dict[str, Any], first_name: str, consent_method: str
) -> tuple[MutualAidPost, str]:
    """An agent publishes for an inhabitant who came in person or phoned (decision 0842).

    The agent is the author (answers reach them); the page shows the inhabitant's first name
    only. Returns the post and a one-time handover code (only its hash is stored) with which
    the inhabitant takes the post over online later."""
    _require("mutualaid.post_on_behalf", by)
    errors: dict[str, str] = {}
    first_name = re.sub(r"\s+", " ", first_name or "").strip()
    if not first_name:
        errors["first_name"] = _("Indiquez le prénom de la personne.")
    elif len(first_name) > FIRST_NAME_MAX or len(first_name.split()) > 2:
        errors["first_name"] = _("Le prénom seulement, %(n)s caractères au plus.") % {"n": FIRST_NAME_MAX}
    if consent_method not in ConsentMethod.values:
        errors["consent_method"] = _("Indiquez comment la personne a donné son accord.")
    if errors:
        raise ValidationError(errors)
    post = MutualAidPost(author=by, on_behalf_name=first_name, consent_method=consent_method)
    post.consent_recorded_at = timezone.now()
    _apply(post, data)
    code = _new_handover_code()
    post.handover_code_hash = hash_handover_code(code)
    post = _save_new(
        post,
        by=by,
        action="mutualaid_post.created_on_behalf",
        note=f"Consentement : {post.get_consent_method_display()}",
    )
    return post, code


@transaction.atomic
def post_update(*, post: MutualAidPost, by: Any, data: dict[str, Any]) -> MutualAidPost:
    _require("mutualaid.change_post", by, post)
    post = MutualAidPost.objects.select_for_update().select_related("commune").get(pk=post.pk)
    before = _snapshot(post)
    _apply(post, data)
    post.full_clean()
    _index(post)
    post.save()
    _record(actor=by, action="mutualaid_post.updated", target=post, before=before, after=_snapshot(post))
    return post


def _illegal(post: MutualAidPost) -> ValidationError:
    return ValidationError(
        _("Cette annonce est « %(state)s » : elle ne peut plus changer d'état.")
        % {"state": PostState(post.state).label},
        code="illegal_transition",
    )


@transaction.atomic
def post_close(*, post: MutualAidPost, by: Any, fulfilled: bool) -> MutualAidPost:
    """The author takes the post down: help found (``fulfilled``) or no longer needed."""
    _require("mutualaid.close_post", by, post)
    post = MutualAidPost.objects.select_for_update().get(pk=post.pk)
    move = post.mark_fulfilled if fulfilled else post.close
    if not can_proceed(move):
        raise _illegal(post)
    before = _snapshot(post)
    move()
    post.save(update_fields=["state", "closed_at", "updated_at"])
    _record(
        actor=by,
        action="mutualaid_post.fulfilled" if fulfilled else "mutualaid_post.closed",
        target=post,
        before=before,
        after=_snapshot(post),
    )
    return post


@transaction.atomic
def post_expire(*, post: MutualAidPost) -> bool:
    """System move of one open post past its expiry date; False when nothing to do."""
    post = MutualAidPost.objects.select_for_update().get(pk=post.pk)
    if post.state != PostState.OPEN or post.expires_on >= timezone.localdate():
        return False
    before = _snapshot(post)
    post.expire()
    post.save(update_fields=["state", "closed_at", "updated_at"])
    _record(actor=None, action="mutualaid_post.expired", target=post, before=before, after=_snapshot(post))
    return True


def posts_expire_due(*, today: date | None = None) -> int:
    """Expire every open post whose date has passed (the daily task); idempotent."""
    today = today or timezone.localdate()
    ids = list(
        MutualAidPost.objects.filter(state=PostState.OPEN, expires_on__lt=today).values_list("pk", flat=True)
    )
    done = 0
    for pk in ids:
        post = MutualAidPost.objects.filter(pk=pk).first()
        if post is not None and post_expire(post=post):
            done += 1
    return done


ENDED_POST_RETENTION = timedelta(days=365)


@transaction.atomic
def posts_purge_ended(*, now: Any = None) -> int:
    """Delete posts that ended (withdrawn, fulfilled, expired) more than 12 months ago
    (docs/privacy/mutualaid.md). Reports about them keep their text summary. Idempotent."""
    now = now or timezone.now()
    queryset = MutualAidPost.objects.exclude(state=PostState.OPEN).filter(
        closed_at__lt=now - ENDED_POST_RETENTION
    )
    count = queryset.count()
    if count:
        queryset.delete()
        _record(
            actor=None,
            action="mutualaid_post.purged",
            note=f"{count} annonce(s) terminée(s) depuis plus d'un an",
        )
    return count


MODERATION_RETENTION = timedelta(days=3 * 365)


@transaction.atomic
def moderation_purge_old(*, now: Any = None) -> int:
    """Delete closed reports and moderation decisions older than 3 years (docs/privacy/mutualaid.md).
    The audit journal keeps its own retention (decision 0005). Idempotent."""
    now = now or timezone.now()
    limit = now - MODERATION_RETENTION
    actions, _detail = ModerationAction.objects.filter(created_at__lt=limit).delete()
    reports, _detail = Report.objects.exclude(state="open").filter(resolved_at__lt=limit).delete()
    return actions + reports


@transaction.atomic
def post_take_over(*, code: str, by: Any) -> MutualAidPost:
    """The inhabitant takes over, with the code the agent gave them, a post made on their behalf."""
    _require("mutualaid.take_over_post", by)
    normalized = normalize_handover_code(code)
    if len(normalized) != HANDOVER_LENGTH:
        raise ValidationError({"code": _("Le code fait 12 lettres et chiffres, par exemple ABCD-EFGH-JKMN.")})
    post = (
        MutualAidPost.objects.select_for_update()
        .filter(handover_code_hash=hash_handover_code(normalized))
        .first()
    )
    if post is None:
        raise ValidationError(
            {
                "code": _(
                    "Ce code ne correspond à aucune annonce. Vérifiez-le, ou demandez-en un nouveau à l'agent."
                )
            }
        )
    before = {**_snapshot(post), "author": post.author_id}
    post.author = by
    post.handover_code_hash = ""
    post.handed_over_at = timezone.now()
    post.on_behalf_name = ""
    post.save(
        update_fields=["author", "handover_code_hash", "handed_over_at", "on_behalf_name", "updated_at"]
    )
    _record(
        actor=by,
        action="mutualaid_post.taken_over",
        target=post,
        before=before,
        after={**_snapshot(post), "author": by.pk},
    )
    return post


# Safety guide and answers -----------------------------------------------------------------


def has_acknowledged_guide(user: Any) -> bool:
    return bool(
        user is not None and user.is_authenticated and SafetyGuideAck.objects.filter(user=user).exists()
    )


@transaction.atomic
def safety_guide_acknowledge(*, by: Any) -> SafetyGuideAck:
    """Record once that the person read the safety guide (idempotent: the first date is kept)."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    ack, created = SafetyGuideAck.objects.get_or_create(user=by)
    if created:
        _record(actor=by, action="mutualaid.safety_guide_acknowledged", target=None)
    return ack


def blocked_between(a: Any, b: Any) -> bool:
    """Either person blocked the other (messaging's Block)."""
    from solidaires.messaging.models import Block

    return Block.objects.filter(models.Q(blocker=a, blocked=b) | models.Q(blocker=b, blocked=a)).exists()


def answer_problem(*, post: MutualAidPost, by: Any) -> str:
    """Why ``by`` cannot answer ``post`` (French, for the page), or "" when they can."""
    if post.author_id == getattr(by, "pk", None):
        return _("C'est votre annonce : vous ne pouvez pas y répondre.")
    if post.is_hidden:
        return _("Cette annonce a été masquée par la modération.")
    if not post.is_open:
        return _("Cette annonce n'est plus en ligne : on ne peut plus y répondre.")
    if blocked_between(post.author, by):
        return _(
            "Vous ne pouvez pas répondre à cette annonce : l'une de vous deux personnes a bloqué l'autre."
        )
    return ""


@transaction.atomic
def post_answer(*, post: MutualAidPost, by: Any, body: str) -> Any:
    """Open (or reuse) the conversation with the author and send the first message.

    Needs the safety guide read once. Returns the messaging thread."""
    _require("mutualaid.answer_post", by, post)
    if not has_acknowledged_guide(by):
        raise ValidationError(_("Lisez d'abord les conseils pour une entraide en confiance."), code="guide")
    problem = answer_problem(post=post, by=by)
    if problem:
        raise ValidationError(problem, code="blocked")
    from solidaires.messaging.services import message_send, thread_get_or_create

    thread = thread_get_or_create(
        about=post,
        subject=_("Entraide : %(title)s") % {"title": post.title},
        people=[post.author, by],
        association=None,
        by=by,
    )
    try:
        message_send(thread=thread, by=by, body=body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    _record(actor=by, action="mutualaid_post.answered", target=post)
    return thread


# Reports ------------------------------------------------------------------------------------


def _label(target: models.Model) -> str:
    return target._meta.label_lower


def _prefix(target: models.Model) -> str:
    """Audit action prefix: "mutualaid_post", "message", "mission"…"""
    name = str(target._meta.model_name)
    return "mutualaid_post" if name == "mutualaidpost" else name


def responsible_user(target: models.Model) -> Any:
    """The person who wrote/posted the reported content, or None."""
    for attr in REPORTABLE.get(_label(target), ()):
        if hasattr(target, attr):
            user = getattr(target, attr)
            if user is not None:
                return user
    return None


@transaction.atomic
def report_create(*, by: Any, target: models.Model, reason: str, details: str = "") -> Report:
    """Report a post, a message, a mission or a volunteer offer to the agents.

    One open report per person and target; at most MAX_REPORTS_PER_HOUR an hour."""
    _require("mutualaid.add_report", by)
    if _label(target) not in REPORTABLE or target.pk is None:
        raise ValidationError(_("Ce contenu ne peut pas être signalé."))
    errors: dict[str, str] = {}
    if reason not in ReportReason.values:
        errors["reason"] = _("Choisissez le motif du signalement.")
    details = (details or "").strip()
    if len(details) > MAX_REASON_LENGTH:
        errors["details"] = _("Écrivez %(n)s caractères au plus (vous en avez écrit %(m)s).") % {
            "n": MAX_REASON_LENGTH,
            "m": len(details),
        }
    if reason == ReportReason.OTHER and not details:
        errors["details"] = _("Précisez en quelques mots ce qui ne va pas.")
    if errors:
        raise ValidationError(errors)
    responsible = responsible_user(target)
    if responsible is not None and responsible.pk == by.pk:
        raise ValidationError(_("Vous ne pouvez pas signaler votre propre contenu."))
    content_type = ContentType.objects.get_for_model(target)
    if Report.objects.open().filter(reporter=by, target_type=content_type, target_id=target.pk).exists():
        raise ValidationError(
            _("Vous avez déjà signalé ce contenu : les agents l'examinent. Merci de votre vigilance."),
            code="duplicate",
        )
    since = timezone.now() - timedelta(hours=1)
    if Report.objects.filter(reporter=by, created_at__gte=since).count() >= MAX_REPORTS_PER_HOUR:
        raise ValidationError(
            _("Vous avez envoyé beaucoup de signalements en peu de temps. Réessayez dans une heure."),
            code="rate_limited",
        )
    report = Report(
        reporter=by,
        target_type=content_type,
        target_id=target.pk,
        target_repr=str(target)[:200],
        reported_user=responsible,
        reason=reason,
        details=details,
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # a double click racing the check above
        raise ValidationError(_("Vous avez déjà signalé ce contenu."), code="duplicate") from exc
    _record(actor=by, action="report.created", target=report, after={"reason": reason})
    return report


def _close_report(report: Report | None, *, by: Any, note: str, dismiss: bool = False) -> None:
    if report is None:
        return
    report = Report.objects.select_for_update().get(pk=report.pk)
    move = report.dismiss if dismiss else report.resolve
    if not can_proceed(move):
        return
    move()
    report.resolved_by = by
    report.resolution_note = note
    report.save(update_fields=["state", "resolved_at", "resolved_by", "resolution_note", "updated_at"])
    _record(
        actor=by,
        action="report.dismissed" if dismiss else "report.resolved",
        target=report,
        before={"state": "open"},
        after={"state": report.state},
        note=note,
    )


def _reason(reason: str, *, field: str = "reason", what: str = "") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: what or _("Indiquez le motif : la personne concernée le verra.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({field: _("%(n)s caractères au plus.") % {"n": MAX_REASON_LENGTH}})
    return reason


@transaction.atomic
def report_dismiss(*, report: Report, by: Any, note: str = "") -> Report:
    _require("mutualaid.moderate", by)
    if not report.is_open:
        raise ValidationError(_("Ce signalement est déjà traité."))
    note = (note or "").strip()[:MAX_REASON_LENGTH]
    _close_report(report, by=by, note=note, dismiss=True)
    ModerationAction.objects.create(
        kind=ActionKind.DISMISS,
        report=report,
        subject_user=report.reported_user,
        target_type=report.target_type,
        target_id=report.target_id,
        by=by,
        reason=note,
    )
    report.refresh_from_db()
    return report


def _resolve_all_about(target: models.Model, *, by: Any, note: str, except_pk: int | None = None) -> None:
    content_type = ContentType.objects.get_for_model(target)
    for other in Report.objects.open().filter(target_type=content_type, target_id=target.pk):
        if other.pk != except_pk:
            _close_report(other, by=by, note=note)


def _list_data_versions() -> dict[str, str]:
    """The cached public lists that show each kind of reportable content."""
    from solidaires.volunteering.missions.services import MISSIONS_DATA_VERSION

    return {"mutualaid.mutualaidpost": BOARD_DATA_VERSION, "volunteering.mission": MISSIONS_DATA_VERSION}


def _set_hidden(target: models.Model, **fields: Any) -> None:
    """Write the ``hidden_*`` fields (and ``updated_at``, which keys the cached cards), then make
    the public list that shows this kind of content stale at once."""
    model = type(target)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields["updated_at"] = timezone.now()
    model._default_manager.filter(pk=target.pk).update(**fields)
    for name, value in fields.items():
        setattr(target, name, value)
    version = _list_data_versions().get(_label(target))
    if version is not None:
        bump_data_version(version)


@transaction.atomic
def content_hide(*, target: models.Model, by: Any, reason: str, report: Report | None = None) -> models.Model:
    """Hide a post, a message or a mission (its ``hidden_*`` fields); the author sees the reason.

    Every open report about the same content is resolved."""
    _require("mutualaid.moderate", by)
    reason = _reason(reason)
    if _label(target) not in REPORTABLE or not hasattr(target, "hidden_at"):
        raise ValidationError(_("Ce contenu ne peut pas être masqué."))
    model = type(target)
    current = model._default_manager.select_for_update().get(pk=target.pk)
    if current.hidden_at is not None:
        raise ValidationError(_("Ce contenu est déjà masqué."))
    now = timezone.now()
    _set_hidden(target, hidden_at=now, hidden_reason=reason, hidden_by=by)
    _record(
        actor=by,
        action=f"{_prefix(target)}.hidden",
        target=target,
        before={"hidden": False},
        after={"hidden": True},
        note=reason,
    )
    responsible = responsible_user(target)
    action = ModerationAction.objects.create(
        kind=ActionKind.HIDE,
        report=report,
        subject_user=responsible,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        by=by,
        reason=reason,
    )
    note = _("Contenu masqué : %(reason)s") % {"reason": reason}
    if report is not None:
        _close_report(report, by=by, note=note)
    _resolve_all_about(target, by=by, note=note, except_pk=report.pk if report else None)
    if responsible is not None:
        transaction.on_commit(lambda: send_moderation_email.enqueue(action.pk))
    return target


@transaction.atomic
def content_unhide(*, target: models.Model, by: Any, reason: str = "") -> models.Model:
    """Put hidden content back (a moderator changed their mind)."""
    _require("mutualaid.moderate", by)
    if not hasattr(target, "hidden_at") or target.hidden_at is None:
        raise ValidationError(_("Ce contenu n'est pas masqué."))
    _set_hidden(target, hidden_at=None, hidden_reason="", hidden_by=None)
    _record(
        actor=by,
        action=f"{_prefix(target)}.unhidden",
        target=target,
        before={"hidden": True},
        after={"hidden": False},
        note=reason,
    )
    ModerationAction.objects.create(
        kind=ActionKind.UNHIDE,
        subject_user=responsible_user(target),
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        by=by,
        reason=(reason or "").strip()[:MAX_REASON_LENGTH],
    )
    return target


def _check_person(user: Any, by: Any) -> None:
    if user is None:
        raise ValidationError(_("Personne à qui s'adresser : le compte n'existe plus."))
    if user.pk == by.pk:
        raise ValidationError(_("Vous ne pouvez pas vous l'appliquer à vous-même."))
    if getattr(user, "is_agent", False) or user.is_superuser:
        raise ValidationError(
            _("Les comptes d'agents et d'administrateurs se gèrent avec l'administration de la plateforme.")
        )


@transaction.atomic
def user_warn(*, user: Any, by: Any, message: str, report: Report | None = None) -> ModerationAction:
    """Send the person a warning by e-mail and keep it in their moderation history."""
    _require("mutualaid.moderate", by)
    _check_person(user, by)
    message = _reason(
        message, field="message", what=_("Écrivez l'avertissement : la personne le recevra par e-mail.")
    )
    action = ModerationAction.objects.create(
        kind=ActionKind.WARN,
        report=report,
        subject_user=user,
        target_type=report.target_type if report else None,
        target_id=report.target_id if report else None,
        by=by,
        reason=message,
    )
    _record(actor=by, action="user.warned", target=user, note=message)
    _close_report(report, by=by, note=_("Avertissement envoyé : %(m)s") % {"m": message})
    transaction.on_commit(lambda: send_moderation_email.enqueue(action.pk))
    return action


@transaction.atomic
def user_suspend(*, user: Any, by: Any, reason: str, report: Report | None = None) -> ModerationAction:
    """Suspend the account (``is_active=False``: no login, no message). Reversible by an agent."""
    _require("mutualaid.moderate", by)
    _check_person(user, by)
    reason = _reason(reason)
    User = get_user_model()
    current = User.objects.select_for_update().get(pk=user.pk)
    if not current.is_active:
        raise ValidationError(_("Ce compte est déjà suspendu."))
    current.is_active = False
    current.save(update_fields=["is_active"])  # save(): receivers (e.g. cached lists of agents) follow
    user.is_active = False
    action = ModerationAction.objects.create(
        kind=ActionKind.SUSPEND,
        report=report,
        subject_user=user,
        target_type=report.target_type if report else None,
        target_id=report.target_id if report else None,
        by=by,
        reason=reason,
    )
    _record(
        actor=by,
        action="user.suspended",
        target=user,
        before={"is_active": True},
        after={"is_active": False},
        note=reason,
    )
    _close_report(report, by=by, note=_("Compte suspendu : %(r)s") % {"r": reason})
    transaction.on_commit(lambda: send_moderation_email.enqueue(action.pk))
    return action


@transaction.atomic
def user_reinstate(*, user: Any, by: Any, reason: str) -> ModerationAction:
    _require("mutualaid.moderate", by)
    reason = _reason(reason, what=_("Indiquez pourquoi le compte est rétabli."))
    User = get_user_model()
    current = User.objects.select_for_update().get(pk=user.pk)
    if current.is_active:
        raise ValidationError(_("Ce compte n'est pas suspendu."))
    if getattr(current, "erased_at", None) is not None:
        raise ValidationError(_("Ce compte a été supprimé : il ne peut pas être rétabli."))
    current.is_active = True
    current.save(update_fields=["is_active"])
    user.is_active = True
    action = ModerationAction.objects.create(
        kind=ActionKind.REINSTATE, subject_user=user, by=by, reason=reason
    )
    _record(
        actor=by,
        action="user.reinstated",
        target=user,
        before={"is_active": False},
        after={"is_active": True},
        note=reason,
    )
    transaction.on_commit(lambda: send_moderation_email.enqueue(action.pk))
    return action


__all__ = ["SafetyGuideAck", "has_acknowledged_guide", "post_answer", "report_create"]
