"""What the missions and offers search indexes (used by services and the demo generator)."""

from __future__ import annotations

from collections.abc import Iterable

from solidaires.core.search import document


def mission_search_document(
    *,
    title: str,
    organiser: str = "",
    skills: str = "",
    description: str = "",
    commune_names: Iterable[str] = (),
    theme_labels: Iterable[str] = (),
) -> str:
    return document(title, organiser, " ".join(commune_names), " ".join(theme_labels), skills, description)


def offer_search_document(
    *,
    title: str,
    skills: str = "",
    description: str = "",
    commune_names: Iterable[str] = (),
    theme_labels: Iterable[str] = (),
) -> str:
    return document(title, " ".join(commune_names), " ".join(theme_labels), skills, description)
