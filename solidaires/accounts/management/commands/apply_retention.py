from django.core.management.base import BaseCommand

from solidaires.accounts.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation des données personnelles (décision 0005). À lancer chaque jour."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = retention_apply()
        self.stdout.write(
            f"Avertis : {report.warned} · comptes inactifs anonymisés : {report.inactive_erased} · "
            f"inscriptions non confirmées effacées : {report.unverified_erased} · "
            f"invitations expirées supprimées : {report.invitations_deleted} · "
            f"journaux de sécurité supprimés : {report.security_logs_deleted}"
        )
