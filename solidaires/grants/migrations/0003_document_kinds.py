"""Data: the usual kinds of supporting documents (agents may add more in the admin)."""

from django.db import migrations

KINDS = [
    ("statuts", "Statuts", False, "Les statuts à jour, signés."),
    ("rib", "Relevé d'identité bancaire (RIB)", False, "Au nom du porteur du projet."),
    ("budget_previsionnel", "Budget prévisionnel", False, ""),
    ("pv_ag", "Procès-verbal de la dernière assemblée générale", False, ""),
    ("attestation_assurance", "Attestation d'assurance", True, "Avec sa date de fin de validité."),
    ("autre", "Autre document", False, ""),
]


def add_kinds(apps, schema_editor):
    DocumentKind = apps.get_model("grants", "DocumentKind")
    for position, (code, label, needs_date, help_text) in enumerate(KINDS):
        DocumentKind.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "needs_validity_date": needs_date,
                "help_text": help_text,
                "position": position,
            },
        )


def remove_kinds(apps, schema_editor):
    apps.get_model("grants", "DocumentKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_instruction")]

    operations = [migrations.RunPython(add_kinds, remove_kinds)]
