"""The score of a volunteer × mission pair, vectorised (numpy broadcasting on either side).

``score = relevance × proximity × (1 + 0.25 × urgency) × spreading``, 0 when a hard
constraint is broken or nothing of the person's means reaches the place, where

``relevance = 0.45 × themes + 0.30 × text + 0.25 × availability`` (each in [0, 1]):

- themes: shared themes over the smaller of the two theme sets; 0.5 for a close theme
  (``Taxonomy.related``) only; 0.3 when the person chose no theme (neither good nor bad);
- text: cosine of the TF-IDF vectors of stems (text.py): the person's offer and skills
  against the mission's title, description and skills;
- availability: schedule.py.

Every factor is at most 1 except the urgency boost (at most 1.25): the index bounds a
group of missions by the largest value of each factor in it (index.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from solidaires.matching.engine import geo, schedule, urgency
from solidaires.matching.engine.model import Taxonomy

NO_THEME = 0.3
RELATED = 0.5
REMOTE_OK = 1.0
REMOTE_NOT_SAID = 0.7
NO_PLACE = 0.5  # the person gave no commune: every place is as good


@dataclass(frozen=True)
class Weights:
    themes: float = 0.45
    text: float = 0.30
    availability: float = 0.25


WEIGHTS = Weights()


class ThemeCodec:
    """Theme slugs ↔ bit masks, and each theme's close themes as a mask."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.bits = {slug: 1 << i for i, slug in enumerate(taxonomy.slugs()[:62])}
        self.related_of: dict[str, int] = dict.fromkeys(self.bits, 0)
        for pair in taxonomy.related:
            a, b = sorted(pair)
            if a in self.bits and b in self.bits:
                self.related_of[a] |= self.bits[b]
                self.related_of[b] |= self.bits[a]

    def mask(self, slugs: frozenset[str] | set[str]) -> int:
        value = 0
        for slug in slugs:
            value |= self.bits.get(slug, 0)
        return value

    def related_mask(self, slugs: frozenset[str] | set[str]) -> int:
        value = 0
        for slug in slugs:
            value |= self.related_of.get(slug, 0)
        return value & ~self.mask(slugs)

    def slugs(self, mask: int) -> list[str]:
        return [slug for slug, b in self.bits.items() if mask & b]


def theme_scores(vmask: ArrayLike, vrelated: ArrayLike, mmask: ArrayLike) -> np.ndarray:
    vmask = np.asarray(vmask, dtype=np.int64)
    mmask = np.asarray(mmask, dtype=np.int64)
    shared = np.bitwise_count(vmask & mmask).astype(np.float64)
    smaller = np.minimum(np.bitwise_count(vmask), np.bitwise_count(mmask)).astype(np.float64)
    exact = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
    close = (np.asarray(vrelated, dtype=np.int64) & mmask) != 0
    score = np.where(shared > 0, exact, np.where(close, RELATED, 0.0))
    return np.where(vmask == 0, NO_THEME, score)


def relevance(
    themes: np.ndarray, text: np.ndarray, availability: np.ndarray, w: Weights = WEIGHTS
) -> np.ndarray:
    return w.themes * themes + w.text * np.minimum(text, 1.0) + w.availability * availability


def remote_proximity(remote_ok: np.ndarray | bool) -> np.ndarray:
    return np.where(remote_ok, REMOTE_OK, REMOTE_NOT_SAID)


def combine(
    *,
    relevance_: np.ndarray,
    proximity: np.ndarray,
    urgency_: np.ndarray,
    spread_: np.ndarray,
    ok: np.ndarray,
) -> np.ndarray:
    return np.where(ok & (proximity > 0), relevance_ * proximity * urgency.boost(urgency_) * spread_, 0.0)


__all__ = [
    "WEIGHTS",
    "ThemeCodec",
    "Weights",
    "combine",
    "geo",
    "relevance",
    "remote_proximity",
    "schedule",
    "theme_scores",
]
