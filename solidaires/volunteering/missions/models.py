"""Missions (needs for volunteers), volunteer offers ("Je propose mon aide") and saved searches."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import Theme, TimeStampedModel
from solidaires.core.slugs import french_slugify

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
SKILLS_MAX = 1000


class MissionState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    FULL = "full", _("Complète")
    CLOSED = "closed", _("Terminée")
    EXPIRED = "expired", _("Expirée")


class ScheduleKind(models.TextChoices):
    ONE_OFF = "one_off", _("Date précise")
    RECURRING = "recurring", _("Chaque semaine")
    FLEXIBLE = "flexible", _("Horaires libres")


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("En personne, à l'accueil")
    PHONE = "phone", _("Par téléphone")
    PAPER = "paper", _("Formulaire papier signé")


class MissionQuerySet(models.QuerySet["Mission"]):
    def published(self) -> MissionQuerySet:
        """What the public sees: published or full, and not hidden by an agent."""
        return self.filter(state__in=[MissionState.PUBLISHED, MissionState.FULL], hidden_at__isnull=True)

    def open(self) -> MissionQuerySet:
        """Published missions still accepting volunteers, not hidden."""
        return self.filter(state=MissionState.PUBLISHED, hidden_at__isnull=True)

    def posted_by_or_managed(self, user: Any) -> MissionQuerySet:
        """Missions the user posted, is the contact of, or whose association they manage."""
        from solidaires.associations.models import Membership, MembershipRole

        managed = Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values("association_id")
        return self.filter(
            models.Q(posted_by=user) | models.Q(contact=user) | models.Q(association_id__in=managed)
        )


class Mission(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    skills = models.TextField(_("compétences utiles"), max_length=SKILLS_MAX, blank=True)
    themes = models.ManyToManyField(Theme, related_name="missions", verbose_name=_("thèmes"))
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="missions",
        verbose_name=_("association"),
    )
    group_name = models.CharField(_("nom du collectif"), max_length=200, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="missions_posted",
        verbose_name=_("publiée par"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="missions_contact",
        verbose_name=_("personne à contacter"),
    )
    place = models.ForeignKey(
        "territory.Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="missions",
        verbose_name=_("lieu"),
    )
    communes = models.ManyToManyField(
        "territory.Commune", related_name="missions", blank=True, verbose_name=_("communes")
    )
    is_remote = models.BooleanField(_("à distance"), default=False)
    schedule_kind = models.CharField(
        _("horaires"), max_length=10, choices=ScheduleKind.choices, default=ScheduleKind.ONE_OFF
    )
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    weekly_slots = models.JSONField(_("créneaux hebdomadaires"), default=list, blank=True)
    volunteers_wanted = models.PositiveSmallIntegerField(_("nombre de bénévoles recherchés"), default=1)
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    parental_consent_below_18 = models.BooleanField(
        _("ouverte aux mineurs avec l'accord d'un parent"), default=False
    )
    youth_friendly = models.BooleanField(_("adaptée aux jeunes"), default=False)
    accessible_prm = models.BooleanField(_("accessible aux personnes à mobilité réduite"), default=False)
    car_needed = models.BooleanField(_("voiture nécessaire"), default=False)
    state = FSMField(
        _("état"), max_length=10, choices=MissionState.choices, default=MissionState.DRAFT, protected=False
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # Moderation (separate from the state): an agent hides with a reason the author sees.
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_reason = models.TextField(_("motif du masquage"), blank=True, max_length=1000)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Posted by an agent for an inhabitant who is not online (first name only, consent recorded).
    on_behalf_name = models.CharField(_("prénom de la personne"), max_length=60, blank=True)
    consent_recorded_at = models.DateTimeField(_("accord recueilli le"), null=True, blank=True)
    consent_method = models.CharField(
        _("accord recueilli"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    handover_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    handed_over_at = models.DateTimeField(_("reprise en ligne le"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    search_document = models.TextField(default="", editable=False)
    sort_title = models.CharField(max_length=200, default="", editable=False)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("mission")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(volunteers_wanted__gte=1), name="mission_volunteers_wanted_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="mission_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "hidden_at", "published_at"], name="mission_public_idx"),
            models.Index(fields=["state", "ends_at"], name="mission_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        return french_slugify(self.title)[:60] or "mission"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:mission_detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def status_label(self) -> str:
        """The one status to show: a hidden mission is not "publiée", whatever its state."""
        if self.is_hidden:
            return str(_("Masquée par la modération"))
        return str(self.get_state_display())

    @property
    def is_public(self) -> bool:
        return self.state in (MissionState.PUBLISHED, MissionState.FULL) and self.hidden_at is None

    @property
    def is_on_behalf(self) -> bool:
        return bool(self.on_behalf_name) and self.handed_over_at is None

    @property
    def organiser_name(self) -> str:
        if self.association_id:
            return self.association.name if self.association else ""
        if self.group_name:
            return self.group_name
        if self.on_behalf_name:
            return str(self.on_behalf_name)
        return str(_("Valence Romans Agglo"))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.volunteers_wanted is not None and self.volunteers_wanted < 1:
            errors["volunteers_wanted"] = _("Indiquez au moins un bénévole.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit être après le début.")
        if self.schedule_kind == ScheduleKind.ONE_OFF and not self.starts_at:
            errors["starts_at"] = _("Indiquez la date et l'heure de début.")
        if self.schedule_kind == ScheduleKind.RECURRING and not self.weekly_slots:
            errors["weekly_slots"] = _("Indiquez au moins un créneau dans la semaine.")
        if self.min_age is not None and not 0 < self.min_age < 100:
            errors["min_age"] = _("Indiquez un âge entre 1 et 99 ans.")
        if errors:
            raise ValidationError(errors)

    # State machine (django-fsm-2). Only services call these; each call is audited there.
    @transition(field=state, source=MissionState.DRAFT, target=MissionState.PUBLISHED)
    def publish(self) -> None:
        self.published_at = timezone.now()

    @transition(field=state, source=MissionState.PUBLISHED, target=MissionState.FULL)
    def mark_full(self) -> None:
        pass

    @transition(field=state, source=MissionState.FULL, target=MissionState.PUBLISHED)
    def reopen(self) -> None:
        pass

    @transition(
        field=state,
        source=[MissionState.DRAFT, MissionState.PUBLISHED, MissionState.FULL],
        target=MissionState.CLOSED,
    )
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=[MissionState.PUBLISHED, MissionState.FULL], target=MissionState.EXPIRED)
    def expire(self) -> None:
        self.closed_at = timezone.now()


class OfferState(models.TextChoices):
    ACTIVE = "active", _("Visible")
    PAUSED = "paused", _("En pause")
    CLOSED = "closed", _("Retirée")


class DayPart(models.TextChoices):
    MORNING = "morning", _("le matin")
    AFTERNOON = "afternoon", _("l'après-midi")
    EVENING = "evening", _("le soir")


WEEKDAY_LABELS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


class VolunteerOfferQuerySet(models.QuerySet["VolunteerOffer"]):
    def visible(self) -> VolunteerOfferQuerySet:
        return self.filter(state=OfferState.ACTIVE, expires_at__gte=timezone.localdate())


class VolunteerOffer(TimeStampedModel):
    """ "Je propose mon aide": what a person can do, when and where. Shown without their identity."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_offers"
    )
    title = models.CharField(_("ce que vous proposez"), max_length=TITLE_MAX)
    description = models.TextField(_("en quelques mots"), max_length=DESCRIPTION_MAX, blank=True)
    themes = models.ManyToManyField(Theme, related_name="volunteer_offers", verbose_name=_("thèmes"))
    skills = models.TextField(_("savoir-faire"), max_length=SKILLS_MAX, blank=True)
    weekdays = models.JSONField(_("jours"), default=list, blank=True)
    day_parts = models.JSONField(_("moments de la journée"), default=list, blank=True)
    home_commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="volunteer_offers_home",
        verbose_name=_("votre commune"),
    )
    communes = models.ManyToManyField(
        "territory.Commune",
        related_name="volunteer_offers",
        blank=True,
        verbose_name=_("communes où vous pouvez vous rendre"),
    )
    is_remote_ok = models.BooleanField(_("aussi à distance"), default=False)
    expires_at = models.DateField(_("visible jusqu'au"))
    state = FSMField(
        _("état"), max_length=10, choices=OfferState.choices, default=OfferState.ACTIVE, protected=False
    )
    is_demo = models.BooleanField(default=False, editable=False)
    search_document = models.TextField(default="", editable=False)
    sort_title = models.CharField(max_length=200, default="", editable=False)

    objects = VolunteerOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposition d'aide")
        verbose_name_plural = _("propositions d'aide")
        indexes = [models.Index(fields=["state", "expires_at"], name="offer_visible_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteering:offer_detail", kwargs={"pk": self.pk})

    @property
    def public_name(self) -> str:
        """First-name initial only: associations never see who it is before the person answers."""
        first = (getattr(self.person, "display_name", "") or "").strip()
        return f"{first[0].upper()}." if first else "Une personne"

    @property
    def is_expired(self) -> bool:
        return self.expires_at < timezone.localdate()

    @transition(field=state, source=OfferState.ACTIVE, target=OfferState.PAUSED)
    def pause(self) -> None:
        pass

    @transition(field=state, source=OfferState.PAUSED, target=OfferState.ACTIVE)
    def resume(self) -> None:
        pass

    @transition(field=state, source=[OfferState.ACTIVE, OfferState.PAUSED], target=OfferState.CLOSED)
    def close(self) -> None:
        pass


class SavedSearch(TimeStampedModel):
    """A search of /missions/ kept by a logged-in person, with optional daily e-mail alerts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("nom de la recherche"), max_length=120)
    query_string = models.CharField(max_length=1000, blank=True)
    alert = models.BooleanField(_("m'alerter par e-mail des nouvelles missions"), default=True)
    last_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recherche enregistrée")

    def __str__(self) -> str:
        return self.name

    def get_search_url(self) -> str:
        base = reverse("volunteering:index")
        return f"{base}?{self.query_string}" if self.query_string else base
