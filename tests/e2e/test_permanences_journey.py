"""Permanences in a real browser, on a phone, with axe-core on every page:

Sami, manager of La Bicyclette Bleue, creates a weekly free legal-advice permanence with
20-minute appointments at the Maison citoyenne Monnaie-Bleue. Camille books a slot and
receives the confirmation with the .ics. Lou, who had the page open, tries the same slot: she
is told it was just taken, and sees it taken. Camille then finds her appointment, her private
calendar address, and the public feeds.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_a11y, new_page, screenshot

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py
PLACE_NAME = "Maison citoyenne Monnaie-Bleue"
TITLE = "Conseils juridiques gratuits"


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path} answered {response.status}"
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path} sent us to {page.url}"


def submit(page: Page, name: str | re.Pattern[str]) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def log_in(page: Page, email: str) -> None:
    visit(page, "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(page, "Se connecter")


@pytest.fixture
def maison(valence):
    from solidaires.territory.models import PlaceKind
    from solidaires.territory.tests.factories import PlaceFactory

    return PlaceFactory(
        name=PLACE_NAME,
        slug="maison-citoyenne-monnaie-bleue",
        commune=valence,
        kind=PlaceKind.MAISON_CITOYENNE,
    )


def test_permanences_journey(page, new_context, maison, manager, member, inhabitant, bicyclette):
    next_tuesday = timezone.localdate() + timedelta(days=(1 - timezone.localdate().weekday()) % 7 or 7)

    # 1. Sami creates the permanence on his phone.
    log_in(page, manager.email)
    visit(page, "/agenda/permanences/nouvelle/")
    check_a11y(page, context="nouvelle permanence")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Type de permanence").select_option(label="Conseils juridiques")
    page.get_by_label("Association qui tient la permanence").select_option(label=bicyclette.name)
    page.get_by_label("Lieu").select_option(label=f"{PLACE_NAME} (Valence)")
    page.get_by_label("Chaque semaine").check()
    page.get_by_label("Jour de la semaine").select_option(label="Mardi")
    page.get_by_label("À partir du").fill(next_tuesday.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    # A mistake first: the end before the start. The error is next to the field, nothing lost.
    page.get_by_label("Heure de fin").fill("13:00")
    page.locator("#id_slot_minutes").select_option(label="Rendez-vous de 20 minutes")
    submit(page, "Créer la permanence")
    expect(page.get_by_role("alert")).to_contain_text("L'heure de fin doit être après l'heure de début.")
    expect(page.get_by_label("Titre")).to_have_value(TITLE)
    check_a11y(page, context="permanence avec une erreur")
    screenshot(page, "permanences-01-form-error")
    page.get_by_label("Heure de fin").fill("17:00")
    submit(page, "Créer la permanence")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Le mardi de 14 h à 17 h, chaque semaine").first).to_be_visible()
    check_a11y(page, context="page de la permanence (organisateur)")
    screenshot(page, "permanences-02-created")
    permanence_url = urlsplit(page.url).path

    # 2. Lou opens the page (she will hesitate); Camille opens it too and books 14 h 20.
    lou = new_page(new_context())
    log_in(lou, member.email)
    visit(lou, permanence_url)
    camille = new_page(new_context())
    log_in(camille, inhabitant.email)
    visit(camille, permanence_url)
    check_a11y(camille, context="page de la permanence (habitante)")
    screenshot(camille, "permanences-03-slots")
    slot_button = camille.get_by_role("button", name=re.compile(r"Réserver ce créneau.*14 h 20$")).first
    submit_slot = slot_button.get_attribute("value")
    with camille.expect_navigation():
        slot_button.click()
    expect(camille.get_by_role("heading", level=1)).to_have_text("Mes rendez-vous")
    expect(camille.get_by_text("Votre rendez-vous est réservé")).to_be_visible()
    check_a11y(camille, context="mes rendez-vous")
    screenshot(camille, "permanences-04-booked")

    # She receives the confirmation with the .ics.
    messages = [m for m in mail.outbox if inhabitant.email in m.to]
    assert messages, [(m.to, m.subject) for m in mail.outbox]
    name, content, mimetype = messages[-1].attachments[0]
    assert name == "rendez-vous.ics" and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart").isoformat() == submit_slot

    # 3. Lou clicks the same slot on her old page: it was just taken.
    lou_button = lou.locator(f'button[value="{submit_slot}"]').first
    with lou.expect_navigation():
        lou_button.click()
    expect(lou.get_by_role("alert")).to_contain_text("vient d'être réservé par quelqu'un d'autre")
    check_a11y(lou, context="créneau déjà pris")
    screenshot(lou, "permanences-05-taken")
    visit(lou, permanence_url)
    expect(lou.locator(".oh-slot-state", has_text="pris").first).to_be_visible()
    expect(lou.locator(f'button[value="{submit_slot}"]')).to_have_count(0)

    # 4. Sami sees the appointment; the place's page shows the permanence.
    from solidaires.events.models import OfficeHours

    office_hours = OfficeHours.objects.get(title=TITLE)
    visit(page, f"/agenda/permanences/{office_hours.pk}/rendez-vous/")
    expect(page.get_by_role("cell", name="Camille", exact=True)).to_be_visible()
    check_a11y(page, context="rendez-vous de l'organisateur")
    visit(page, maison.get_absolute_url())
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    check_a11y(page, context="page du lieu")
    screenshot(page, "permanences-06-place")

    # 5. Camille's private calendar address, and the public feeds page.
    visit(camille, "/agenda/mon-agenda/")
    check_a11y(camille, context="mon agenda personnel")
    submit(camille, "Créer mon adresse d'agenda")
    expect(camille.locator("#adresse-agenda")).to_contain_text("/agenda/mon-agenda/")
    check_a11y(camille, context="adresse de l'agenda créée")
    screenshot(camille, "permanences-07-personal-feed")
    visit(camille, "/agenda/feeds/")
    check_a11y(camille, context="s'abonner à l'agenda")
    visit(camille, "/agenda/permanences/")
    check_a11y(camille, context="liste des permanences")
    screenshot(camille, "permanences-08-list")

    # 6. She cancels her appointment (a confirmation page first).
    visit(camille, "/agenda/mes-rendez-vous/")
    with camille.expect_navigation():
        camille.get_by_role("link", name=re.compile(r"^Annuler")).first.click()
    check_a11y(camille, context="annuler un rendez-vous")
    submit(camille, "Oui, annuler le rendez-vous")
    expect(camille.get_by_text("Aucun rendez-vous à venir")).to_be_visible()
