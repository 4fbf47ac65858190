"""Absolute links to the site: one base address for e-mails, feeds, QR codes and documents.

Links built during a request and links built by the task worker (e-mails, digests, calendar
feeds) must lead to the same place. Both come from ``settings.SOLIDAIRES_BASE_URL``, the
public address of the deployment (``make run`` sets it from HOST and PORT, production from
the environment or the first of ALLOWED_HOSTS), never from the request's Host header nor
from a copy of the setting concatenated here and there (issue 11, decision 1133).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    """The site's public address without a trailing slash (``https://solidaires.example.org``)."""
    return str(getattr(settings, "SOLIDAIRES_BASE_URL", "") or "").rstrip("/")


def absolute_url(path: str) -> str:
    """The absolute address of a path of the site (``reverse(…)``, ``get_absolute_url()``).

    A path that is already absolute (``https://…``) is returned as it is; a relative one gets
    its leading slash."""
    if urlsplit(path).scheme in ("http", "https"):
        return path
    return base_url() + (path if path.startswith("/") else "/" + path)


def site_host() -> str:
    """The host name of the public address, without port (``solidaires.example.org``), for
    identifiers that must be stable for a deployment (calendar UIDs); "" when unknown."""
    return urlsplit(base_url()).hostname or ""


def webcal_url_of(url: str) -> str:
    """The ``webcal://`` address of a calendar feed's absolute address (calendar apps
    subscribe to it when it is opened)."""
    return "webcal://" + url.split("://", 1)[-1]
