"""Every write of moderation: reports, hide / unhide, warn, suspend, reinstate (decision 0845).

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry for each
state change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError (French).
What may be reported, and how it is hidden, is what the domains register
(``registry.reportables``): this module knows no domain.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.core import audit

from .models import ActionKind, Block, Contest, ModerationAction, Report, ReportReason
from .registry import reportable_for
from .tasks import send_contest_outcome_email, send_moderation_email

MAX_REPORTS_PER_HOUR = 10
MAX_REASON_LENGTH = 2000


def _require(perm: str, user: Any, obj: models.Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _record(**kwargs: Any) -> None:
    audit.record(**kwargs)


# Reports ------------------------------------------------------------------------------------


def _prefix(target: models.Model) -> str:
    """Audit action prefix: "mutualaid_post", "message", "mission"…"""
    reportable = reportable_for(target)
    return (reportable.audit_prefix if reportable else "") or str(target._meta.model_name)


def responsible_user(target: models.Model) -> Any:
    """The person who wrote/posted the reported content, or None."""
    reportable = reportable_for(target)
    for attr in reportable.responsible if reportable else ():
        if hasattr(target, attr):
            user = getattr(target, attr)
            if user is not None:
                return user
    return None


@transaction.atomic
def report_create(*, by: Any, target: models.Model, reason: str, details: str = "") -> Report:
    """Report a post, a message, a mission or a volunteer offer to the agents.

    One open report per person and target; at most MAX_REPORTS_PER_HOUR an hour."""
    _require("moderation.add_report", by)
    if reportable_for(target) is None or target.pk is None:
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
    _require("moderation.moderate", by)
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


def _set_hidden(target: models.Model, **fields: Any) -> None:
    """Write the ``hidden_*`` fields (and ``updated_at``, which keys the cached cards), then make
    the public list that shows this kind of content stale at once (the domain's hook)."""
    model = type(target)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields["updated_at"] = timezone.now()
    model._default_manager.filter(pk=target.pk).update(**fields)
    for name, value in fields.items():
        setattr(target, name, value)
    reportable = reportable_for(target)
    if reportable is not None and reportable.on_hidden_changed is not None:
        reportable.on_hidden_changed(target)


@transaction.atomic
def content_hide(*, target: models.Model, by: Any, reason: str, report: Report | None = None) -> models.Model:
    """Hide a post, a message or a mission (its ``hidden_*`` fields); the author sees the reason.

    Every open report about the same content is resolved."""
    _require("moderation.moderate", by)
    reason = _reason(reason)
    reportable = reportable_for(target)
    if reportable is None or not reportable.hideable or not hasattr(target, "hidden_at"):
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
    _require("moderation.moderate", by)
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
    _require("moderation.moderate", by)
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
    _require("moderation.moderate", by)
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
    _require("moderation.moderate", by)
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


# Contests (decision 1120) ------------------------------------------------------------------

CONTEST_DELAY = timedelta(days=30)
CONTESTABLE = (ActionKind.HIDE, ActionKind.WARN)
MAX_CONTEST_LENGTH = 2000


def contest_deadline(action: ModerationAction) -> Any:
    return action.created_at + CONTEST_DELAY


def action_target(action: ModerationAction) -> Any:
    """The content a decision is about (None when there is none, or it was deleted since)."""
    if action.target_type is None or action.target_id is None:
        return None
    model = action.target_type.model_class()
    return model._default_manager.filter(pk=action.target_id).first() if model is not None else None


def contest_problem(*, action: ModerationAction, now: Any = None) -> str:
    """Why this decision can no longer be contested ("" when it can)."""
    now = now or timezone.now()
    if action.kind not in CONTESTABLE:
        return _("Cette décision ne peut pas être contestée sur la plateforme.")
    if Contest.objects.filter(action=action).exists():
        return _("Vous avez déjà contesté cette décision : un agent l'a réexaminée ou va le faire.")
    if now > contest_deadline(action):
        return _("Le délai de %(days)s jours pour contester cette décision est passé.") % {
            "days": CONTEST_DELAY.days
        }
    if action.kind == ActionKind.HIDE:
        target = action_target(action)
        if target is None or getattr(target, "hidden_at", None) is None:
            return _("Ce contenu n'est plus masqué : il n'y a plus rien à contester.")
    return ""


@transaction.atomic
def contest_create(*, action: ModerationAction, by: Any, text: str) -> Contest:
    """The person a decision is about contests it, in their own words; it reaches the agents."""
    _require("moderation.contest_action", by, action)
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {"text": _("Expliquez en quelques mots pourquoi la décision vous semble injuste.")}
        )
    if len(text) > MAX_CONTEST_LENGTH:
        raise ValidationError(
            {
                "text": _("Écrivez %(n)s caractères au plus (vous en avez écrit %(m)s).")
                % {"n": MAX_CONTEST_LENGTH, "m": len(text)}
            }
        )
    action = ModerationAction.objects.select_for_update().get(pk=action.pk)
    problem = contest_problem(action=action)
    if problem:
        raise ValidationError(problem, code="closed")
    contest = Contest(action=action, author=by, text=text)
    contest.full_clean()
    try:
        with transaction.atomic():
            contest.save()
    except IntegrityError as exc:  # a double click racing the check above
        raise ValidationError(_("Vous avez déjà contesté cette décision."), code="duplicate") from exc
    _record(
        actor=by,
        action="moderation_contest.created",
        target=contest,
        after={"state": contest.state, "action": action.pk},
        note=text[:200],
    )
    return contest


