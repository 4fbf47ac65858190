"""Send this week's digests: ``manage.py send_digests`` (run weekly by a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Envoie le résumé hebdomadaire (par lots, au plus un par semaine)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run the batches in this process instead of enqueueing one task per batch.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from solidaires.messaging.digest import batch_ranges, run_batch
        from solidaires.messaging.tasks import send_digest_batch

        ranges = batch_ranges()
        if options["inline"]:
            sent = sum(run_batch(first, last).sent for first, last in ranges)
            self.stdout.write(f"{len(ranges)} lot(s), {sent} résumé(s) envoyé(s).")
            return
        for first, last in ranges:
            send_digest_batch.enqueue(first, last)
        self.stdout.write(f"{len(ranges)} lot(s) mis en file.")
