"""Reads about accounts: profile, security status, personal-data export parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solidaires.territory import selectors as territory_selectors
from solidaires.territory.models import Commune

from .models import NOTIFICATION_DEFAULTS, Profile, User


def profile_for(*, user: User) -> Profile:
    """The user's profile with its commune and interests loaded (unsaved if none yet)."""
    profile = (
        Profile.objects.select_related("commune").prefetch_related("interests").filter(user=user).first()
    )
    return profile if profile is not None else Profile(user=user)


def commune_options() -> list[tuple[str, str]]:
    """(INSEE code, name) of the territory's communes, by name (cached by territory)."""
    return [(str(value), str(label)) for value, label in territory_selectors.commune_choices()]


def commune_by_insee(insee: str) -> Commune | None:
    return Commune.objects.filter(insee=insee).first()


@dataclass(frozen=True)
class SecurityOverview:
    has_usable_password: bool
    totp_active: bool
    two_factor_required: bool
    recovery_codes_unused: int
    recovery_codes_total: int
    verified_emails: int
    unverified_emails: int


def security_overview(*, user: User) -> SecurityOverview:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    authenticators = {a.type: a for a in Authenticator.objects.filter(user=user)}
    unused = total = 0
    codes = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    if codes is not None:
        wrapped = codes.wrap()
        unused = len(wrapped.get_unused_codes())
        total = len(wrapped.generate_codes())
    emails = list(EmailAddress.objects.filter(user=user).values_list("verified", flat=True))
    return SecurityOverview(
        has_usable_password=user.has_usable_password(),
        totp_active=Authenticator.Type.TOTP in authenticators,
        two_factor_required=user.requires_two_factor,
        recovery_codes_unused=unused,
        recovery_codes_total=total,
        verified_emails=sum(1 for v in emails if v),
        unverified_emails=sum(1 for v in emails if not v),
    )


# Personal-data export: the accounts app's parts (registered in apps.AccountsConfig.ready).


def export_account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "role_label": user.get_role_display(),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
    }


def export_profile(user: User) -> dict[str, Any]:
    profile = profile_for(user=user)
    saved = not profile._state.adding
    return {
        "commune": (
            {"insee": profile.commune.insee, "name": profile.commune.name} if profile.commune else None
        ),
        "birth_year": profile.birth_year,
        "skills": profile.skills,
        "interests": [theme.label for theme in profile.interests.all()] if saved else [],
        "availability": profile.availability,
        "mobility": profile.mobility,
        "languages": profile.languages,
        "notification_preferences": {key: profile.wants(key) for key in NOTIFICATION_DEFAULTS},
    }


def export_email_addresses(user: User) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def export_two_factor(user: User) -> dict[str, Any]:
    """Which second factors exist and when they were added; never the secrets."""
    from allauth.mfa.models import Authenticator

    return {
        "authenticators": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ]
    }


def export_audit_actions(user: User) -> list[dict[str, Any]]:
    """What this person did that the audit journal recorded (action and date)."""
    from solidaires.core.labels import action_label
    from solidaires.core.models import AuditEntry

    return [
        {"action": action, "label": action_label(action), "date": created_at}
        for action, created_at in AuditEntry.objects.filter(actor=user)
        .order_by("created_at", "id")
        .values_list("action", "created_at")
        .iterator()
    ]
