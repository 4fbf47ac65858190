"""The grants journey, in a real browser with axe-core on every instruction page:

Camille logs in, creates an informal group of Valence ("Collectif du Lavoir", she is its
contact) from her desk, starts an Initiatives Citoyennes file, fills the four steps on her
phone (project, a budget that balances, the group's RIB uploaded as a PDF and attached),
submits it and gets the number IC-<year>-0001 and the acknowledgement e-mail. Nadia, an agent
(password + TOTP), finds it in her inbox, starts the examination and asks for a missing piece;
Camille answers on her phone; Nadia creates a committee session with Paul and Claire (elected
officials) and herself, sends the file to it and opens scoring. Paul declares a conflict of
interest (he cannot score the file nor see the scores), Claire and Nadia score it. Nadia
records a partial grant; the letter (PDF, showing the amount granted) goes by e-mail; she marks
the 80 % advance as paid; Camille sends her final report with a photo; Nadia approves it, marks
the balance paid, and the file is closed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, check_a11y, new_page, page_problems, screenshot, totp_code

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path} sent us to {page.url}"


def submit(page: Page, name: str | re.Pattern[str]) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def login(page: Page, user, *, totp: bool = False) -> None:
    page.goto("/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(page, "Se connecter")
    if totp:
        page.get_by_label("Code", exact=True).fill(totp_code(user))
        submit(page, "Valider")


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A small, valid one-page PDF (what a scanned RIB looks like to the upload checks)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    """The first page's text, whitespace (narrow no-break spaces included) made plain spaces."""
    from pypdf import PdfReader

    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


@pytest.fixture
def initiatives_call(db):
    """The open Initiatives Citoyennes call (RIB required, 5 000 € and 80 % at most), with its envelope."""
    from solidaires.grants.tests.factories import CallFactory, SchemeFactory, envelope

    scheme = SchemeFactory(
        criteria=[
            {"key": "utilite", "label": "Utilité pour les habitants", "weight": 3},
            {"key": "faisabilite", "label": "Faisabilité", "weight": 1},
        ]
    )
    envelope(scheme, 2_000_000)
    return CallFactory(scheme=scheme, name="Session de printemps")


@pytest.fixture
def claire(db):
    from solidaires.accounts.tests.factories import ElectedFactory

    return ElectedFactory(email="claire@agglo.exemple.fr", display_name="Claire")


