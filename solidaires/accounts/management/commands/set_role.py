"""Give a person a global role: ``manage.py set_role camille@exemple.fr agent``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidaires.accounts.models import Role, User
from solidaires.accounts.services import user_set_role


class Command(BaseCommand):
    help = "Change the global role of an account (audited as user.role_changed, actor: operator)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="E-mail address of the account")
        parser.add_argument("role", choices=Role.values, help="New role")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        previous = user.role
        try:
            user = user_set_role(user=user, role=options["role"], by=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if previous == user.role:
            self.stdout.write(f"{email} already has the role {user.role}.")
            return
        note = (
            " Two-factor authentication will be required at the next page."
            if user.requires_two_factor
            else ""
        )
        self.stdout.write(self.style.SUCCESS(f"{email}: {previous} -> {user.role}.{note}"))
