"""Remind applicants whose final report is due within 30 days or late (every 14 days, 4 times at most)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from solidaires.grants.instruction.tasks import send_grant_reminders


class Command(BaseCommand):
    help = "Relance les porteurs de projet dont le bilan final est attendu ou en retard."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_grant_reminders()
        self.stdout.write(f"{count} relance(s) envoyée(s).")
