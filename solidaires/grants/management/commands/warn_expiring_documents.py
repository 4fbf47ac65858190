"""Daily: e-mail applicants whose vault documents expire within 30 days (once per document).

Run it from the daily maintenance timer (docs/operators/deployment.md), like
``apply_retention``: ``python manage.py warn_expiring_documents``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from solidaires.grants.applications.tasks import warn_expiring_documents


class Command(BaseCommand):
    help = "Prévient les porteurs de projet dont une pièce du coffre-fort expire dans les 30 jours."

    def handle(self, *args: Any, **options: Any) -> None:
        count = warn_expiring_documents.call()
        self.stdout.write(f"{count} document(s) bientôt expiré(s) : porteurs prévenus.")
