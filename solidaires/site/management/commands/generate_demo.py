"""``manage.py generate_demo --scale agglo --seed 42 [--if-empty]``: fictional demo data.

See solidaires.site.demo and docs/demo.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidaires.site import demo


class Command(BaseCommand):
    help = (
        "Génère un jeu de données fictives et déterministes (associations, personnes, lieux). "
        "Sans --if-empty, un nouveau passage met à jour les données de démonstration sans doublons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            # "tiny" is accepted for tests but not advertised.
            choices=[*demo.PUBLIC_SCALES, "tiny"],
            default="agglo",
            metavar="{" + ",".join(demo.PUBLIC_SCALES) + "}",
            help="Taille du jeu : agglo (~360 associations, ~4 000 personnes), metropole (×6), national (×100).",
        )
        parser.add_argument(
            "--seed", type=int, default=42, help="Graine : la même graine donne les mêmes données."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si des données de démonstration existent déjà.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo.demo_data_exists():
            self.stdout.write("Des données de démonstration existent déjà : rien à faire (--if-empty).")
            return
        started = time.monotonic()
        try:
            counts = demo.generate(scale=options["scale"], seed=options["seed"], log=self.stdout.write)
        except demo.NoTerritoryError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration ({options['scale']}, graine {options['seed']}) prêtes en "
                f"{elapsed:.1f} s : {counts.get('associations', 0)} associations, "
                f"{counts.get('people', 0)} personnes, {counts.get('memberships', 0)} adhésions, "
                f"{counts.get('places', 0)} lieux. Toutes ces données sont fictives."
            )
        )
