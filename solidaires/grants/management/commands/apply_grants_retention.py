"""Delete subsidy drafts never submitted and unchanged for two years (docs/privacy/grants.md).

Run daily by the maintenance timer: ``python manage.py apply_grants_retention``.
"""

from django.core.management.base import BaseCommand

from solidaires.grants.applications.retention import apply_grants_retention


class Command(BaseCommand):
    help = "Supprime les brouillons de dossiers jamais déposés et inchangés depuis deux ans."

    def handle(self, *args: object, **options: object) -> None:
        report = apply_grants_retention()
        self.stdout.write(f"Brouillons de dossiers supprimés : {report.drafts_deleted}")
