"""Reads of moderation: the agents' queue, a report's page and history, suspended accounts, blocks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from solidaires.core.models import AuditEntry
from solidaires.core.pagination import KeysetPage, keyset_paginate

from .models import ActionKind, Block, Contest, ModerationAction, Report, ReportState
from .registry import reportables

QUEUE_PER_PAGE = 50
# The audit journal names a report by its model label; reports were ``mutualaid.report``
# before they moved to this app (decision 0845): their older entries keep that label.
REPORT_AUDIT_LABELS = ("moderation.report", "mutualaid.report")


def report_queue(
    *, state: str = ReportState.OPEN, after: str | None = None, before: str | None = None
) -> KeysetPage[Report]:
    if state not in ReportState.values:
        state = ReportState.OPEN
    queryset = Report.objects.filter(state=state).select_related("reporter", "reported_user", "target_type")
    return keyset_paginate(
        queryset, ordering=("created_at", "id"), after=after, before=before, per_page=QUEUE_PER_PAGE
    )


def report_for_page(pk: int) -> Report | None:
    return (
        Report.objects.select_related("reporter", "reported_user", "target_type", "resolved_by")
        .filter(pk=pk)
        .first()
    )


def report_target(report: Report) -> Any:
    """The reported object (None when it was deleted since), with what its domain shows."""
    model = report.target_type.model_class()
    if model is None:
        return None
    queryset = model._default_manager.all()
    reportable = reportables.get(report.target_label)
    if reportable is not None and reportable.select_related:
        queryset = queryset.select_related(*reportable.select_related)
    return queryset.filter(pk=report.target_id).first()


def target_template(report: Report) -> str:
    """The template that shows the reported content on the agents' pages."""
    reportable = reportables.get(report.target_label)
    return reportable.template if reportable is not None else "moderation/agents/_target_default.html"


def report_history(report: Report) -> dict[str, Any]:
    """What happened to this report and its content: actions, journal, other reports."""
    actions = list(
        ModerationAction.objects.filter(
            Q(report=report) | Q(target_type=report.target_type, target_id=report.target_id)
        ).select_related("by")
    )
    journal = list(
        AuditEntry.objects.filter(
            Q(target_type__in=REPORT_AUDIT_LABELS, target_id=str(report.pk))
            | Q(target_type=report.target_label, target_id=str(report.target_id))
        ).select_related("actor")[:100]
    )
    others = list(
        Report.objects.filter(target_type=report.target_type, target_id=report.target_id)
        .exclude(pk=report.pk)
        .select_related("reporter")
    )
    person_actions: list[ModerationAction] = []
    if report.reported_user_id is not None:
        person_actions = list(
            ModerationAction.objects.filter(subject_user_id=report.reported_user_id).select_related("by")[:50]
        )
    return {"actions": actions, "journal": journal, "others": others, "person_actions": person_actions}


def suspended_users() -> QuerySet[Any]:
    suspended = ModerationAction.objects.filter(kind=ActionKind.SUSPEND).values("subject_user_id")
    return (
        get_user_model()
        .objects.filter(is_active=False, erased_at__isnull=True, pk__in=suspended)
        .order_by("email")
    )


def blocked_by(user: Any) -> QuerySet[Any]:
    """Ids of the people ``user`` blocked (a subquery)."""
    return Block.objects.filter(blocker=user).values("blocked_id")


def blocked_between(a: Any, b: Any) -> bool:
    """Whether either person blocked the other (nobody blocks themselves)."""
    if a is None or b is None or a.pk is None or b.pk is None or a.pk == b.pk:
        return False
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def has_blocked(blocker: Any, blocked: Any) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def blocked_people(user: Any) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at", "-pk")


# Contests (decision 1120) ------------------------------------------------------------------


def action_for_contest(pk: int, user: Any) -> ModerationAction | None:
    """A decision about ``user`` (None for anybody else: the page is a 404 for them)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        ModerationAction.objects.select_related("target_type").filter(pk=pk, subject_user_id=user.pk).first()
    )


def contest_of(action: ModerationAction) -> Contest | None:
    return Contest.objects.select_related("decided_by").filter(action=action).first()


def latest_hide_action(target: Any, user: Any) -> ModerationAction | None:
    """The decision that hid ``target``, when ``user`` is the person it is about."""
    if target is None or getattr(target, "hidden_at", None) is None or not user.is_authenticated:
        return None
    return (
        ModerationAction.objects.filter(
            kind=ActionKind.HIDE,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            subject_user_id=user.pk,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def open_contests(limit: int = QUEUE_PER_PAGE) -> list[Contest]:
    """The contests waiting for an agent, oldest first (shown at the top of the queue)."""
    return list(
        Contest.objects.open()
        .select_related("author", "action", "action__target_type", "action__by")
        .order_by("created_at", "id")[:limit]
    )


def contest_for_page(pk: int) -> Contest | None:
    return (
        Contest.objects.select_related("author", "action", "action__target_type", "action__by", "decided_by")
        .filter(pk=pk)
        .first()
    )
