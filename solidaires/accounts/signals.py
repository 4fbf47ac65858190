"""Security log of authentication events (OWASP ASVS 16).

One line per event on the ``solidaires.security`` logger, for example::

    event=login.failure user_id=42 at=2026-03-03T13:05:22Z path=/comptes/login/

Only the user id identifies the person: never the e-mail address, the IP address, the
password or a code (the axes tables keep the IP for the lockout cool-off only). Times are
UTC. Logging is a side effect, not domain flow, so signal receivers are the right tool here;
they are connected in ``AccountsConfig.ready()``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger("solidaires.security")


def _user_id_for_login(value: Any) -> str:
    """The id of the account a login name refers to, or "-" (unknown accounts are not revealed)."""
    if not value or not isinstance(value, str):
        return "-"
    from .models import User

    pk = User.objects.filter(email__iexact=value.strip()).values_list("pk", flat=True).first()
    return str(pk) if pk is not None else "-"


def log_event(event: str, *, user_id: Any = None, request: HttpRequest | None = None, **extra: Any) -> None:
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = [f"event={event}", f"user_id={user_id if user_id is not None else '-'}", f"at={at}"]
    if request is not None:
        parts.append(f"path={request.path}")
    parts.extend(f"{key}={value}" for key, value in extra.items())
    logger.info(" ".join(parts))


def _uid(user: Any) -> Any:
    return getattr(user, "pk", None)


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log_event("login.success", user_id=_uid(user), request=request)


def on_login_failed(
    sender: Any, credentials: Mapping[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    login = credentials.get("email") or credentials.get("login") or credentials.get("username")
    log_event("login.failure", user_id=_user_id_for_login(login), request=request)


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log_event("logout", user_id=_uid(user), request=request)


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: Any = None, **kwargs: Any
) -> None:
    log_event("login.lockout", user_id=_user_id_for_login(username), request=request)


def _simple(event: str) -> Any:
    def receiver(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
        extra = {}
        authenticator = kwargs.get("authenticator")
        if authenticator is not None:
            extra["type"] = authenticator.type
        log_event(event, user_id=_uid(user), request=request, **extra)

    receiver.__name__ = f"log_{event.replace('.', '_')}"
    return receiver


on_signed_up = _simple("account.signed_up")
on_password_changed = _simple("password.changed")
on_password_set = _simple("password.set")
on_password_reset = _simple("password.reset")
on_mfa_added = _simple("mfa.added")
on_mfa_removed = _simple("mfa.removed")
on_mfa_reset = _simple("mfa.reset")
on_mfa_failed = _simple("mfa.failure")


def on_email_confirmed(
    sender: Any, request: HttpRequest | None = None, email_address: Any = None, **kwargs: Any
) -> None:
    log_event("email.confirmed", user_id=getattr(email_address, "user_id", None), request=request)


def connect() -> None:
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals
    from axes.signals import user_locked_out
    from django.contrib.auth import signals as auth_signals

    uid = "solidaires.security."
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid=uid + "logged_in")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid=uid + "login_failed")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid=uid + "logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid=uid + "locked_out")
    account_signals.user_signed_up.connect(on_signed_up, dispatch_uid=uid + "signed_up")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=uid + "password_changed")
    account_signals.password_set.connect(on_password_set, dispatch_uid=uid + "password_set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=uid + "password_reset")
    account_signals.email_confirmed.connect(on_email_confirmed, dispatch_uid=uid + "email_confirmed")
    mfa_signals.authenticator_added.connect(on_mfa_added, dispatch_uid=uid + "mfa_added")
    mfa_signals.authenticator_removed.connect(on_mfa_removed, dispatch_uid=uid + "mfa_removed")
    mfa_signals.authenticator_reset.connect(on_mfa_reset, dispatch_uid=uid + "mfa_reset")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid=uid + "mfa_failed")
