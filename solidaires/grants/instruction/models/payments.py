"""Payment rules of a scheme and the payments of a granted file (decision 1022)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.grants.applications.models.files import Application
from solidaires.grants.applications.models.schemes import Scheme


class PaymentRule(models.Model):
    """A scheme's payment schedule (default: 80 % at decision, 20 % after the final report)."""

    scheme = models.OneToOneField(Scheme, on_delete=models.CASCADE, related_name="payment_rule")
    instalments = models.JSONField(_("échéancier"), default=list, blank=True)
    report_due_months = models.PositiveSmallIntegerField(
        _("délai du bilan après la fin du projet (mois)"), default=3
    )

    class Meta:
        verbose_name = _("règle de versement")

    def __str__(self) -> str:
        return f"Versements {self.scheme}"


def is_due(payment: Any) -> bool:
    """A payment is due once its date is known (the balance: once the final report is approved)."""
    return payment.due_on is not None


class PaymentState(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    PAID = "paid", _("Versé")


class Payment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    label = models.CharField(_("libellé"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    trigger = models.CharField(max_length=20, default="decision")
    year = models.PositiveSmallIntegerField(_("année budgétaire"))
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    due_on = models.DateField(_("à verser à partir du"), null=True, blank=True)
    paid_on = models.DateField(_("versé le"), null=True, blank=True)
    state = FSMField(
        _("état"), max_length=8, choices=PaymentState.choices, default=PaymentState.PLANNED, protected=False
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["application", "position", "id"]
        verbose_name = _("versement")
        indexes = [models.Index(fields=["state", "due_on"], name="grants_payment_state_due")]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="grants_payment_position"),
            models.CheckConstraint(
                condition=models.Q(state="planned", paid_on__isnull=True)
                | models.Q(state="paid", paid_on__isnull=False),
                name="grants_payment_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    # --- the state machine (decision 1027): planned → paid, once -------------------------------
    @transition(field=state, source=PaymentState.PLANNED, target=PaymentState.PAID, conditions=[is_due])
    def mark_paid(self, paid_on: dt.date, by: Any) -> None:
        self.paid_on = paid_on
        self.paid_by = by
