"""The directory's data caches (decision 0700): filter choices and result cards are cached,
yet an edit shows at once, a territory reload refreshes the communes, and the pages are the
same as when built from scratch."""

from __future__ import annotations

import re

import pytest

from solidaires.associations import services
from solidaires.associations.tests.factories import AssociationFactory
from solidaires.core.fragments import select_options
from solidaires.territory.services import invalidate_territory_cache

pytestmark = pytest.mark.django_db

URL = "/associations/"


def names(response) -> list[str]:
    return re.findall(r'class="card-link" href="[^"]+">([^<]+)</a>', response.content.decode())


def test_warm_directory_costs_one_query(client, bicyclette, valence, django_assert_num_queries):
    """Once the filter choices and the cards are cached, a new page (here another URL, so the
    anonymous page cache does not serve it) only runs the page query."""
    AssociationFactory(name="Jardins de Valence", head_office_commune=valence, themes=["environnement"])
    client.get(URL)
    with django_assert_num_queries(1):
        response = client.get(URL, {"tri": "inutile"})
    assert names(response) == ["Jardins de Valence", "La Bicyclette Bleue"]


def test_cached_page_is_the_page_built_from_scratch(client, bicyclette, valence):
    for i in range(25):
        AssociationFactory(name=f"Asso {i:02d}", head_office_commune=valence, themes=["sport", "culture"])
    cold = client.get(URL, {"commune": valence.insee, "x": "1"}).content.decode()
    warm = client.get(URL, {"commune": valence.insee, "x": "2"}).content.decode()
    assert warm == cold
    assert '<option value="26362" selected>Valence</option>' in warm
    assert '<option value="culture">Culture et loisirs</option>' in warm


def test_edited_association_shows_at_once(client, bicyclette, manager):
    client.get(URL)  # caches the card
    services.association_update(
        association=bicyclette, by=manager, data={"name": "La Bicyclette Verte", "themes": ["sport"]}
    )
    client.force_login(manager)  # logged in: not served from the anonymous page cache
    html = client.get(URL).content.decode()
    assert names(client.get(URL)) == ["La Bicyclette Verte"]
    assert '<li class="tag">Sport</li>' in html
    assert "Mobilité</li>" not in html


def test_territory_reload_refreshes_communes(client, bicyclette, romans):
    client.get(URL)
    romans.name = "Romans"
    romans.save()
    invalidate_territory_cache()  # what load_territory does on commit
    html = client.get(URL, {"x": "1"}).content.decode()
    assert "Siège&nbsp;: Romans</p>" in html
    assert 'data-commune="Romans"' in html
    assert '<option value="26281">Romans</option>' in html


def test_select_options_escape_and_mark_the_choice():
    choices = (("a&b", "A & B"), ("c", "<C>"))
    html = select_options(choices, "a&b")
    assert '<option value="a&amp;b" selected>A &amp; B</option>' in html
    assert '<option value="c">&lt;C&gt;</option>' in html
    assert "selected" not in select_options(choices, "zz")
    assert "selected" not in select_options(choices, "")


def test_pages_of_equal_names_follow_the_ids(client, valence):
    """Deep pages bound the name with the cursor (an index seek): ties must still page by id."""
    created = [AssociationFactory(name="Même nom", head_office_commune=valence) for _ in range(45)]

    def slugs(html: str) -> list[str]:
        return re.findall(r'data-url="/associations/([^/"]+)/"', html)

    pages = [client.get(URL).content.decode()]
    while match := re.search(r'href="\?apres=([^"]+)" rel="next"', pages[-1]):
        pages.append(client.get(URL, {"apres": match.group(1)}).content.decode())
    assert len(pages) == 3
    assert [s for page in pages for s in slugs(page)] == [a.slug for a in created]
    previous = re.search(r'avant=([^"]+)" rel="prev"', pages[2]).group(1)
    back = client.get(URL, {"avant": previous}).content.decode()
    assert slugs(back) == [a.slug for a in created[20:40]]
