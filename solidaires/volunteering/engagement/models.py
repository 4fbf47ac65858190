"""Engagements, hours and proposals (decisions 0820-0839)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import TimeStampedModel
from solidaires.volunteering.missions.models import Mission, VolunteerOffer

# ---------------------------------------------------------------------------------------

ENGAGEMENT_MESSAGE_MAX = 2000
REASON_MAX = 1000
HOURS_NOTE_MAX = 500


class EngagementState(models.TextChoices):
    APPLIED = "applied", _("Candidature envoyée")
    ACTIVE = "active", _("En cours")
    DECLINED = "declined", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")
    ENDED = "ended", _("Terminée")


# Applications and engagements still "open": one per person and mission.
ENGAGEMENT_OPEN_STATES = (EngagementState.APPLIED, EngagementState.ACTIVE)


class EngagementSource(models.TextChoices):
    APPLICATION = "application", _("Candidature")
    PROPOSAL = "proposal", _("Proposition de l'association")


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def open(self) -> EngagementQuerySet:
        return self.filter(state__in=ENGAGEMENT_OPEN_STATES)

    def unanswered(self) -> EngagementQuerySet:
        return self.filter(state=EngagementState.APPLIED)


class Engagement(TimeStampedModel):
    """A person's application to a mission, then their engagement in it (state machine)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="engagements")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="engagements"
    )
    state = FSMField(
        _("état"),
        max_length=10,
        choices=EngagementState.choices,
        default=EngagementState.APPLIED,
        protected=False,
    )
    source = models.CharField(
        max_length=12, choices=EngagementSource.choices, default=EngagementSource.APPLICATION
    )
    message = models.TextField(_("votre message"), max_length=ENGAGEMENT_MESSAGE_MAX, blank=True)
    parental_consent = models.BooleanField(_("accord des parents"), default=False)
    decline_reason = models.TextField(_("motif"), max_length=REASON_MAX, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # Responsiveness (decision 0823): when the 5-day reminder went to the managers.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("engagement")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "volunteer"],
                condition=models.Q(state__in=["applied", "active"]),
                name="engagement_one_open_per_mission",
            )
        ]
        indexes = [
            models.Index(fields=["state", "created_at"], name="engagement_state_idx"),
            models.Index(fields=["volunteer", "state"], name="engagement_volunteer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} — {self.mission}"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:engagement_detail", kwargs={"pk": self.pk})

    @transition(field=state, source=EngagementState.APPLIED, target=EngagementState.ACTIVE)
    def accept(self) -> None:
        self.answered_at = self.answered_at or timezone.now()

    @transition(field=state, source=EngagementState.APPLIED, target=EngagementState.DECLINED)
    def decline(self) -> None:
        self.answered_at = self.answered_at or timezone.now()

    @transition(field=state, source=EngagementState.APPLIED, target=EngagementState.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    @transition(field=state, source=EngagementState.ACTIVE, target=EngagementState.ENDED)
    def end(self) -> None:
        self.ended_at = timezone.now()


class EngagementTransition(models.Model):
    """Who moved an engagement from which state to which, when (every move is kept)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="transitions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("étape d'un engagement")

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.from_state or '∅'} → {self.to_state}"


class HoursState(models.TextChoices):
    PENDING = "pending", _("À valider")
    VALIDATED = "validated", _("Validées")
    REJECTED = "rejected", _("Refusées")


class HoursEntry(TimeStampedModel):
    """Time given on one day for one engagement, declared by the volunteer, checked by the association."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="hours")
    day = models.DateField(_("jour"))
    minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    note = models.CharField(_("ce que vous avez fait"), max_length=HOURS_NOTE_MAX, blank=True)
    state = FSMField(
        _("état"), max_length=10, choices=HoursState.choices, default=HoursState.PENDING, protected=False
    )
    reject_reason = models.TextField(_("motif du refus"), max_length=REASON_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("heures de bénévolat")
        verbose_name_plural = _("heures de bénévolat")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1) & models.Q(minutes__lte=1440),
                name="hoursentry_minutes_range",
            )
        ]
        indexes = [models.Index(fields=["state", "day"], name="hoursentry_state_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.minutes} min ({self.engagement_id})"

    @transition(field=state, source=HoursState.PENDING, target=HoursState.VALIDATED)
    def validate(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=state, source=HoursState.PENDING, target=HoursState.REJECTED)
    def reject(self) -> None:
        self.decided_at = timezone.now()


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")


class MissionProposal(TimeStampedModel):
    """An association proposes one of its open missions to a volunteer offer."""

    offer = models.ForeignKey(VolunteerOffer, on_delete=models.CASCADE, related_name="proposals")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=ENGAGEMENT_MESSAGE_MAX, blank=True)
    state = FSMField(
        _("état"),
        max_length=10,
        choices=ProposalState.choices,
        default=ProposalState.PROPOSED,
        protected=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    engagement = models.OneToOneField(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mission proposée")
        constraints = [
            models.UniqueConstraint(fields=["offer", "mission"], name="proposal_one_per_offer_mission")
        ]

    def __str__(self) -> str:
        return f"{self.mission} → offre {self.offer_id}"

    @transition(field=state, source=ProposalState.PROPOSED, target=ProposalState.ACCEPTED)
    def accept(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=state, source=ProposalState.PROPOSED, target=ProposalState.DECLINED)
    def decline(self) -> None:
        self.decided_at = timezone.now()
