"""Contesting a moderation decision, in a real browser, on a phone, with axe-core on every page
(issue 11, decision 1120):

Camille's post was hidden by Nadia. From her post, Camille follows "Contester cette décision",
explains why and sends it. Nadia finds the contest at the top of the moderation queue with
Camille's text, reverses the decision with a reason. Camille sees the outcome on the same page,
and her post is visible again to everybody.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import DESKTOP, check_a11y, new_page, page_problems, screenshot, totp_code
from tests.e2e.test_mutualaid_journey import log_in, submit, visit

REASON = "Votre annonce donnait votre numéro de téléphone."
TEXT = "J'ai retiré mon numéro juste après : merci de la remettre en ligne."
ANSWER = "Vous avez raison, l'annonce ne contient plus de numéro. Elle est de nouveau en ligne."


def test_author_contests_agent_reverses_author_sees_the_outcome(
    page, new_context, inhabitant, agent, valence
):
    from solidaires.moderation import services as moderation
    from solidaires.mutualaid.tests.factories import MutualAidPostFactory

    post = MutualAidPostFactory(author=inhabitant, commune=valence, title="Courses au marché")
    moderation.content_hide(target=post, by=agent, reason=REASON)
    post_path = post.get_absolute_url()

    # 1. Camille opens her hidden post and contests the decision.
    log_in(page, inhabitant.email)
    visit(page, post_path)
    expect(page.get_by_text("Cette annonce a été masquée par la modération")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Contester cette décision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contester une décision de la modération")
    expect(page.get_by_text(REASON)).to_be_visible()
    check_a11y(page, context="contester")
    submit(page, "Envoyer ma contestation")
    expect(page.get_by_text("Expliquez en quelques mots").first).to_be_visible()
    check_a11y(page, context="contester, erreur")
    page.get_by_label("Pourquoi la décision vous semble-t-elle injuste ?").fill(TEXT)
    submit(page, "Envoyer ma contestation")
    expect(page.get_by_text("Votre contestation est envoyée")).to_be_visible()
    expect(page.get_by_text("À examiner")).to_be_visible()
    check_a11y(page, context="contestation envoyée")
    screenshot(page, "contest-01-sent")
    contest_path = page.url

    # 2. Nadia finds it in the moderation queue, with Camille's text, and reverses the decision.
    agent_page = new_page(new_context(viewport=DESKTOP))
    log_in(agent_page, agent.email)
    agent_page.get_by_label("Code", exact=True).fill(totp_code(agent))
    submit(agent_page, "Valider")
    visit(agent_page, "/espace-agents/entraide/")
    expect(agent_page.get_by_role("heading", name=re.compile("Contestations à examiner"))).to_be_visible()
    expect(agent_page.get_by_text(TEXT)).to_be_visible()
    check_a11y(agent_page, context="file de modération avec contestation")
    with agent_page.expect_navigation():
        agent_page.get_by_role("link", name=re.compile(r"^n° \d+ de ")).first.click()
    expect(agent_page.get_by_text(TEXT)).to_be_visible()
    check_a11y(agent_page, context="contestation")
    agent_page.get_by_label(re.compile("Annuler la décision")).check()
    agent_page.get_by_label("Réponse à la personne").fill(ANSWER)
    submit(agent_page, "Enregistrer et répondre")
    expect(agent_page.get_by_text("Votre réponse est enregistrée")).to_be_visible()
    expect(agent_page.get_by_role("heading", name="Décision annulée")).to_be_visible()
    screenshot(agent_page, "contest-02-reversed")
    assert not page_problems(agent_page), page_problems(agent_page)

    # 3. Camille sees the outcome on the same page; her post is back for everybody.
    visit(page, contest_path)
    expect(page.get_by_text("Décision annulée")).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    check_a11y(page, context="issue de la contestation")
    screenshot(page, "contest-03-outcome")
    assert not page_problems(page), page_problems(page)
    other = new_page(new_context())
    visit(other, post_path)
    expect(other.get_by_role("heading", level=1)).to_have_text("Courses au marché")
