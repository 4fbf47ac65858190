from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool = False


# The main navigation, in this order (DESIGN.md). A section is "current" when the path starts
# with its URL, so /associations/la-bicyclette-bleue/ marks "Associations".
MAIN_NAV: tuple[tuple[str, str], ...] = (
    ("Missions", "/missions/"),
    ("Entraide", "/entraide/"),
    ("Agenda", "/agenda/"),
    ("Associations", "/associations/"),
    ("Projets", "/projets/"),
    ("Ressources", "/ressources/"),
    ("Participer", "/participer/"),
    ("Territoire", "/territoire/"),
)

DEFAULT_CONTACT_EMAIL = "contact@solidaires.localhost"


def main_nav(path: str) -> list[NavItem]:
    return [NavItem(label, url, current=path.startswith(url)) for label, url in MAIN_NAV]


def contact_email() -> str:
    """Where people write to the team running the deployment (SOLIDAIRES_CONTACT_EMAIL)."""
    return str(getattr(settings, "SOLIDAIRES_CONTACT_EMAIL", "") or DEFAULT_CONTACT_EMAIL)


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SOLIDAIRES_SITE_NAME,
        "CONTACT_EMAIL": contact_email(),
        "main_nav": main_nav(getattr(request, "path", "") or ""),
    }
