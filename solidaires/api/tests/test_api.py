import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_the_foundation_endpoints(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    assert {"/api/v1/communes", "/api/v1/places", "/api/v1/associations"} <= paths


def test_docs_page_uses_local_assets_only(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_anonymous_clients_are_rate_limited(client, settings):
    from solidaires.api.main import api

    throttle = api.throttle[0]
    original = throttle.rate, throttle.num_requests, throttle.duration
    throttle.rate, throttle.num_requests, throttle.duration = "3/m", 3, 60
    try:
        codes = [client.get("/api/v1/communes").status_code for _ in range(4)]
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = original
    assert codes == [200, 200, 200, 429]
