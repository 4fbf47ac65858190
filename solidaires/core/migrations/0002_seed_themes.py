from django.db import migrations


def seed_themes(apps, schema_editor):
    from solidaires.core.themes import THEMES

    Theme = apps.get_model("core", "Theme")
    for position, theme in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=theme.slug,
            defaults={"label": theme.label, "data_inclusion": theme.data_inclusion, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed_themes, migrations.RunPython.noop)]
