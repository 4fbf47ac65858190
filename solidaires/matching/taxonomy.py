"""The engine's taxonomy: the platform's themes (core.themes) and which of them are close.

Close themes get half credit (a person who follows "Santé" may like a "Seniors" mission),
and make two associations "proches" for the agents. Kept short and symmetric.
"""

from __future__ import annotations

from functools import lru_cache

from solidaires.core.themes import THEMES
from solidaires.matching.engine.model import Taxonomy

RELATED = (
    ("alimentation", "reparation"),
    ("alimentation", "budget"),
    ("sante", "seniors"),
    ("sante", "handicap"),
    ("seniors", "handicap"),
    ("emploi", "jeunesse"),
    ("emploi", "apprendre-francais"),
    ("education", "jeunesse"),
    ("education", "apprendre-francais"),
    ("famille", "education"),
    ("numerique", "acces-droits"),
    ("acces-droits", "budget"),
    ("acces-droits", "logement"),
    ("culture", "vie-quartier"),
    ("sport", "jeunesse"),
    ("environnement", "reparation"),
    ("mobilite", "seniors"),
    ("solidarite-internationale", "apprendre-francais"),
)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    return Taxonomy(
        labels={theme.slug: theme.label for theme in THEMES},
        related=frozenset(frozenset(pair) for pair in RELATED),
    )
