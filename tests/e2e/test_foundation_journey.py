"""The foundation's journey, in a real browser, on a phone, with axe-core on every page:

Léa signs up, confirms her e-mail address, fills in her profile and registers her
association; it waits for verification. Nadia, an intercommunal agent, logs in with her
password and her authenticator app, and verifies it. Then anybody finds it in the
directory, even typing a word of its name differently (singular, no accents).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, check_a11y, new_page, page_problems, screenshot, totp_code

ASSOCIATION_NAME = "Les Cyclistes Solidaires du Royans"
EMAIL = "lea.martin@exemple.fr"
PASSWORD = "un vélo pour chaque côte du Royans"
NEIGHBOUR_NAME = "Les Amis du Royans"
FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py


@pytest.fixture
def royans(db):
    from solidaires.territory.tests.factories import CommuneFactory

    return CommuneFactory(
        insee="26307",
        name="Saint-Jean-en-Royans",
        slug="26307-saint-jean-en-royans",
        population=3050,
        postal_codes="26190",
        lat=45.0186,
        lon=5.2908,
        urban_class="rural",
    )


def visit(page: Page, path: str) -> None:
    """Open a page and check it answered 200 without sending us elsewhere (e.g. to the login page)."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    landed = urlsplit(page.url)
    assert landed.path == urlsplit(path).path, f"{path} sent us to {landed.path}?{landed.query}"


def submit(page: Page, name: str | re.Pattern[str]) -> None:
    """Click a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def choose(page: Page, label: str | re.Pattern[str], option_text: str) -> None:
    """Pick, in the drop-down list labelled `label`, the option whose visible text contains `option_text`."""
    select = page.get_by_label(label)
    option = select.locator("option", has_text=option_text)
    expect(option).to_have_count(1)
    select.select_option(value=option.get_attribute("value"))


def confirmation_link(to: str) -> str:
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail sent to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    body = messages[-1].body
    match = re.search(r"https?://\S+/comptes/confirm-email/\S+", body)
    assert match, f"no confirmation link in the e-mail:\n{body}"
    return match.group(0)


@pytest.fixture
def neighbour(royans):
    """A verified association of the same commune, already in the directory."""
    from solidaires.associations.tests.factories import AssociationFactory

    return AssociationFactory(
        name=NEIGHBOUR_NAME, slug="les-amis-du-royans", head_office_commune=royans, themes=["culture"]
    )


def test_foundation_journey(page, new_context, valence, royans, neighbour, agent):
    # 1. Léa signs up on her phone.
    visit(page, "/comptes/signup/")
    check_a11y(page, context="inscription")
    page.get_by_label("Prénom ou nom affiché").fill("Léa")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    submit(page, "Créer mon compte")
    check_a11y(page, context="après l'inscription")
    screenshot(page, "journey-01-verification-sent")

    # 2. She opens the link of the e-mail and confirms her address.
    visit(page, confirmation_link(EMAIL))
    check_a11y(page, context="confirmation de l'adresse")
    submit(page, "Oui, je confirme")
    expect(page.get_by_text(f"Vous avez confirmé {EMAIL}")).to_be_visible()
    screenshot(page, "journey-02-confirmed")

    # 3. She fills in her profile: the name others see, her commune.
    visit(page, "/mon-compte/")
    check_a11y(page, context="profil")
    page.get_by_label("Prénom ou nom affiché").fill("Léa")
    choose(page, "Votre commune", "Valence")
    submit(page, "Enregistrer mon profil")
    expect(page.get_by_text("Votre profil est enregistré")).to_be_visible()
    expect(page.get_by_label("Prénom ou nom affiché")).to_have_value("Léa")
    check_a11y(page, context="profil enregistré")
    screenshot(page, "journey-03-profile")

    # 4. She registers her association; it waits for verification.
    visit(page, "/associations/nouvelle/")
    check_a11y(page, context="nouvelle association")
    page.get_by_label("Nom de l'association").fill(ASSOCIATION_NAME)
    page.get_by_label("Forme juridique").select_option(label="Association loi 1901")
    page.get_by_label(re.compile(r"^Numéro RNA")).fill("W263004512")
    page.get_by_label("Mobilité").check()
    choose(page, "Commune du siège", "Saint-Jean-en-Royans")
    submit(page, "Inscrire l'association")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ASSOCIATION_NAME)
    expect(page.get_by_text(re.compile(r"en attente", re.I)).first).to_be_visible()
    check_a11y(page, context="association en attente")
    screenshot(page, "journey-04-association-pending")

    # Until an agent verifies it, the directory does not list it (but lists its neighbour).
    visitor = new_page(new_context())
    visit(visitor, "/associations/?q=royans")
    expect(visitor.get_by_role("link", name=NEIGHBOUR_NAME)).to_be_visible()
    expect(visitor.get_by_role("link", name=ASSOCIATION_NAME)).to_have_count(0)

    # 5. Nadia, an agent, logs in (password, then her authenticator app) on her computer.
    agent_page = new_page(new_context(viewport=DESKTOP))
    visit(agent_page, "/comptes/login/")
    check_a11y(agent_page, context="connexion")
    agent_page.get_by_label("Adresse e-mail").fill(agent.email)
    agent_page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(agent_page, "Se connecter")
    check_a11y(agent_page, context="code de double authentification")
    agent_page.get_by_label("Code", exact=True).fill(totp_code(agent))
    submit(agent_page, "Valider")

    # 6. She finds the new association in her workspace and verifies it.
    visit(agent_page, "/espace-agents/")
    expect(agent_page.get_by_role("heading", level=1)).to_have_text("Espace agents")
    check_a11y(agent_page, context="espace agents")
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name=ASSOCIATION_NAME).first.click()
    check_a11y(agent_page, context="fiche à vérifier")
    submit(agent_page, "Vérifier l'association")
    expect(agent_page.get_by_text("Association vérifiée par l'Agglo")).to_be_visible()
    check_a11y(agent_page, context="association vérifiée")
    screenshot(agent_page, "journey-06-association-verified")
    assert not page_problems(agent_page), page_problems(agent_page)

    # Léa hears about it by e-mail.
    subjects = [m.subject for m in mail.outbox if EMAIL in m.to]
    assert any("vérifiée" in subject for subject in subjects), subjects

    # 7. Anybody finds it, typing a word in the singular and without its capital. (A different
    # query than before: the directory keeps pages for anonymous visitors two minutes, 0401.)
    visit(visitor, "/associations/?q=cycliste")
    check_a11y(visitor, context="recherche dans l'annuaire")
    result = visitor.get_by_role("link", name=ASSOCIATION_NAME)
    expect(result).to_be_visible()
    with visitor.expect_navigation():
        result.first.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ASSOCIATION_NAME)
    check_a11y(visitor, context="fiche publique")
    screenshot(visitor, "journey-07-found")
    assert not page_problems(visitor), page_problems(visitor)

    from solidaires.associations.models import Association, AssociationStatus

    association = Association.objects.get(name=ASSOCIATION_NAME)
    assert association.status == AssociationStatus.VERIFIED
    assert association.verified_by == agent
    assert association.memberships.filter(user__email=EMAIL, role="manager").exists()
