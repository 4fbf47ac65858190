"""What the API does with tampered bodies (issue 11, decisions 1116 and 1117): a JSON object or
a French 422, never a 500; a visitor gets 401 whatever the body; text is cleaned."""

from __future__ import annotations

import pytest
from django.test import Client
from pydantic import BaseModel

from solidaires.api.main import api
from solidaires.core.api import InputSchema
from solidaires.volunteering.engagement.models import Engagement
from solidaires.volunteering.tests.factories import EngagementMissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(bicyclette, manager):
    mission = EngagementMissionFactory(association=bicyclette, posted_by=manager)
    return f"/api/v1/missions/{mission.pk}/candidatures"


@pytest.fixture
def signed_in(inhabitant):
    client = Client(raise_request_exception=False)
    client.force_login(inhabitant)
    return client


@pytest.mark.parametrize("body", ["[]", "[{}]", "null", '"bonjour"', "12", "true", ""])
def test_a_body_that_is_not_a_json_object_is_422(signed_in, url, body):
    response = signed_in.post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert "doit être un objet JSON" in response.json()["detail"]
    assert not Engagement.objects.exists()


def test_a_field_of_the_wrong_type_is_a_french_422(signed_in, url):
    response = signed_in.post(
        url, {"message": 3, "age_confirmed": "peut-être"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "message": ["Texte attendu."],
        "age_confirmed": ["Valeur attendue : true ou false."],
    }


def test_invalid_json_is_a_french_400(signed_in, url):
    response = signed_in.post(url, '{"message": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON valide" in response.json()["detail"]


@pytest.mark.parametrize("escaped", ["\\ud800", "\\udfff", "a\\udc00b", "\\u0000"])
def test_a_lone_surrogate_or_nul_in_the_message_is_422_not_500(signed_in, url, escaped):
    response = signed_in.post(url, '{"message": "' + escaped + '"}', content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["message"][0].startswith("Le texte contient un caractère")
    assert not Engagement.objects.exists()


def test_a_body_over_the_upload_limit_is_a_json_413(signed_in, url, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = signed_in.post(url, {"message": "a" * 2000}, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "trop volumineuse" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/json"),
        ("{", "application/json"),
        ("[]", "application/json"),
        ('{"message": "\\ud800"}', "application/json"),
        ("message=Bonjour", "application/x-www-form-urlencoded"),
    ],
)
def test_a_visitor_gets_401_whatever_the_body(url, body, content_type):
    response = Client().post(url, body, content_type=content_type)
    assert response.status_code == 401
    assert response.json()["detail"] == "Connectez-vous pour proposer votre aide."


def test_the_message_is_cleaned_of_invisible_characters(signed_in, url):
    response = signed_in.post(
        url, {"message": "Dispo\u202e le samedi\u200b\ufeff"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert Engagement.objects.get().message == "Dispo le samedi"


def test_query_strings_are_cleaned_too(client):
    response = client.get("/api/v1/missions", {"q": "\u202e\u2066"})
    assert response.status_code == 200


def _input_models():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    for field in model.model_fields.values():
                        annotation = field.annotation
                        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                            yield operation.view_func.__name__, annotation


def test_every_input_schema_of_the_api_cleans_its_text():
    """The one mechanism cannot be forgotten: every query-string and body schema of every
    endpoint derives from InputSchema (a JSON object, text through clean_text)."""
    found = list(_input_models())
    assert len(found) >= 8
    forgotten = sorted(
        f"{view}: {schema.__name__}" for view, schema in found if not issubclass(schema, InputSchema)
    )
    assert not forgotten, forgotten
