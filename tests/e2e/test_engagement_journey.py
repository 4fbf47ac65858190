"""The engagement journey, in a real browser, on a phone, with axe-core on every page:

Camille finds a published mission of La Bicyclette Bleue and offers her help with a message.
Sami, who manages the association, accepts her from his dashboard. Camille declares 3 hours;
Sami validates them; Camille downloads her "attestation de bénévolat" (a PDF).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_a11y, new_page, screenshot

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path} sent us to {page.url}"


def submit(page: Page, name: str | re.Pattern[str]) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).first.click()


def log_in(page: Page, email: str) -> None:
    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(page, "Se connecter")


@pytest.fixture
def mission(bicyclette, manager):
    from solidaires.volunteering.tests.factories import EngagementMissionFactory

    return EngagementMissionFactory(
        association=bicyclette, posted_by=manager, title="Atelier de réparation de vélos"
    )


def test_engagement_journey(page, new_context, mission, inhabitant, manager, bicyclette):
    # 1. Camille opens the mission and offers her help.
    log_in(page, inhabitant.email)
    visit(page, mission.get_absolute_url())
    check_a11y(page, context="page de la mission")
    page.get_by_label("Votre message à l'association").fill("Bonjour, je suis disponible le samedi.")
    screenshot(page, "engagement-01-apply")
    submit(page, "Envoyer ma candidature")
    expect(page.get_by_text("Votre candidature est envoyée")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ma candidature")
    check_a11y(page, context="candidature envoyée")
    engagement_url = urlsplit(page.url).path

    # 2. Sami sees it in his dashboard and accepts it.
    sami = new_page(new_context())
    log_in(sami, manager.email)
    dashboard = f"/missions/association/{bicyclette.slug}/tableau/"
    visit(sami, dashboard)
    check_a11y(sami, context="tableau de bord de l'association")
    expect(sami.get_by_role("link", name="Camille", exact=True)).to_be_visible()
    screenshot(sami, "engagement-02-dashboard")
    submit(sami, re.compile(r"^Accepter"))
    expect(sami.get_by_text("La candidature de Camille est acceptée")).to_be_visible()

    # 3. Camille declares 3 hours today.
    visit(page, engagement_url)
    expect(page.get_by_text("En cours")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Déclarer des heures").first.click()
    check_a11y(page, context="déclarer des heures")
    page.get_by_label("Jour").fill(timezone.localdate().isoformat())
    page.get_by_label("Heures").fill("3")
    page.get_by_label("Minutes").fill("0")
    page.get_by_label("Ce que vous avez fait").fill("Réglage de freins")
    screenshot(page, "engagement-03-hours")
    submit(page, "Déclarer ces heures")
    expect(page.get_by_text("3 h déclarées")).to_be_visible()
    check_a11y(page, context="heures déclarées")

    # 4. Sami validates them from his dashboard.
    visit(sami, dashboard)
    expect(sami.get_by_role("heading", name="Heures à valider")).to_be_visible()
    check_a11y(sami, context="heures à valider")
    submit(sami, "Valider les heures cochées")
    expect(sami.get_by_text("1 ligne validée (3 h)")).to_be_visible()
    check_a11y(sami, context="heures validées")

    # 5. Camille sees 3 validated hours and downloads her attestation.
    visit(page, "/missions/mon-benevolat/")
    check_a11y(page, context="mon bénévolat")
    row = page.get_by_role("article", name="La Bicyclette Bleue")
    expect(row).to_contain_text("3 h")
    screenshot(page, "engagement-04-my-dashboard")
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("Télécharger l'attestation")).click()
    download = download_info.value
    assert re.fullmatch(r"attestation-benevolat-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    path = download.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The attestation form page too.
    visit(page, "/missions/attestation/")
    check_a11y(page, context="attestation")


def test_engagement_side_pages(page, new_context, mission, inhabitant, manager, bicyclette, agent):
    """The other pages of engagements, checked with axe on a phone: refusing with a reason (and
    the error when it is missing), withdrawing, the yearly summary, the agents' queue."""
    from datetime import timedelta

    from solidaires.volunteering.models import Engagement, HoursState
    from solidaires.volunteering.tests.factories import (
        ActiveEngagementFactory,
        EngagementFactory,
        HoursEntryFactory,
    )
    from tests.e2e.helpers import DESKTOP, totp_code

    waiting = EngagementFactory(mission=mission)
    Engagement.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=12))
    mine = EngagementFactory(mission=mission, volunteer=inhabitant)
    active = ActiveEngagementFactory(mission=mission)
    HoursEntryFactory(engagement=active, state=HoursState.VALIDATED, minutes=150)

    # Sami refuses an application: the reason is required.
    log_in(page, manager.email)
    visit(page, f"/missions/engagements/{waiting.pk}/refuser/")
    check_a11y(page, context="refuser une candidature")
    submit(page, "Refuser la candidature")
    expect(page.get_by_text("Indiquez le motif : la personne le verra.").first).to_be_visible()
    check_a11y(page, context="refuser sans motif")
    page.get_by_label("Motif").fill("Nous sommes complets pour cette date.")
    submit(page, "Refuser la candidature")
    expect(page.get_by_text("n'est pas retenue")).to_be_visible()
    visit(page, f"/missions/association/{bicyclette.slug}/heures-{timezone.localdate().year}/")
    check_a11y(page, context="bilan annuel")
    expect(page.get_by_role("cell", name="2 h 30")).to_be_visible()
    screenshot(page, "engagement-05-yearly-summary")

    # Camille withdraws her application (a confirmation page first).
    camille = new_page(new_context())
    log_in(camille, inhabitant.email)
    visit(camille, f"/missions/engagements/{mine.pk}/retirer/")
    check_a11y(camille, context="retirer sa candidature")
    submit(camille, "Oui, retirer ma candidature")
    expect(camille.get_by_text("Votre candidature est retirée.")).to_be_visible()
    check_a11y(camille, context="candidature retirée")

    # Nadia, an agent, sees applications left 10 days without an answer.
    nadia = new_page(new_context(viewport=DESKTOP))
    visit(nadia, "/comptes/login/")
    nadia.get_by_label("Adresse e-mail").fill(agent.email)
    nadia.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(nadia, "Se connecter")
    nadia.get_by_label("Code", exact=True).fill(totp_code(agent))
    submit(nadia, "Valider")
    visit(nadia, "/missions/engagements/agents/")
    check_a11y(nadia, context="file des agents")
