"""Saved searches: save from the list, list/delete, daily alert e-mails with a one-click stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from solidaires.volunteering.missions import services
from solidaires.volunteering.missions.models import SavedSearch
from solidaires.volunteering.missions.tasks import send_saved_search_alerts
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


def test_save_search_from_list(client, inhabitant, romans):
    client.force_login(inhabitant)
    html = client.get("/missions/?commune=26281&rayon=10&jeunes=1").content.decode()
    assert "Enregistrer cette recherche" in html
    response = client.get("/missions/recherches/enregistrer/?commune=26281&rayon=10&jeunes=1")
    assert response.status_code == 200
    response = client.post(
        "/missions/recherches/enregistrer/",
        {"query": "commune=26281&rayon=10&jeunes=1&evil=<x>", "name": "Près de chez moi", "alert": "on"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get()
    assert saved.query_string == "commune=26281&rayon=10&jeunes=1"
    assert saved.alert
    html = client.get("/missions/recherches/").content.decode()
    assert "Près de chez moi" in html


def test_save_search_needs_a_name(client, inhabitant):
    client.force_login(inhabitant)
    response = client.post("/missions/recherches/enregistrer/", {"query": "q=velo", "name": ""})
    assert response.status_code == 400
    assert "Donnez un nom à cette recherche" in response.content.decode()


def test_delete_with_confirmation(client, inhabitant):
    saved = SavedSearch.objects.create(user=inhabitant, name="Vélo", query_string="q=velo")
    client.force_login(inhabitant)
    assert (
        "Supprimer la recherche" in client.get(f"/missions/recherches/{saved.pk}/supprimer/").content.decode()
    )
    assert client.post(f"/missions/recherches/{saved.pk}/supprimer/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_empty_state(client, inhabitant):
    client.force_login(inhabitant)
    assert "avez enregistré aucune recherche" in client.get("/missions/recherches/").content.decode()


def test_daily_alert_sends_new_matching_missions_once(inhabitant, romans, valence):
    saved = services.saved_search_create(
        by=inhabitant, name="Vélo à Romans", query_string="q=velo&commune=26281&rayon=0"
    )
    SavedSearch.objects.filter(pk=saved.pk).update(last_alert_at=timezone.now() - timedelta(days=1))
    MissionFactory(title="Atelier vélo", communes=[romans])
    MissionFactory(title="Atelier vélo à Valence", communes=[valence])
    MissionFactory(title="Cuisine", communes=[romans])
    MissionFactory(title="Vieux vélo", communes=[romans], published_at=timezone.now() - timedelta(days=3))
    assert send_saved_search_alerts.call() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Atelier vélo" in body
    assert "Valence" not in body and "Cuisine" not in body and "Vieux vélo" not in body
    assert "/missions/recherches/arreter/" in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<")
    # nothing new: nothing sent
    assert send_saved_search_alerts.call() == 0
    assert len(mail.outbox) == 1


def test_one_click_stop(client, inhabitant):
    saved = services.saved_search_create(by=inhabitant, name="Tout", query_string="")
    token = services.saved_search_stop_token(saved)
    assert client.get(f"/missions/recherches/arreter/{token}/").status_code == 200
    assert client.get("/missions/recherches/arreter/faux-jeton/").status_code == 404
    response = client.post(f"/missions/recherches/arreter/{token}/")
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.alert is False
    MissionFactory()
    SavedSearch.objects.filter(pk=saved.pk).update(last_alert_at=timezone.now() - timedelta(days=1))
    assert send_saved_search_alerts.call() == 0
