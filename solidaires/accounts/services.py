"""Writes about accounts: profile, role, erasure. Every change goes through here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidaires.core import audit

from . import rules as account_rules
from .models import (
    NOTIFICATION_DEFAULTS,
    DaySlot,
    Profile,
    Role,
    SpokenLanguage,
    User,
    Weekday,
)
from .naming import clean_display_name
from .privacy import run_erasers

ERASED_DISPLAY_NAME = "Compte supprimé"
PROFILE_FIELDS = (
    "commune",
    "birth_year",
    "skills",
    "availability",
    "mobility",
    "languages",
    "notification_preferences",
)

_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Lower case without accents, for matching typed labels."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _language_by_label() -> dict[str, str]:
    mapping = {_fold(str(label)): str(code) for code, label in SpokenLanguage.choices}
    mapping[_fold("LSF")] = SpokenLanguage.LSF.value
    return mapping


def normalize_tags(value: str | Iterable[str]) -> list[str]:
    """Free tags typed comma-separated: trimmed, spaces collapsed, lower case, no duplicates."""
    items = value.split(",") if isinstance(value, str) else list(value)
    seen: set[str] = set()
    tags: list[str] = []
    for item in items:
        tag = _SPACES.sub(" ", unicodedata.normalize("NFC", str(item))).strip(" .;").lower()
        if tag and tag not in seen:
            seen.add(tag)
            tags.append(tag)
    return tags


def normalize_availability(cells: Iterable[str]) -> dict[str, list[str]]:
    """["mon-morning", "sat-evening"] → {"mon": ["morning"], "sat": ["evening"]} (grid order)."""
    wanted = set(cells)
    result: dict[str, list[str]] = {}
    for day in Weekday.values:
        slots = [slot for slot in DaySlot.values if f"{day}-{slot}" in wanted]
        if slots:
            result[day] = slots
    unknown = wanted - {f"{d}-{s}" for d in Weekday.values for s in DaySlot.values}
    if unknown:
        raise ValidationError({"availability": _("Disponibilités non reconnues.")})
    return result


def normalize_languages(codes: Iterable[str], other: str = "") -> list[str]:
    """Ticked language codes, then the "autre" labels (a known language typed there is mapped)."""
    result = [code for code in SpokenLanguage.values if code in set(codes)]
    known = _language_by_label()
    for label in normalize_tags(other):
        value = known.get(_fold(label), label)
        if value not in result:
            result.append(value)
    return result


@transaction.atomic
def profile_update(*, user: User, data: Mapping[str, Any]) -> Profile:
    """Update what the user tells about themselves. Keys absent from ``data`` are left as they are.

    Accepted keys: ``display_name``, ``commune`` (a Commune or None), ``birth_year``,
    ``skills`` (comma-separated text or list), ``interests`` (Themes), ``availability``
    (grid cells like "mon-morning"), ``mobility``, ``languages`` (codes) with
    ``other_languages`` (free text), ``notification_preferences`` (dict of booleans).
    Raises ValidationError keyed by field.
    """
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if "display_name" in data:
        user.display_name = clean_display_name(data["display_name"])
        user.full_clean(exclude=["password"])
        user.save(update_fields=["display_name"])
    if "commune" in data:
        profile.commune = data["commune"]
    if "birth_year" in data:
        profile.birth_year = data["birth_year"]
    if "skills" in data:
        profile.skills = normalize_tags(data["skills"] or [])
    if "availability" in data:
        value = data["availability"]
        profile.availability = value if isinstance(value, dict) else normalize_availability(value or [])
    if "mobility" in data:
        profile.mobility = list(dict.fromkeys(data["mobility"] or []))
    if "languages" in data or "other_languages" in data:
        profile.languages = normalize_languages(
            data.get("languages") or [], data.get("other_languages") or ""
        )
    if "notification_preferences" in data:
        prefs = dict(data["notification_preferences"] or {})
        profile.notification_preferences = {
            key: bool(prefs.get(key, default)) for key, default in NOTIFICATION_DEFAULTS.items()
        }
    profile.full_clean()
    profile.save()
    if "interests" in data:
        profile.interests.set(data["interests"] or [])
    return profile


@transaction.atomic
def user_set_role(*, user: User, role: str, by: User | None) -> User:
    """Change a person's global role. Only platform administrators (``by=None``: an operator
    at the command line). Audited as ``user.role_changed``."""
    if by is not None and not account_rules.is_platform_admin(by):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Rôle inconnu : %(role)s.") % {"role": role}})
    if by is not None and by.pk == user.pk:
        raise ValidationError({"role": _("Vous ne pouvez pas changer votre propre rôle.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased:
        raise ValidationError({"role": _("Ce compte a été supprimé.")})
    before = {"role": user.role, "is_staff": user.is_staff}
    if user.role == role:
        return user
    user.role = role
    user.is_staff = role == Role.ADMIN or user.is_superuser
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff"])
    audit.record(
        actor=by,
        action="user.role_changed",
        target=user,
        before=before,
        after={"role": user.role, "is_staff": user.is_staff},
    )
    return user


def erased_email(user: User) -> str:
    """A unique address that can never receive mail (RFC 2606 reserves .invalid)."""
    return f"erased-{user.pk}@erased.invalid"


@transaction.atomic
def user_erase(*, user: User, by: User | None) -> User:
    """Erase a person's personal data (GDPR art. 17) and keep an anonymised account row.

    Allowed to the person themselves, platform administrators, and the system (``by=None``,
    e.g. the retention task). Other apps' registered erasers run first (solidaires.accounts.
    privacy). The row is kept because the audit journal and public contributions point to
    it; it can no longer log in and its address can be used again for a new account.
    """
    if by is not None and by.pk != user.pk and not account_rules.is_platform_admin(by):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased:
        return user
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    old_email = user.email
    run_erasers(user=user, by=by)

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=old_email).delete()

    profile, _created = Profile.objects.get_or_create(user=user)
    for name in PROFILE_FIELDS:
        field = Profile._meta.get_field(name)
        setattr(profile, name, field.get_default() if isinstance(field, models.Field) else None)
    profile.save()
    profile.interests.clear()

    before = {"role": user.role}
    user.email = erased_email(user)
    user.display_name = ERASED_DISPLAY_NAME
    user.set_unusable_password()  # also invalidates every open session (session auth hash)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.role = Role.INHABITANT
    user.last_login = None
    user.erased_at = timezone.now()
    user.full_clean()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit.record(actor=by or None, action="user.erased", target=user, before=before)
    return user
