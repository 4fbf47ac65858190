"""The public directory: search, filters, visibility, pagination, query counts."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from solidaires.associations.models import AssociationStatus
from solidaires.associations.tests.factories import AssociationFactory
from solidaires.territory.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

URL = "/associations/"


def names(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="card-link" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def portes(db):
    return CommuneFactory(insee="26252", name="Portes-lès-Valence", slug="26252-portes-les-valence")


@pytest.fixture
def cast(bicyclette, valence, portes):
    """A few associations of the territory."""
    return {
        "bicyclette": bicyclette,
        "resto": AssociationFactory(
            name="Les Restos du Cœur de la Drôme", head_office_commune=valence, themes=["alimentation"]
        ),
        "portes": AssociationFactory(
            name="Entraide Portoise", head_office_commune=portes, themes=["seniors"]
        ),
        "jardin": AssociationFactory(
            name="Jardins de Valence", head_office_commune=valence, themes=["environnement"]
        ),
        "pending": AssociationFactory(
            name="Vélo en attente",
            head_office_commune=valence,
            status=AssociationStatus.PENDING,
            themes=["mobilite"],
        ),
        "rejected": AssociationFactory(
            name="Vélo refusé",
            head_office_commune=valence,
            status=AssociationStatus.REJECTED,
            themes=["mobilite"],
        ),
    }


def test_lists_only_verified_in_alphabetical_order(client, cast):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Entraide Portoise",
        "Jardins de Valence",
        "La Bicyclette Bleue",
        "Les Restos du Cœur de la Drôme",
    ]


@pytest.mark.parametrize(
    "q", ["bicyclettes", "BICYCLETTE", "Bicyclette bleue", "la bicyclette", "bleues", "bicy"]
)
def test_search_ignores_case_accents_plurals(client, cast, q):
    assert names(client.get(URL, {"q": q})) == ["La Bicyclette Bleue"]


@pytest.mark.parametrize("q", ["coeur", "cœur", "drome", "DRÔME", "restos", "resto"])
def test_search_accents_and_ligatures(client, cast, q):
    assert names(client.get(URL, {"q": q})) == ["Les Restos du Cœur de la Drôme"]


@pytest.mark.parametrize("q", ["portes les valence", "Portes-lès-Valence", "portes"])
def test_search_by_head_office_commune(client, cast, q):
    assert names(client.get(URL, {"q": q})) == ["Entraide Portoise"]


def test_search_by_commune_and_theme_words(client, cast):
    assert names(client.get(URL, {"q": "valence"})) == [
        "Jardins de Valence",  # the word is in the name: first (relevance, issue 11)
        "Entraide Portoise",  # Portes-lès-Valence
        "Les Restos du Cœur de la Drôme",
    ]
    assert names(client.get(URL, {"q": "mobilité"})) == ["La Bicyclette Bleue"]
    assert names(client.get(URL, {"q": "romans"})) == ["La Bicyclette Bleue"]


@pytest.mark.parametrize("q", ["ette", "bicyclette rouge", "lyon", "velo"])
def test_search_no_false_positives(client, cast, q):
    response = client.get(URL, {"q": q})
    assert names(response) == []
    assert "Aucune association ne correspond" in response.content.decode()


def test_search_never_shows_pending_or_rejected(client, cast):
    assert names(client.get(URL, {"q": "vélo"})) == []


def test_stop_words_only_lists_everything(client, cast):
    assert len(names(client.get(URL, {"q": "la les de"}))) == 4


def test_filter_theme(client, cast):
    assert names(client.get(URL, {"theme": "mobilite"})) == ["La Bicyclette Bleue"]
    # A theme that does not exist does not filter behind a select saying "Tous les thèmes"
    # (issue 11: a select shows the filter in force).
    assert len(names(client.get(URL, {"theme": "inconnu"}))) == 4


def test_filter_commune_head_office_or_acting(client, cast, valence, romans):
    cast["bicyclette"].communes.add(valence)
    found = names(client.get(URL, {"commune": valence.insee}))
    assert found == ["Jardins de Valence", "La Bicyclette Bleue", "Les Restos du Cœur de la Drôme"]
    assert names(client.get(URL, {"commune": romans.insee})) == ["La Bicyclette Bleue"]


def test_filters_combine(client, cast, valence):
    assert names(client.get(URL, {"commune": valence.insee, "theme": "alimentation"})) == [
        "Les Restos du Cœur de la Drôme"
    ]
    assert names(client.get(URL, {"commune": valence.insee, "theme": "alimentation", "q": "jardin"})) == []
    response = client.get(URL, {"commune": valence.insee, "q": "jardins"})
    assert names(response) == ["Jardins de Valence"]
    assert "1 association " in response.content.decode()


def test_empty_state_suggests_removing_filters(client, cast, valence):
    html = client.get(URL, {"commune": valence.insee, "theme": "sport"}).content.decode()
    assert "Aucune association ne correspond" in html
    assert "Retirer le filtre «&nbsp;Sport&nbsp;»" in html
    assert "Retirer le filtre «&nbsp;Valence&nbsp;»" in html
    assert "/associations/nouvelle/" in html


def test_empty_directory(client, db):
    html = client.get(URL).content.decode()
    assert (
        "Aucune association n&#x27;est encore inscrite." in html
        or "Aucune association n'est encore inscrite." in html
    )


def test_results_carry_map_points(client, cast):
    html = client.get(URL, {"q": "bicyclette"}).content.decode()
    assert 'data-lat="45.0436"' in html
    assert 'data-lon="5.0513"' in html
    assert 'data-commune="Romans-sur-Isère"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "js/results-map.js" in html
    assert '<details class="filters"' in html


def test_keyset_pagination(client, valence):
    for i in range(45):
        AssociationFactory(name=f"Association {i:02d}", head_office_commune=valence)
    first = client.get(URL)
    assert names(first)[0] == "Association 00"
    assert len(names(first)) == 20
    next_link = re.search(r'href="\?apres=([^"]+)" rel="next"', first.content.decode()).group(1)
    second = client.get(URL, {"apres": next_link})
    assert names(second)[0] == "Association 20"
    third_link = re.search(r'apres=([^"]+)" rel="next"', second.content.decode()).group(1)
    third = client.get(URL, {"apres": third_link})
    assert names(third) == [f"Association {i:02d}" for i in range(40, 45)]
    assert 'rel="next"' not in third.content.decode()
    previous = re.search(r'avant=([^"]+)" rel="prev"', third.content.decode()).group(1)
    assert names(client.get(URL, {"avant": previous}))[0] == "Association 20"


def test_pagination_keeps_filters(client, valence):
    for i in range(25):
        AssociationFactory(name=f"Jardin {i:02d}", head_office_commune=valence, themes=["environnement"])
    html = client.get(URL, {"theme": "environnement"}).content.decode()
    assert "?theme=environnement&amp;apres=" in html
    assert "25 associations" in html


def test_bad_cursor_gives_first_page(client, cast):
    assert names(client.get(URL, {"apres": "!!!"}))[0] == "Entraide Portoise"


def _make(n, valence):
    for i in range(n):
        AssociationFactory(
            name=f"Asso {i:03d}",
            head_office_commune=valence,
            themes=["sport", "culture"] if i % 2 else ["jeunesse"],
        )


def test_constant_number_of_queries(client, valence, django_assert_num_queries):
    """Anonymous, no filter: the page, its themes, the theme and commune lists."""
    _make(5, valence)
    cache.clear()
    with django_assert_num_queries(4):
        client.get(URL)
    _make(60, valence)
    cache.clear()
    with django_assert_num_queries(4):
        client.get(URL)


def test_constant_number_of_queries_with_filters(client, valence, django_assert_max_num_queries):
    """With filters, one more query counts the results (up to 200) when there is more than a page."""
    params = {"q": "asso", "theme": "sport", "commune": "26362"}
    _make(5, valence)
    cache.clear()
    with django_assert_max_num_queries(5):
        client.get(URL, params)
    _make(60, valence)
    cache.clear()
    with django_assert_max_num_queries(5):
        response = client.get(URL, params)
    assert "32 associations" in response.content.decode()


def test_constant_queries_logged_in(client, valence, inhabitant, django_assert_max_num_queries):
    client.force_login(inhabitant)
    _make(5, valence)
    cache.clear()  # filter choices and result cards are cached (decision 0700): compare cold pages
    with django_assert_max_num_queries(8) as small:
        client.get(URL)
    _make(60, valence)
    cache.clear()
    with django_assert_max_num_queries(8) as large:
        client.get(URL)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_anonymous_pages_are_cached(client, cast, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        response = client.get(URL)
    assert response.status_code == 200


def test_a_commune_outside_the_territory_is_said_so(client, cast):
    """Paris (75056) is not a commune of the Agglo: no silent empty list (issue 11)."""
    response = client.get(URL, {"commune": "75056"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "«&nbsp;75056&nbsp;» ne fait pas partie du territoire" in html
    assert "Aucune association ne correspond" not in html
    assert set(names(response)) == {
        "La Bicyclette Bleue",
        "Les Restos du Cœur de la Drôme",
        "Entraide Portoise",
        "Jardins de Valence",
    }


def test_a_commune_of_the_territory_filters_without_notice(client, cast):
    response = client.get(URL, {"commune": "26252"})
    assert "ne fait pas partie du territoire" not in response.content.decode()
    assert names(response) == ["Entraide Portoise"]


def test_a_search_puts_names_first_then_the_rest(client, valence):
    """Relevance when there is a query (issue 11): the name that holds the words comes first,
    even when its name sorts last; the page after keeps the order."""
    AssociationFactory(
        name="Atelier du quartier", description="Réparation de vélos.", head_office_commune=valence
    )
    AssociationFactory(name="Vélo pour tous", description="Prêt de bicyclettes.", head_office_commune=valence)
    AssociationFactory(name="Zèbres à vélo", description="Balades.", head_office_commune=valence)
    response = client.get(URL, {"q": "vélo"})
    assert names(response) == ["Vélo pour tous", "Zèbres à vélo", "Atelier du quartier"]


def test_relevance_pages_follow_each_other(client, valence, settings):
    from solidaires.associations import selectors

    for n in range(selectors.PER_PAGE + 3):
        AssociationFactory(name=f"Club {n:02d}", description="vélo", head_office_commune=valence)
    for n in range(3):
        AssociationFactory(name=f"Vélo {n}", head_office_commune=valence)
    first = selectors.directory_page(filters=selectors.DirectoryFilters(q="vélo"))
    second = selectors.directory_page(
        filters=selectors.DirectoryFilters(q="vélo"), after=first.page.next_cursor
    )
    found = [a.name for a in first.page.items] + [a.name for a in second.page.items]
    assert found[:3] == ["Vélo 0", "Vélo 1", "Vélo 2"]
    assert len(found) == len(set(found)) == selectors.PER_PAGE + 6
