"""Enqueue the daily tasks of the missions (expiry, saved-search alerts). Run by a daily timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from solidaires.volunteering.tasks import expire_missions, send_saved_search_alerts


class Command(BaseCommand):
    help = "Met en file les tâches quotidiennes des missions (expiration, alertes des recherches)."

    def handle(self, *args: Any, **options: Any) -> None:
        expire_missions.enqueue()
        send_saved_search_alerts.enqueue()
        self.stdout.write("Tâches des missions mises en file.")
