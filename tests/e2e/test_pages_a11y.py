"""Every public page, on a phone (360 px) and a desktop (1280 px): no axe-core violation
(WCAG 2.1 A/AA), exactly one h1, a skip link that takes the focus to the main content, and
nothing that scrolls sideways on a phone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch

from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    check_a11y,
    check_skip_link,
    h1_texts,
    horizontal_overflow,
    wide_elements,
)


def association_url(association) -> str:
    try:
        return association.get_absolute_url()
    except NoReverseMatch:
        return f"/associations/{association.slug}/"


PAGES = {
    "accueil": "/",
    "associations": "/associations/",
    "territoire": "/territoire/",
    "lieux": "/territoire/lieux/",
    "association": association_url,
    "connexion": "/comptes/login/",
    "inscription": "/comptes/signup/",
    "confidentialite": "/confidentialite/",
    "accessibilite": "/accessibilite/",
    "mentions-legales": "/mentions-legales/",
}


@pytest.fixture
def territory(valence, romans, bicyclette):
    """A little territory to show: two communes, a verified association, a place, a pending one."""
    from solidaires.associations.models import AssociationStatus
    from solidaires.associations.tests.factories import AssociationFactory
    from solidaires.territory.tests.factories import PlaceFactory, link_distance

    link_distance(valence, romans, 18.5)
    PlaceFactory(name="Maison citoyenne du Polygone", slug="maison-citoyenne-du-polygone", commune=valence)
    AssociationFactory(
        name="Les Jardins du Plateau",
        slug="les-jardins-du-plateau",
        head_office_commune=valence,
        themes=["environnement"],
    )
    AssociationFactory(
        name="Collectif en attente",
        slug="collectif-en-attente",
        head_office_commune=romans,
        status=AssociationStatus.PENDING,
    )
    return bicyclette


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_is_accessible(page, territory, name, viewport):
    target = PAGES[name]
    path = target(territory) if callable(target) else target
    page.set_viewport_size(viewport)

    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    assert urlsplit(page.url).path == path, f"{path} redirected to {page.url}"

    check_a11y(page, context=f"page « {name} »")
    headings = h1_texts(page)
    assert len(headings) == 1, f"{path} has {len(headings)} h1 elements: {headings}"
    title = page.title()
    assert title.strip(), f"{path} has an empty <title>"
    assert page.locator("html").get_attribute("lang") == "fr"
    check_skip_link(page)
    if viewport == PHONE:
        page.evaluate("() => window.scrollTo(0, 0)")
        overflow = horizontal_overflow(page)
        assert overflow <= 0, (
            f"{path} scrolls sideways at 360 px by {overflow} px; too wide: {wide_elements(page)}"
        )


def test_page_titles_are_unique(page, territory):
    """Each page has its own <title> (RGAA 8.6), so people can tell tabs and history entries apart."""
    titles: dict[str, str] = {}
    for name, target in PAGES.items():
        path = target(territory) if callable(target) else target
        response = page.goto(path)
        if response is None or response.status != 200:
            pytest.fail(f"{path} answered {response.status if response else 'nothing'}")
        titles[name] = page.title()
    duplicates = {
        title: [n for n, t in titles.items() if t == title]
        for title in titles.values()
        if list(titles.values()).count(title) > 1
    }
    assert not duplicates, f"Pages sharing a <title>: {duplicates}"
