"""Users (e-mail login), their global role and their profile."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import Theme

from .naming import person_name


class Role(models.TextChoices):
    """Global role. Association member/manager roles are per association (associations.Membership)."""

    INHABITANT = "inhabitant", _("Habitant·e")
    AGENT = "agent", _("Agent intercommunal")
    ELECTED = "elected", _("Élu·e")
    ADMIN = "admin", _("Administrateur·rice")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.using(self._db).get_or_create(user=user)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(_("nom affiché"), max_length=80, blank=True)
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.INHABITANT)
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)
    # When the "your account will be anonymised for inactivity" e-mail was sent (decision 0005).
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("utilisateur·rice")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name others see: the display name or a neutral label, never the address."""
        return person_name(self.display_name)

    @property
    def is_agent(self) -> bool:
        return self.role in {Role.AGENT, Role.ADMIN}

    @property
    def is_elected(self) -> bool:
        return self.role == Role.ELECTED

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def requires_two_factor(self) -> bool:
        return self.role in {Role.AGENT, Role.ADMIN} or self.is_superuser

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Mobility(models.TextChoices):
    CAR = "car", _("J'ai une voiture")
    PUBLIC_TRANSPORT = "public_transport", _("Transports en commun")
    BIKE = "bike", _("Vélo ou à pied")
    NEEDS_LIFT = "needs_lift", _("J'ai besoin qu'on me véhicule")


class SpokenLanguage(models.TextChoices):
    """Languages offered as checkboxes; anything else is kept as a free label ("autre")."""

    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    ARABIC = "ar", _("Arabe")
    SPANISH = "es", _("Espagnol")
    ITALIAN = "it", _("Italien")
    PORTUGUESE = "pt", _("Portugais")
    TURKISH = "tr", _("Turc")
    ARMENIAN = "hy", _("Arménien")
    LSF = "lsf", _("Langue des signes française")


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Lundi")
    TUESDAY = "tue", _("Mardi")
    WEDNESDAY = "wed", _("Mercredi")
    THURSDAY = "thu", _("Jeudi")
    FRIDAY = "fri", _("Vendredi")
    SATURDAY = "sat", _("Samedi")
    SUNDAY = "sun", _("Dimanche")


class DaySlot(models.TextChoices):
    MORNING = "morning", _("Matin")
    AFTERNOON = "afternoon", _("Après-midi")
    EVENING = "evening", _("Soir")


class NotificationPreference(models.TextChoices):
    EMAIL_MESSAGES = "email_messages", _("M'envoyer un e-mail quand quelqu'un m'écrit sur la plateforme")
    WEEKLY_DIGEST = (
        "weekly_digest",
        _("M'envoyer chaque semaine un résumé des nouvelles missions près de chez moi"),
    )
    ASSOCIATION_NEWS = "association_news", _("M'envoyer les nouvelles des associations dont je fais partie")


# Messages and association news on, the weekly digest is opt-in.
NOTIFICATION_DEFAULTS: dict[str, bool] = {
    NotificationPreference.EMAIL_MESSAGES: True,
    NotificationPreference.WEEKLY_DIGEST: False,
    NotificationPreference.ASSOCIATION_NEWS: True,
}

# Age of digital consent in France (loi Informatique et Libertés, art. 45): 15. Younger people
# would need a parental consent we do not collect, so the platform is open from 15.
MIN_AGE = 15
MAX_SKILLS = 20
MAX_SKILL_LENGTH = 40
MAX_LANGUAGES = 15
MAX_LANGUAGE_LENGTH = 60


def birth_year_bounds() -> tuple[int, int]:
    """Accepted birth years: 1900 to (this year − MIN_AGE)."""
    return 1900, timezone.localdate().year - MIN_AGE


class Profile(models.Model):
    """What a person chooses to tell about themselves. Every field is optional and has a purpose."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile", primary_key=True)
    commune = models.ForeignKey(
        "territory.Commune",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("commune"),
    )
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    skills = models.JSONField(_("compétences"), default=list, blank=True)
    interests = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("centres d'intérêt")
    )
    availability = models.JSONField(_("disponibilités"), default=dict, blank=True)
    mobility = models.JSONField(_("mobilité"), default=list, blank=True)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    notification_preferences = models.JSONField(_("préférences de notification"), default=dict, blank=True)

    class Meta:
        verbose_name = _("profil")

    def __str__(self) -> str:
        return f"Profil de {self.user}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        low, high = birth_year_bounds()
        if self.birth_year is not None and not low <= self.birth_year <= high:
            errors["birth_year"] = _("Indiquez une année entre %(low)s et %(high)s.") % {
                "low": low,
                "high": high,
            }
        if not isinstance(self.skills, list) or len(self.skills) > MAX_SKILLS:
            errors["skills"] = _("Indiquez au plus %(n)s compétences.") % {"n": MAX_SKILLS}
        elif any(not isinstance(s, str) or not s or len(s) > MAX_SKILL_LENGTH for s in self.skills):
            errors["skills"] = _("Chaque compétence fait au plus %(n)s caractères.") % {"n": MAX_SKILL_LENGTH}
        days, slots = set(Weekday.values), set(DaySlot.values)
        if not isinstance(self.availability, dict) or any(
            day not in days or not isinstance(value, list) or not set(value) <= slots
            for day, value in self.availability.items()
        ):
            errors["availability"] = _("Disponibilités non reconnues.")
        if not isinstance(self.mobility, list) or not set(self.mobility) <= set(Mobility.values):
            errors["mobility"] = _("Mode de déplacement non reconnu.")
        if (
            not isinstance(self.languages, list)
            or len(self.languages) > MAX_LANGUAGES
            or any(not isinstance(x, str) or not x or len(x) > MAX_LANGUAGE_LENGTH for x in self.languages)
        ):
            errors["languages"] = _("Indiquez au plus %(n)s langues, de %(length)s caractères au plus.") % {
                "n": MAX_LANGUAGES,
                "length": MAX_LANGUAGE_LENGTH,
            }
        prefs = self.notification_preferences
        if not isinstance(prefs, dict) or any(
            key not in NOTIFICATION_DEFAULTS or not isinstance(value, bool) for key, value in prefs.items()
        ):
            errors["notification_preferences"] = _("Préférence de notification non reconnue.")
        if errors:
            raise ValidationError(errors)

    def wants(self, preference: str) -> bool:
        """Whether this person wants that notification (NotificationPreference), with defaults."""
        return bool(self.notification_preferences.get(preference, NOTIFICATION_DEFAULTS[preference]))

    @property
    def availability_slots(self) -> set[str]:
        """{"mon-morning", "sat-afternoon", ...}: the grid's ticked cells."""
        return {f"{day}-{slot}" for day, day_slots in self.availability.items() for slot in day_slots}

    @property
    def known_languages(self) -> list[str]:
        return [code for code in self.languages if code in SpokenLanguage.values]

    @property
    def other_languages(self) -> list[str]:
        return [label for label in self.languages if label not in SpokenLanguage.values]
