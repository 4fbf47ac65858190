"""Issue 3's "Done when", as one continuous journey in a real browser, with axe-core on every page:

Sami, manager of La Bicyclette Bleue, posts a mission in Romans-sur-Isère through the mission
form. Camille, not yet logged in, looks for missions within 10 km of Romans-sur-Isère
(`commune=26281&rayon=10`): Sami's mission shows, a mission 30 km away does not. She opens it,
logs in from the mission's page and applies with a message. Sami accepts her from his
association's dashboard. Camille declares 3 hours; Sami validates them; Camille downloads her
"attestation de bénévolat" and the PDF names her, the association and the 3 hours.

The pieces are tested in more detail by test_missions_journey.py (posting, search) and
test_engagement_journey.py (apply → attestation); this test chains them, with nothing made by
a factory along the way except the personas and the far mission.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.helpers import check_a11y, new_page, page_problems, screenshot
from tests.e2e.test_engagement_journey import log_in, submit, visit
from tests.e2e.test_missions_journey import FACTORY_PASSWORD, FAR_TITLE, far_mission  # noqa: F401

TITLE = "Remise en selle : vélos pour les lycéens"
MESSAGE = "Bonjour, je répare mes vélos depuis des années et je suis libre le samedi."


def test_volunteering_done_when(page, new_context, romans, bicyclette, manager, inhabitant, far_mission):  # noqa: F811
    # 1. Sami logs in through the login form, on his phone.
    visit(page, "/comptes/login/")
    check_a11y(page, context="connexion")
    log_in(page, manager.email)

    # 2. He posts a mission in Romans-sur-Isère through the mission form: flexible hours,
    # until a month from now (hours may then be declared on any past day).
    visit(page, "/missions/nouvelle/")
    check_a11y(page, context="publier une mission")
    page.get_by_label("La Bicyclette Bleue").check()
    page.get_by_label("Titre de la mission").fill(TITLE)
    page.get_by_label("Description").fill("Remettre en état des vélos donnés, pour les lycéens de Romans.")
    page.get_by_role("checkbox", name="Mobilité", exact=True).check()
    page.get_by_role("checkbox", name="Romans-sur-Isère", exact=True).check()
    page.get_by_role("radio", name="Horaires libres").check()
    page.get_by_label("Date de fin").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_label("Nombre de bénévoles recherchés").fill("2")
    screenshot(page, "done-when-01-form")
    submit(page, "Publier la mission")
    expect(page.get_by_text("Votre mission est publiée")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_a11y(page, context="mission publiée")

    # 3. Camille, not logged in, looks for missions within 10 km of Romans-sur-Isère.
    camille = new_page(new_context())
    visit(camille, "/missions/?commune=26281&rayon=10")
    check_a11y(camille, context="missions à 10 km de Romans")
    expect(camille.get_by_role("link", name=TITLE)).to_be_visible()
    expect(camille.get_by_role("link", name=FAR_TITLE)).to_have_count(0)
    screenshot(camille, "done-when-02-search")
    # (The far mission is there all right: it shows within 30 km.)
    visit(camille, "/missions/?commune=26281&rayon=30")
    expect(camille.get_by_role("link", name=FAR_TITLE)).to_be_visible()
    visit(camille, "/missions/?commune=26281&rayon=10")

    # 4. She opens the mission, logs in from its page and comes back to it.
    with camille.expect_navigation():
        camille.get_by_role("link", name=TITLE).click()
    expect(camille.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_a11y(camille, context="fiche mission (anonyme)")
    mission_path = urlsplit(camille.url).path
    with camille.expect_navigation():
        camille.get_by_role("link", name="Se connecter pour proposer mon aide").click()
    assert urlsplit(camille.url).path == "/comptes/login/", camille.url
    camille.get_by_label("Adresse e-mail").fill(inhabitant.email)
    camille.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(camille, "Se connecter")
    assert urlsplit(camille.url).path == mission_path, f"after login, {camille.url} instead of the mission"

    # 5. She applies with a message.
    check_a11y(camille, context="fiche mission (connectée)")
    camille.get_by_label("Votre message à l'association").fill(MESSAGE)
    submit(camille, "Envoyer ma candidature")
    expect(camille.get_by_text("Votre candidature est envoyée")).to_be_visible()
    expect(camille.get_by_role("heading", level=1)).to_have_text("Ma candidature")
    check_a11y(camille, context="candidature envoyée")
    engagement_path = urlsplit(camille.url).path
    screenshot(camille, "done-when-03-applied")

    # 6. Sami sees her application (and her message) on his dashboard and accepts it.
    dashboard = f"/missions/association/{bicyclette.slug}/tableau/"
    visit(page, dashboard)
    check_a11y(page, context="tableau de bord de l'association")
    expect(page.get_by_role("link", name="Camille", exact=True)).to_be_visible()
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    screenshot(page, "done-when-04-dashboard")
    submit(page, re.compile(r"^Accepter"))
    expect(page.get_by_text("La candidature de Camille est acceptée")).to_be_visible()
    check_a11y(page, context="candidature acceptée")

    # 7. Camille declares 3 hours today.
    visit(camille, engagement_path)
    expect(camille.get_by_text("En cours")).to_be_visible()
    check_a11y(camille, context="candidature acceptée (bénévole)")
    with camille.expect_navigation():
        camille.get_by_role("link", name="Déclarer des heures").first.click()
    check_a11y(camille, context="déclarer des heures")
    camille.get_by_label("Jour").fill(timezone.localdate().isoformat())
    camille.get_by_label("Heures").fill("3")
    camille.get_by_label("Minutes").fill("0")
    camille.get_by_label("Ce que vous avez fait").fill("Trois vélos révisés : freins et dérailleurs.")
    submit(camille, "Déclarer ces heures")
    expect(camille.get_by_text("3 h déclarées")).to_be_visible()
    check_a11y(camille, context="heures déclarées")

    # 8. Sami validates them.
    visit(page, dashboard)
    expect(page.get_by_role("heading", name="Heures à valider")).to_be_visible()
    check_a11y(page, context="heures à valider")
    submit(page, "Valider les heures cochées")
    expect(page.get_by_text("1 ligne validée (3 h)")).to_be_visible()
    check_a11y(page, context="heures validées")
    screenshot(page, "done-when-05-validated")

    # 9. Camille sees the 3 validated hours and downloads her attestation.
    visit(camille, "/missions/mon-benevolat/")
    check_a11y(camille, context="mon bénévolat")
    row = camille.get_by_role("article", name="La Bicyclette Bleue")
    expect(row).to_contain_text("3 h")
    screenshot(camille, "done-when-06-my-volunteering")
    with camille.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("Télécharger l'attestation")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    path = download.path()
    assert path is not None
    text = PdfReader(path).pages[0].extract_text()
    flat = re.sub(r"\s+", " ", text)
    assert "Attestation de bénévolat" in flat, text
    assert "Camille" in flat, text
    assert "La Bicyclette Bleue" in flat, text
    assert TITLE in flat, text
    assert re.search(r"Total des heures validées : 3 h\.", flat), text

    assert not page_problems(camille), page_problems(camille)

    from solidaires.volunteering.models import Engagement, HoursState

    engagement = Engagement.objects.get(mission__title=TITLE, volunteer=inhabitant)
    assert engagement.mission.association == bicyclette
    assert engagement.mission.posted_by == manager
    assert [(entry.minutes, entry.state) for entry in engagement.hours.all()] == [(180, HoursState.VALIDATED)]
