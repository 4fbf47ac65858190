"""The one fixed taxonomy of themes used across Solidaires.

French labels shown to users; each theme maps to the data·inclusion *thématique*
(gip-inclusion/data-inclusion-schema, docs/referentiels/thematiques.md: the top-level
thématiques, e.g. ``equipement-et-alimentation``, ``numerique``, ``mobilite``) where one
fits, and to "" where none does. See docs/themes.md and docs/decisions/0400.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeDef:
    slug: str
    label: str
    data_inclusion: str  # "" when no data·inclusion thématique fits


THEMES: tuple[ThemeDef, ...] = (
    ThemeDef("alimentation", "Alimentation et aide alimentaire", "equipement-et-alimentation"),
    ThemeDef("logement", "Logement et hébergement", "logement-hebergement"),
    ThemeDef("sante", "Santé et prévention", "sante"),
    ThemeDef("emploi", "Emploi et insertion", "trouver-un-emploi"),
    ThemeDef("numerique", "Numérique et inclusion numérique", "numerique"),
    ThemeDef("acces-droits", "Accès aux droits et démarches", "acces-aux-droits-et-citoyennete"),
    ThemeDef("apprendre-francais", "Apprendre le français", "apprendre-francais"),
    ThemeDef("education", "Éducation et soutien scolaire", ""),
    ThemeDef("famille", "Famille et parentalité", "famille"),
    ThemeDef("jeunesse", "Jeunesse", ""),
    ThemeDef("seniors", "Seniors et lutte contre l'isolement", ""),
    ThemeDef("handicap", "Handicap", "handicap"),
    ThemeDef("mobilite", "Mobilité", "mobilite"),
    ThemeDef("environnement", "Environnement et jardins partagés", ""),
    ThemeDef("culture", "Culture et loisirs", ""),
    ThemeDef("sport", "Sport", ""),
    ThemeDef("solidarite-internationale", "Solidarité internationale", ""),
    ThemeDef("budget", "Budget et surendettement", "gestion-financiere"),
    ThemeDef("vie-quartier", "Vie de quartier et citoyenneté", "acces-aux-droits-et-citoyennete"),
    ThemeDef("reparation", "Réparation, réemploi et recyclerie", "equipement-et-alimentation"),
)

THEME_BY_SLUG = {theme.slug: theme for theme in THEMES}
