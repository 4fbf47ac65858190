"""The missions' journey, in a real browser, on a phone, with axe-core on every page:

Sami, manager of La Bicyclette Bleue, posts a mission in Romans-sur-Isère (a first try with
a date in the past is refused with a clear French error, nothing typed lost). A volunteer
looks for missions within 10 km of Romans-sur-Isère: the new mission shows, a mission 30 km
away does not. She opens the mission's page. (Applying, hours and the attestation are the
engagements' journey.)
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_a11y, new_page, page_problems, screenshot

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py
TITLE = "Atelier vélo participatif du samedi"
FAR_TITLE = "Nettoyage des berges de la Drôme"
DATE_LABEL = re.compile(r"^Date( \(facultatif\))?$")


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path} sent us to {page.url}"


def submit(page: Page, name: str | re.Pattern[str]) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.fixture
def far_mission(romans):
    """A published mission in a commune 30 km from Romans-sur-Isère."""
    from solidaires.territory.tests.factories import CommuneFactory, link_distance
    from solidaires.volunteering.tests.factories import MissionFactory

    crest = CommuneFactory(insee="26108", name="Crest", slug="26108-crest", lat=44.728, lon=5.022)
    link_distance(romans, crest, 30.0)
    return MissionFactory(title=FAR_TITLE, communes=[crest], themes=["environnement"])


def test_missions_journey(page, new_context, romans, manager, bicyclette, far_mission):
    # 1. Sami logs in on his phone.
    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(manager.email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(page, "Se connecter")

    # 2. He fills in the mission form, with a date in the past by mistake.
    visit(page, "/missions/nouvelle/")
    check_a11y(page, context="publier une mission")
    screenshot(page, "missions-01-form")
    page.get_by_label("La Bicyclette Bleue").check()
    page.get_by_label("Titre de la mission").fill(TITLE)
    page.get_by_label("Description").fill("Aider les habitants à réparer leur vélo.\nOutils fournis.")
    page.get_by_role("checkbox", name="Mobilité", exact=True).check()
    page.get_by_role("checkbox", name="Romans-sur-Isère", exact=True).check()
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label(DATE_LABEL).fill(yesterday.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("17:00")
    page.get_by_label("Nombre de bénévoles recherchés").fill("3")
    page.get_by_label("Adaptée aux jeunes").check()
    submit(page, "Publier la mission")
    expect(page.get_by_role("alert").first).to_contain_text("Cette date est passée")
    expect(page.get_by_label("Titre de la mission")).to_have_value(TITLE)
    check_a11y(page, context="formulaire avec erreur")
    screenshot(page, "missions-02-error")

    # 3. He corrects the date and publishes.
    page.get_by_label(DATE_LABEL).fill((timezone.localdate() + timedelta(days=10)).isoformat())
    submit(page, "Publier la mission")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Votre mission est publiée")).to_be_visible()
    expect(page.get_by_text(re.compile(r"14 h – 17 h"))).to_be_visible()
    check_a11y(page, context="mission publiée")
    screenshot(page, "missions-03-published")
    assert not page_problems(page), page_problems(page)

    # 4. A volunteer looks for missions within 10 km of Romans-sur-Isère.
    visitor = new_page(new_context())
    visit(visitor, "/missions/?commune=26281&rayon=10")
    check_a11y(visitor, context="missions près de Romans")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    expect(visitor.get_by_role("link", name=FAR_TITLE)).to_have_count(0)
    screenshot(visitor, "missions-04-search")
    # With 30 km, the far mission shows too.
    visit(visitor, "/missions/?commune=26281&rayon=30")
    expect(visitor.get_by_role("link", name=FAR_TITLE)).to_be_visible()
    # The filters panel is open when filters are active, and folds away (phone).
    visit(visitor, "/missions/?commune=26281&rayon=10")
    expect(visitor.get_by_label("Thème")).to_be_visible()
    visitor.get_by_text("Filtres et tri").click()
    expect(visitor.get_by_label("Thème")).to_be_hidden()
    visit(visitor, "/missions/")
    expect(visitor.get_by_label("Thème")).to_be_hidden()
    visitor.get_by_text("Filtres et tri").click()
    expect(visitor.get_by_label("Thème")).to_be_visible()
    check_a11y(visitor, context="filtres ouverts")
    visit(visitor, "/missions/?commune=26281&rayon=10")

    # 5. She opens the mission.
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text("Jeunes bienvenus")).to_be_visible()
    check_a11y(visitor, context="fiche mission")
    screenshot(visitor, "missions-05-detail")
    assert not page_problems(visitor), page_problems(visitor)

    from solidaires.volunteering.models import Mission

    mission = Mission.objects.get(title=TITLE)
    assert mission.association == bicyclette and mission.state == "published"


def login(page: Page, user, *, totp: bool = False) -> None:
    from tests.e2e.helpers import totp_code

    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(page, "Se connecter")
    if totp:
        page.get_by_label("Code", exact=True).fill(totp_code(user))
        submit(page, "Valider")


def test_offers_saved_searches_and_agents_pages(
    page, new_context, romans, inhabitant, member, agent, far_mission
):
    """Every other page of the missions, with axe: an inhabitant offers help and saves a search;
    a member of an association sees the offer without the person's name; an agent moderates."""
    from tests.e2e.helpers import DESKTOP

    # An inhabitant proposes her help, and saves a search.
    login(page, inhabitant)
    visit(page, "/missions/propositions/nouvelle/")
    check_a11y(page, context="je propose mon aide")
    page.get_by_label("Ce que vous proposez").fill("Aide aux devoirs en anglais")
    page.get_by_role("checkbox", name="Éducation", exact=False).first.check()
    page.get_by_role("checkbox", name="Mercredi").check()
    page.get_by_role("checkbox", name="L'après-midi").check()
    page.get_by_label("Votre commune").select_option("26281")
    submit(page, "Publier ma proposition")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide aux devoirs en anglais")
    check_a11y(page, context="ma proposition")
    visit(page, "/missions/propositions/miennes/")
    check_a11y(page, context="mes propositions")
    visit(page, "/missions/?commune=26108&rayon=0")
    with page.expect_navigation():
        page.get_by_role("link", name="Enregistrer cette recherche").click()
    check_a11y(page, context="enregistrer la recherche")
    page.get_by_label("Nom de la recherche").fill("Près de Crest")
    submit(page, "Enregistrer")
    expect(page.get_by_role("link", name="Près de Crest", exact=True)).to_be_visible()
    check_a11y(page, context="mes recherches")
    visit(page, "/missions/publiees/")
    check_a11y(page, context="mes missions publiées (vide)")
    visit(page, "/missions/reprendre/")
    check_a11y(page, context="reprendre une mission")
    with page.expect_navigation():
        page.get_by_role("link", name="Missions de bénévolat").first.click()
    visit(page, far_mission.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Signaler un problème sur cette mission").click()
    check_a11y(page, context="signaler")
    # The platform's report form (decision 0828): a reason, then the details.
    page.get_by_label("Arnaque", exact=False).check()
    page.get_by_label("Précisions").fill("On demande de payer une adhésion de 50 €.")
    submit(page, "Envoyer le signalement")
    expect(page.get_by_text("Votre signalement est transmis")).to_be_visible()
    screenshot(page, "missions-10-reported")

    # A member of an association browses the offers: no name.
    member_page = new_page(new_context())
    login(member_page, member)
    visit(member_page, "/missions/propositions/")
    check_a11y(member_page, context="propositions d'aide")
    expect(member_page.get_by_role("link", name="Aide aux devoirs en anglais")).to_be_visible()
    expect(member_page.get_by_text("Camille")).to_have_count(0)
    screenshot(member_page, "missions-11-offers")
    with member_page.expect_navigation():
        member_page.get_by_role("link", name="Aide aux devoirs en anglais").click()
    check_a11y(member_page, context="une proposition d'aide")
    assert not page_problems(member_page), page_problems(member_page)

    # An agent sees the report and hides the mission with a reason.
    agent_page = new_page(new_context(viewport=DESKTOP))
    login(agent_page, agent, totp=True)
    visit(agent_page, "/espace-agents/missions/")
    check_a11y(agent_page, context="modération des missions")
    expect(agent_page.get_by_text("On demande de payer")).to_be_visible()
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name=re.compile("^Masquer")).first.click()
    check_a11y(agent_page, context="masquer une mission")
    agent_page.get_by_label("Motif du masquage").fill("Le bénévolat ne se paie pas.")
    submit(agent_page, "Masquer la mission")
    visit(agent_page, "/espace-agents/missions/?voir=masquees")
    check_a11y(agent_page, context="missions masquées")
    visit(agent_page, "/missions/nouvelle/pour-autrui/")
    check_a11y(agent_page, context="publier pour autrui")
    screenshot(agent_page, "missions-12-agents")
    assert not page_problems(agent_page), page_problems(agent_page)
