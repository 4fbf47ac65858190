"""``manage.py create_demo_accounts [--force]``: one demo account per role (idempotent).

Refuses to run when settings.DEBUG is False (a production deployment) unless --force.
See docs/demo.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidaires.accounts import demo
from solidaires.associations import demo as associations_demo
from solidaires.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Crée (ou remet à zéro) un compte de démonstration par rôle, avec le mot de passe de "
        "démonstration documenté. Refuse de s'exécuter quand DEBUG est désactivé, sauf --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Créer les comptes même quand DEBUG est désactivé (jamais sur une plateforme en service).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG est désactivé : ceci ressemble à une plateforme en service, où des comptes de "
                "démonstration au mot de passe public n'ont rien à faire. Relancez avec --force si "
                "c'est bien une plateforme de démonstration."
            )
        accounts = demo.ensure_role_accounts(log=self.stdout.write)
        associations_demo.attach_role_accounts(log=self.stdout.write)
        write = self.stdout.write
        write("Comptes de démonstration (données fictives, mot de passe public : jamais en production)")
        write(f"Mot de passe de tous les comptes : {DEMO_PASSWORD}")
        width = max(len(spec.label) for spec, _ in accounts)
        for spec, user in accounts:
            note = "  (double authentification TOTP)" if spec.needs_totp else ""
            write(f"  {spec.label.ljust(width)}  {user.email}{note}")
        write(
            "Agent et administrateur·rice : ajoutez cette clé TOTP à une application d'authentification "
            f"(FreeOTP, Aegis, Google Authenticator…) : {demo.DEMO_TOTP_SECRET}"
        )
        for spec, user in accounts:
            if spec.needs_totp:
                write(f"  {demo.totp_uri(user.email)}")
        self.stdout.write(self.style.SUCCESS(f"{len(accounts)} comptes de démonstration prêts."))
