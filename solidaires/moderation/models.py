"""Reports, moderation decisions and blocks between people (decision 0845).

A report is about any content a domain registers (``registry.reportables``): it points at
it through a content type and an id, never through the domain's model. These models were
born in ``mutualaid`` (Report, ModerationAction) and ``messaging`` (Block): their tables
keep their names (migration 0001 of this app moved only the models' state)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import TimeStampedModel


class ReportReason(models.TextChoices):
    SCAM = "scam", _("Arnaque, demande d'argent ou de coordonnées bancaires")
    HARASSMENT = "harassment", _("Harcèlement, insultes ou menaces")
    DANGER = "danger", _("Mise en danger d'une personne")
    PERSONAL_DATA = "personal_data", _("Données personnelles exposées")
    SPAM = "spam", _("Publicité ou message répété")
    ILLEGAL = "illegal", _("Contenu illégal ou discriminatoire")
    OTHER = "other", _("Autre raison")


class ReportState(models.TextChoices):
    OPEN = "open", _("À traiter")
    RESOLVED = "resolved", _("Traité")
    DISMISSED = "dismissed", _("Classé sans suite")


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(state=ReportState.OPEN)


class Report(TimeStampedModel):
    """Someone reports a piece of content anywhere on the platform; agents decide (decision 0843)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(max_length=200, blank=True)
    # The person responsible for the content, kept to warn or suspend them.
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_received",
    )
    reason = models.CharField(_("motif"), max_length=16, choices=ReportReason.choices)
    details = models.TextField(_("précisions"), max_length=2000, blank=True)
    state = FSMField(_("état"), default=ReportState.OPEN, choices=ReportState.choices, protected=False)
    resolution_note = models.TextField(_("note de l'agent"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        db_table = "mutualaid_report"
        ordering = ["created_at", "id"]
        verbose_name = _("signalement")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(state="open"),
                name="mutualaid_report_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.values), name="mutualaid_report_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "created_at", "id"], name="mutualaid_report_queue_idx"),
            models.Index(fields=["target_type", "target_id"], name="mutualaid_report_target_idx"),
        ]

    def __str__(self) -> str:
        return f"Signalement n° {self.pk} ({self.get_reason_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == ReportState.OPEN

    @property
    def target_label(self) -> str:
        """``app_label.model`` of the reported content: its key in ``registry.reportables``."""
        return f"{self.target_type.app_label}.{self.target_type.model}"

    @transition(field=state, source=ReportState.OPEN, target=ReportState.RESOLVED)
    def resolve(self) -> None:
        self.resolved_at = timezone.now()

    @transition(field=state, source=ReportState.OPEN, target=ReportState.DISMISSED)
    def dismiss(self) -> None:
        self.resolved_at = timezone.now()


class ActionKind(models.TextChoices):
    HIDE = "hide", _("Contenu masqué")
    UNHIDE = "unhide", _("Contenu rétabli")
    WARN = "warn", _("Avertissement envoyé")
    SUSPEND = "suspend", _("Compte suspendu")
    REINSTATE = "reinstate", _("Compte rétabli")
    DISMISS = "dismiss", _("Signalement classé sans suite")


class ModerationAction(models.Model):
    """One moderation decision, kept as the report's and the person's history."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(_("action"), max_length=10, choices=ActionKind.choices)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions_received",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        db_table = "mutualaid_moderationaction"
        ordering = ["-created_at", "-id"]
        verbose_name = _("action de modération")
        verbose_name_plural = _("actions de modération")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class ContestState(models.TextChoices):
    OPEN = "open", _("À examiner")
    UPHELD = "upheld", _("Décision maintenue")
    REVERSED = "reversed", _("Décision annulée")


class ContestQuerySet(models.QuerySet["Contest"]):
    def open(self) -> ContestQuerySet:
        return self.filter(state=ContestState.OPEN)


class Contest(TimeStampedModel):
    """The person a moderation decision is about contests it; an agent re-examines it and
    upholds or reverses it (decision 1120). One contest per decision: its outcome is final
    on the platform."""

    action = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="contest")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderation_contests"
    )
    text = models.TextField(_("vos explications"), max_length=2000)
    state = FSMField(_("état"), default=ContestState.OPEN, choices=ContestState.choices, protected=False)
    decision_reason = models.TextField(_("réponse de l'agent"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ContestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("contestation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ContestState.values), name="moderation_contest_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at", "id"], name="moderation_contest_queue_idx")]

    def __str__(self) -> str:
        return f"Contestation n° {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state == ContestState.OPEN

    @transition(field=state, source=ContestState.OPEN, target=ContestState.UPHELD)
    def uphold(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=state, source=ContestState.OPEN, target=ContestState.REVERSED)
    def reverse(self) -> None:
        self.decided_at = timezone.now()


class Block(models.Model):
    """``blocker`` no longer wants to hear from ``blocked``: no new message nor thread either way."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "messaging_block"
        verbose_name = _("blocage")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} bloque {self.blocked}"
