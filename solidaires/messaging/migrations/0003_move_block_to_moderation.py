"""Block now belongs to the moderation app (decision 0845): deleted from this app's state
only; its table stays, owned by ``moderation`` 0001."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_message_dates_default"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Block")],
            database_operations=[],
        ),
    ]
