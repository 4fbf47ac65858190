"""Engagement pages through HTTP: applying, bad input, escaping, hours, decisions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.volunteering.engagement.models import Engagement, HoursEntry
from solidaires.volunteering.engagement.views.engagements import apply_box_context
from solidaires.volunteering.engagement.views.proposals import propose_box_context
from solidaires.volunteering.missions.models import Mission, MissionState
from solidaires.volunteering.tests.factories import (
    ActiveEngagementFactory,
    EngagementFactory,
    EngagementMissionFactory,
    EngagementOfferFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(
        association=bicyclette, posted_by=manager, title="Atelier <b>réparation</b>"
    )


def test_apply_through_the_form(client, mission, inhabitant):
    client.force_login(inhabitant)
    response = client.post(f"/missions/engagements/candidater/{mission.pk}/", {"message": "Je viens samedi"})
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/missions/engagements/{engagement.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Je viens samedi" in page
    assert "Candidature envoyée" in page
    assert "Atelier &lt;b&gt;réparation&lt;/b&gt;" in page  # escaped


def test_applying_twice_shows_a_french_error_and_keeps_the_text(client, mission, inhabitant):
    EngagementFactory(mission=mission, volunteer=inhabitant, state="withdrawn")
    client.force_login(inhabitant)
    client.post(f"/missions/engagements/candidater/{mission.pk}/", {"message": "Premier"})
    response = client.post(
        f"/missions/engagements/candidater/{mission.pk}/", {"message": "Deuxième <script>x</script>"}
    )
    page = response.content.decode()
    # Already engaged: the box says so instead of showing the form again.
    assert response.status_code == 400
    assert "Votre candidature est envoyée" in page
    assert "<script>x</script>" not in page


def test_applying_to_a_full_mission_shows_an_error_with_the_text_kept(client, mission, inhabitant):
    client.force_login(inhabitant)
    Mission.objects.filter(pk=mission.pk).update(state=MissionState.FULL)
    response = client.post(
        f"/missions/engagements/candidater/{mission.pk}/", {"message": "Mon message gardé"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "tous ses bénévoles" in page
    assert not Engagement.objects.exists()


def test_parental_consent_checkbox_error_keeps_the_message(client, mission, inhabitant):
    Mission.objects.filter(pk=mission.pk).update(min_age=18, parental_consent_below_18=True)
    inhabitant.profile.birth_year = timezone.localdate().year - 16
    inhabitant.profile.save()
    client.force_login(inhabitant)
    url = f"/missions/engagements/candidater/{mission.pk}/"
    assert "J&#x27;ai l&#x27;accord de mes parents" in client.get(url).content.decode()
    response = client.post(url, {"message": "Texte à garder"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Cochez la case pour confirmer que vos parents sont d&#x27;accord." in page
    assert "Texte à garder" in page
    assert 'aria-describedby="id_parental_consent_error"' in page or "id_parental_consent_error" in page
    response = client.post(url, {"message": "Texte à garder", "parental_consent": "on"})
    assert response.status_code == 302
    assert Engagement.objects.get().parental_consent is True


def test_too_long_message_error(client, mission, inhabitant):
    client.force_login(inhabitant)
    response = client.post(f"/missions/engagements/candidater/{mission.pk}/", {"message": "x" * 2001})
    assert response.status_code == 400
    assert "raccourcissez-le" in response.content.decode()


def test_hidden_mission_apply_page_is_404(client, mission, inhabitant):
    Mission.objects.filter(pk=mission.pk).update(hidden_at=timezone.now())
    client.force_login(inhabitant)
    assert client.get(f"/missions/engagements/candidater/{mission.pk}/").status_code == 404


def _box(user, mission):
    request = RequestFactory().get("/")
    request.user = user
    return apply_box_context(request, mission)


def test_apply_box_statuses(mission, inhabitant, manager):
    from django.contrib.auth.models import AnonymousUser

    assert _box(AnonymousUser(), mission)["status"] == "anonymous"
    assert _box(manager, mission)["status"] == "own"
    box = _box(inhabitant, mission)
    assert box["status"] == "open" and box["form"] is not None
    assert box["apply_box"] is box  # usable with context.update(box) or context["apply_box"] = box
    EngagementFactory(mission=mission, volunteer=inhabitant)
    assert _box(inhabitant, mission)["status"] == "engaged"
    Mission.objects.filter(pk=mission.pk).update(state=MissionState.CLOSED)
    mission.refresh_from_db()
    assert _box(UserFactory(), mission)["status"] == "closed"


def test_apply_box_template_renders_the_form(rf, mission, inhabitant):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = inhabitant
    html = render_to_string(
        "volunteering/engagements/apply_box.html", apply_box_context(request, mission), request=request
    )
    assert f'action="/missions/engagements/candidater/{mission.pk}/"' in html
    assert "Envoyer ma candidature" in html


def test_manager_declines_from_the_dashboard_with_a_reason(client, mission, manager, bicyclette):
    engagement = EngagementFactory(mission=mission)
    client.force_login(manager)
    url = f"/missions/engagements/{engagement.pk}/refuser/"
    response = client.post(url, {"reason": "", "next": "tableau"})
    assert response.status_code == 400
    assert "Indiquez le motif" in response.content.decode()
    response = client.post(url, {"reason": "Complet <i>désolé</i>", "next": "tableau"})
    assert response["Location"] == f"/missions/association/{bicyclette.slug}/tableau/"
    client.force_login(engagement.volunteer)
    page = client.get(f"/missions/engagements/{engagement.pk}/").content.decode()
    assert "Complet &lt;i&gt;désolé&lt;/i&gt;" in page


def test_hours_form_bad_input_keeps_what_was_typed(client, mission, inhabitant):
    engagement = ActiveEngagementFactory(mission=mission, volunteer=inhabitant)
    client.force_login(inhabitant)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        f"/missions/engagements/{engagement.pk}/heures/",
        {"day": tomorrow, "hours": "3", "minutes": "0", "note": "Tri des colis"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "on ne déclare pas des heures à venir" in page
    assert "Tri des colis" in page
    assert f'value="{tomorrow}"' in page
    response = client.post(
        f"/missions/engagements/{engagement.pk}/heures/", {"day": "hier", "hours": "0", "minutes": "0"}
    )
    page = response.content.decode()
    assert "Indiquez une date" in page
    assert HoursEntry.objects.count() == 0


def test_hours_logged_then_validated_in_bulk(client, mission, inhabitant, manager, bicyclette):
    engagement = ActiveEngagementFactory(mission=mission, volunteer=inhabitant)
    client.force_login(inhabitant)
    response = client.post(
        f"/missions/engagements/{engagement.pk}/heures/",
        {"day": timezone.localdate().isoformat(), "hours": "3", "minutes": "0", "note": ""},
    )
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert entry.minutes == 180
    client.force_login(manager)
    page = client.get(f"/missions/association/{bicyclette.slug}/tableau/").content.decode()
    assert "Heures à valider" in page and "3 h" in page
    response = client.post(
        "/missions/heures/valider/", {"association": bicyclette.slug, "heures": [entry.pk]}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == "validated"


def test_bulk_validation_without_any_line_says_so(client, manager, bicyclette):
    client.force_login(manager)
    response = client.post("/missions/heures/valider/", {"association": bicyclette.slug}, follow=True)
    assert "Cochez au moins une ligne" in response.content.decode()


def test_propose_box_for_a_manager(rf, mission, manager, inhabitant):
    offer = EngagementOfferFactory(person=inhabitant)
    request = rf.get("/")
    request.user = manager
    box = propose_box_context(request, offer)
    assert box["is_manager"] and box["missions_count"] == 1
    assert box["propose_box"] is box
    request.user = inhabitant
    assert propose_box_context(request, offer)["form"] is None


def test_propose_through_the_form_without_revealing_the_person(client, mission, manager, inhabitant):
    offer = EngagementOfferFactory(person=inhabitant)
    client.force_login(manager)
    url = f"/missions/propositions/offre/{offer.pk}/"
    response = client.post(url, {"mission": "", "message": "Bonjour"})
    assert response.status_code == 400
    assert "Choisissez une mission." in response.content.decode()
    assert "camille@exemple.fr" not in response.content.decode()
    response = client.post(url, {"mission": mission.pk, "message": "Bonjour"})
    assert response.status_code == 302
    client.force_login(inhabitant)
    page = client.get("/missions/mon-benevolat/").content.decode()
    assert "Missions qu'on vous propose" in page


def test_engagement_page_links_to_the_messaging_thread(client, mission, inhabitant, manager):
    client.force_login(inhabitant)
    client.post(f"/missions/engagements/candidater/{mission.pk}/", {"message": "Bonjour"})
    engagement = Engagement.objects.get()
    from solidaires.messaging.selectors import threads_about

    thread = threads_about(engagement, inhabitant).get()
    assert thread.get_absolute_url() in client.get(f"/missions/engagements/{engagement.pk}/").content.decode()
    client.force_login(manager)
    assert thread.get_absolute_url() in client.get(f"/missions/engagements/{engagement.pk}/").content.decode()


def test_hours_form_refuses_a_day_before_the_application_and_bounds_the_date(client, mission, inhabitant):
    """Issue 11: the date input offers the days from the application to today, and a day
    before the application is refused in French with what was typed kept."""
    engagement = ActiveEngagementFactory(mission=mission, volunteer=inhabitant)
    client.force_login(inhabitant)
    url = f"/missions/engagements/{engagement.pk}/heures/"
    today = timezone.localdate()
    page = client.get(url).content.decode()
    assert f'min="{today.isoformat()}"' in page and f'max="{today.isoformat()}"' in page
    before = (today - timedelta(days=2)).isoformat()
    response = client.post(url, {"day": before, "hours": "2", "minutes": "0", "note": "Accueil"})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Vous avez candidaté le {today:%d/%m/%Y}" in page
    assert f'value="{before}"' in page and "Accueil" in page
    assert HoursEntry.objects.count() == 0


def test_an_application_of_today_waits_since_today_not_since_0_days(client, mission, inhabitant):
    """Issue 11: the application page said "depuis 0 jours"."""
    engagement = EngagementFactory(mission=mission, volunteer=inhabitant)
    client.force_login(inhabitant)
    page = client.get(f"/missions/engagements/{engagement.pk}/").content.decode()
    assert "depuis aujourd&#x27;hui" in page
    assert "0 jour" not in page
    Engagement.objects.filter(pk=engagement.pk).update(created_at=timezone.now() - timedelta(days=1))
    page = client.get(f"/missions/engagements/{engagement.pk}/").content.decode()
    assert "depuis hier" in page and "1 jours" not in page
