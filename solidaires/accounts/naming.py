"""How a person is named to others: the one place (decision 1110).

Every page, PDF, e-mail, export and selector that shows a person goes through
``person_name`` (or ``User.public_name``, ``str(user)``, which call it). A person who left
their display name empty is shown with a neutral label, never with any part of their
e-mail address: the site promises the address is never shown.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# Shown for a person without a display name (accounts created before sign-up asked for one).
NEUTRAL_NAME = _("Membre de Solidaires")

_SPACES = re.compile(r"\s+")


def clean_display_name(value: object) -> str:
    """A display name as stored: runs of spaces made one, trimmed."""
    return _SPACES.sub(" ", str(value or "")).strip()


def person_name(display_name: object) -> str:
    """The name others see: the display name, or the neutral label when it is empty.

    Takes the display name only (a ``.values()`` row's ``display_name``, a user's field),
    never the e-mail address, so that no caller can fall back to it."""
    return clean_display_name(display_name) or str(NEUTRAL_NAME)