def test_grants_journey(page, new_context, initiatives_call, valence, inhabitant, agent, elected, claire):
    from solidaires.grants.models import ApplicantKind, Application, ApplicationState, Score, VaultDocument
    from solidaires.grants.tests.factories import VaultDocumentFactory, document_kind

    # 1. Camille logs in on her phone and creates the group's space from her desk.
    login(page, inhabitant)
    visit(page, "/projets/mon-espace/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace projets et subventions")
    check_a11y(page, context="mon espace (vide)")
    with page.expect_navigation():
        page.get_by_role("link", name="Créer un groupe d'habitants").click()
    check_a11y(page, context="nouveau groupe")
    page.get_by_label("Nom du groupe").fill("Collectif du Lavoir")
    page.get_by_label("Commune du groupe").select_option(label="Valence (26362)")
    submit(page, "Créer le groupe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Collectif du Lavoir")
    expect(page.get_by_text("Le groupe est créé")).to_be_visible()
    check_a11y(page, context="espace du groupe")

    # 2. She starts an Initiatives Citoyennes file for the group.
    visit(page, "/projets/mon-espace/")
    with page.expect_navigation():
        page.get_by_role("link", name="Déposer un dossier").first.click()
    check_a11y(page, context="déposer un dossier")
    page.get_by_label(re.compile("Collectif du Lavoir")).check()
    page.get_by_label("Dispositif").select_option(label="Initiatives citoyennes — Session de printemps")
    page.get_by_label("Titre du projet").fill("Fête du lavoir")
    submit(page, "Commencer le dossier")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le projet")
    check_a11y(page, context="étape projet")

    # 3. The project.
    today = timezone.localdate()
    page.get_by_label("Le projet en quelques lignes").fill(
        "Une journée de fête autour du lavoir rénové : repas partagé, musique, jeux pour les enfants."
    )
    page.get_by_label("Le public concerné").fill("Les habitants du quartier, environ 150 personnes.")
    page.get_by_label("Présentation publique").fill("Une fête de quartier autour du vieux lavoir.")
    page.get_by_label("Début du projet").fill((today + dt.timedelta(days=60)).isoformat())
    page.get_by_label("Fin du projet").fill((today + dt.timedelta(days=61)).isoformat())
    page.get_by_label("Valence", exact=True).check()
    submit(page, "Enregistrer et continuer")

    # 4. The budget: 5 000 € of expenses, 4 000 € asked (80 %, within the 5 000 € ceiling).
    expect(page.get_by_role("heading", level=1)).to_contain_text("Le budget")
    check_a11y(page, context="étape budget")
    expense_rows = page.locator("fieldset").nth(0).locator(".grants-budget-row")
    expense_rows.nth(0).get_by_label("Libellé").fill("Location de tables et sonorisation")
    expense_rows.nth(0).get_by_label("Montant (€)").fill("2 000")
    expense_rows.nth(1).get_by_label("Libellé").fill("Buffet partagé")
    expense_rows.nth(1).get_by_label("Montant (€)").fill("3 000")
    page.get_by_label("Subvention demandée à l'Agglo (en euros)").fill("4 000")
    income_rows = page.locator("fieldset").nth(1).locator(".grants-budget-row")
    income_rows.nth(0).get_by_label("Libellé").fill("Participation des habitants")
    income_rows.nth(0).get_by_label("Montant (€)").fill("1 000")
    submit(page, "Enregistrer et continuer")

    # 5. The pieces: she uploads the group's RIB (a PDF) from the step: it is joined at once.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les pièces")
    expect(page.get_by_text("Manquant.")).to_be_visible()
    check_a11y(page, context="étape pièces")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Ajouter un document « Relevé")).click()
    check_a11y(page, context="ajouter un document")
    expect(page.get_by_label("Type de document")).to_have_value(str(document_kind("rib").pk))
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "rib-collectif.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    submit(page, "Ajouter le document")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Les pièces")
    expect(page.get_by_text("Le document est ajouté à votre coffre-fort et joint au dossier")).to_be_visible()
    expect(page.get_by_text("Joint : rib-collectif.pdf")).to_be_visible()
    expect(page.get_by_text("Manquant.")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="Continuer : vérifier et déposer").click()

    # 6. Review and submit: the first number of the year and the acknowledgement e-mail.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifier et déposer")
    expect(page.locator(".error-summary")).to_have_count(0)
    check_a11y(page, context="vérifier et déposer")
    expect(page.get_by_text("4\u202f000\u00a0€").first).to_be_visible()
    submit(page, "Déposer le dossier")
    number = f"IC-{timezone.localdate().year}-0001"
    expect(page.get_by_text(f"déposé sous le numéro {number}")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fête du lavoir")
    check_a11y(page, context="dossier déposé (porteur)")
    screenshot(page, "grants-00-submitted-phone")
    acks = [m for m in mail.outbox if m.to == [inhabitant.email] and number in m.subject]
    assert len(acks) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert "Fête du lavoir" in acks[0].body and f"/projets/dossiers/{number}/" in acks[0].body
    application = Application.objects.get(number=number)
    assert application.state == ApplicationState.SUBMITTED
    assert application.applicant.kind == ApplicantKind.GROUP
    assert application.applicant.name == "Collectif du Lavoir" and application.applicant.person == inhabitant
    assert application.amount_requested_cents == 400_000
    assert list(application.attachments.values_list("vault_document__original_name", flat=True)) == [
        "rib-collectif.pdf"
    ]

    # 7. Nadia logs in with her password and her authenticator app, finds the file in her inbox.
    nadia = new_page(new_context(viewport=DESKTOP))
    login(nadia, agent, totp=True)
    visit(nadia, "/espace-agents/subventions/")
    expect(nadia.get_by_role("heading", level=1)).to_have_text("Dossiers de subvention")
    check_a11y(nadia, context="boîte des dossiers")
    screenshot(nadia, "grants-01-inbox")
    # Keyboard shortcuts: j focuses the first file, x ticks it.
    nadia.keyboard.press("j")
    expect(nadia.get_by_role("link", name=application.number)).to_be_focused()
    nadia.keyboard.press("x")
    expect(nadia.locator(f"#choix-{application.pk}")).to_be_checked()
    with nadia.expect_navigation():
        nadia.get_by_role("link", name=application.number).click()
    check_a11y(nadia, context="dossier (agent)")
    submit(nadia, "Commencer l'examen")
    expect(nadia.get_by_text("L'examen du dossier commence")).to_be_visible()
    nadia.get_by_label("Note interne").fill("Vu Camille à la Maison citoyenne : projet solide.")
    submit(nadia, "Ajouter la note")

    # 8. A missing piece: a mistake first (date in the past), then the request.
    with nadia.expect_navigation():
        nadia.get_by_role("link", name="Demander des pièces").click()
    check_a11y(nadia, context="demander des pièces")
    nadia.get_by_label("Ce qui manque").fill("Merci d'ajouter le devis de la location de tables.")
    nadia.get_by_label("À fournir avant le").fill("2020-01-01")
    submit(nadia, "Envoyer la demande")
    expect(nadia.get_by_text("Choisissez une date après aujourd'hui.").first).to_be_visible()
    expect(nadia.get_by_label("Ce qui manque")).to_have_value(
        "Merci d'ajouter le devis de la location de tables."
    )
    check_a11y(nadia, context="demande de pièces en erreur")
    nadia.get_by_label("À fournir avant le").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    submit(nadia, "Envoyer la demande")
    expect(nadia.get_by_text("le délai est suspendu")).to_be_visible()
    assert any("des pièces manquent" in m.subject for m in mail.outbox if inhabitant.email in m.to)

    # 9. Camille answers on her phone: the quote is in her vault, she sends it from the file page.
    VaultDocumentFactory(
        applicant=application.applicant, kind=document_kind("devis", "Devis"), original_name="devis.pdf"
    )
    visit(page, f"/projets/dossiers/{application.number}/")
    expect(page.get_by_text("Merci d'ajouter le devis").first).to_be_visible()
    quote = VaultDocument.objects.get(original_name="devis.pdf")
    page.get_by_label("Document du coffre-fort").select_option(value=str(quote.pk))
    submit(page, "Transmettre la pièce")
    application.refresh_from_db()
    assert application.state == ApplicationState.INSTRUCTION
    assert "Vu Camille" not in page.content()  # internal notes never reach her

    # 10. Nadia creates the committee session and sends the file to it.
    visit(nadia, "/espace-agents/subventions/commissions/nouvelle/")
    check_a11y(nadia, context="nouvelle séance")
    nadia.get_by_label("Dispositif").select_option(value=str(application.scheme_id))
    nadia.get_by_label("Date du comité").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    for person in ("Nadia", "Paul", "Claire"):
        nadia.get_by_label(re.compile(person)).check()
    submit(nadia, "Créer la séance")
    expect(nadia.get_by_role("heading", level=1)).to_contain_text("Comité")
    submit(nadia, "Ouvrir la notation")
    visit(nadia, f"/espace-agents/subventions/dossiers/{application.pk}/")
    submit(nadia, "Présenter au comité")
    expect(nadia.get_by_text("Le dossier est inscrit")).to_be_visible()
    session = application.committee_sessions.get()

    # 11. Paul (elected) declares a conflict of interest: he will neither score nor see the scores.
    paul = new_page(new_context())
    login(paul, elected)
    visit(paul, "/projets/commissions/")
    check_a11y(paul, context="mes comités")
    with paul.expect_navigation():
        paul.get_by_role("link", name=session.name).click()
    check_a11y(paul, context="séance (membre)")
    with paul.expect_navigation():
        paul.get_by_role("link", name=re.compile("^Noter")).first.click()
    check_a11y(paul, context="noter un dossier")
    paul.get_by_label(re.compile("^Nature du lien")).fill("Je suis voisin du lavoir et membre du collectif.")
    paul.get_by_label(re.compile("Je déclare un lien")).check()
    submit(paul, "Déclarer un conflit d'intérêts")
    expect(paul.get_by_text("conflit déclaré")).to_be_visible()
    screenshot(paul, "grants-02-member-conflict")

    # 12. Claire and Nadia score the file.
    for scorer, user in ((new_page(new_context()), claire), (None, agent)):
        p = scorer or nadia
        if scorer is not None:
            login(p, user)
        visit(p, f"/projets/commissions/{session.pk}/dossiers/{application.pk}/")
        p.locator('input[name="c_utilite"][value="4"]').check()
        p.locator('input[name="c_faisabilite"][value="3"]').check()
        submit(p, "Enregistrer mes notes")
        expect(p.get_by_text("sont enregistrées")).to_be_visible()
    assert Score.objects.filter(application=application).count() == 4
    assert not Score.objects.filter(application=application, member__user=elected).exists()
    visit(paul, f"/projets/commissions/{session.pk}/")
    expect(paul.get_by_text("3,75")).to_have_count(0)

    # 13. Nadia records a partial grant; the letter is e-mailed and downloadable.
    visit(nadia, f"/espace-agents/subventions/commissions/{session.pk}/")
    expect(nadia.get_by_text("3,75")).to_be_visible()
    check_a11y(nadia, context="séance (agent)")
    screenshot(nadia, "grants-03-session")
    with nadia.expect_navigation():
        nadia.get_by_role("link", name=re.compile("^Décider")).click()
    check_a11y(nadia, context="décision")
    nadia.get_by_label("Accordé en partie").check()
    nadia.get_by_label("Montant accordé (en cas d'accord partiel)").fill("3 000")
    nadia.get_by_label("Motif").fill("Le comité retient le projet sans la sonorisation.")
    submit(nadia, "Enregistrer la décision")
    expect(nadia.get_by_text("Décision enregistrée")).to_be_visible()
    application.refresh_from_db()
    assert application.state == ApplicationState.GRANTED and application.amount_granted_cents == 300_000
    letters = [m for m in mail.outbox if inhabitant.email in m.to and "décision" in m.subject]
    assert letters and letters[-1].attachments[0][1].startswith(b"%PDF")
    decision = application.decisions.get()
    agent_copy = nadia.request.get(
        f"/espace-agents/subventions/dossiers/{application.pk}/courriers/{decision.pk}/"
    )
    camille_copy = page.request.get(f"/projets/dossiers/{application.pk}/courriers/{decision.pk}/")
    assert agent_copy.ok and camille_copy.ok, (agent_copy.status, camille_copy.status)
    for letter in (letters[-1].attachments[0][1], agent_copy.body(), camille_copy.body()):
        text = pdf_text(letter)
        assert number in text and "Collectif du Lavoir" in text, text
        assert "une aide de 3 000 €, pour 4 000 € demandés" in text, text

    # 14. The 80 % advance is paid.
    visit(nadia, f"/espace-agents/subventions/dossiers/{application.pk}/")
    expect(
        nadia.get_by_text("2\u202f400,00\u00a0€").or_(nadia.get_by_text("2\u202f400\u00a0€")).first
    ).to_be_visible()
    with nadia.expect_navigation():
        nadia.get_by_role("link", name=re.compile("Marquer versé")).first.click()
    check_a11y(nadia, context="confirmer un versement")
    submit(nadia, "Confirmer le versement")
    application.refresh_from_db()
    assert application.state == ApplicationState.REPORT_DUE

    # 15. Camille sends the final report with a photo, on her phone.
    visit(page, f"/projets/dossiers/{application.pk}/rapport/")
    check_a11y(page, context="bilan (porteur)")
    page.get_by_label("Dépenses réalisées").fill("Location de tables ; 1 200\nBuffet partagé ; 1 900")
    page.get_by_label("Nombre de participants").fill("140")
    page.get_by_label("Ce que le projet a permis").fill(
        "Une journée au lavoir avec 140 voisins de tous âges."
    )
    page.get_by_label(re.compile("^Photos")).set_input_files(
        files=[{"name": "lavoir.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    screenshot(page, "grants-04-final-report-phone")
    submit(page, "Envoyer le bilan")
    expect(page.get_by_text("Votre bilan est envoyé")).to_be_visible()
    check_a11y(page, context="bilan envoyé")
    application.refresh_from_db()
    assert application.state == ApplicationState.REPORT_RECEIVED

    # 16. Nadia approves the report, pays the balance: the file is closed.
    visit(nadia, f"/espace-agents/subventions/dossiers/{application.pk}/bilan/")
    check_a11y(nadia, context="relire le bilan")
    submit(nadia, "Valider le bilan")
    with nadia.expect_navigation():
        nadia.get_by_role("link", name=re.compile("Marquer versé")).first.click()
    submit(nadia, "Confirmer le versement")
    application.refresh_from_db()
    assert application.state == ApplicationState.CLOSED
    assert [p.state for p in application.payments.order_by("position")] == ["paid", "paid"]

    # The history is one click away; the budget and the public page show the grant.
    visit(nadia, f"/espace-agents/subventions/dossiers/{application.pk}/historique/")
    check_a11y(nadia, context="historique")
    visit(nadia, "/espace-agents/subventions/budget/")
    check_a11y(nadia, context="budget")
    visitor = new_page(new_context())
    visit(visitor, "/projets/realises/")
    expect(visitor.get_by_text("Fête du lavoir")).to_be_visible()
    expect(visitor.get_by_text("Collectif du Lavoir")).to_have_count(0)
    check_a11y(visitor, context="projets soutenus")
    screenshot(visitor, "grants-05-funded-phone")
    for p in (nadia, paul, page, visitor):
        assert not page_problems(p), page_problems(p)
