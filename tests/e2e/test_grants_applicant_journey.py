"""The applicant side of grants, in a real browser on a phone, with axe-core on every page:

Camille creates an informal group with a neighbour, starts an Initiatives Citoyennes file,
types the project (autosaved), enters an unbalanced budget (saved, explained in French with
the amounts), fixes it, puts a RIB in the vault (a disguised file is refused first),
attaches it, submits, and gets a number, an acknowledgement and the file's timeline.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, check_a11y, new_page, screenshot, totp_code

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path


def submit(page: Page, name: str | re.Pattern[str]) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=isinstance(name, str)).click()


def log_in(page: Page, email: str) -> None:
    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(page, "Se connecter")


@pytest.fixture
def open_call(db):
    from solidaires.grants.tests.factories import CallFactory

    return CallFactory(name="Session d'hiver")


def test_applicant_journey(page, valence, inhabitant, member, open_call, tmp_path: Path):
    log_in(page, inhabitant.email)

    # 1. The section explains the open scheme and its deadline.
    visit(page, "/projets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projets et subventions")
    expect(page.get_by_text("Session d'hiver : dépôt jusqu'au")).to_be_visible()
    check_a11y(page, context="projets")
    screenshot(page, "grants-index")

    # 2. She creates an informal group with Lou.
    visit(page, "/projets/mon-espace/groupes/nouveau/")
    check_a11y(page, context="nouveau groupe")
    page.get_by_label("Nom du groupe").fill("Les voisins de Fontbarlettes")
    page.get_by_label("Commune du groupe").select_option(label="Valence (26362)")
    page.get_by_label("Autres membres").fill(member.email)
    submit(page, "Créer le groupe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les voisins de Fontbarlettes")
    check_a11y(page, context="espace du groupe")

    # 3. She puts her RIB in the vault: a disguised executable is refused first.
    page.get_by_role("link", name="Ajouter un document").first.click()
    page.get_by_label("Type de document").select_option(label="Relevé d'identité bancaire (RIB)")
    fake = tmp_path / "rib.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    page.get_by_label("Fichier").set_input_files(str(fake))
    submit(page, "Ajouter le document")
    expect(page.locator(".error-summary")).to_contain_text(
        "n'est pas un document PDF, JPEG, PNG, ODT ou DOCX valide"
    )
    check_a11y(page, context="coffre-fort, erreur")
    real = tmp_path / "rib-groupe.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Fichier").set_input_files(str(real))
    submit(page, "Ajouter le document")
    expect(page.get_by_role("link", name="rib-groupe.pdf", exact=True)).to_be_visible()

    # 4. She starts a file for the group.
    visit(page, "/projets/deposer/")
    check_a11y(page, context="déposer un dossier")
    page.get_by_label(re.compile("Les voisins de Fontbarlettes")).check()
    page.get_by_label("Dispositif").select_option(label="Initiatives citoyennes — Session d'hiver")
    page.get_by_label("Titre du projet").fill("Jardin partagé des Hauts")
    submit(page, "Commencer le dossier")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le projet")
    check_a11y(page, context="étape projet")

    # 5. The project; what she types is autosaved (every 20 s) before she saves the step.
    page.get_by_label("Le projet en quelques lignes").fill("Des bacs de culture au pied des immeubles.")
    expect(page.locator("#autosave-status")).to_contain_text(
        re.compile(r"Enregistré à \d\d h \d\d"), timeout=30_000
    )
    page.get_by_label("Le public concerné").fill("Les familles du quartier, environ 40 personnes.")
    page.get_by_label("Début du projet").fill("2027-03-01")
    page.get_by_label("Fin du projet").fill("2027-06-30")
    page.get_by_label("Valence", exact=True).check()
    screenshot(page, "grants-step-project")
    submit(page, "Enregistrer et continuer")

    # 6. An unbalanced budget is saved and explained with the amounts.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le budget")
    check_a11y(page, context="étape budget")
    rows = page.locator(".grants-budget-row")
    rows.nth(0).get_by_label("Libellé").fill("Bacs et terre")
    rows.nth(0).get_by_label("Montant (€)").fill("6 200")
    page.get_by_label("Subvention demandée à l'Agglo (en euros)").fill("4 000")
    income_rows = page.locator("fieldset").nth(1).locator(".grants-budget-row")
    income_rows.nth(0).get_by_label("Libellé").fill("Participation des habitants")
    income_rows.nth(0).get_by_label("Montant (€)").fill("1 900")
    submit(page, "Enregistrer et continuer")
    expect(page.locator(".error-summary")).to_contain_text(
        "Le total des dépenses (6\u202f200\u00a0€) ne correspond pas au total des recettes (5\u202f900\u00a0€)"
    )
    check_a11y(page, context="budget déséquilibré")
    screenshot(page, "grants-budget-error")
    income_rows = page.locator("fieldset").nth(1).locator(".grants-budget-row")
    income_rows.nth(0).get_by_label("Montant (€)").fill("2 200")
    submit(page, "Enregistrer et continuer")

    # 7. Documents: the RIB from the vault.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les pièces")
    check_a11y(page, context="étape pièces")
    submit(page, re.compile("^Joindre"))
    expect(page.get_by_text("Joint : ")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Continuer : vérifier et déposer").click()

    # 8. Review and submit: a number, an acknowledgement, the timeline.
    check_a11y(page, context="vérifier et déposer")
    expect(page.locator(".error-summary")).to_have_count(0)
    submit(page, "Déposer le dossier")
    expect(page.get_by_text(re.compile(r"déposé sous le numéro IC-\d{4}-0001"))).to_be_visible()
    expect(page.get_by_role("heading", name="Historique du dossier")).to_be_visible()
    expect(page.locator(".grants-timeline")).to_contain_text("Dossier déposé")
    check_a11y(page, context="page du dossier")
    screenshot(page, "grants-file")
    expect(page.get_by_role("link", name="Accusé de réception (PDF)")).to_be_visible()

    # 9. The desk lists it with its state and next step.
    visit(page, "/projets/mon-espace/")
    expect(page.locator(".grants-files")).to_contain_text("Déposé")
    check_a11y(page, context="mon espace")
    screenshot(page, "grants-desk")


def test_on_behalf_journey(page, new_context, valence, agent, open_call):
    """Nadia, an agent, configures a call, starts a file for Fatima met at a permanence and
    gives her a code; Fatima, logged in, types it and finds the file, "done for her"."""
    from solidaires.accounts.tests.factories import UserFactory

    agent_page = new_page(new_context(viewport=DESKTOP))
    log_in(agent_page, agent.email)
    agent_page.get_by_label("Code", exact=True).fill(totp_code(agent))
    submit(agent_page, "Valider")

    visit(agent_page, "/espace-agents/subventions/dispositifs/")
    expect(agent_page.get_by_role("heading", level=1)).to_have_text("Dispositifs et appels à projets")
    check_a11y(agent_page, context="dispositifs")
    visit(agent_page, f"/espace-agents/subventions/dispositifs/{open_call.scheme_id}/modifier/")
    check_a11y(agent_page, context="modifier un dispositif")

    visit(agent_page, "/espace-agents/subventions/pour-un-habitant/")
    check_a11y(agent_page, context="dossier pour un habitant")
    agent_page.get_by_label("Habitant·e").check()
    agent_page.get_by_label("Nom de la personne ou du groupe").fill("Fatima B.")
    agent_page.get_by_label(re.compile(r"^Commune")).select_option(label="Valence (26362)")
    agent_page.get_by_label("Dispositif").select_option(label="Initiatives citoyennes — Session d'hiver")
    agent_page.get_by_label("Titre du projet").fill("Repair café du quartier")
    agent_page.get_by_label("Comment la personne a-t-elle donné son accord ?").fill(
        "Accord oral à la permanence"
    )
    submit(agent_page, "Créer le dossier")
    check_a11y(agent_page, context="code de remise")
    code = agent_page.locator(".grants-code strong").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)

    UserFactory(email="fatima@exemple.fr", display_name="Fatima")
    log_in(page, "fatima@exemple.fr")
    visit(page, "/projets/recuperer-un-dossier/")
    check_a11y(page, context="retrouver un dossier")
    page.get_by_label("Code remis par l'agent").fill(code)
    submit(page, "Retrouver mon dossier")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fatima B.")
    with page.expect_navigation():
        page.get_by_role("link", name="Repair café du quartier").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le projet")
    expect(page.get_by_text("Dossier préparé avec Nadia")).to_be_visible()
    check_a11y(page, context="brouillon remis")
