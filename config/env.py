"""Read configuration from the environment (12-factor), with typed helpers."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SOLIDAIRES_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.replace(";", ",").replace(" ", ",").split(",") if item.strip()]


def dev_secret_key() -> str:
    """Generate a secret key once and keep it under var/ (development only)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def email_config(url: str) -> dict[str, Any]:
    """Translate EMAIL_URL into Django e-mail settings.

    Supported: ``console://``, ``locmem://``, ``dummy://``, ``file:///path``,
    ``smtp://user:password@host:port`` and ``smtps://`` / ``smtp+tls://``.
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
    }
    if scheme in backends:
        config: dict[str, Any] = {"EMAIL_BACKEND": backends[scheme]}
        if scheme == "file":
            config["EMAIL_FILE_PATH"] = parsed.path or str(VAR_DIR / "mail")
        return config
    if scheme in {"smtp", "smtps", "smtp+tls", "submission"}:
        query = parse_qs(parsed.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 587 if scheme != "smtp" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme in {"smtp+tls", "submission"} or "tls" in query,
        }
    raise ValueError(f"EMAIL_URL: unsupported scheme {scheme!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default
