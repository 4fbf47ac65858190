"""Enqueue the daily tasks of the missions (expiry, saved-search alerts, unanswered applications).

Run by the daily maintenance timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from solidaires.volunteering.engagement.tasks import remind_unanswered_applications
from solidaires.volunteering.missions.tasks import expire_missions, send_saved_search_alerts


class Command(BaseCommand):
    help = "Met en file les tâches quotidiennes des missions (expiration, alertes des recherches, candidatures sans réponse)."

    def handle(self, *args: Any, **options: Any) -> None:
        expire_missions.enqueue()
        send_saved_search_alerts.enqueue()
        remind_unanswered_applications.enqueue()
        self.stdout.write("Tâches des missions mises en file.")
