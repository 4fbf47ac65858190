"""Load the communes of one or more EPCIs and the commune-to-commune distance table.

manage.py load_territory --epci 200068781 [--epci …] [--if-empty] [--outlines PATH]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidaires.territory.models import Commune
from solidaires.territory.services import territory_load
from solidaires.territory.sources import SourceError


def _n(value: int) -> str:
    """French thousands separator (no-break space, as Django formats numbers)."""
    return f"{value:,}".replace(",", "\xa0")


class Command(BaseCommand):
    help = (
        "Charge les communes d'une ou plusieurs intercommunalités (SIREN) depuis les fichiers "
        "officiels de data/territory/ et calcule la table des distances entre communes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--epci",
            action="append",
            dest="epcis",
            metavar="SIREN",
            help="SIREN de l'intercommunalité (répétable). Par défaut : SOLIDAIRES_TERRITORY.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si des communes sont déjà chargées.",
        )
        parser.add_argument(
            "--outlines",
            type=Path,
            metavar="PATH",
            help="Fichier des contours (GeoJSON par ligne, .gz accepté). Par défaut : "
            "data/territory/communes-fr-outlines.geojsonl.gz.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Commune.objects.exists():
            self.stdout.write("Des communes sont déjà chargées : rien à faire (--if-empty).")
            return
        sirens = options["epcis"] or list(settings.SOLIDAIRES_TERRITORY)
        outlines = options["outlines"]
        if outlines is not None and not outlines.exists():
            raise CommandError(f"Fichier des contours introuvable : {outlines}")
        try:
            report = territory_load(epci_sirens=sirens, outlines_path=outlines)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except SourceError as exc:
            raise CommandError(f"Fichier de données illisible : {exc}") from exc

        for siren, name in report.epcis:
            self.stdout.write(f"{name} (SIREN {siren})")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.communes} communes ({report.communes_created} créées, "
                f"{report.communes_updated} mises à jour), {_n(report.population)} habitants, "
                f"{_n(report.distances)} distances."
            )
        )
        if report.without_outline:
            self.stdout.write(
                self.style.WARNING(
                    "Sans contour (ni superficie ni classe) : " + ", ".join(report.without_outline)
                )
            )
        if report.without_location:
            self.stdout.write(
                self.style.WARNING(
                    "Sans position (hors table des distances) : " + ", ".join(report.without_location)
                )
            )
        if report.stale:
            self.stdout.write(
                self.style.WARNING(
                    "Communes en base qui ne figurent plus dans ces intercommunalités (conservées) : "
                    + ", ".join(report.stale)
                )
            )
