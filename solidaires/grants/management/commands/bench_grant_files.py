"""``manage.py bench_grant_files --count 2000``: bring the number of subsidy files up to COUNT.

For benchmarks only (bench/pages.py measures the agents' inbox with 2,000 files): the added
files are fictional (``BENCH-…`` numbers, "Banc d'essai" applicants marked ``is_demo``) and
replaced on each run. Refuses to run on a database without demo data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from solidaires.grants.instruction.demo import bench_inbox_files
from solidaires.grants.models import Application


class Command(BaseCommand):
    help = "Ajoute des dossiers fictifs (banc d'essai) pour atteindre COUNT dossiers de subvention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=2000, help="nombre total de dossiers voulu")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Application.objects.filter(is_demo=True).exists():
            raise CommandError("Aucune donnée de démonstration : lancez d'abord « manage.py generate_demo ».")
        others = Application.objects.exclude(number__startswith="BENCH-").count()
        wanted = max(0, options["count"] - others)
        with transaction.atomic():
            created = bench_inbox_files(wanted) if wanted else 0
        total = Application.objects.count()
        self.stdout.write(f"{created} dossiers de banc d'essai ; {total} dossiers en tout.")
