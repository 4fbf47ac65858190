"""Delete conversations inactive for 3 years and digest logs older than a year (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Applique les durées de conservation de la messagerie (conversations, journal des résumés)."

    def handle(self, *args: Any, **options: Any) -> None:
        from solidaires.messaging.retention import apply_retention

        report = apply_retention()
        self.stdout.write(
            f"{report.threads_deleted} conversation(s) et {report.digest_logs_deleted} "
            "ligne(s) du journal des résumés supprimées."
        )
