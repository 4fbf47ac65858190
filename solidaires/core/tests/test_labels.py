"""The one registry of journal labels (decision 1121): apps fill it, pages read it."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from solidaires.core import audit
from solidaires.core.labels import action_label, action_labels, register_action_labels

pytestmark = pytest.mark.django_db


def test_apps_fill_the_registry_from_ready():
    assert action_label("mutualaid_post.created") == "Annonce publiée"
    assert action_label("report.resolved") == "Signalement traité"
    assert action_label("association.verified") == "Association vérifiée"


def test_an_audit_entry_and_the_filter_give_the_label():
    entry = audit.record(actor=None, action="mission.published")
    assert entry.label == "Mission publiée"
    html = Template(
        '{% load solidaires_ui %}{{ code|action_label }}|{{ step|action_label:"test_timeline." }}'
    ).render(Context({"code": "event.cancelled", "step": "submit"}))
    assert html.startswith("Événement annulé|")
    register_action_labels({"submit": "Dossier déposé"}, prefix="test_timeline.")
    try:
        html = Template('{% load solidaires_ui %}{{ step|action_label:"test_timeline." }}').render(
            Context({"step": "submit"})
        )
        assert html == "Dossier déposé"
    finally:
        action_labels._items.pop("test_timeline.submit")
