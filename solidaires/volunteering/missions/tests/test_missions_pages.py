"""The missions list, a mission's page, posting, editing, moving: through HTTP."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from solidaires.core.models import AuditEntry
from solidaires.territory.tests.factories import CommuneFactory, link_distance
from solidaires.volunteering.missions.models import Mission, MissionState
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


def _future(days: int = 10) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def mission_post(commune, **overrides):
    data = {
        "organiser": "groupe",
        "group_name": "Les voisins de la rue Bouffier",
        "title": "Distribution de colis",
        "description": "Trier et distribuer les colis alimentaires.",
        "skills": "",
        "themes": ["alimentation"],
        "communes": [commune.insee],
        "schedule_kind": "one_off",
        "start_date": _future(),
        "start_time": "14:00",
        "end_date": "",
        "end_time": "17:00",
        "volunteers_wanted": "3",
        "min_age": "",
        "publier": "1",
    }
    data.update(overrides)
    return data


def test_index_title_and_empty_state(client):
    response = client.get("/missions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Missions de bénévolat" in html
    assert "Aucune mission n'est publiée" in html


def test_list_shows_published_only(client, romans):
    shown = MissionFactory(title="Réparer des vélos", communes=[romans])
    MissionFactory(title="Brouillon secret", state=MissionState.DRAFT, published_at=None, communes=[romans])
    MissionFactory(title="Masquée", hidden_at=timezone.now(), communes=[romans])
    html = client.get("/missions/").content.decode()
    assert shown.title in html
    assert "Brouillon secret" not in html
    assert "Masquée" not in html


def test_rayon_filter_never_shows_far_mission(client, romans, valence):
    far = CommuneFactory(insee="26999", name="Lointaine", slug="26999-lointaine", lat=44.6, lon=5.4)
    link_distance(romans, valence, 18.0)
    link_distance(romans, far, 30.0)
    near = CommuneFactory(insee="26998", name="Proche", slug="26998-proche")
    link_distance(romans, near, 6.0)
    MissionFactory(title="Mission à Romans", communes=[romans])
    MissionFactory(title="Mission à Proche", communes=[near])
    MissionFactory(title="Mission à Lointaine", communes=[far])
    MissionFactory(title="Mission à distance", communes=[], is_remote=True)
    html = client.get("/missions/?commune=26281&rayon=10").content.decode()
    assert "Mission à Romans" in html
    assert "Mission à Proche" in html
    assert "Mission à Lointaine" not in html
    assert "Mission à distance" not in html
    html = client.get("/missions/?commune=26281&rayon=30").content.decode()
    assert "Mission à Lointaine" in html
    html = client.get("/missions/?commune=26281&rayon=0").content.decode()
    assert "Mission à Proche" not in html
    html = client.get("/missions/?a_distance=1").content.decode()
    assert "Mission à distance" in html and "Mission à Romans" not in html


def test_distance_sort(client, romans):
    near = CommuneFactory(insee="26998", name="Proche", slug="26998-proche")
    mid = CommuneFactory(insee="26997", name="Moyenne", slug="26997-moyenne")
    link_distance(romans, near, 3.0)
    link_distance(romans, mid, 8.0)
    MissionFactory(title="Zmid", communes=[mid])
    MissionFactory(title="Znear", communes=[near])
    html = client.get("/missions/?commune=26281&rayon=10&tri=distance").content.decode()
    assert html.index("Znear") < html.index("Zmid")


def test_search_q_french(client, romans):
    MissionFactory(title="Atelier de réparation de bicyclettes", communes=[romans])
    MissionFactory(title="Cours de cuisine", communes=[romans])
    html = client.get("/missions/?q=Bicyclette").content.decode()
    assert "Atelier de réparation" in html
    assert "Cours de cuisine" not in html


def test_filters_flags_and_theme(client, romans):
    MissionFactory(title="Pour les jeunes", youth_friendly=True, communes=[romans], themes=["jeunesse"])
    MissionFactory(title="Pour tous", communes=[romans], themes=["culture"])
    html = client.get("/missions/?jeunes=1").content.decode()
    assert "Pour les jeunes" in html and "Pour tous" not in html
    html = client.get("/missions/?theme=culture").content.decode()
    assert "Pour tous" in html and "Pour les jeunes" not in html


def test_date_filter(client, romans):
    MissionFactory(title="Dans un mois", starts_at=timezone.now() + timedelta(days=30), communes=[romans])
    MissionFactory(title="Demain", starts_at=timezone.now() + timedelta(days=1), communes=[romans])
    html = client.get(f"/missions/?du={_future(20)}").content.decode()
    assert "Dans un mois" in html and "Demain" not in html
    html = client.get(f"/missions/?au={_future(3)}").content.decode()
    assert "Demain" in html and "Dans un mois" not in html


def test_bad_filter_input_french_errors(client):
    response = client.get("/missions/?commune=99999&rayon=abc&du=hier")
    html = response.content.decode()
    assert response.status_code == 200
    assert "«&nbsp;99999&nbsp;» ne fait pas partie du territoire" in html
    assert "Indiquez une distance en kilomètres" in html
    assert "Date inconnue" in html


def test_list_escapes_html(client, romans):
    MissionFactory(title="<script>alert(1)</script>", communes=[romans])
    html = client.get("/missions/?q=%3Cb%3E").content.decode()
    html = client.get("/missions/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_constant(client, romans, rows, django_assert_max_num_queries):
    for _ in range(rows):
        MissionFactory(communes=[romans], themes=["culture", "sport"])
    client.get("/missions/?chaud=1")  # warm the filter choices cache (another page key)
    with django_assert_max_num_queries(8):
        assert client.get("/missions/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/missions/?commune=26281&rayon=10&tri=distance&q=mission").status_code == 200


def test_detail_schedule_in_french_and_escaped(client, romans):
    # A Tuesday 2 March in the future, whenever the test runs.
    year = timezone.localdate().year + 1
    while timezone.datetime(year, 3, 2).weekday() != 1:
        year += 1
    start = timezone.make_aware(timezone.datetime(year, 3, 2, 14, 0))
    mission = MissionFactory(
        title="Café <b>solidaire</b>",
        description="<script>x()</script>",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        communes=[romans],
        youth_friendly=True,
    )
    response = client.get(mission.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Mardi 2 mars {year}, 14 h – 17 h" in html
    assert "&lt;b&gt;solidaire&lt;/b&gt;" in html
    assert "<script>x()</script>" not in html
    assert "Jeunes bienvenus" in html


def test_detail_weekly_slots(client, romans):
    mission = MissionFactory(
        schedule_kind="recurring",
        starts_at=None,
        ends_at=None,
        weekly_slots=[{"weekday": 1, "start": "14:00", "end": "17:00"}],
        communes=[romans],
    )
    html = client.get(mission.get_absolute_url()).content.decode()
    assert "Chaque semaine, le mardi de 14 h à 17 h" in html


def test_detail_wrong_slug_redirects(client, romans):
    mission = MissionFactory(title="Jardin partagé", communes=[romans])
    response = client.get(f"/missions/{mission.pk}-autre/")
    assert response.status_code == 301
    assert response["Location"] == mission.get_absolute_url()


def test_hidden_mission_404_for_public_but_author_sees_reason(client, romans, manager, bicyclette):
    mission = MissionFactory(
        association=bicyclette,
        posted_by=manager,
        hidden_at=timezone.now(),
        hidden_reason="Numéro de téléphone",
        communes=[romans],
    )
    assert client.get(mission.get_absolute_url()).status_code == 404
    client.force_login(manager)
    html = client.get(mission.get_absolute_url()).content.decode()
    assert "Numéro de téléphone" in html
    html = client.get("/missions/publiees/").content.decode()
    assert "Numéro de téléphone" in html


def test_manager_posts_mission_for_association(client, manager, bicyclette, romans):
    client.force_login(manager)
    response = client.get("/missions/nouvelle/")
    assert response.status_code == 200
    assert "La Bicyclette Bleue" in response.content.decode()
    response = client.post(
        "/missions/nouvelle/", mission_post(romans, organiser=str(bicyclette.pk), group_name="")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mission = Mission.objects.get()
    assert mission.association == bicyclette
    assert mission.state == MissionState.PUBLISHED
    assert list(mission.communes.all()) == [romans]
    assert AuditEntry.objects.filter(action="mission.published", target_id=str(mission.pk)).exists()
    assert client.get("/missions/").content.decode().count("Distribution de colis") == 1


def test_inhabitant_posts_informal_group_draft(client, inhabitant, romans):
    client.force_login(inhabitant)
    data = mission_post(romans)
    del data["publier"]
    data["brouillon"] = "1"
    response = client.post("/missions/nouvelle/", data)
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.state == MissionState.DRAFT
    assert mission.group_name == "Les voisins de la rue Bouffier"
    # publish through the confirmation page
    assert client.get(f"/missions/{mission.pk}/publier/").status_code == 200
    assert client.post(f"/missions/{mission.pk}/publier/").status_code == 302
    mission.refresh_from_db()
    assert mission.state == MissionState.PUBLISHED


def test_inhabitant_cannot_post_for_an_association(client, inhabitant, bicyclette, romans):
    client.force_login(inhabitant)
    response = client.post("/missions/nouvelle/", mission_post(romans, organiser=str(bicyclette.pk)))
    assert response.status_code == 400
    assert not Mission.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"start_date": (timezone.localdate() - timedelta(days=2)).isoformat()}, "Cette date est passée"),
        ({"end_time": "13:00"}, "La fin doit être après le début"),
        ({"volunteers_wanted": "0"}, "Indiquez au moins un bénévole"),
        ({"title": "x" * 201}, "200 caractères au plus"),
        ({"communes": ["00000"]}, "Cette commune est inconnue"),
        ({"themes": []}, "Choisissez au moins un thème"),
        ({"group_name": ""}, "Indiquez le nom de votre collectif"),
        (
            {"schedule_kind": "recurring", "slot1_day": "1", "slot1_start": "", "slot1_end": ""},
            "Indiquez le jour",
        ),
    ],
)
def test_bad_input_french_error_data_kept(client, inhabitant, romans, overrides, field_error):
    client.force_login(inhabitant)
    data = mission_post(romans, description="Texte <em>gardé</em> tel quel", **overrides)
    response = client.post("/missions/nouvelle/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error in html
    assert "Texte &lt;em&gt;gardé&lt;/em&gt; tel quel" in html
    assert 'aria-invalid="true"' in html
    assert not Mission.objects.exists()


def test_edit_and_close(client, manager, bicyclette, romans):
    start = timezone.make_aware(timezone.datetime.combine(timezone.localdate() + timedelta(days=7), time(14)))
    mission = MissionFactory(
        association=bicyclette,
        posted_by=manager,
        communes=[romans],
        themes=["mobilite"],
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    client.force_login(manager)
    response = client.get(f"/missions/{mission.pk}/modifier/")
    assert response.status_code == 200
    data = mission_post(romans, title="Titre modifié")
    local = timezone.localtime(mission.starts_at)
    data.update(start_date=local.date().isoformat(), start_time=local.strftime("%H:%M"))
    data["end_time"] = timezone.localtime(mission.ends_at).strftime("%H:%M")
    data.pop("organiser")
    response = client.post(f"/missions/{mission.pk}/modifier/", data)
    assert response.status_code == 302, response.context["form"].errors
    mission.refresh_from_db()
    assert mission.title == "Titre modifié"
    assert client.get(f"/missions/{mission.pk}/cloturer/").status_code == 200
    assert client.post(f"/missions/{mission.pk}/cloturer/").status_code == 302
    mission.refresh_from_db()
    assert mission.state == MissionState.CLOSED
    # a closed mission cannot be edited nor closed again
    assert client.get(f"/missions/{mission.pk}/modifier/").status_code == 302
    response = client.post(f"/missions/{mission.pk}/cloturer/")
    assert response.status_code == 400
    assert "déjà terminée" in response.content.decode()


def test_report_then_agent_hides(client, inhabitant, agent, romans):
    mission = MissionFactory(communes=[romans])
    client.force_login(inhabitant)
    response = client.post(
        f"/entraide/signaler/mission/{mission.pk}/", {"reason": "scam", "details": "Demande un paiement"}
    )
    assert response.status_code == 302
    client.force_login(agent)
    html = client.get(reverse("volunteering_agents:queue")).content.decode()
    assert "Demande un paiement" in html
    response = client.post(f"/espace-agents/missions/{mission.pk}/masquer/", {"reason": ""})
    assert response.status_code == 400
    assert "Expliquez le motif" in response.content.decode()
    response = client.post(
        f"/espace-agents/missions/{mission.pk}/masquer/", {"reason": "Bénévolat payant interdit"}
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.hidden_reason == "Bénévolat payant interdit"
    client.logout()
    assert client.get(mission.get_absolute_url()).status_code == 404
    client.force_login(agent)
    assert client.post(f"/espace-agents/missions/{mission.pk}/reafficher/").status_code == 302
    mission.refresh_from_db()
    assert mission.hidden_at is None


@pytest.mark.parametrize("rows", [3, 30])
def test_mine_and_agent_queue_query_counts(
    client, manager, agent, bicyclette, romans, rows, django_assert_max_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    from solidaires.moderation.models import Report

    for _ in range(rows):
        mission = MissionFactory(
            association=bicyclette, posted_by=manager, communes=[romans], themes=["culture"]
        )
        Report.objects.create(
            reporter=agent,
            target_type=ContentType.objects.get_for_model(mission),
            target_id=mission.pk,
            reason="other",
            details="À vérifier",
        )
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        assert client.get("/missions/publiees/").status_code == 200
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        assert client.get("/espace-agents/missions/").status_code == 200


def test_illegal_moves_over_http_are_french_errors(client, manager, bicyclette, romans):
    mission = MissionFactory(association=bicyclette, posted_by=manager, communes=[romans])
    client.force_login(manager)
    response = client.post(f"/missions/{mission.pk}/publier/")
    assert response.status_code == 400
    assert "Seul un brouillon peut être publié" in response.content.decode()
    mission.refresh_from_db()
    assert mission.state == MissionState.PUBLISHED


def test_full_mission_is_listed_as_full(client, romans):
    mission = MissionFactory(title="Complète ici", state=MissionState.FULL, communes=[romans])
    html = client.get("/missions/").content.decode()
    assert "Complète ici" in html and "Complète</li>" in html
    assert "Complète pour le moment" in client.get(mission.get_absolute_url()).content.decode()


def test_draft_publish_refuses_past_date(client, inhabitant, romans):
    past = timezone.now() - timedelta(days=1)
    mission = MissionFactory(
        association=None,
        group_name="Collectif",
        posted_by=inhabitant,
        state=MissionState.DRAFT,
        published_at=None,
        starts_at=past,
        ends_at=past + timedelta(hours=2),
        communes=[romans],
    )
    client.force_login(inhabitant)
    response = client.post(f"/missions/{mission.pk}/publier/")
    assert response.status_code == 400
    assert "Cette date est passée" in response.content.decode()


def test_anonymous_list_cached_and_fresh_after_a_change(client, manager, bicyclette, romans):
    from solidaires.volunteering.missions import services

    first = client.get("/missions/")
    assert first["X-Solidaires-Cache"] == "miss"
    assert client.get("/missions/")["X-Solidaires-Cache"] == "hit"
    mission = MissionFactory(
        title="Nouvelle mission",
        association=bicyclette,
        posted_by=manager,
        state="draft",
        published_at=None,
        communes=[romans],
    )
    services.mission_publish(mission=mission, by=manager)
    response = client.get("/missions/")
    assert response["X-Solidaires-Cache"] == "miss"
    assert "Nouvelle mission" in response.content.decode()
    services.mission_close(mission=mission, by=manager)
    assert "Nouvelle mission" not in client.get("/missions/").content.decode()
    # logged-in people are never served from the cache
    client.force_login(manager)
    assert "X-Solidaires-Cache" not in client.get("/missions/")


def test_a_commune_outside_the_territory_is_said_so(client, romans):
    """Issue 11: /missions/?commune=75056&rayon=10 (Paris) gave an empty list and "widen the
    distance"; it says the commune is not part of the territory and lists every mission."""
    MissionFactory(title="Jardin partagé", communes=[romans])
    html = client.get("/missions/?commune=75056&rayon=10").content.decode()
    assert "«&nbsp;75056&nbsp;» ne fait pas partie du territoire" in html
    assert "Jardin partagé" in html
    assert "Élargissez la distance" not in html
    # A commune of the territory filters without the notice.
    html = client.get(f"/missions/?commune={romans.insee}&rayon=10").content.decode()
    assert "ne fait pas partie du territoire" not in html and "Jardin partagé" in html


