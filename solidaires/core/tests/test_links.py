"""core.links: the one base address of absolute links (issue 11, decision 1133)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from solidaires.core.links import absolute_url, base_url, site_host, webcal_url_of


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("http://127.0.0.1:8001", "/missions/", "http://127.0.0.1:8001/missions/"),
        ("https://solidaires.example.org/", "/missions/", "https://solidaires.example.org/missions/"),
        ("https://solidaires.example.org", "missions/", "https://solidaires.example.org/missions/"),
        ("https://solidaires.example.org", "https://ailleurs.example/x", "https://ailleurs.example/x"),
        ("", "/missions/", "/missions/"),
    ],
)
def test_absolute_url(settings, base, path, expected):
    settings.SOLIDAIRES_BASE_URL = base
    assert absolute_url(path) == expected


def test_base_url_and_host(settings):
    settings.SOLIDAIRES_BASE_URL = "http://127.0.0.1:8001/"
    assert base_url() == "http://127.0.0.1:8001"
    assert site_host() == "127.0.0.1"
    assert webcal_url_of(absolute_url("/agenda/feed.ics")) == "webcal://127.0.0.1:8001/agenda/feed.ics"


def test_template_tag_uses_the_same_base(settings):
    settings.SOLIDAIRES_BASE_URL = "http://127.0.0.1:8001"
    html = Template(
        "{% load solidaires_ui %}{% absolute_url path %} {% absolute_url path webcal=True %}"
    ).render(Context({"path": "/agenda/feed.ics"}))
    assert html == "http://127.0.0.1:8001/agenda/feed.ics webcal://127.0.0.1:8001/agenda/feed.ics"
