"""URL slugs in French: every slug of the project is made here."""

from __future__ import annotations

from django.utils.text import slugify

LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def french_slugify(text: str) -> str:
    """A URL slug that keeps every French letter: ligatures are spelled out (« Chœur en fête »
    → "choeur-en-fete", « ex æquo » → "ex-aequo") before Django's ``slugify`` drops what is
    not ASCII."""
    return slugify(text.translate(LIGATURES))
