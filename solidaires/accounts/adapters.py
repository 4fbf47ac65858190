"""allauth adapters: e-mail context, profile creation at sign-up, two-factor policy."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from solidaires.core.http import client_ip

from .naming import clean_display_name


def user_display(user: Any) -> str:
    """How allauth names a user in pages and e-mails: the display name, never more."""
    return str(user)


class AccountAdapter(DefaultAccountAdapter):
    """Hook for e-mail rendering and sign-up policy (kept small on purpose)."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("site_name", settings.SOLIDAIRES_SITE_NAME)
        super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits key on the same client address as the rest of the site."""
        return client_ip(request)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # The name others see, asked at sign-up (decision 1110).
        user.display_name = clean_display_name(form.cleaned_data.get("display_name"))
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .models import Profile

            Profile.objects.get_or_create(user=user)
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A login (password, then TOTP if any) less than ACCOUNT_REAUTHENTICATION_TIMEOUT
        seconds ago counts as a re-authentication, so an agent sent to set up two-factor
        right after logging in is not asked for the password a second time."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        try:
            from allauth.account.internal.flows.login import get_authentication_records
        except ImportError:  # pragma: no cover - allauth internals moved: stay strict
            return True
        records = get_authentication_records(request, user)
        if not records:
            return True
        return time.time() - float(records[-1].get("at", 0)) >= account_settings.REAUTHENTICATION_TIMEOUT

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """A new account lands on its profile, to pick a commune and what they like doing."""
        return reverse("accounts:profile")


class MFAAdapter(DefaultMFAAdapter):
    """Agents and administrators must keep their authenticator app (ASVS 6.3.2)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Votre rôle (agent ou administration) exige la double authentification : "
            "vous ne pouvez pas la désactiver. Si vous changez de téléphone, demandez à "
            "l'administration de la plateforme de la réinitialiser : vous l'activerez "
            "ensuite sur le nouveau."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and getattr(
            authenticator.user, "requires_two_factor", False
        ):
            return False
        return super().can_delete_authenticator(authenticator)
