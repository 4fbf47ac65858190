"""The core pages: home, sections to come, legal pages, site map, error pages, security.txt."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import loader
from django.test import Client

from conftest import ROLES
from solidaires.associations.models import AssociationStatus
from solidaires.associations.tests.factories import AssociationFactory
from solidaires.core.context_processors import main_nav
from solidaires.territory.models import PlaceStatus
from solidaires.territory.tests.factories import CommuneFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "/": "Accueil",
    "/missions/": "Missions de bénévolat",
    "/entraide/": "Entraide entre habitants",
    "/agenda/": "Agenda",
    "/projets/": "Projets et subventions",
    "/ressources/": "Ressources partagées",
    "/participer/": "Participer à la vie locale",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/confidentialite/": "Données personnelles",
    "/mentions-legales/": "Mentions légales",
    "/securite/": "Signaler une faille de sécurité",
    "/plan-du-site/": "Plan du site",
}
SECTIONS = ["missions", "entraide", "agenda", "projets", "ressources", "participer"]


def html(response) -> str:
    return response.content.decode()


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", html(response), re.S)
    assert match, "no <title>"
    return match.group(1).strip()


def h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", html(response)))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("path", list(PAGES))
def test_page_answers_for_every_role(as_role, path):
    client, _user = as_role
    response = client.get(path)
    assert response.status_code == 200
    content = html(response)
    assert '<html lang="fr">' in content
    assert h1_count(response) == 1
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in content
    assert 'id="contenu"' in content
    assert "<header" in content and "<main" in content and "<footer" in content
    assert title_of(response).startswith(PAGES[path])


def test_titles_are_unique(client):
    titles = [title_of(client.get(path)) for path in PAGES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("slug", SECTIONS)
def test_section_page_leads_home_and_to_the_directory(client, slug):
    content = html(client.get(f"/{slug}/"))
    assert 'href="/associations/"' in content
    assert 'href="/"' in content


def test_main_navigation_in_order(client):
    content = html(client.get("/"))
    labels = re.findall(r'<ul class="nav-list">(.*?)</ul>', content, re.S)[0]
    found = re.findall(r'<a href="(/[a-z]+/)"[^>]*>([^<]+)</a>', labels)
    assert found == [
        ("/missions/", "Missions"),
        ("/entraide/", "Entraide"),
        ("/agenda/", "Agenda"),
        ("/associations/", "Associations"),
        ("/projets/", "Projets"),
        ("/ressources/", "Ressources"),
        ("/participer/", "Participer"),
        ("/territoire/", "Territoire"),
    ]


def test_navigation_marks_the_current_section(client):
    content = html(client.get("/entraide/"))
    assert '<a href="/entraide/" aria-current="page">Entraide</a>' in content
    assert '<a href="/missions/" aria-current="page">' not in content
    assert 'aria-current="page">Missions' not in html(client.get("/"))


def test_current_section_covers_pages_below_it():
    current = [item.label for item in main_nav("/associations/la-bicyclette-bleue/") if item.current]
    assert current == ["Associations"]
    assert not [item for item in main_nav("/") if item.current]


def test_small_screen_menu_works_without_javascript(client):
    content = html(client.get("/"))
    assert '<details class="nav-menu">' in content
    assert "<summary>" in content


def test_anonymous_account_links(client):
    content = html(client.get("/"))
    assert 'href="/comptes/login/">Se connecter</a>' in content
    assert 'href="/comptes/signup/">Créer un compte</a>' in content
    assert "Mon compte" not in content
    assert "Espace agents" not in content


def test_agent_sees_agent_space(client, agent):
    client.force_login(agent)
    content = html(client.get("/"))
    assert '<a href="/espace-agents/">Espace agents</a>' in content
    assert '<a href="/mon-compte/">Mon compte</a>' in content
    assert "Se connecter" not in content


@pytest.mark.parametrize("role", ["inhabitant", "member", "manager", "elected"])
def test_other_roles_do_not_see_agent_space(client, request, role):
    client.force_login(request.getfixturevalue(role))
    content = html(client.get("/"))
    assert "Espace agents" not in content
    assert '<a href="/mon-compte/">Mon compte</a>' in content


def test_logout_is_a_post_form_with_csrf(client, inhabitant):
    client.force_login(inhabitant)
    content = html(client.get("/"))
    assert re.search(r'<form class="inline-form" method="post" action="/comptes/logout/">', content)
    assert 'name="csrfmiddlewaretoken"' in content


def test_footer_links(client):
    content = html(client.get("/"))
    assert '<a href="/accessibilite/">Accessibilité : partiellement conforme</a>' in content
    for href in ("/confidentialite/", "/mentions-legales/", "/api/v1/docs", "/accessibilite/#contact"):
        assert f'href="{href}"' in content
    assert "Signaler un problème d'accessibilité" in content


# --- Home page --------------------------------------------------------------------------------------------


def test_home_offers_the_four_intentions(client):
    content = html(client.get("/"))
    for href, label in (
        ("/missions/", "Je veux aider"),
        ("/entraide/", "J'ai besoin d'un coup de main"),
        ("/agenda/", "Ce qui se passe près de chez moi"),
        ("/associations/", "Je représente une association"),
    ):
        assert f'<a class="card-link" href="{href}">{label}</a>' in content.replace("&#x27;", "'")
    assert 'href="/territoire/"' in content
    assert "Prochains cafés bénévolat" in content
    assert "seront annoncés ici" in content


def test_home_shows_live_figures(client, valence, romans):
    AssociationFactory.create_batch(3, head_office_commune=valence)
    AssociationFactory(head_office_commune=romans, status=AssociationStatus.PENDING)
    PlaceFactory(commune=valence)
    PlaceFactory(commune=romans, status=PlaceStatus.PENDING)

    content = html(client.get("/"))
    figures = {
        label.strip(): number for label, number in re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", content)
    }
    assert figures["communes"] == "2"
    assert figures["habitants"].replace("\u202f", " ").replace("\xa0", " ") == "98 226"
    assert figures["associations vérifiées"] == "3"
    assert figures["lieu d'accueil"] == "1"


def test_home_commune_picker_leads_to_the_directory(client, valence, romans):
    content = html(client.get("/"))
    assert '<form class="commune-picker" method="get" action="/associations/">' in content
    assert '<select id="commune-choisie" name="commune">' in content
    assert f'<option value="{valence.insee}">Valence</option>' in content


def test_home_without_territory_says_so(client):
    content = html(client.get("/"))
    assert "pas encore été chargées" in content


@pytest.mark.parametrize("role", ["anonymous", "inhabitant"])
def test_home_runs_a_constant_number_of_queries(client, request, role, django_assert_num_queries):
    from django.core.cache import cache

    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    commune = CommuneFactory()
    AssociationFactory(head_office_commune=commune)
    PlaceFactory(commune=commune)
    small = count_queries()

    for _ in range(3):
        CommuneFactory()
    AssociationFactory.create_batch(10, head_office_commune=commune)
    PlaceFactory.create_batch(5, commune=commune)
    assert count_queries() == small
    # One aggregate over communes, one count of associations, one of places, the commune list,
    # the next cafés bénévolat.
    assert small <= 5 + (0 if role == "anonymous" else 4)


# --- Error pages and security.txt -------------------------------------------------------------------------


def test_404_is_french_and_helpful(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    content = html(response)
    assert '<html lang="fr">' in content
    assert "Cette page est introuvable" in content
    assert 'href="/"' in content
    assert h1_count(response) == 1
    assert "Traceback" not in content


def test_csrf_failure_page_is_french(inhabitant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inhabitant)
    response = client.post("/comptes/logout/")
    assert response.status_code == 403
    content = html(response)
    assert "Le formulaire n'a pas pu être envoyé" in content.replace("&#x27;", "'")
    assert '<html lang="fr">' in content
    assert "CSRF" not in content


@pytest.mark.parametrize("template", ["500.html", "400.html"])
def test_static_error_pages_render_without_any_context(template):
    content = loader.get_template(template).render()
    assert '<html lang="fr">' in content
    assert content.count("<h1>") == 1
    assert 'href="/"' in content


def test_403_page_renders(rf, inhabitant):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/espace-agents/")
    request.user = inhabitant
    response = permission_denied(request, PermissionDenied("secret detail"))
    assert response.status_code == 403
    content = html(response)
    assert "Vous n'avez pas accès à cette page" in content.replace("&#x27;", "'")
    assert "secret detail" not in content


def test_security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = {}
    for line in response.content.decode().splitlines():
        name, _, value = line.partition(": ")
        fields.setdefault(name, []).append(value)
    assert fields["Contact"][0].startswith("mailto:")
    assert fields["Preferred-Languages"] == ["fr, en"]
    expires = datetime.strptime(fields["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    ahead = expires - datetime.now(tz=UTC)
    assert timedelta(days=364) < ahead <= timedelta(days=366)


def test_security_contact_from_settings(client, settings):
    settings.SOLIDAIRES_SECURITY_EMAIL = "securite@agglo.exemple.fr"
    assert (
        "Contact: mailto:securite@agglo.exemple.fr"
        in client.get("/.well-known/security.txt").content.decode()
    )


# --- Legal pages -----------------------------------------------------------------------------------------


def test_accessibility_statement_sections(client):
    content = html(client.get("/accessibilite/")).replace("&#x27;", "'")
    for heading in (
        "État de conformité",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Technologies utilisées",
        "Environnement de test",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert heading in content
    assert "partiellement conforme" in content
    assert "Défenseur des droits" in content
    assert 'id="contact"' in content


def test_privacy_notice_points_to_the_rights_in_the_product(client):
    content = html(client.get("/confidentialite/")).replace("&#x27;", "'")
    assert 'href="/mon-compte/donnees/">Télécharger mes données</a>' in content
    assert 'href="/mon-compte/supprimer/">Supprimer mon compte</a>' in content
    assert "Mission d'intérêt public" in content
    assert "consentement" in content
    assert "CNIL" in content
    assert "année de naissance" in content


def test_legal_pages_show_operator_settings_or_placeholders(client, settings):
    content = html(client.get("/mentions-legales/"))
    assert "à compléter par l" in content
    assert "AGPL" in content
    assert "Licence Ouverte" in content

    settings.SOLIDAIRES_OPERATOR_NAME = "Communauté d'agglomération de Test"
    settings.SOLIDAIRES_HOST_NAME = "Hébergeur Exemple SAS"
    settings.SOLIDAIRES_PAGE_CACHE_VERSION = "after-settings-change"
    content = html(client.get("/mentions-legales/")).replace("&#x27;", "'")
    assert "Communauté d'agglomération de Test" in content
    assert "Hébergeur Exemple SAS" in content


def test_operator_defaults_to_the_territory_epci(client, valence):
    content = html(client.get("/mentions-legales/"))
    assert valence.epci.name in content


def test_home_promises_only_what_exists(client):
    """No promise of a section that is not built yet (rooms and minibuses: issue 14)."""
    content = html(client.get("/")).lower()
    for promise in ("réservez une salle", "réserver une salle", "minibus"):
        assert promise not in content
