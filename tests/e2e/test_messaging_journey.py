"""Messaging journey, in a real browser, on a phone, with axe-core on every page:

Camille and Bob, two inhabitants, talk about La Bicyclette Bleue (the conversation was
started from its page). Camille writes; Bob sees the unread badge in the header, reads and
answers; Camille sees his answer, then blocks him (with a confirmation page). Bob can no
longer write: he gets a clear French error and his text is kept.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, check_a11y, new_page, page_problems, screenshot

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py


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


def messages_link(page: Page):
    """The header's "Messages" link of the visible account area (phone: inside the menu)."""
    return page.get_by_role("link", name=re.compile(r"^Messages")).locator("visible=true")


@pytest.fixture
def bob(db):
    from solidaires.accounts.tests.factories import UserFactory

    return UserFactory(email="bob@exemple.fr", display_name="Bob")


@pytest.fixture
def thread(inhabitant, bob, bicyclette):
    from solidaires.messaging.services import thread_get_or_create

    return thread_get_or_create(
        about=bicyclette, subject="Un vélo à prêter", people=[inhabitant, bob], by=inhabitant
    )


def test_messaging_journey(page, new_context, inhabitant, bob, thread):
    # 1. Camille opens her messages on her phone and writes to Bob.
    log_in(page, inhabitant.email)
    visit(page, "/messages/")
    check_a11y(page, context="boîte de réception vide")
    visit(page, thread.get_absolute_url())
    check_a11y(page, context="conversation vide")
    page.get_by_label("Votre message").fill("Bonjour Bob, <b>mon vélo</b> est libre samedi.")
    submit(page, "Envoyer")
    expect(page.get_by_text("Votre message est envoyé.")).to_be_visible()
    expect(page.get_by_text("Bonjour Bob, <b>mon vélo</b> est libre samedi.")).to_be_visible()
    check_a11y(page, context="message envoyé")
    screenshot(page, "messaging-01-sent")

    # 2. Bob logs in: the header shows one unread conversation; he reads and answers.
    bob_page = new_page(new_context())
    log_in(bob_page, bob.email)
    visit(bob_page, "/messages/")
    expect(bob_page.get_by_text("1 conversation non lue").first).to_be_attached()
    expect(bob_page.get_by_text("1 message non lu")).to_be_attached()
    check_a11y(bob_page, context="boîte de réception")
    screenshot(bob_page, "messaging-02-inbox-unread")
    with bob_page.expect_navigation():
        bob_page.get_by_role("link", name=re.compile("Un vélo à prêter")).click()
    expect(bob_page.get_by_text("Bonjour Bob")).to_be_visible()
    bob_page.get_by_label("Votre message").fill("Super, merci Camille ! Samedi 10 h ?")
    submit(bob_page, "Envoyer")
    check_a11y(bob_page, context="réponse envoyée")
    expect(bob_page.get_by_text("conversation non lue")).to_have_count(0)

    # Bob starts typing another message (he will send it after Camille blocked him).
    bob_page.get_by_label("Votre message").fill("Tu es toujours là ?")

    # On her computer, Camille sees the badge in the header.
    desktop = new_page(new_context(viewport=DESKTOP))
    log_in(desktop, inhabitant.email)
    visit(desktop, "/")
    badge_link = desktop.get_by_role("link", name=re.compile(r"^Messages \(1 conversation non lue\)"))
    expect(badge_link.first).to_be_visible()
    check_a11y(desktop, context="en-tête avec messages non lus")
    screenshot(desktop, "messaging-02b-header-badge-desktop")

    # 3. Camille sees the badge and the answer, then blocks Bob (confirmation page first).
    visit(page, "/")
    expect(page.get_by_text("1 conversation non lue").first).to_be_attached()
    visit(page, thread.get_absolute_url())
    expect(page.get_by_text("Samedi 10 h ?")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Bloquer cette personne")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bloquer Bob ?")
    check_a11y(page, context="confirmation du blocage")
    screenshot(page, "messaging-03-block-confirm")
    submit(page, "Oui, bloquer Bob")
    expect(page.get_by_text("Vous avez bloqué Bob").first).to_be_visible()
    expect(page.get_by_label("Votre message")).to_have_count(0)
    check_a11y(page, context="après le blocage")

    # 4. Bob can no longer write: a French error next to the field, his text kept; then the
    # conversation says why and offers no form.
    submit(bob_page, "Envoyer")
    expect(bob_page.get_by_role("alert")).to_contain_text("blocage")
    expect(bob_page.get_by_label("Votre message")).to_have_value("Tu es toujours là ?")
    check_a11y(bob_page, context="écriture refusée")
    screenshot(bob_page, "messaging-04-blocked")
    visit(bob_page, thread.get_absolute_url())
    expect(bob_page.get_by_text("Vous ne pouvez plus écrire dans cette conversation").first).to_be_visible()
    expect(bob_page.get_by_label("Votre message")).to_have_count(0)
    # 5. Camille finds Bob in her blocked people, and subscribes to the weekly digest.
    visit(page, "/messages/bloques/")
    expect(page.get_by_role("button", name="Débloquer Bob")).to_be_visible()
    check_a11y(page, context="personnes bloquées")
    visit(page, "/messages/preferences/")
    check_a11y(page, context="préférences")
    page.get_by_label(re.compile("résumé des nouvelles missions")).check()
    page.get_by_label("Les thèmes que je coche ci-dessous").check()
    page.get_by_label("Mobilité").check()
    submit(page, "Enregistrer mes préférences")
    expect(page.get_by_text("Vos préférences sont enregistrées.")).to_be_visible()
    expect(page.get_by_label("Mobilité")).to_be_checked()
    check_a11y(page, context="préférences enregistrées")
    screenshot(page, "messaging-05-preferences")

    # 6. The digest's one-click unsubscribe page works without logging in.
    from solidaires.messaging.digest import unsubscribe_token

    visitor = new_page(new_context())
    visit(visitor, f"/messages/desabonnement/{unsubscribe_token(inhabitant.pk)}/")
    check_a11y(visitor, context="désabonnement")
    submit(visitor, "Me désabonner")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Désabonnement enregistré")
    check_a11y(visitor, context="désabonnement enregistré")
    assert not page_problems(page), page_problems(page)
    assert not page_problems(bob_page), page_problems(bob_page)
    assert not page_problems(visitor), page_problems(visitor)

    from solidaires.messaging.models import Message

    assert list(Message.objects.values_list("author__display_name", flat=True)) == ["Camille", "Bob"]
    from solidaires.accounts.models import Profile

    assert not Profile.objects.get(user=inhabitant).wants("weekly_digest")
