"""The pages through HTTP: board, filters, post page, forms, answers, reports, agents' queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.messaging.models import Message, Thread
from solidaires.moderation import services as moderation
from solidaires.moderation.models import Block, Report
from solidaires.mutualaid import services
from solidaires.mutualaid.models import MutualAidPost, PostState, SafetyGuideAck
from solidaires.territory.tests.factories import CommuneFactory, link_distance

from .factories import MutualAidPostFactory

pytestmark = pytest.mark.django_db


def form_post(where, **overrides):
    data = {
        "kind": "request",
        "category": "digital",
        "title": "Aide pour ma déclaration en ligne",
        "description": "Je ne sais pas utiliser le site des impôts.",
        "commune": where.insee,
        "expires_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


# Board ----------------------------------------------------------------------------------------


def test_board_title_and_empty_state(client):
    html = client.get("/entraide/").content.decode()
    assert "<title>Entraide entre habitants" in html
    assert "Aucune annonce d'entraide pour le moment." in html


def test_board_shows_open_posts_only(client, valence):
    shown = MutualAidPostFactory(title="Visible", commune=valence)
    MutualAidPostFactory(title="Masquée", hidden_at=timezone.now())
    MutualAidPostFactory(title="Retirée", state=PostState.CLOSED)
    MutualAidPostFactory(title="Périmée", expires_on=timezone.localdate() - timedelta(days=1))
    html = client.get("/entraide/").content.decode()
    assert shown.title in html
    for title in ("Masquée", "Retirée", "Périmée"):
        assert title not in html


def test_filters_kind_category_and_search(client):
    MutualAidPostFactory(title="Perceuse à prêter", kind="offer", category="lending", description="Bosch")
    MutualAidPostFactory(title="Courses du samedi", kind="request", category="shopping")
    assert "Perceuse" not in client.get("/entraide/?type=request").content.decode()
    assert "Perceuse" in client.get("/entraide/?categorie=lending").content.decode()
    html = client.get("/entraide/?q=perceuses").content.decode()
    assert "Perceuse" in html and "Courses du samedi" not in html
    html = client.get("/entraide/?q=introuvable").content.decode()
    assert "Aucune annonce ne correspond à votre recherche." in html


def test_commune_and_radius_use_the_distance_table(client, valence, romans):
    far = CommuneFactory(insee="26999", name="Loin-les-Bois")
    near = CommuneFactory(insee="26998", name="Bourg-Voisin")
    link_distance(valence, near, 6.0)
    link_distance(valence, far, 30.0)
    link_distance(valence, romans, 18.0)
    MutualAidPostFactory(title="Ici", commune=valence)
    MutualAidPostFactory(title="A côté", commune=near)
    MutualAidPostFactory(title="Au loin", commune=far)
    html = client.get("/entraide/?commune=26362").content.decode()
    assert "Ici" in html and "A côté" not in html
    html = client.get("/entraide/?commune=26362&rayon=10").content.decode()
    assert "Ici" in html and "A côté" in html and "Au loin" not in html
    html = client.get("/entraide/?commune=26362&rayon=30").content.decode()
    assert "Au loin" in html
    # A commune outside the territory: said so, every post listed (issue 11).
    html = client.get("/entraide/?commune=00000").content.decode()
    assert "«&nbsp;00000&nbsp;» ne fait pas partie du territoire" in html
    assert "Ici" in html and "Au loin" in html
    # A distance that the select does not offer applies, and the select shows it (issue 11).
    html = client.get("/entraide/?commune=26362&rayon=7").content.decode()
    assert "A côté" in html and "Au loin" not in html and "jusqu'à 7 km" in html
    assert '<option value="7" selected>Jusqu\'à 7 km</option>' in html
    # Beyond the largest offered distance: the largest, shown as such.
    html = client.get("/entraide/?commune=26362&rayon=500").content.decode()
    assert '<option value="30" selected>Jusqu\'à 30 km</option>' in html and "Au loin" in html


def test_board_pagination(client, valence):
    MutualAidPostFactory.create_batch(25, commune=valence)
    page1 = client.get("/entraide/")
    assert page1.content.decode().count('class="card mutualaid-card"') == 20
    cursor = page1.context["page"].next_cursor
    page2 = client.get(f"/entraide/?apres={cursor}")
    assert page2.content.decode().count('class="card mutualaid-card"') == 5


@pytest.mark.parametrize("logged_in", [False, True])
def test_board_query_count_is_constant(client, django_assert_max_num_queries, inhabitant, logged_in):
    """Cold pages (nothing cached: cards, commune choices) cost the same whatever the number of
    posts; a warm page (its cards cached) costs one query fewer: no card to load."""
    if logged_in:
        client.force_login(inhabitant)
    MutualAidPostFactory.create_batch(3)
    # Distinct query strings: the anonymous page cache must not answer the measured requests.
    cache.clear()
    with django_assert_max_num_queries(12) as few:
        client.get("/entraide/?n=1")
    MutualAidPostFactory.create_batch(27)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/entraide/?n=2")
    assert response.content.decode().count('class="card mutualaid-card"') == 20
    with django_assert_max_num_queries(len(few.captured_queries) - 1):
        warm = client.get("/entraide/?n=3")
    assert warm.content.decode().count('class="card mutualaid-card"') == 20


def test_anonymous_board_is_cached_and_a_change_shows_at_once(client, django_assert_num_queries):
    post = MutualAidPostFactory(title="Courses du samedi")
    assert "Courses du samedi" in client.get("/entraide/").content.decode()
    with django_assert_num_queries(0):
        cached = client.get("/entraide/")
    assert cached["X-Solidaires-Cache"] == "hit"
    services.post_close(post=post, by=post.author, fulfilled=True)
    assert "Courses du samedi" not in client.get("/entraide/").content.decode()
    MutualAidPostFactory(title="Perceuse à prêter")
    assert "Perceuse à prêter" in client.get("/entraide/").content.decode()


def test_blocked_authors_are_hidden_from_my_board(client, inhabitant, member):
    MutualAidPostFactory(title="Annonce de Lou", author=member)
    Block.objects.create(blocker=inhabitant, blocked=member)
    client.force_login(inhabitant)
    assert "Annonce de Lou" not in client.get("/entraide/").content.decode()
    client.force_login(UserFactory())
    assert "Annonce de Lou" in client.get("/entraide/").content.decode()


def test_html_is_escaped(client, valence):
    post = MutualAidPostFactory(title="<script>alert(1)</script>", description="<b>gras</b>", commune=valence)
    for url in ("/entraide/", post.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>gras</b>" not in html


# Post page ------------------------------------------------------------------------------------


def test_post_page_shows_first_name_and_commune_only(client, valence):
    author = UserFactory(display_name="Jeanne Dupont-Martin", email="jeanne.secret@exemple.fr")
    post = MutualAidPostFactory(author=author, commune=valence)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Jeanne, à Valence" in html
    assert "Dupont" not in html and "jeanne.secret" not in html


def test_author_sees_why_the_post_was_hidden(client, post, agent):
    moderation.content_hide(target=post, by=agent, reason="Données <personnelles> visibles")
    client.force_login(post.author)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "masquée par la modération" in html
    assert "Données &lt;personnelles&gt; visibles" in html
    html = client.get("/entraide/mes-annonces/").content.decode()
    assert "Masquée par la modération" in html and "Données &lt;personnelles&gt; visibles" in html


# Forms ----------------------------------------------------------------------------------------


def test_create_post(client, inhabitant, valence):
    client.force_login(inhabitant)
    response = client.post("/entraide/nouvelle/", form_post(valence))
    post = MutualAidPost.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.author == inhabitant and post.commune == valence


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"expires_on": "2020-01-01"}, "Choisissez une date d&#x27;expiration à venir"),
        ({"expires_on": "31/02/2027"}, "Indiquez une date valide"),
        ({"title": "x" * 121}, "Écrivez 120 caractères au plus."),
        ({"title": ""}, "Donnez un titre à votre annonce."),
        ({"commune": "00000"}, "Choisissez une commune de la liste."),
        ({"category": ""}, "Choisissez une catégorie."),
    ],
)
def test_bad_input_keeps_what_was_typed(client, inhabitant, valence, overrides, error):
    client.force_login(inhabitant)
    data = form_post(valence, description="Mon texte <précieux>", **overrides)
    response = client.post("/entraide/nouvelle/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert error in html
    assert "Mon texte &lt;précieux&gt;" in html
    assert 'aria-invalid="true"' in html and "resume-erreurs" in html
    assert not MutualAidPost.objects.exists()


def test_edit_then_close_with_confirmation(client, post):
    client.force_login(post.author)
    response = client.post(
        f"/entraide/{post.pk}/modifier/", form_post(post.commune, title="Courses le jeudi")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Courses le jeudi"
    page = client.get(f"/entraide/{post.pk}/retirer/").content.decode()
    assert "Oui, retirer l'annonce" in page
    assert client.post(f"/entraide/{post.pk}/retirer/", {}).status_code == 400
    client.post(f"/entraide/{post.pk}/retirer/", {"outcome": "closed"})
    post.refresh_from_db()
    assert post.state == PostState.CLOSED
    # A closed post can no longer be edited.
    assert client.get(f"/entraide/{post.pk}/modifier/").status_code == 403


# Answers --------------------------------------------------------------------------------------


def test_first_answer_goes_through_the_safety_guide(client, post, member):
    client.force_login(member)
    response = client.get(f"/entraide/{post.pk}/repondre/")
    assert response.status_code == 302 and response["Location"].startswith("/entraide/conseils/?next=")
    guide = client.get(response["Location"]).content.decode()
    assert "Conseils pour une entraide en confiance" in guide and "3919" in guide
    assert client.post("/entraide/conseils/", {"next": f"/entraide/{post.pk}/repondre/"})["Location"] == (
        f"/entraide/{post.pk}/repondre/"
    )
    assert SafetyGuideAck.objects.filter(user=member).exists()
    # Only once: the answer page opens directly now.
    assert client.get(f"/entraide/{post.pk}/repondre/").status_code == 200
    response = client.post(f"/entraide/{post.pk}/repondre/", {"body": "Je peux vous aider mardi."})
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    assert Message.objects.get().body == "Je peux vous aider mardi."
    # The post page now points to the conversation.
    assert thread.get_absolute_url() in client.get(post.get_absolute_url()).content.decode()


def test_guide_next_is_never_an_open_redirect(client, member):
    client.force_login(member)
    response = client.post("/entraide/conseils/", {"next": "https://malveillant.example/"})
    assert response["Location"] == "/entraide/"


def test_empty_answer_keeps_the_page(client, post, member):
    SafetyGuideAck.objects.create(user=member)
    client.force_login(member)
    response = client.post(f"/entraide/{post.pk}/repondre/", {"body": ""})
    assert response.status_code == 400
    assert "Écrivez votre message." in response.content.decode()


def test_blocked_person_gets_a_french_explanation(client, post, member):
    Block.objects.create(blocker=post.author, blocked=member)
    SafetyGuideAck.objects.create(user=member)
    client.force_login(member)
    response = client.get(f"/entraide/{post.pk}/repondre/")
    assert response.status_code == 403
    assert "a bloqué l&#x27;autre" in response.content.decode()
    assert "a bloqué l&#x27;autre" in client.get(post.get_absolute_url()).content.decode()


# Reports --------------------------------------------------------------------------------------


def test_report_a_post_from_its_page(client, post, member):
    client.force_login(member)
    assert "Signaler cette annonce" in client.get(post.get_absolute_url()).content.decode()
    response = client.post(f"/entraide/{post.pk}/signaler/", {"reason": "scam", "details": "Veut un RIB"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reported_user, report.target) == (member, post.author, post)
    again = client.post(f"/entraide/{post.pk}/signaler/", {"reason": "spam"})
    assert again.status_code == 400 and "déjà signalé" in again.content.decode()


def test_report_bad_input(client, post, member):
    client.force_login(member)
    response = client.post(f"/entraide/{post.pk}/signaler/", {"reason": "other", "details": ""})
    assert response.status_code == 400
    assert "Précisez en quelques mots" in response.content.decode()


def test_report_a_message_through_the_generic_page(client, post, member, inhabitant):
    SafetyGuideAck.objects.create(user=member)
    thread = services.post_answer(post=post, by=member, body="Donnez-moi votre code de carte")
    message = thread.messages.get()
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(f"/entraide/signaler/message/{message.pk}/").status_code == 404
    client.force_login(inhabitant)
    response = client.post(f"/entraide/signaler/message/{message.pk}/", {"reason": "scam"})
    assert response.status_code == 302
    assert Report.objects.get().target == message
    assert client.get("/entraide/signaler/inconnu/1/").status_code == 404


# Agents ---------------------------------------------------------------------------------------


def test_agent_queue_shows_only_the_reported_message(client, post, member, inhabitant, agent):
    SafetyGuideAck.objects.create(user=member)
    thread = services.post_answer(post=post, by=member, body="Premier message sans souci")
    from solidaires.messaging.services import message_send

    bad = message_send(thread=thread, by=member, body="Envoyez 100 € par mandat")
    report = moderation.report_create(by=inhabitant, target=bad, reason="scam")
    client.force_login(agent)
    queue = client.get("/espace-agents/entraide/").content.decode()
    assert f"/espace-agents/entraide/signalements/{report.pk}/" in queue
    page = client.get(f"/espace-agents/entraide/signalements/{report.pk}/").content.decode()
    assert "Envoyez 100 € par mandat" in page
    assert "Premier message sans souci" not in page


def test_agent_hides_with_reason_and_history_shows_it(client, post, member, agent):
    report = moderation.report_create(by=member, target=post, reason="scam")
    client.force_login(agent)
    url = f"/espace-agents/entraide/signalements/{report.pk}/masquer/"
    missing = client.post(url, {"reason": ""})
    assert missing.status_code == 400 and "Indiquez le motif" in missing.content.decode()
    response = client.post(url, {"reason": "Arnaque"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Arnaque"
    page = client.get(f"/espace-agents/entraide/signalements/{report.pk}/").content.decode()
    assert "Contenu masqué" in page and "Arnaque" in page and "Signalement traité" in page
    # Issue 11: the journal speaks French, no raw code.
    assert "Annonce masquée par la modération" in page
    assert "report.resolved" not in page and "mutualaid_post.hidden" not in page


def test_agent_suspends_and_reinstates_from_the_pages(client, post, member, agent):
    report = moderation.report_create(by=member, target=post, reason="harassment")
    client.force_login(agent)
    client.post(f"/espace-agents/entraide/signalements/{report.pk}/suspendre/", {"reason": "Menaces"})
    post.author.refresh_from_db()
    assert not post.author.is_active
    assert post.author.email in client.get("/espace-agents/entraide/comptes-suspendus/").content.decode()
    client.post(
        f"/espace-agents/entraide/comptes-suspendus/{post.author.pk}/retablir/", {"reason": "Excuses"}
    )
    post.author.refresh_from_db()
    assert post.author.is_active


def test_agent_posts_on_behalf_and_code_is_shown_once(client, agent, valence, inhabitant):
    client.force_login(agent)
    data = form_post(valence, first_name="Josiane", consent_method="phone", consent="on")
    response = client.post("/espace-agents/entraide/pour-un-habitant/", data)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    code = response.context["code"]
    post = MutualAidPost.objects.get()
    assert post.author == agent and post.on_behalf_name == "Josiane"
    assert code not in client.get(post.get_absolute_url()).content.decode()
    assert "Josiane, à Valence" in client.get(post.get_absolute_url()).content.decode()
    client.force_login(inhabitant)
    bad = client.post("/entraide/reprendre/", {"code": "AAAA-BBBB-CCCC"})
    assert bad.status_code == 400 and "ne correspond à aucune annonce" in bad.content.decode()
    assert client.post("/entraide/reprendre/", {"code": code})["Location"] == post.get_absolute_url()
    post.refresh_from_db()
    assert post.author == inhabitant


def test_on_behalf_requires_consent(client, agent, valence):
    client.force_login(agent)
    response = client.post("/espace-agents/entraide/pour-un-habitant/", form_post(valence, first_name="Jo"))
    assert response.status_code == 400
    assert "Recueillez l&#x27;accord de la personne" in response.content.decode()
    assert not MutualAidPost.objects.exists()


def test_agent_queue_query_count_is_constant(client, agent, django_assert_max_num_queries):
    from .factories import ReportFactory

    ReportFactory.create_batch(3)
    client.force_login(agent)
    client.get("/espace-agents/entraide/")
    with django_assert_max_num_queries(20) as few:
        client.get("/espace-agents/entraide/")
    ReportFactory.create_batch(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/espace-agents/entraide/")


def test_agent_report_page_escapes_the_reported_content(client, member, agent):
    post = MutualAidPostFactory(title="<img src=x onerror=alert(1)>", description="<script>vol()</script>")
    report = moderation.report_create(by=member, target=post, reason="other", details="<b>bizarre</b>")
    client.force_login(agent)
    html = client.get(f"/espace-agents/entraide/signalements/{report.pk}/").content.decode()
    assert "<script>vol()</script>" not in html and "&lt;script&gt;vol()&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>bizarre</b>" not in html


def test_reporter_identity_is_never_shown_to_the_author(client, post, member):
    moderation.report_create(by=member, target=post, reason="scam", details="Signalé par Lou")
    client.force_login(post.author)
    for url in (post.get_absolute_url(), "/entraide/mes-annonces/"):
        html = client.get(url).content.decode()
        assert "Lou" not in html and member.email not in html


def test_a_report_about_a_post_cannot_be_dismissed_from_the_missions_queue(client, inhabitant, agent):
    post = MutualAidPostFactory()
    client.force_login(inhabitant)
    client.post(f"/entraide/{post.pk}/signaler/", {"reason": "spam"})
    report = Report.objects.get()
    client.force_login(agent)
    assert client.post(f"/espace-agents/missions/signalements/{report.pk}/classer/").status_code == 404
    report.refresh_from_db()
    assert report.is_open


def test_a_hidden_post_has_one_status_on_the_agents_and_authors_pages(client, post, member, agent):
    """Issue 11: a hidden post was shown "En ligne · masquée" in the agents' pages."""
    report = moderation.report_create(by=member, target=post, reason="scam")
    moderation.content_hide(target=post, by=agent, reason="Arnaque")
    client.force_login(agent)
    page = client.get(f"/espace-agents/entraide/signalements/{report.pk}/").content.decode()
    assert "Masquée par la modération" in page and "En ligne" not in page
    client.force_login(post.author)
    for url in (post.get_absolute_url(), "/entraide/mes-annonces/"):
        html = client.get(url).content.decode()
        assert "Masquée par la modération" in html or "masquée par la modération" in html
        assert "En ligne jusqu" not in html and ">En ligne<" not in html