@transaction.atomic
def contest_decide(*, contest: Contest, by: Any, reverse: bool, reason: str) -> Contest:
    """An agent re-examines the decision: upholds it, or reverses it (hidden content is put back
    with ``content_unhide``). The author is told by e-mail and on the contest page."""
    _require("moderation.moderate", by)
    reason = _reason(reason, what=_("Écrivez votre réponse : la personne la lira."))
    contest = Contest.objects.select_for_update().select_related("action").get(pk=contest.pk)
    move = contest.reverse if reverse else contest.uphold
    if not can_proceed(move):
        raise ValidationError(_("Cette contestation a déjà reçu une réponse."))
    before = contest.state
    if reverse and contest.action.kind == ActionKind.HIDE:
        target = action_target(contest.action)
        if target is not None and getattr(target, "hidden_at", None) is not None:
            content_unhide(target=target, by=by, reason=reason)
    move()
    contest.decided_by = by
    contest.decision_reason = reason
    contest.save(update_fields=["state", "decided_at", "decided_by", "decision_reason", "updated_at"])
    _record(
        actor=by,
        action="moderation_contest.reversed" if reverse else "moderation_contest.upheld",
        target=contest,
        before={"state": before},
        after={"state": contest.state},
        note=reason,
    )
    contest_id = contest.pk
    transaction.on_commit(lambda: send_contest_outcome_email.enqueue(contest_id))
    return contest


# Retention and blocks -----------------------------------------------------------------------


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


# Blocks -------------------------------------------------------------------------------------


@transaction.atomic
def block_create(*, by: Any, blocked: Any) -> Block:
    """``by`` blocks ``blocked``: no new message nor thread between them, no answer to each
    other's posts, either way. Idempotent."""
    if not rules.has_perm("moderation.block", by):
        raise PermissionDenied
    if blocked is None or blocked.pk == by.pk:
        raise ValidationError(_("Vous ne pouvez pas vous bloquer vous-même."))
    block, created = Block.objects.get_or_create(blocker=by, blocked=blocked)
    if created:
        audit.record(actor=by, action="messaging.blocked", target=block, after={"blocked": blocked.pk})
    return block


@transaction.atomic
def block_delete(*, by: Any, blocked: Any) -> None:
    if not rules.has_perm("moderation.block", by):
        raise PermissionDenied
    deleted, _detail = Block.objects.filter(blocker=by, blocked=blocked).delete()
    if deleted:
        audit.record(actor=by, action="messaging.unblocked", target=None, before={"blocked": blocked.pk})
