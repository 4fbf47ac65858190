"""French labels of the codes the journals hold (decision 1121).

The audit journal (``core.audit.record``) and the apps' own timelines store codes
(``mutualaid_post.created``, ``report.resolved``); people read French. Core knows no domain:
each app registers the labels of the codes it writes, from its ``AppConfig.ready()``::

    # solidaires/mutualaid/apps.py
    from solidaires.core.labels import register_action_labels
    from .labels import ACTION_LABELS
    register_action_labels(ACTION_LABELS)

Pages show them with ``{{ entry.label }}`` (an ``AuditEntry``) or the ``action_label`` filter of
``solidaires_ui`` (``{{ code|action_label }}``; ``{{ code|action_label:"grant_event." }}`` looks
up ``grant_event.<code>``, for a timeline whose codes have no prefix of their own).
``tests/architecture/test_action_labels.py`` checks that every code written has a label.
"""

from __future__ import annotations

from collections.abc import Mapping

from .slots import Registry

action_labels: Registry[str] = Registry("core.action_labels")


def register_action_labels(labels: Mapping[str, str], *, prefix: str = "") -> None:
    """Register ``code → label`` (each code under ``prefix``); the last registration wins."""
    for code, label in labels.items():
        action_labels.register(f"{prefix}{code}", label)


def action_label(code: str, prefix: str = "") -> str:
    """The French label of ``code``; a code nobody labelled still reads as French."""
    label = action_labels.get(f"{prefix}{code}")
    if label is not None:
        return str(label)
    return f"Action enregistrée ({code})" if code else ""
