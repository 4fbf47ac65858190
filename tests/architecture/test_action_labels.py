"""Every code the journals hold has a French label (issue 11, decision 1121).

Agents read the audit journal on their pages (an association's history, a report's journal)
and saw raw codes (``mutualaid_post.created``). The labels live in one registry,
``solidaires.core.labels``, that each app fills from its ``AppConfig.ready()``. This test reads
the code base (the AST of every module outside tests and migrations) for the codes it writes
and checks that each one has a label:

- literal codes given as ``action=`` to any call (both branches of ``a if c else b``);
- literal codes assigned to a variable named ``action``;
- codes kept as the first item of tuples in a dict (tables of moves: ``"pause": ("offer.paused", …)``);
- the codes moderation builds from what the domains register (``<audit_prefix>.hidden``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from solidaires.core.labels import action_label, action_labels

ROOT = Path(__file__).resolve().parents[2] / "solidaires"
CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
# The grants' journal and timeline are labelled by the grants work of issue 11 (they register
# their codes in the same registry, decision 1121); this test checks them once it is merged.
NOT_YET: tuple[str, ...] = ()


def _strings(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)


def codes_in(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "action":
                    found.update(_strings(keyword.value))
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets):
                found.update(_strings(node.value))
        elif isinstance(node, ast.Dict):
            for value in node.values:
                if isinstance(value, ast.Tuple) and value.elts:
                    found.update(_strings(value.elts[0]))
    return {code for code in found if CODE.match(code)}


def written_codes() -> dict[str, str]:
    """code → the module that writes it."""
    codes: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if {"tests", "migrations"} & set(relative.parts) or relative.parts[0] in NOT_YET:
            continue
        for code in codes_in(ast.parse(path.read_text(encoding="utf-8"))):
            codes.setdefault(code, str(relative))
    from solidaires.moderation.registry import reportables

    for _label, reportable in reportables.items():
        prefix = reportable.audit_prefix or reportable.label.split(".")[1]
        for move in ("hidden", "unhidden"):
            codes.setdefault(f"{prefix}.{move}", "moderation/services.py")
    return codes


def test_the_collector_finds_the_codes_of_the_journal():
    codes = written_codes()
    for known in (
        "mutualaid_post.created",
        "association.verified",
        "report.resolved",
        "report.dismissed",
        "offer.paused",
        "officehours.suspended",
        "mission.full",
        "engagement.accepted",
        "mutualaid_post.hidden",
        "moderation_contest.reversed",
    ):
        assert known in codes, known
    assert "mutualaid.add_post" not in codes  # permissions are not journal codes


@pytest.mark.parametrize("code", sorted(written_codes()))
def test_every_code_written_to_the_journal_has_a_french_label(code):
    assert code in action_labels, f"{code} ({written_codes()[code]}) has no label: register one"
    label = action_label(code)
    assert label and label != code and label[0].isupper(), label


def test_an_unknown_code_still_reads_as_french():
    assert action_label("inconnu.fait") == "Action enregistrée (inconnu.fait)"
