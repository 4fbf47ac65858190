"""Recommendations with their reasons, in a real browser, on a phone, with axe-core:

Camille sees "Missions pour vous" on her dashboard; Sami, who manages La Bicyclette Bleue,
sees "Bénévoles qui pourraient aider" on his mission's page (offers only, no identity); a
visitor sees "Associations proches" on the association's page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_a11y, screenshot

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path} sent us to {page.url}"


def log_in(page: Page, email: str) -> None:
    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").first.click()


@pytest.fixture
def world(db, romans, inhabitant, bicyclette, manager):
    from solidaires.accounts.models import Profile
    from solidaires.associations.tests.factories import AssociationFactory
    from solidaires.matching import adapter
    from solidaires.territory.tests.factories import CommuneFactory
    from solidaires.volunteering.tests.factories import MissionFactory, OfferFactory

    adapter.forget_engine()
    bourg = CommuneFactory(insee="26058", name="Bourg-de-Péage", lat=45.0378, lon=5.0503)
    profile = Profile.objects.get(user=inhabitant)
    profile.commune = romans
    profile.skills = ["Bricolage"]
    profile.save()
    profile.interests.set(["reparation"])
    mission = MissionFactory(
        title="Atelier de réparation de vélos",
        description="Réparer les vélos du quartier avec les habitants.",
        skills="bricolage, mécanique",
        themes=["reparation", "mobilite"],
        communes=[romans],
        association=bicyclette,
        posted_by=manager,
    )
    OfferFactory(title="Je répare les vélos", home_commune=bourg, themes=["reparation"], skills="mécanique")
    AssociationFactory(name="Ressourcerie de Bourg", head_office_commune=bourg, themes=["reparation"])
    yield mission
    adapter.forget_engine()


def test_recommendations_with_reasons(page, new_context, world, inhabitant, manager, bicyclette):
    mission = world
    log_in(page, inhabitant.email)
    visit(page, "/missions/mon-benevolat/")
    section = page.locator("section.matching-missions")
    expect(section.get_by_role("heading", name="Missions pour vous")).to_be_visible()
    expect(section.get_by_role("link", name="Atelier de réparation de vélos")).to_be_visible()
    expect(section.get_by_text("Dans votre commune, Romans-sur-Isère")).to_be_visible()
    expect(section.get_by_text("Vos compétences : bricolage")).to_be_visible()
    check_a11y(page, context="missions pour vous")
    screenshot(page, "matching-01-dashboard")

    sami = new_context().new_page()
    log_in(sami, manager.email)
    visit(sami, mission.get_absolute_url())
    box = sami.locator("section.matching-volunteers")
    expect(box.get_by_role("heading", name="Bénévoles qui pourraient aider")).to_be_visible()
    expect(box.get_by_role("link", name="Je répare les vélos")).to_be_visible()
    expect(box.get_by_text(re.compile(r"^À \d+ km de Romans-sur-Isère$"))).to_be_visible()
    expect(box.get_by_text("Dominique")).to_have_count(0)  # no identity
    check_a11y(sami, context="bénévoles qui pourraient aider")
    screenshot(sami, "matching-02-mission")

    visitor = new_context().new_page()
    visit(visitor, bicyclette.get_absolute_url())
    near = visitor.locator("section.matching-neighbours")
    expect(near.get_by_role("heading", name="Associations proches")).to_be_visible()
    expect(near.get_by_role("link", name="Ressourcerie de Bourg")).to_be_visible()
    expect(
        near.get_by_text(re.compile(r"^Thème en commun : Réparation, réemploi et recyclerie ; à \d+ km"))
    ).to_be_visible()
    check_a11y(visitor, context="associations proches")
    screenshot(visitor, "matching-03-association")


def test_agents_introduce_associations_and_review_a_campaign(page, world, agent):
    from tests.e2e.helpers import totp_code

    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(agent.email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").first.click()
    page.get_by_label("Code", exact=True).fill(totp_code(agent))
    with page.expect_navigation():
        page.get_by_role("button", name="Valider").first.click()

    visit(page, "/espace-agents/mise-en-relation/")
    row = page.locator("article.card", has=page.get_by_role("link", name="Ressourcerie de Bourg"))
    expect(
        row.get_by_text(re.compile(r"Thème en commun : Réparation, réemploi et recyclerie ; à \d+ km"))
    ).to_be_visible()
    check_a11y(page, context="mises en relation")
    screenshot(page, "matching-04-agents")
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("Je les ai présentées")).click()
    expect(page.get_by_text(re.compile("Mise en relation de .* enregistrée"))).to_be_visible()
    page.get_by_label("Suite donnée").select_option("partnership")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Enregistrer la suite")).click()
    expect(page.get_by_text("Elles travaillent ensemble").first).to_be_visible()
    check_a11y(page, context="mise en relation enregistrée")

    visit(page, "/espace-agents/mise-en-relation/campagne/")
    expect(page.get_by_role("link", name="Atelier de réparation de vélos")).to_be_visible()
    check_a11y(page, context="répartition d'une campagne")
    screenshot(page, "matching-05-campaign")
