"""Mutual-aid journey, in a real browser, on a phone, with axe-core on every page:

Camille posts a request for help with her shopping. Bob finds it on /entraide/ and answers
by message: before his first exchange he reads the safety guide. Lou reports the post.
Nadia, an agent, logs in with her authenticator app, opens the report in the moderation
queue and hides the post with a reason. Camille sees why on her post and in "Mes annonces".
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import DESKTOP, check_a11y, new_page, page_problems, screenshot, totp_code

FACTORY_PASSWORD = "une phrase de passe solide"  # solidaires/accounts/tests/factories.py
TITLE = "Courses au marché de Valence"
REASON = "Votre annonce donnait votre numéro de téléphone : passez par la messagerie."


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
def bob(db):
    from solidaires.accounts.tests.factories import UserFactory

    return UserFactory(email="bob@exemple.fr", display_name="Bob")


@pytest.fixture
def lou(db):
    from solidaires.accounts.tests.factories import UserFactory

    return UserFactory(email="lou@exemple.fr", display_name="Lou")


def test_mutualaid_journey(page, new_context, inhabitant, bob, lou, agent, valence):
    # 1. Camille posts a request on her phone; a past date is refused and nothing is lost.
    log_in(page, inhabitant.email)
    visit(page, "/entraide/")
    check_a11y(page, context="entraide vide")
    with page.expect_navigation():
        page.get_by_role("link", name="J'ai besoin d'un coup de main").click()
    check_a11y(page, context="nouvelle annonce")
    page.get_by_label("Je cherche de l'aide").check()
    page.get_by_label("Catégorie").select_option(label="Courses")
    page.get_by_label("Titre de l'annonce").fill(TITLE)
    page.get_by_label("Description").fill("Le mardi matin, <b>deux sacs</b> à porter. Tél 06 00 00 00 00")
    page.get_by_label("Commune").select_option(label="Valence")
    page.get_by_label("En ligne jusqu'au").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    submit(page, "Publier l'annonce")
    expect(page.get_by_text("Choisissez une date d'expiration à venir").first).to_be_visible()
    expect(page.get_by_label("Titre de l'annonce")).to_have_value(TITLE)
    check_a11y(page, context="annonce avec erreur")
    screenshot(page, "mutualaid-01-error")
    page.get_by_label("En ligne jusqu'au").fill((timezone.localdate() + timedelta(days=15)).isoformat())
    submit(page, "Publier l'annonce")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Le mardi matin, <b>deux sacs</b>")).to_be_visible()
    check_a11y(page, context="annonce publiée")
    screenshot(page, "mutualaid-02-posted")
    post_path = urlsplit(page.url).path

    # 2. Bob finds it and answers: the safety guide comes first, once.
    bob_page = new_page(new_context())
    log_in(bob_page, bob.email)
    visit(bob_page, "/entraide/?q=marche")
    check_a11y(bob_page, context="recherche entraide")
    screenshot(bob_page, "mutualaid-03-board")
    with bob_page.expect_navigation():
        bob_page.get_by_role("link", name=TITLE).click()
    expect(bob_page.get_by_text("Camille, à Valence")).to_be_visible()
    expect(bob_page.get_by_text("camille@exemple.fr")).to_have_count(0)
    check_a11y(bob_page, context="annonce vue par Bob")
    with bob_page.expect_navigation():
        bob_page.get_by_role("link", name="Répondre", exact=True).click()
    expect(bob_page.get_by_role("heading", level=1)).to_have_text("Conseils pour une entraide en confiance")
    expect(bob_page.get_by_text("3919").first).to_be_visible()
    check_a11y(bob_page, context="conseils de sécurité")
    screenshot(bob_page, "mutualaid-04-guide")
    submit(bob_page, "J'ai lu ces conseils, continuer")
    expect(bob_page.get_by_role("heading", level=1)).to_have_text("Répondre à Camille")
    check_a11y(bob_page, context="répondre")
    bob_page.get_by_label("Votre message").fill("Bonjour Camille, je peux vous accompagner mardi.")
    submit(bob_page, "Envoyer le message")
    expect(bob_page.get_by_text("Bonjour Camille, je peux vous accompagner mardi.")).to_be_visible()
    assert urlsplit(bob_page.url).path.startswith("/messages/")
    screenshot(bob_page, "mutualaid-05-answered")
    assert not page_problems(bob_page), page_problems(bob_page)

    # 3. Lou reports the post.
    lou_page = new_page(new_context())
    log_in(lou_page, lou.email)
    visit(lou_page, post_path)
    with lou_page.expect_navigation():
        lou_page.get_by_role("link", name="Signaler cette annonce").click()
    check_a11y(lou_page, context="signaler")
    lou_page.get_by_label("Données personnelles exposées").check()
    lou_page.get_by_label("Précisions").fill("Un numéro de téléphone est écrit dans l'annonce.")
    submit(lou_page, "Envoyer le signalement")
    expect(lou_page.get_by_text("Votre signalement est transmis")).to_be_visible()
    screenshot(lou_page, "mutualaid-06-reported")
    assert not page_problems(lou_page), page_problems(lou_page)

    # 4. Nadia logs in (password, then her authenticator app) and hides the post with a reason.
    agent_page = new_page(new_context(viewport=DESKTOP))
    log_in(agent_page, agent.email)
    agent_page.get_by_label("Code", exact=True).fill(totp_code(agent))
    submit(agent_page, "Valider")
    visit(agent_page, "/espace-agents/entraide/")
    check_a11y(agent_page, context="file de modération")
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name=re.compile(r"^n° \d+")).first.click()
    expect(agent_page.get_by_text("Un numéro de téléphone est écrit dans l'annonce.")).to_be_visible()
    check_a11y(agent_page, context="signalement")
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name="Masquer le contenu…").click()
    check_a11y(agent_page, context="masquer")
    submit(agent_page, "Masquer le contenu")
    expect(agent_page.get_by_text("Indiquez le motif").first).to_be_visible()
    agent_page.get_by_label("Motif du masquage").fill(REASON)
    submit(agent_page, "Masquer le contenu")
    expect(agent_page.get_by_text("Le contenu est masqué")).to_be_visible()
    check_a11y(agent_page, context="signalement traité")
    screenshot(agent_page, "mutualaid-07-hidden")
    assert not page_problems(agent_page), page_problems(agent_page)

    # Nobody else sees it any more.
    response = bob_page.goto(post_path)
    assert response is not None and response.status == 404

    # 5. Camille sees why, on her post and in "Mes annonces".
    visit(page, post_path)
    expect(page.get_by_text("Cette annonce a été masquée par la modération")).to_be_visible()
    expect(page.get_by_text(REASON)).to_be_visible()
    check_a11y(page, context="annonce masquée vue par l'autrice")
    screenshot(page, "mutualaid-08-author-sees-why")
    visit(page, "/entraide/mes-annonces/")
    expect(page.get_by_text(REASON)).to_be_visible()
    check_a11y(page, context="mes annonces")
    screenshot(page, "mutualaid-09-my-posts")

    from solidaires.moderation.models import Report
    from solidaires.mutualaid.models import MutualAidPost

    post = MutualAidPost.objects.get(title=TITLE)
    assert post.hidden_by == agent and post.hidden_reason == REASON
    assert Report.objects.get().state == "resolved"


def test_on_behalf_handover_and_suspension(page, new_context, inhabitant, bob, agent, valence):
    """Nadia posts for Josiane, who phoned; Josiane (Camille's account here) takes it over with
    the code, edits it and withdraws it. Nadia suspends Bob, then reinstates him."""
    # 1. Nadia publishes on Josiane's behalf and gets the code, once.
    agent_page = new_page(new_context())
    log_in(agent_page, agent.email)
    agent_page.get_by_label("Code", exact=True).fill(totp_code(agent))
    submit(agent_page, "Valider")
    visit(agent_page, "/espace-agents/entraide/pour-un-habitant/")
    check_a11y(agent_page, context="publier pour un habitant")
    agent_page.get_by_label("Prénom de la personne").fill("Josiane")
    agent_page.get_by_label("Par téléphone").check()
    agent_page.get_by_label("Je cherche de l'aide").check()
    agent_page.get_by_label("Catégorie").select_option(label="Aide au numérique")
    agent_page.get_by_label("Titre de l'annonce").fill("Apprendre à utiliser ma tablette")
    agent_page.get_by_label("Description").fill("Pour appeler mes petits-enfants en vidéo.")
    agent_page.get_by_label("Commune", exact=True).select_option(label="Valence")
    submit(agent_page, "Publier l'annonce")
    expect(agent_page.get_by_text("Recueillez l'accord de la personne").first).to_be_visible()
    expect(agent_page.get_by_label("Prénom de la personne")).to_have_value("Josiane")
    check_a11y(agent_page, context="publier pour un habitant, erreur")
    agent_page.get_by_label(re.compile(r"^J'ai expliqué à la personne")).check()
    submit(agent_page, "Publier l'annonce")
    code = agent_page.locator(".mutualaid-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    check_a11y(agent_page, context="code de reprise")
    screenshot(agent_page, "mutualaid-10-handover-code")

    # 2. Josiane takes it over, edits it, then withdraws it (with a confirmation page).
    log_in(page, inhabitant.email)
    visit(page, "/entraide/reprendre/")
    check_a11y(page, context="reprendre une annonce")
    page.get_by_label("Code de reprise").fill(code.lower())
    submit(page, "Reprendre l'annonce")
    expect(page.get_by_text("cette annonce est maintenant la vôtre")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Modifier").click()
    check_a11y(page, context="modifier l'annonce")
    page.get_by_label("Titre de l'annonce").fill("Apprendre la tablette, le mercredi")
    submit(page, "Enregistrer les modifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Apprendre la tablette, le mercredi")
    with page.expect_navigation():
        page.get_by_role("link", name="Retirer l'annonce").click()
    check_a11y(page, context="retirer l'annonce")
    page.get_by_label("J'ai trouvé de l'aide (ou j'ai aidé)").check()
    submit(page, "Oui, retirer l'annonce")
    expect(page.get_by_text("Votre annonce est retirée")).to_be_visible()
    check_a11y(page, context="mes annonces après retrait")
    screenshot(page, "mutualaid-11-withdrawn")
    assert not page_problems(page), page_problems(page)

    # 3. Nadia suspends Bob after a report on one of his posts, then reinstates him.
    from solidaires.moderation import services as moderation
    from solidaires.mutualaid.tests.factories import MutualAidPostFactory

    bobs: Any = MutualAidPostFactory(author=bob, commune=valence, title="Vends des objets")
    report = moderation.report_create(by=inhabitant, target=bobs, reason="spam")
    visit(agent_page, f"/espace-agents/entraide/signalements/{report.pk}/")
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name="Suspendre le compte…").click()
    check_a11y(agent_page, context="suspendre")
    agent_page.get_by_label("Motif de la suspension").fill("Publicité répétée malgré un avertissement.")
    submit(agent_page, "Suspendre le compte")
    expect(agent_page.get_by_text("Le compte est suspendu.")).to_be_visible()
    visit(agent_page, "/espace-agents/entraide/comptes-suspendus/")
    check_a11y(agent_page, context="comptes suspendus")
    bob_page = new_page(new_context())
    visit(bob_page, "/comptes/login/")
    bob_page.get_by_label("Adresse e-mail").fill(bob.email)
    bob_page.get_by_label("Mot de passe", exact=True).fill(FACTORY_PASSWORD)
    submit(bob_page, "Se connecter")
    assert urlsplit(bob_page.url).path != "/"  # not logged in: still on a login/inactive page
    response = bob_page.goto("/entraide/mes-annonces/")
    assert response is not None and "/comptes/login/" in bob_page.url
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name=re.compile(r"^Rétablir")).click()
    check_a11y(agent_page, context="rétablir un compte")
    agent_page.get_by_label("Pourquoi rétablir ce compte ?").fill("Engagement pris au téléphone.")
    submit(agent_page, "Oui, rétablir le compte")
    expect(agent_page.get_by_text("est rétabli")).to_be_visible()
    check_a11y(agent_page, context="compte rétabli")
    assert not page_problems(agent_page), page_problems(agent_page)
    bob.refresh_from_db()
    assert bob.is_active
