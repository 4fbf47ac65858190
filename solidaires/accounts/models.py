"""Users (e-mail login), their global role and their profile."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import Theme


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("utilisateur·rice")

    def __str__(self) -> str:
        return self.display_name or self.email.split("@")[0]

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


class Mobility(models.TextChoices):
    CAR = "car", _("J'ai une voiture")
    PUBLIC_TRANSPORT = "public_transport", _("Transports en commun")
    BIKE = "bike", _("Vélo ou à pied")
    NEEDS_LIFT = "needs_lift", _("J'ai besoin qu'on me véhicule")


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
