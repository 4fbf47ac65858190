"""The theme taxonomy and its data·inclusion mapping (docs/themes.md)."""

from __future__ import annotations

import pytest

from solidaires.core.models import Theme
from solidaires.core.themes import THEMES

# Top-level thématiques of data·inclusion (gip-inclusion/data-inclusion-schema,
# docs/referentiels/thematiques.md).
DATA_INCLUSION_THEMATIQUES = {
    "acces-aux-droits-et-citoyennete",
    "accompagnement-social-et-professionnel-personnalise",
    "apprendre-francais",
    "choisir-un-metier",
    "creation-activite",
    "equipement-et-alimentation",
    "famille",
    "gestion-financiere",
    "handicap",
    "illettrisme",
    "logement-hebergement",
    "mobilite",
    "numerique",
    "preparer-sa-candidature",
    "remobilisation",
    "sante",
    "se-former",
    "souvrir-a-linternational",
    "trouver-un-emploi",
}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_mapping_uses_real_data_inclusion_slugs(theme):
    assert theme.data_inclusion == "" or theme.data_inclusion in DATA_INCLUSION_THEMATIQUES


def test_slugs_are_unique():
    assert len({t.slug for t in THEMES}) == len(THEMES)


@pytest.mark.django_db
def test_theme_table_is_in_sync():
    rows = list(Theme.objects.values_list("slug", "label", "data_inclusion"))
    assert rows == [(t.slug, t.label, t.data_inclusion) for t in THEMES]


def test_documented():
    from django.conf import settings

    doc = (settings.BASE_DIR / "docs" / "themes.md").read_text()
    for theme in THEMES:
        assert f"`{theme.slug}`" in doc
        assert theme.label in doc
