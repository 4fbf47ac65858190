from django.core.management.base import BaseCommand

from solidaires.accounts.retention import RETENTION_STEPS, retention_apply


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation des données personnelles (décision 0005). À lancer chaque jour."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = retention_apply()
        parts = [
            f"Avertis : {report.warned}",
            f"comptes inactifs anonymisés : {report.inactive_erased}",
            f"inscriptions non confirmées effacées : {report.unverified_erased}",
            *(f"{step.label} : {report.steps.get(name, 0)}" for name, step in RETENTION_STEPS.items()),
            f"journaux de sécurité supprimés : {report.security_logs_deleted}",
        ]
        self.stdout.write(" · ".join(parts))
