"""Test helpers for logging in through the real forms and answering the TOTP stage."""

from __future__ import annotations

import re
import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

PASSWORD = "une phrase de passe solide"  # the factories' default


def totp_code(user: Any, *, offset: int = 0) -> str:
    """The current TOTP code of ``user``'s authenticator (allauth's own generator)."""
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().instance.data["secret"]
    counter = int(time.time()) // 30 + offset
    return format_hotp_value(hotp_value(secret, counter))


def login_post(client: Any, email: str, password: str = PASSWORD, *, ip: str = "192.0.2.10") -> Any:
    return client.post("/comptes/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def first_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)
