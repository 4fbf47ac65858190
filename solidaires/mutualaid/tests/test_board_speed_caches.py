"""The board's caches (decision 0844): each card is rendered once per version of its post and
the filter choices once per process, yet every change shows at once, hidden and expired
posts vanish at once, and a page built from the caches is the page built from scratch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from solidaires.moderation import services as moderation
from solidaires.mutualaid import services
from solidaires.mutualaid.models import MutualAidPost
from solidaires.territory.services import invalidate_territory_cache
from solidaires.territory.tests.factories import link_distance

from .factories import MutualAidPostFactory

pytestmark = pytest.mark.django_db

URL = "/entraide/"


def titles(response) -> list[str]:
    return re.findall(r'class="card-link" href="[^"]+">([^<]+)</a>', response.content.decode())


def cards(response) -> list[str]:
    return re.findall(r'<article class="card mutualaid-card">.*?</article>', response.content.decode(), re.S)


def next_cursor(response) -> str:
    match = re.search(r'href="\?(?:[^"]*&amp;)?apres=([^"]+)" rel="next"', response.content.decode())
    assert match is not None
    return match.group(1)


def test_warm_board_costs_one_query(client, valence, django_assert_num_queries):
    """Once the cards and the commune choices are cached, a new page (another URL, so the
    anonymous page cache does not serve it) only runs the page query."""
    MutualAidPostFactory(title="Courses du samedi", commune=valence)
    client.get(URL)
    with django_assert_num_queries(1):
        response = client.get(URL, {"x": "1"})
    assert titles(response) == ["Courses du samedi"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"categorie": "lending"},
        {"type": "offer", "categorie": "lending"},
        {"commune": "26362", "rayon": "10"},
        {"q": "perceuse"},
        {"q": "introuvable"},
    ],
)
def test_cached_page_is_the_page_built_from_scratch(client, valence, romans, params):
    link_distance(valence, romans, 8.0)
    for i in range(25):
        MutualAidPostFactory(
            title=f"Perceuse n°{i:02d}",
            kind="offer" if i % 2 else "request",
            category="lending" if i % 3 else "shopping",
            description="Une perceuse <b>Bosch</b> à prêter, l'après-midi. " * 5,
            commune=valence if i % 4 else romans,
        )
    cold = client.get(URL, {**params, "x": "1"}).content.decode()
    warm = client.get(URL, {**params, "x": "2"}).content.decode()
    assert warm == cold
    assert "&lt;b&gt;Bosch&lt;/b&gt;" in warm or "Aucune annonce" in warm
    if params.get("categorie"):
        assert '<option value="lending" selected>Prêt d&#x27;objets</option>' in warm
    if params.get("commune"):
        assert '<option value="26362" selected>Valence</option>' in warm
        assert '<option value="10" selected>Jusqu\'à 10 km</option>' in warm


def test_second_page_cold_and_warm(client, valence):
    for i in range(25):
        MutualAidPostFactory(title=f"Annonce {i:02d}", commune=valence, category="digital")
    first = client.get(URL, {"categorie": "digital"})
    assert len(cards(first)) == 20
    cursor = next_cursor(first)
    cold = client.get(URL, {"categorie": "digital", "apres": cursor})
    warm = client.get(URL, {"categorie": "digital", "apres": cursor, "x": "1"})
    assert titles(cold) == titles(warm) == [f"Annonce {i:02d}" for i in range(4, -1, -1)]  # newest first
    assert warm.content.decode() == cold.content.decode()


def test_an_edited_post_shows_at_once(client, inhabitant, valence, romans):
    post = MutualAidPostFactory(author=inhabitant, title="Courses du samedi", commune=valence)
    client.get(URL)  # caches the card
    services.post_update(
        post=post,
        by=inhabitant,
        data={"title": "Courses du dimanche", "description": "Au marché.", "commune": romans},
    )
    client.force_login(inhabitant)  # logged in: not served from the anonymous page cache
    response = client.get(URL)
    assert titles(response) == ["Courses du dimanche"]
    assert "Romans-sur-Isère · en ligne" in response.content.decode()
    client.logout()
    assert titles(client.get(URL)) == ["Courses du dimanche"]  # the anonymous page too


def test_a_new_display_name_shows_at_once(client, inhabitant, member, valence):
    """The card shows the author's first name, which changes without the post."""
    MutualAidPostFactory(author=inhabitant, title="Courses du samedi", commune=valence)
    client.force_login(member)
    assert "Camille · Valence" in client.get(URL).content.decode()
    inhabitant.display_name = "Camille-Rose Martin"
    inhabitant.save()
    html = client.get(URL).content.decode()
    assert "Camille-Rose · Valence" in html
    assert "Camille · Valence" not in html


def test_a_hidden_post_vanishes_at_once(client, agent, inhabitant, member, valence):
    kept = MutualAidPostFactory(title="Courses du samedi", commune=valence)
    hidden = MutualAidPostFactory(title="Arnaque au virement", commune=valence)
    assert titles(client.get(URL)) == [hidden.title, kept.title]  # anonymous page cached
    client.force_login(member)
    assert titles(client.get(URL)) == [hidden.title, kept.title]  # cards cached
    moderation.content_hide(target=hidden, by=agent, reason="Demande un paiement à l'avance.")
    assert titles(client.get(URL)) == [kept.title]
    client.logout()
    assert titles(client.get(URL)) == [kept.title]


def test_a_post_past_its_expiry_vanishes_without_any_write(client, member, valence):
    """Expiry is decided by the page query (expires_on ≥ today), not by the cached card: a
    post past its date is gone even before the daily task closes it."""
    post = MutualAidPostFactory(title="Courses du samedi", commune=valence)
    MutualAidPostFactory(title="Perceuse à prêter", commune=valence)
    client.force_login(member)
    assert len(titles(client.get(URL))) == 2
    # No save(), no version bump: as if the date had passed.
    MutualAidPost.objects.filter(pk=post.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert titles(client.get(URL)) == ["Perceuse à prêter"]


def test_a_closed_post_vanishes_at_once(client, inhabitant, valence):
    post = MutualAidPostFactory(author=inhabitant, title="Courses du samedi", commune=valence)
    client.force_login(inhabitant)
    assert titles(client.get(URL)) == ["Courses du samedi"]
    services.post_close(post=post, by=inhabitant, fulfilled=True)
    assert titles(client.get(URL)) == []


def test_territory_reload_refreshes_commune_names(client, romans):
    MutualAidPostFactory(title="Courses du samedi", commune=romans)
    client.get(URL)
    romans.name = "Romans"
    romans.save()
    invalidate_territory_cache()  # what load_territory does on commit
    html = client.get(URL, {"x": "1"}).content.decode()
    assert "· Romans · en ligne" in html
    assert '<option value="26281">Romans</option>' in html


def test_a_commune_outside_the_territory_is_said_so_and_lists_every_post(client, valence):
    MutualAidPostFactory(title="Courses du samedi", commune=valence)
    for params in ({"commune": "00000"}, {"commune": "00000", "rayon": "10"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert titles(response) == ["Courses du samedi"]
        assert "ne fait pas partie du territoire" in response.content.decode()
