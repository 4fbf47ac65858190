"""Issue 11: agents saw raw codes (``submit``, ``pieces_requested``) in a file's timeline and
journal. Every code the grants' services write has a French label, defined once next to the
state machine (``applications/models/files.py``)."""

from __future__ import annotations

import ast
import datetime as dt
from html import escape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from solidaires.grants.applications.models import Application, ApplicationState, transition_labels
from solidaires.grants.instruction import services
from solidaires.grants.instruction.models import DecisionOutcome
from solidaires.grants.templatetags.grants_ui import event_label
from solidaires.grants.tests.factories import GroupApplicantFactory, submitted_application

GRANTS = Path(__file__).resolve().parents[1]

# The functions that write a timeline event (``action=``) and the prefix of the journal entry
# they write with it; ``audit.record`` writes journal entries directly.
TIMELINE_WRITERS = {
    "application_event_record": "grant_application.",
    "timeline_add": "application.",
    "move_application": "application.",
}


def _written_codes() -> set[str]:
    """Every literal ``action=`` given to a timeline writer or to ``audit.record`` in the
    grants' code (f-strings ending in ``{…}`` are expanded by the tests below)."""
    codes: set[str] = set()
    for path in GRANTS.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "demo.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            for keyword in node.keywords:
                if keyword.arg != "action" or not isinstance(keyword.value, ast.Constant):
                    continue
                code = str(keyword.value.value)
                if name in TIMELINE_WRITERS:
                    codes.update({code, TIMELINE_WRITERS[name] + code})
                elif name == "record":
                    codes.add(code)
    return codes


def test_the_scan_finds_the_codes_of_both_sides():
    codes = _written_codes()
    assert {"pieces_requested", "application.pieces_requested", "created", "grant_vault.uploaded"} <= codes
    assert len(codes) > 30


@pytest.mark.parametrize("code", sorted(_written_codes()))
def test_every_code_written_has_a_french_label(code):
    assert event_label(code) != code, f"no label for {code!r}: add it next to the state machine"


def test_every_transition_has_a_label_and_is_labelled_in_both_journals():
    field = Application._meta.get_field("state")
    names = {t.name for t in field.get_all_transitions(Application)}
    assert names == set(transition_labels())
    for name in names:  # application_move writes the transition's name
        assert event_label(name) != name
        assert event_label(f"grant_application.{name}") == event_label(name)
        assert event_label(f"application.{name}") == event_label(name)


def test_decisions_are_labelled_by_outcome():
    for outcome in DecisionOutcome.values:
        assert event_label(f"decision.{outcome}").startswith("Décision du comité : ")
    assert event_label("decision.unknown") == "decision.unknown"


@pytest.mark.django_db
def test_agents_pages_show_labels_not_codes(client, agent, inhabitant):
    application = submitted_application(applicant=GroupApplicantFactory(person=inhabitant))
    services.application_start_instruction(application=application, by=agent)
    application.refresh_from_db()
    services.pieces_request(
        application=application,
        message="Le devis signé",
        due_on=timezone.localdate() + dt.timedelta(days=10),
        by=agent,
    )
    client.force_login(agent)
    for url in (
        reverse("grants_agents:file", args=[application.pk]),
        reverse("grants_agents:file_history", args=[application.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Pièces demandées" in html and "Examen du dossier commencé" in html
        for raw in ("pieces_requested", "start_instruction", "application.pieces_requested"):
            assert f">{raw}<" not in html and f"— {raw}" not in html, (url, raw)
    html = client.get(reverse("grants_agents:file_history", args=[application.pk])).content.decode()
    assert escape(f"{ApplicationState.INSTRUCTION.label} → {ApplicationState.WAITING_PIECES.label}") in html
