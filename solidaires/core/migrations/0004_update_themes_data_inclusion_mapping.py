"""Re-sync the Theme table with the corrected data·inclusion mapping (docs/themes.md).

The values are written here rather than imported, so this migration keeps meaning the
same thing if solidaires.core.themes changes later.
"""

from django.db import migrations

THEMES = [
    ("alimentation", "Alimentation et aide alimentaire", "equipement-et-alimentation"),
    ("logement", "Logement et hébergement", "logement-hebergement"),
    ("sante", "Santé et prévention", "sante"),
    ("emploi", "Emploi et insertion", "trouver-un-emploi"),
    ("numerique", "Numérique et inclusion numérique", "numerique"),
    ("acces-droits", "Accès aux droits et démarches", "acces-aux-droits-et-citoyennete"),
    ("apprendre-francais", "Apprendre le français", "apprendre-francais"),
    ("education", "Éducation et soutien scolaire", ""),
    ("famille", "Famille et parentalité", "famille"),
    ("jeunesse", "Jeunesse", ""),
    ("seniors", "Seniors et lutte contre l'isolement", ""),
    ("handicap", "Handicap", "handicap"),
    ("mobilite", "Mobilité", "mobilite"),
    ("environnement", "Environnement et jardins partagés", ""),
    ("culture", "Culture et loisirs", ""),
    ("sport", "Sport", ""),
    ("solidarite-internationale", "Solidarité internationale", ""),
    ("budget", "Budget et surendettement", "gestion-financiere"),
    ("vie-quartier", "Vie de quartier et citoyenneté", "acces-aux-droits-et-citoyennete"),
    ("reparation", "Réparation, réemploi et recyclerie", "equipement-et-alimentation"),
]


def sync_themes(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    for position, (slug, label, data_inclusion) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "data_inclusion": data_inclusion, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only_trigger")]
    operations = [migrations.RunPython(sync_themes, migrations.RunPython.noop)]
