import pytest

from solidaires.core.search import document, sort_key, tokens


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("bicyclettes", "La Bicyclette Bleue"),
        ("BICYCLETTE", "La Bicyclette Bleue"),
        ("portes les valence", "Portes-lès-Valence"),
        ("jardins partagés", "Jardinerie partagée et jardin partagé"),
        ("ecole", "École des parents"),
    ],
)
def test_query_tokens_are_found_in_document(query, text):
    doc = document(text)
    assert all(f" {t}" in doc for t in tokens(query))


def test_unrelated_words_do_not_match():
    doc = document("La Bicyclette Bleue")
    assert not all(f" {t}" in doc for t in tokens("piscine"))


def test_sort_key_ignores_accents_and_case():
    assert sort_key("Épicerie") < sort_key("Fanfare") < sort_key("zèbre")
