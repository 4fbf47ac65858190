"""Committee sessions, their members, conflicts of interest, scores and decisions (decisions 1020, 1021)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import TimeStampedModel
from solidaires.grants.applications.models.files import Application
from solidaires.grants.applications.models.schemes import Scheme


class CommitteeSessionState(models.TextChoices):
    PLANNED = "planned", _("En préparation")
    SCORING = "scoring", _("Notation ouverte")
    CLOSED = "closed", _("Clôturée")


class CommitteeSession(TimeStampedModel):
    """A committee meeting of a scheme for a year: its members score the files sent to it."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="committee_sessions")
    year = models.PositiveSmallIntegerField(_("année"))
    meets_on = models.DateField(_("date du comité"))
    name = models.CharField(_("nom"), max_length=160)
    state = FSMField(
        _("état"),
        max_length=10,
        choices=CommitteeSessionState.choices,
        default=CommitteeSessionState.PLANNED,
        protected=False,
    )
    applications = models.ManyToManyField(
        Application, blank=True, related_name="committee_sessions", verbose_name=_("dossiers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-meets_on", "-id"]
        verbose_name = _("séance du comité")
        verbose_name_plural = _("séances du comité")
        indexes = [models.Index(fields=["scheme", "year"], name="grants_session_scheme_year")]

    def __str__(self) -> str:
        return self.name

    # --- the state machine (decision 1027): planned → scoring → closed; scoring can be
    # suspended (back to planned); a closed session does not reopen. -------------------------
    @transition(field=state, source=CommitteeSessionState.PLANNED, target=CommitteeSessionState.SCORING)
    def open_scoring(self) -> None:
        pass

    @transition(field=state, source=CommitteeSessionState.SCORING, target=CommitteeSessionState.PLANNED)
    def suspend_scoring(self) -> None:
        pass

    @transition(field=state, source=CommitteeSessionState.SCORING, target=CommitteeSessionState.CLOSED)
    def close(self) -> None:
        pass


class CommitteeMember(models.Model):
    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_committee_seats"
    )

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("membre du comité")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="grants_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.session})"


class ConflictOfInterest(models.Model):
    """A member's declared link with a file: they cannot score it nor see the others' scores."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    declared_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("nature du lien"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="grants_conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"Conflit {self.member_id} / {self.application_id}"


class Score(models.Model):
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(_("note (0 à 5)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("note")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "criterion"], name="grants_score_unique"
            ),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="grants_score_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class DecisionOutcome(models.TextChoices):
    GRANTED_FULL = "granted_full", _("Accordé en totalité")
    GRANTED_PARTIAL = "granted_partial", _("Accordé en partie")
    REFUSED = "refused", _("Refusé")
    POSTPONED = "postponed", _("Ajourné")


class Decision(models.Model):
    """The committee's decision on a file (a postponed file gets another one later)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(
        CommitteeSession, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("décision"), max_length=16, choices=DecisionOutcome.choices)
    amount_cents = models.PositiveIntegerField(_("montant accordé (centimes)"), default=0)
    reason = models.TextField(_("motif"), blank=True, max_length=3000)
    reference = models.CharField(_("référence"), max_length=40)
    year = models.PositiveSmallIntegerField(_("année budgétaire"))
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter_generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("décision")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["refused", "postponed"], amount_cents=0)
                | models.Q(outcome__in=["granted_full", "granted_partial"], amount_cents__gt=0),
                name="grants_decision_amount_matches_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_outcome_display()}"

    @property
    def is_grant(self) -> bool:
        return self.outcome in {DecisionOutcome.GRANTED_FULL, DecisionOutcome.GRANTED_PARTIAL}
