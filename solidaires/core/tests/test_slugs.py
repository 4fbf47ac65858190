import pytest

from solidaires.core.slugs import french_slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Chorale Chœur en fête", "chorale-choeur-en-fete"),  # issue 11: was "chorale-chur-en-fete"
        ("ŒUVRES SOCIALES", "oeuvres-sociales"),
        ("Ex æquo", "ex-aequo"),
        ("La Bicyclette Bleue", "la-bicyclette-bleue"),
        ("Étoile-sur-Rhône", "etoile-sur-rhone"),
    ],
)
def test_slugs_keep_every_french_letter(text, slug):
    assert french_slugify(text) == slug
