from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_database_down(client):
    with mock.patch("solidaires.site.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_home_is_french(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="fr">' in response.content


def test_healthz_reports_queue_lag(client):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    assert client.get("/healthz").json()["queue_lag_seconds"] is None
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="x.y",
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    assert client.get("/healthz").json()["queue_lag_seconds"] >= 599
