"""What the directory search indexes for an association (used by services and the demo generator)."""

from __future__ import annotations

from collections.abc import Iterable

from solidaires.core.search import document


def build_search_document(
    *,
    name: str,
    acronym: str = "",
    description: str = "",
    commune_names: Iterable[str] = (),
    theme_labels: Iterable[str] = (),
) -> str:
    return document(name, acronym, " ".join(commune_names), " ".join(theme_labels), description)
