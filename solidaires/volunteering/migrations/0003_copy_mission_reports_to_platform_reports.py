"""Copy every MissionReport into the platform's reports (mutualaid.Report), decision 0828.

Data only; the next migration deletes the MissionReport table. Both directions are
idempotent: a row already copied (same reporter, mission and creation time) is skipped.

Mapping (the two models differ):
- reporter, created_at, resolved_by, resolved_at are kept; the free-text reason becomes the
  report's ``details`` with the reason category "other" (MissionReport had no category);
- the responsible person is the mission's ``posted_by`` or else its ``contact`` (as
  ``mutualaid.services.REPORTABLE`` reads it);
- state: open when ``resolved_at`` is empty; "resolved" when it was closed by hiding the
  mission (the mission is still hidden and the report was closed within a minute of the
  hiding, as the old ``mission_hide`` did); "dismissed" otherwise;
- a copy that would be a second open report of the same person about the same mission
  (the unique constraint of mutualaid.Report) is stored as dismissed, with a note.

Backwards: the reports about missions are copied back into MissionReport (the free text
being ``details``, or the reason's label), so the old queue works again; the platform's
reports stay where they are.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import migrations

HIDE_WINDOW = timedelta(minutes=1)
NOTE_HIDDEN = "Repris de l'ancienne file des missions (décision 0828). Mission masquée : %s"
NOTE_DISMISSED = "Repris de l'ancienne file des missions (décision 0828) : classé sans suite."
NOTE_DUPLICATE = (
    "Repris de l'ancienne file des missions (décision 0828) : la même personne avait déjà un "
    "signalement ouvert sur cette mission."
)


def _mission_type(apps: Any, db: str) -> Any:
    content_type_model = apps.get_model("contenttypes", "ContentType")
    content_type, _created = content_type_model.objects.using(db).get_or_create(
        app_label="volunteering", model="mission"
    )
    return content_type


def _state_and_note(old: Any) -> tuple[str, str]:
    if old.resolved_at is None:
        return "open", ""
    mission = old.mission
    if mission.hidden_at is not None and timedelta(0) <= old.resolved_at - mission.hidden_at <= HIDE_WINDOW:
        return "resolved", NOTE_HIDDEN % mission.hidden_reason
    return "dismissed", NOTE_DISMISSED


def copy_mission_reports(apps: Any, schema_editor: Any) -> None:
    """MissionReport → mutualaid.Report (see the module docstring)."""
    db = schema_editor.connection.alias
    mission_report_model = apps.get_model("volunteering", "MissionReport")
    report_model = apps.get_model("mutualaid", "Report")
    old_reports = (
        mission_report_model.objects.using(db)
        .select_related("mission", "mission__posted_by", "mission__contact")
        .order_by("pk")
    )
    if not old_reports.exists():
        return
    mission_type = _mission_type(apps, db)
    reports = report_model.objects.using(db).filter(target_type=mission_type)
    for old in old_reports.iterator():
        mission = old.mission
        if reports.filter(
            target_id=mission.pk, reporter_id=old.reporter_id, created_at=old.created_at
        ).exists():
            continue  # copied already
        state, note = _state_and_note(old)
        if (
            state == "open"
            and old.reporter_id is not None
            and reports.filter(target_id=mission.pk, reporter_id=old.reporter_id, state="open").exists()
        ):
            state, note = "dismissed", NOTE_DUPLICATE
        report = reports.create(
            reporter_id=old.reporter_id,
            target_type=mission_type,
            target_id=mission.pk,
            target_repr=str(mission.title)[:200],
            reported_user_id=mission.posted_by_id or mission.contact_id,
            reason="other",
            details=old.reason,
            state=state,
            resolution_note=note,
            resolved_by_id=old.resolved_by_id if state != "open" else None,
            resolved_at=(old.resolved_at or old.updated_at) if state != "open" else None,
        )
        # created_at / updated_at are automatic on create: put back the original moments.
        report_model.objects.using(db).filter(pk=report.pk).update(
            created_at=old.created_at, updated_at=old.updated_at
        )


def copy_reports_back(apps: Any, schema_editor: Any) -> None:
    """mutualaid.Report about missions → MissionReport (the backwards direction)."""
    db = schema_editor.connection.alias
    mission_report_model = apps.get_model("volunteering", "MissionReport")
    mission_model = apps.get_model("volunteering", "Mission")
    report_model = apps.get_model("mutualaid", "Report")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    mission_type = (
        content_type_model.objects.using(db).filter(app_label="volunteering", model="mission").first()
    )
    if mission_type is None:
        return
    missions = mission_model.objects.using(db)
    old_reports = mission_report_model.objects.using(db)
    for report in report_model.objects.using(db).filter(target_type=mission_type).order_by("pk").iterator():
        if not missions.filter(pk=report.target_id).exists():
            continue
        if old_reports.filter(
            mission_id=report.target_id, reporter_id=report.reporter_id, created_at=report.created_at
        ).exists():
            continue  # still there, or copied already
        resolved_at = report.resolved_at if report.state != "open" else None
        if (
            resolved_at is None
            and report.reporter_id is not None
            and old_reports.filter(
                mission_id=report.target_id, reporter_id=report.reporter_id, resolved_at__isnull=True
            ).exists()
        ):
            resolved_at = report.updated_at  # one open MissionReport per person and mission
        old = old_reports.create(
            mission_id=report.target_id,
            reporter_id=report.reporter_id,
            reason=(report.details or str(report.get_reason_display()))[:1000],
            resolved_at=resolved_at,
            resolved_by_id=report.resolved_by_id if resolved_at is not None else None,
        )
        old_reports.filter(pk=old.pk).update(created_at=report.created_at, updated_at=report.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("mutualaid", "0001_initial"),
        ("volunteering", "0002_engagements"),
    ]

    operations = [migrations.RunPython(copy_mission_reports, copy_reports_back, elidable=False)]
