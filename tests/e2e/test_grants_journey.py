"""The grants journey, in a real browser with axe-core on every instruction page:

An informal group of Valence ("Collectif du Lavoir", Camille as contact) has an Initiatives
Citoyennes draft (set up with factories) and submits it. Nadia, an agent (password + TOTP),
finds it in her inbox, starts the examination and asks for a missing piece; Camille answers on
her phone; Nadia creates a committee session with Paul and Claire (elected officials) and
herself, sends the file to it and opens scoring. Paul declares a conflict of interest (he
cannot score the file nor see the scores), Claire and Nadia score it. Nadia records a partial
grant; the letter (PDF) goes by e-mail; she marks the 80 % advance as paid; Camille sends her
final report with a photo; Nadia approves it, marks the balance paid, and the file is closed.
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


@pytest.fixture
def group_draft(db, inhabitant, valence):
    """Camille's informal group and a complete Initiatives Citoyennes draft (4 000 € asked)."""
    from solidaires.grants.tests.factories import (
        GroupApplicantFactory,
        SchemeFactory,
        envelope,
        ready_application,
    )

    scheme = SchemeFactory(
        criteria=[
            {"key": "utilite", "label": "Utilité pour les habitants", "weight": 3},
            {"key": "faisabilite", "label": "Faisabilité", "weight": 1},
        ]
    )
    envelope(scheme, 2_000_000)
    applicant = GroupApplicantFactory(person=inhabitant, name="Collectif du Lavoir", commune=valence)
    return ready_application(
        applicant=applicant, commune=valence, call__scheme=scheme, title="Fête du lavoir"
    )


@pytest.fixture
def claire(db):
    from solidaires.accounts.tests.factories import ElectedFactory

    return ElectedFactory(email="claire@agglo.exemple.fr", display_name="Claire")


def test_grants_journey(page, new_context, group_draft, inhabitant, agent, elected, claire):
    from solidaires.grants import services as applicant_services
    from solidaires.grants.models import Application, ApplicationState, Score, VaultDocument
    from solidaires.grants.tests.factories import VaultDocumentFactory, document_kind

    # 1. Camille's group submits its draft (applicant side's service: its pages have their own journey).
    applicant_services.application_submit(application=group_draft, by=inhabitant)
    application = Application.objects.get(pk=group_draft.pk)
    assert application.state == ApplicationState.SUBMITTED and application.number

    # 2. Nadia logs in with her password and her authenticator app, finds the file in her inbox.
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

    # 3. A missing piece: a mistake first (date in the past), then the request.
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

    # 4. Camille answers on her phone: the quote is in her vault, she sends it from the file page.
    VaultDocumentFactory(
        applicant=application.applicant, kind=document_kind("devis", "Devis"), original_name="devis.pdf"
    )
    login(page, inhabitant)
    visit(page, f"/projets/dossiers/{application.number}/")
    expect(page.get_by_text("Merci d'ajouter le devis").first).to_be_visible()
    quote = VaultDocument.objects.get(original_name="devis.pdf")
    page.get_by_label("Document du coffre-fort").select_option(value=str(quote.pk))
    submit(page, "Transmettre la pièce")
    application.refresh_from_db()
    assert application.state == ApplicationState.INSTRUCTION
    assert "Vu Camille" not in page.content()  # internal notes never reach her

    # 5. Nadia creates the committee session and sends the file to it.
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

    # 6. Paul (elected) declares a conflict of interest: he will neither score nor see the scores.
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

    # 7. Claire and Nadia score the file.
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

    # 8. Nadia records a partial grant; the letter is e-mailed and downloadable.
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
    pdf = nadia.request.get(f"/espace-agents/subventions/dossiers/{application.pk}/courriers/{decision.pk}/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # 9. The 80 % advance is paid.
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

    # 10. Camille sends the final report with a photo, on her phone.
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

    # 11. Nadia approves the report, pays the balance: the file is closed.
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
