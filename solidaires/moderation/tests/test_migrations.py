"""Moving Report, ModerationAction (from mutualaid) and Block (from messaging) to this app
keeps every row with its values, and the content types follow (decision 0845)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from solidaires.accounts.tests.factories import AgentFactory, UserFactory
from solidaires.moderation.models import ActionKind, Block, ModerationAction, Report, ReportState

# Unapplying this app's first migration unapplies the state-only deletions in mutualaid and
# messaging that depend on it: the three models are back in their old apps.
BEFORE = ("moderation", None)
MOVED = (("mutualaid", "report"), ("mutualaid", "moderationaction"), ("messaging", "block"))

REPORT_FIELDS = (
    "id",
    "reporter_id",
    "target_type_id",
    "target_id",
    "target_repr",
    "reported_user_id",
    "reason",
    "details",
    "state",
    "resolution_note",
    "resolved_by_id",
    "resolved_at",
    "created_at",
    "updated_at",
)
ACTION_FIELDS = (
    "id",
    "created_at",
    "kind",
    "report_id",
    "subject_user_id",
    "target_type_id",
    "target_id",
    "by_id",
    "reason",
)
BLOCK_FIELDS = ("id", "blocker_id", "blocked_id", "created_at")


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets: list[tuple[str, str | None]]) -> object:
    """Migrate to ``targets``; the models as they are at that point."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    executor.loader.build_graph()
    return state.apps


def _rows(model: type, fields: tuple[str, ...]) -> list[dict]:
    return list(model.objects.order_by("pk").values(*fields))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_models_keeps_every_row_and_the_content_types():
    reporter, author, other = UserFactory(), UserFactory(), UserFactory()
    agent = AgentFactory()
    user_type = ContentType.objects.get_for_model(type(author))
    long_ago = timezone.now() - timedelta(days=40)
    leaves = _leaves()
    try:
        old = _migrate([BEFORE])
        old_report = old.get_model("mutualaid", "Report")
        old_action = old.get_model("mutualaid", "ModerationAction")
        old_block = old.get_model("messaging", "Block")
        old_content_type = old.get_model("contenttypes", "ContentType")
        # The content types of the old models, as a database migrated before the move has them.
        for app_label, model in MOVED:
            old_content_type.objects.filter(app_label="moderation", model=model).delete()
            old_content_type.objects.get_or_create(app_label=app_label, model=model)
        moved_type_ids = {
            model: old_content_type.objects.get(app_label=app_label, model=model).pk
            for app_label, model in MOVED
        }
        opened = old_report.objects.create(
            reporter_id=reporter.pk,
            target_type_id=user_type.pk,
            target_id=author.pk,
            target_repr="Une annonce « douteuse »",
            reported_user_id=author.pk,
            reason="scam",
            details="Demande un virement",
        )
        resolved = old_report.objects.create(
            reporter_id=other.pk,
            target_type_id=user_type.pk,
            target_id=author.pk,
            target_repr="Une autre",
            reported_user_id=author.pk,
            reason="other",
            details="Propos blessants",
            state="resolved",
            resolution_note="Contenu masqué : insultes",
            resolved_by_id=agent.pk,
            resolved_at=long_ago + timedelta(hours=1),
        )
        old_report.objects.filter(pk=resolved.pk).update(created_at=long_ago, updated_at=long_ago)
        hide = old_action.objects.create(
            kind="hide",
            report_id=resolved.pk,
            subject_user_id=author.pk,
            target_type_id=user_type.pk,
            target_id=author.pk,
            by_id=agent.pk,
            reason="Insultes",
        )
        old_action.objects.create(
            kind="reinstate", subject_user_id=author.pk, by_id=agent.pk, reason="Excuses"
        )
        old_action.objects.filter(pk=hide.pk).update(created_at=long_ago)
        old_block.objects.create(blocker_id=author.pk, blocked_id=other.pk)
        old_block.objects.create(blocker_id=other.pk, blocked_id=reporter.pk)
        before = {
            "reports": _rows(old_report, REPORT_FIELDS),
            "actions": _rows(old_action, ACTION_FIELDS),
            "blocks": _rows(old_block, BLOCK_FIELDS),
        }
    finally:
        _migrate(leaves)
        ContentType.objects.clear_cache()

    assert len(before["reports"]) == 2 and len(before["actions"]) == 2 and len(before["blocks"]) == 2
    assert _rows(Report, REPORT_FIELDS) == before["reports"]
    assert _rows(ModerationAction, ACTION_FIELDS) == before["actions"]
    assert _rows(Block, BLOCK_FIELDS) == before["blocks"]
    # The models work on the moved rows: the relations, the state machine, the queries.
    report = Report.objects.get(pk=opened.pk)
    assert report.is_open and report.target == author and report.reporter == reporter
    assert list(Report.objects.open()) == [report]
    assert Report.objects.get(pk=resolved.pk).state == ReportState.RESOLVED
    assert ModerationAction.objects.get(kind=ActionKind.HIDE).report_id == resolved.pk
    assert Report.objects.get(pk=resolved.pk).actions.get().by == agent
    assert set(author.blocks_made.values_list("blocked_id", flat=True)) == {other.pk}
    # The content types were renamed, not recreated: what points at them still does.
    for _app_label, model in MOVED:
        content_type = ContentType.objects.get(pk=moved_type_ids[model])
        assert (content_type.app_label, content_type.model) == ("moderation", model)
    assert not ContentType.objects.filter(
        app_label="mutualaid", model__in=["report", "moderationaction"]
    ).exists()
    assert ContentType.objects.get_for_model(Block).pk == moved_type_ids["block"]
