"""Send the day-before reminders of events (run hourly by a systemd timer or cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from solidaires.events.agenda.tasks import send_due_reminders


class Command(BaseCommand):
    help = "E-mail the people registered to an event that starts within 24 hours (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
