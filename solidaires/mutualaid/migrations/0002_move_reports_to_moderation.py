"""Report and ModerationAction now belong to the moderation app (decision 0845): deleted from
this app's state only; their tables stay, owned by ``moderation`` 0001."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mutualaid", "0001_initial"),
        ("moderation", "0001_initial"),
        # This data migration reads mutualaid.Report in the historical state: it runs first.
        ("volunteering", "0003_copy_mission_reports_to_platform_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ModerationAction"),
                migrations.DeleteModel(name="Report"),
            ],
            database_operations=[],
        ),
    ]
