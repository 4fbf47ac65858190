"""Mutual aid between inhabitants and the safety guide (decision 0840); reports and moderation
are the moderation app's (decision 0845)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import TimeStampedModel

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
DEFAULT_VALIDITY_DAYS = 30
MAX_VALIDITY_DAYS = 90


class PostKind(models.TextChoices):
    REQUEST = "request", _("Je cherche de l'aide")
    OFFER = "offer", _("Je propose mon aide")


class Category(models.TextChoices):
    SHOPPING = "shopping", _("Courses")
    REPAIRS = "repairs", _("Petits travaux et réparations")
    PAPERWORK = "paperwork", _("Démarches et papiers")
    DIGITAL = "digital", _("Aide au numérique")
    LENDING = "lending", _("Prêt d'objets")
    LIFTS = "lifts", _("Trajets et covoiturage")
    COMPANY = "company", _("Compagnie, visites, sorties")
    ANIMALS = "animals", _("Garde d'animaux")
    OTHER = "other", _("Autre")


class PostState(models.TextChoices):
    OPEN = "open", _("En ligne")
    FULFILLED = "fulfilled", _("Aide trouvée")
    CLOSED = "closed", _("Retirée")
    EXPIRED = "expired", _("Expirée")


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("En personne, à l'accueil")
    PHONE = "phone", _("Par téléphone")


def default_expiry() -> date:
    return timezone.localdate() + timedelta(days=DEFAULT_VALIDITY_DAYS)


class MutualAidPostQuerySet(models.QuerySet["MutualAidPost"]):
    def visible(self) -> MutualAidPostQuerySet:
        """Not hidden by a moderator."""
        return self.filter(hidden_at__isnull=True)

    def open(self) -> MutualAidPostQuerySet:
        """What the public lists show: open, not hidden, not past its expiry date."""
        return self.visible().filter(state=PostState.OPEN, expires_on__gte=timezone.localdate())


class MutualAidPost(TimeStampedModel):
    kind = models.CharField(_("type d'annonce"), max_length=10, choices=PostKind.choices)
    category = models.CharField(_("catégorie"), max_length=12, choices=Category.choices)
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="mutual_aid_posts",
        verbose_name=_("commune"),
    )
    expires_on = models.DateField(_("date d'expiration"), default=default_expiry)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mutual_aid_posts",
        verbose_name=_("auteur·rice"),
    )
    state = FSMField(_("état"), default=PostState.OPEN, choices=PostState.choices, protected=False)
    closed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # Moderation (separate from the state): the author sees the reason.
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_reason = models.TextField(_("motif du masquage"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Posted by an agent for an inhabitant who is not online (decision 0842).
    on_behalf_name = models.CharField(_("prénom de l'habitant·e"), max_length=40, blank=True)
    consent_method = models.CharField(
        _("recueil du consentement"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    consent_recorded_at = models.DateTimeField(_("consentement recueilli le"), null=True, blank=True)
    handover_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    handed_over_at = models.DateTimeField(_("reprise en ligne le"), null=True, blank=True)
    # Newest first with ascending keyset pagination: minus the creation time in milliseconds.
    list_rank = models.BigIntegerField(default=0, editable=False)
    search_document = models.TextField(default="", editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = MutualAidPostQuerySet.as_manager()

    class Meta:
        ordering = ["list_rank", "id"]
        verbose_name = _("annonce d'entraide")
        verbose_name_plural = _("annonces d'entraide")
        indexes = [
            models.Index(fields=["state", "list_rank", "id"], name="mutualaid_post_list_idx"),
            models.Index(fields=["commune", "state"], name="mutualaid_post_commune_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=PostState.values), name="mutualaid_post_state_valid"
            ),
            models.UniqueConstraint(
                fields=["handover_code_hash"],
                condition=~models.Q(handover_code_hash=""),
                name="mutualaid_post_handover_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mutualaid:detail", kwargs={"pk": self.pk})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def status_label(self) -> str:
        """The one status to show: hidden content is not "en ligne", whatever its state."""
        if self.is_hidden:
            return str(_("Masquée par la modération"))
        return str(self.get_state_display())

    @property
    def is_open(self) -> bool:
        return self.state == PostState.OPEN

    @property
    def is_on_behalf(self) -> bool:
        return bool(self.on_behalf_name)

    @property
    def public_name(self) -> str:
        """First name only: the inhabitant's for a post made on their behalf, else the author's."""
        if self.on_behalf_name:
            return self.on_behalf_name
        name = (getattr(self.author, "display_name", "") or "").strip()
        return name.split()[0] if name else "Un·e habitant·e"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.expires_on:
            today = timezone.localdate()
            start = timezone.localdate(self.created_at) if self.created_at else today
            if self._state.adding or self.state == PostState.OPEN:
                if self.expires_on < today:
                    errors["expires_on"] = _(
                        "Choisissez une date d'expiration à venir (aujourd'hui ou plus tard)."
                    )
                elif self.expires_on > start + timedelta(days=MAX_VALIDITY_DAYS):
                    errors["expires_on"] = _(
                        "Une annonce reste en ligne au plus %(n)s jours : choisissez une date avant le %(d)s."
                    ) % {
                        "n": MAX_VALIDITY_DAYS,
                        "d": (start + timedelta(days=MAX_VALIDITY_DAYS)).strftime("%d/%m/%Y"),
                    }
        if errors:
            raise ValidationError(errors)

    # State machine: open → fulfilled | closed | expired. Nothing leaves the final states.
    @transition(field=state, source=PostState.OPEN, target=PostState.FULFILLED)
    def mark_fulfilled(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=PostState.OPEN, target=PostState.CLOSED)
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=PostState.OPEN, target=PostState.EXPIRED)
    def expire(self) -> None:
        self.closed_at = timezone.now()


class SafetyGuideAck(models.Model):
    """The person read the safety guide once, before their first exchange."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_guide_ack", primary_key=True
    )
    acknowledged_at = models.DateTimeField(_("lu le"), default=timezone.now)

    class Meta:
        verbose_name = _("lecture des conseils de sécurité")

    def __str__(self) -> str:
        return f"{self.user_id} {self.acknowledged_at:%Y-%m-%d}"