def test_the_distance_select_shows_the_distance_in_force(client, romans, valence):
    """Issue 11: ?rayon=40 filtered at 40 km while the select (0, 5, 10, 20, 30, 50) showed
    "cette commune seulement", so applying the filters dropped to 0 km."""
    link_distance(romans, valence, 35.0)
    MissionFactory(title="Maraude à Valence", communes=[valence])
    html = client.get(f"/missions/?commune={romans.insee}&rayon=40").content.decode()
    assert "à 40 km ou moins de" in html and "Maraude à Valence" in html
    select = html.split('id="filtre-rayon"', 1)[1].split("</select>", 1)[0]
    assert '<option value="40" selected>40 km</option>' in select
    assert select.count(" selected") == 1
    # In order among the offered distances.
    assert select.index('value="30"') < select.index('value="40"') < select.index('value="50"')
    # An offered distance is not repeated.
    select = client.get(f"/missions/?commune={romans.insee}&rayon=20").content.decode()
    select = select.split('id="filtre-rayon"', 1)[1].split("</select>", 1)[0]
    assert select.count('value="20"') == 1 and '<option value="20" selected>20 km</option>' in select


def test_an_unknown_theme_does_not_filter_behind_a_select_saying_all(client, romans):
    """Issue 11 (selects show the filter in force): ?theme=<no such theme> listed nothing
    while the theme select said "Tous les thèmes"."""
    MissionFactory(title="Jardin partagé", communes=[romans])
    html = client.get("/missions/?theme=plus-de-theme").content.decode()
    assert "Jardin partagé" in html
    select = html.split('id="filtre-theme"', 1)[1].split("</select>", 1)[0]
    assert " selected" not in select
