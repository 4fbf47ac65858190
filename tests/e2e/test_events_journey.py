"""The agenda's journey on a phone, with axe-core on every page: an event with one place fills
up, the next person lands on the waiting list (position 1), the first cancels, the second is
promoted and receives the e-mail "Une place s'est libérée"."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_a11y, new_page, page_problems, screenshot

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py


def login(page: Page, email: str) -> None:
    page.goto("/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()


@pytest.fixture
def event(bicyclette):
    from solidaires.events.tests.factories import EventFactory

    return EventFactory(
        organisers=[bicyclette],
        title="Atelier réparation de vélos",
        capacity=1,
        commune=bicyclette.head_office_commune,
    )


def test_events_journey(page, new_context, event, inhabitant, member):
    # The agenda lists the event, on a phone.
    page.goto("/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    expect(page.get_by_role("link", name=event.title)).to_be_visible()
    check_a11y(page, context="agenda")
    screenshot(page, "events-01-agenda")
    page.goto("/agenda/?vue=mois")
    check_a11y(page, context="agenda mois")
    page.goto("/agenda/?vue=semaine")
    check_a11y(page, context="agenda semaine")
    from tests.e2e.helpers import DESKTOP

    desk = new_page(new_context(viewport=DESKTOP))
    month = timezone.localdate(event.starts_at).strftime("%Y-%m")
    desk.goto(f"/agenda/?vue=mois&mois={month}")
    expect(desk.get_by_role("table")).to_be_visible()
    check_a11y(desk, context="agenda mois (ordinateur)")
    screenshot(desk, "events-00-month-desktop")
    desk.goto("/agenda/")
    expect(desk.locator("#carte-agenda")).to_be_visible()  # the map opens on wide screens
    check_a11y(desk, context="agenda avec carte (ordinateur)")
    assert not page_problems(desk), page_problems(desk)

    # Camille takes the only place.
    login(page, inhabitant.email)
    page.goto(event.get_absolute_url())
    check_a11y(page, context="événement")
    expect(page.get_by_text("1 place restante")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Inscription confirmée.")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Code QR"))).to_be_visible()
    check_a11y(page, context="inscription confirmée")
    screenshot(page, "events-02-registration-qr")

    # Lou finds it full and lands on the waiting list, position 1.
    lou = new_page(new_context())
    login(lou, member.email)
    lou.goto(event.get_absolute_url())
    expect(lou.get_by_text("Complet.")).to_be_visible()
    with lou.expect_navigation():
        lou.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    expect(lou.get_by_text("Vous êtes en 1re position sur la liste d'attente.")).to_be_visible()
    check_a11y(lou, context="liste d'attente")
    screenshot(lou, "events-03-waiting-list")

    # Camille cancels (with a confirmation page); Lou is promoted and told by e-mail.
    mail.outbox.clear()
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Annuler mon inscription").click()
    check_a11y(page, context="annuler l'inscription")
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    promoted = [m for m in mail.outbox if member.email in m.to]
    assert promoted and "Une place s'est libérée" in promoted[0].subject
    lou.goto("/agenda/mes-inscriptions/")
    expect(lou.get_by_text("Inscription confirmée")).to_be_visible()
    check_a11y(lou, context="mes inscriptions")
    screenshot(lou, "events-04-promoted")
    assert not page_problems(lou), page_problems(lou)


def test_organiser_journey(page, new_context, bicyclette, manager, inhabitant, agent):
    """Sami (manager) drafts a café bénévolat with a mistake, fixes it, publishes it, prints the
    poster and checks a person in; Nadia (agent) sees the café's sign-ups."""
    from datetime import timedelta

    from django.utils import timezone

    from solidaires.events.models import CafeSignup, Event
    from solidaires.events.tests.factories import RegistrationFactory
    from tests.e2e.helpers import DESKTOP, totp_code

    login(page, manager.email)
    page.goto("/agenda/nouveau/")
    check_a11y(page, context="nouvel événement")
    page.get_by_label("Association organisatrice").select_option(label=bicyclette.name)
    page.get_by_label("Titre").fill("Café bénévolat de Romans")
    page.get_by_label("Catégorie").select_option(label="Café bénévolat itinérant")
    page.get_by_label("Description").fill("Un café pour rencontrer les associations.")
    start = timezone.localtime() + timedelta(hours=1)
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fin", exact=True).fill((start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Commune").select_option(label=bicyclette.head_office_commune.name)
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("La fin doit être après le début.").first).to_be_visible()
    expect(page.get_by_label("Titre")).to_have_value("Café bénévolat de Romans")
    check_a11y(page, context="erreurs du formulaire")
    screenshot(page, "events-05-form-errors")
    page.get_by_label("Fin", exact=True).fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("link", name="Publier").click()
    check_a11y(page, context="publier")
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, publier").click()
    expect(page.get_by_text("L'événement est publié")).to_be_visible()
    check_a11y(page, context="événement publié (organisateur)")
    event = Event.objects.get(title="Café bénévolat de Romans")

    page.get_by_role("link", name="Affiche du café").click()
    expect(page.get_by_role("img", name=re.compile("Code QR"))).to_be_visible()
    check_a11y(page, context="affiche")
    screenshot(page, "events-06-poster")

    RegistrationFactory(event=event, user=inhabitant)
    # Check-in opens on the day of the event: the café has just begun (the form needed a
    # future start, which may be tomorrow when the test runs late in the evening).
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=2)
    )
    page.goto(f"/agenda/{event.pk}/accueil/")
    check_a11y(page, context="accueil")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Présent")).click()
    expect(page.get_by_text("1 présent", exact=False)).to_be_visible()
    check_a11y(page, context="accueil après pointage")
    screenshot(page, "events-07-checkin")
    assert not page_problems(page), page_problems(page)

    CafeSignup.objects.create(event=event, user=inhabitant)
    agent_page = new_page(new_context(viewport=DESKTOP))
    login(agent_page, agent.email)
    agent_page.get_by_label("Code", exact=True).fill(totp_code(agent))
    with agent_page.expect_navigation():
        agent_page.get_by_role("button", name="Valider").click()
    agent_page.goto("/espace-agents/agenda/cafes/")
    expect(
        agent_page.get_by_role("cell", name="Café bénévolat de Romans").or_(
            agent_page.get_by_role("rowheader", name="Café bénévolat de Romans")
        )
    ).to_be_visible()
    check_a11y(agent_page, context="cafés bénévolat (agents)")
    assert not page_problems(agent_page), page_problems(agent_page)
