"""Urban / peri-urban / rural class of a commune from its density and population (no Django import).

Inspired by INSEE's *grille communale de densité*, whose thresholds are 1 500 inhabitants
per km² (dense) and 300 per km² (intermediate density), but computed on the whole commune
rather than on 1 km² grid cells, which we do not have. See docs/territory.md and
docs/decisions/0201-urban-classification-thresholds.md.

- **urbain**: density ≥ 1 500 hab./km², or population ≥ 10 000 with density ≥ 300 hab./km²
  (a town centre surrounded by its own fields has a low average density);
- **rural**: density < 100 hab./km²;
- **périurbain**: everything in between.
"""

from __future__ import annotations

from enum import StrEnum

URBAN_DENSITY = 1500.0
"""Inhabitants per km² from which a commune is urban whatever its size."""
TOWN_POPULATION = 10_000
"""Population from which a commune counts as a town…"""
TOWN_DENSITY = 300.0
"""…when it also reaches this density."""
RURAL_DENSITY = 100.0
"""Below this density a commune is rural."""


class Klass(StrEnum):
    """Values match ``territory.models.UrbanClass``."""

    URBAN = "urbain"
    PERI_URBAN = "periurbain"
    RURAL = "rural"


def density(population: int, area_km2: float | None) -> float | None:
    """Inhabitants per km², or None when the area is unknown or zero."""
    if area_km2 is None or area_km2 <= 0:
        return None
    return population / area_km2


def classify(*, population: int, density: float | None) -> Klass | None:
    """Class of a commune, or None when its density is unknown (no outline)."""
    if density is None:
        return None
    if population < 0 or density < 0:
        raise ValueError("population and density must not be negative")
    if density >= URBAN_DENSITY or (population >= TOWN_POPULATION and density >= TOWN_DENSITY):
        return Klass.URBAN
    if density < RURAL_DENSITY:
        return Klass.RURAL
    return Klass.PERI_URBAN
