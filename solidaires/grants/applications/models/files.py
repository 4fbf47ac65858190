"""Applications (dossiers): the state machine (decisions 1002, 1027), budget lines, attached
documents, timeline.

The application state machine is declared here, once: each transition is a django-fsm
``@transition`` method of ``Application`` (including the ones the instruction side triggers),
and nothing else lists them. Services call the transition methods; nothing assigns ``state``
directly."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import Theme, TimeStampedModel
from solidaires.grants.applications.models.applicants import Applicant, VaultDocument
from solidaires.grants.applications.models.schemes import Call, DocumentKind, Scheme


class FileNumberSequence(models.Model):
    """The last number given per prefix and year; locked while a number is assigned."""

    prefix = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="grants_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    INSTRUCTION = "instruction", _("En cours d'examen")
    WAITING_PIECES = "waiting_pieces", _("Pièces demandées")
    INELIGIBLE = "ineligible", _("Non recevable")
    COMMITTEE = "committee", _("Présenté au comité")
    POSTPONED = "postponed", _("Ajourné")
    GRANTED = "granted", _("Accordé")
    REFUSED = "refused", _("Refusé")
    REPORT_DUE = "report_due", _("Bilan attendu")
    REPORT_RECEIVED = "report_received", _("Bilan reçu")
    CLOSED = "closed", _("Clos")
    WITHDRAWN = "withdrawn", _("Retiré")


S = ApplicationState


# States in which the applicant can still change the file's content.
EDITABLE_STATES = frozenset({S.DRAFT})


# Submitted files: documents attached to them cannot be deleted from the vault.
FINAL_STATES = frozenset({S.INELIGIBLE, S.REFUSED, S.CLOSED, S.WITHDRAWN})


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Agents see every file; anyone else only the files of the spaces they act for."""
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_agent", False) or user.is_superuser:
            return self.all()
        return self.filter(applicant__in=Applicant.objects.for_user(user).values("pk"))

    def submitted(self) -> ApplicationQuerySet:
        return self.exclude(state__in=[S.DRAFT, S.WITHDRAWN])


class Application(TimeStampedModel):
    """A file (dossier) asking a scheme for support."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="applications")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField(_("numéro"), max_length=20, null=True, blank=True, unique=True, editable=False)
    title = models.CharField(_("titre du projet"), max_length=160)
    summary = models.TextField(_("le projet en quelques lignes"), blank=True)
    public_description = models.TextField(_("présentation publique"), blank=True)
    audience = models.TextField(_("public concerné"), blank=True)
    communes = models.ManyToManyField("territory.Commune", blank=True, related_name="grant_applications")
    themes = models.ManyToManyField(Theme, blank=True, related_name="grant_applications")
    starts_on = models.DateField(_("début du projet"), null=True, blank=True)
    ends_on = models.DateField(_("fin du projet"), null=True, blank=True)
    amount_requested_cents = models.PositiveIntegerField(_("montant demandé (centimes)"), default=0)
    amount_granted_cents = models.PositiveIntegerField(_("montant accordé (centimes)"), null=True, blank=True)
    state = FSMField(_("état"), default=S.DRAFT, choices=ApplicationState.choices, protected=False)
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applications_assigned",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Started by an agent for an applicant met at a permanence (decision 1001).
    created_by_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_method = models.CharField(_("recueil du consentement"), max_length=200, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    clock_paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    draft_data = models.JSONField(default=dict, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dossier")
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="grants_app_state_idx"),
            models.Index(fields=["scheme", "state"], name="grants_app_scheme_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="grants_app_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft")
                | models.Q(number__isnull=False)
                | models.Q(state="withdrawn"),
                name="grants_app_number_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:application_detail", kwargs={"ref": self.number or str(self.pk)})

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin du projet doit être après son début.")})

    @property
    def place_names(self) -> str:
        """Where the project takes place, as pages and exports show it: the communes chosen
        at step 1, else the applicant's commune (issue 11: a person's project in Montmiral
        showed "—", the applicant having no commune). Prefetch ``communes`` and select
        ``applicant__commune`` for lists; ``selectors.place_names`` is the same rule for rows
        read as values."""
        names = sorted(commune.name for commune in self.communes.all())
        if not names and self.applicant.commune_id is not None:
            names = [self.applicant.commune.name]  # type: ignore[union-attr]
        return ", ".join(names)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_partial_grant(self) -> bool:
        return (
            self.amount_granted_cents is not None and self.amount_granted_cents < self.amount_requested_cents
        )

    # --- the state machine: every transition, each called only from services -------------
    def _moved(self) -> None:
        self.state_changed_at = timezone.now()

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED, custom={"label": _("Dossier déposé")})
    def submit(self, number: str) -> None:
        self.number = number
        self.submitted_at = timezone.now()
        self._moved()

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.INSTRUCTION,
        custom={"label": _("Examen du dossier commencé")},
    )
    def start_instruction(self) -> None:
        self._moved()

    @transition(
        field=state,
        source=[S.SUBMITTED, S.INSTRUCTION],
        target=S.WAITING_PIECES,
        custom={"label": _("Pièces demandées")},
    )
    def request_pieces(self) -> None:
        self.clock_paused_at = timezone.now()
        self._moved()

    def _resume_clock(self) -> None:
        if self.clock_paused_at is not None:
            self.paused_seconds += int((timezone.now() - self.clock_paused_at).total_seconds())
            self.clock_paused_at = None

    @transition(
        field=state,
        source=S.WAITING_PIECES,
        target=S.INSTRUCTION,
        custom={"label": _("Pièces transmises : l'examen reprend")},
    )
    def pieces_supplied(self) -> None:
        self._resume_clock()
        self._moved()

    @transition(
        field=state,
        source=[S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES],
        target=S.INELIGIBLE,
        custom={"label": _("Dossier déclaré non recevable")},
    )
    def declare_ineligible(self) -> None:
        self._resume_clock()
        self.decided_at = timezone.now()
        self._moved()

    @transition(
        field=state,
        source=S.INSTRUCTION,
        target=S.COMMITTEE,
        custom={"label": _("Dossier présenté au comité")},
    )
    def send_to_committee(self) -> None:
        self._moved()

    @transition(field=state, source=S.COMMITTEE, target=S.GRANTED, custom={"label": _("Subvention accordée")})
    def grant(self, amount_cents: int) -> None:
        """Grant in full (amount = requested) or in part (amount < requested)."""
        if amount_cents <= 0:
            raise ValidationError(_("Le montant accordé doit être positif."))
        self.amount_granted_cents = amount_cents
        self.decided_at = timezone.now()
        self._moved()

    @transition(field=state, source=S.COMMITTEE, target=S.REFUSED, custom={"label": _("Subvention refusée")})
    def refuse(self) -> None:
        self.amount_granted_cents = None
        self.decided_at = timezone.now()
        self._moved()

    @transition(field=state, source=S.COMMITTEE, target=S.POSTPONED, custom={"label": _("Décision ajournée")})
    def postpone(self) -> None:
        self._moved()

    @transition(
        field=state,
        source=S.POSTPONED,
        target=S.COMMITTEE,
        custom={"label": _("Dossier de nouveau présenté au comité")},
    )
    def back_to_committee(self) -> None:
        self._moved()

    @transition(field=state, source=S.GRANTED, target=S.REPORT_DUE, custom={"label": _("Bilan attendu")})
    def await_report(self) -> None:
        self._moved()

    @transition(
        field=state,
        source=[S.GRANTED, S.REPORT_DUE],
        target=S.REPORT_RECEIVED,
        custom={"label": _("Bilan envoyé")},
    )
    def submit_report(self) -> None:
        self._moved()

    @transition(
        field=state,
        source=S.REPORT_RECEIVED,
        target=S.REPORT_DUE,
        custom={"label": _("Bilan à compléter")},
    )
    def reject_report(self) -> None:
        self._moved()

    @transition(
        field=state,
        source=[S.GRANTED, S.REPORT_RECEIVED],
        target=S.CLOSED,
        custom={"label": _("Dossier clos")},
    )
    def close(self) -> None:
        self._moved()

    @transition(
        field=state,
        source=[S.DRAFT, S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES],
        target=S.WITHDRAWN,
        custom={"label": _("Dossier retiré")},
    )
    def withdraw(self) -> None:
        self._resume_clock()
        self._moved()


# --- what the timeline and the journal say, in French (issue 11: agents saw raw codes) ---------
# A transition's label is its ``custom={"label": …}`` above; the other events of a timeline
# (written by services without moving the file) are labelled here. ``tests`` check that every
# code a service writes has a label; ``grants_ui.event_label`` reads them.
OTHER_EVENT_LABELS: dict[str, Any] = {
    "created": _("Brouillon créé"),
    "consent_recorded": _("Accord de la personne recueilli"),
    "pieces_requested": _("Pièces demandées"),  # the instruction side's name for request_pieces
    "piece_supplied": _("Pièce ajoutée"),
    "handed_over": _("Dossier remis à son porteur"),
    "assigned": _("Agent référent désigné"),
    "payment_paid": _("Versement effectué"),
    "report_approved": _("Bilan validé"),
    # Journal-only events of a file (core audit entries, ``application.<code>``).
    "checklist_checked": _("Point de la grille d'examen coché"),
    "internal_note_added": _("Note interne ajoutée"),
    "report_reminder": _("Rappel du bilan envoyé"),
    "draft_deleted": _("Brouillon supprimé"),
}


@functools.cache
def transition_labels() -> dict[str, Any]:
    """Each transition of the file's state machine, by name, and its (lazy) label."""
    field = Application._meta.get_field("state")
    return {
        t.name: t.custom["label"]
        for t in field.get_all_transitions(Application)  # type: ignore[attr-defined]
        if t.custom.get("label")
    }


# The other entries of the grants' journal (core audit), by full code.
JOURNAL_LABELS: dict[str, Any] = {
    "committee.conflict_declared": _("Conflit d'intérêts déclaré par un membre du comité"),
    "committee.member_added": _("Membre ajouté au comité"),
    "committee.member_removed": _("Membre retiré du comité"),
    "committee.scored": _("Notes d'un membre du comité"),
    "committee.session_created": _("Séance du comité créée"),
    "committee.session_state": _("État de la séance du comité modifié"),
    "grant_applicant.created": _("Espace porteur de projet créé"),
    "grant_applicant.created_on_behalf": _("Espace créé par un agent pour le porteur"),
    "grant_applicant.erased": _("Espace anonymisé"),
    "grant_applicant.handed_over": _("Espace remis à son porteur"),
    "grant_applicant.handover_code_issued": _("Code de remise donné"),
    "grant_applicant.members_added": _("Membres ajoutés à l'espace"),
    "grant_call.created": _("Appel à projets créé"),
    "grant_call.updated": _("Appel à projets modifié"),
    "grant_scheme.created": _("Dispositif créé"),
    "grant_scheme.envelope_set": _("Enveloppe annuelle fixée"),
    "grant_scheme.updated": _("Dispositif modifié"),
    "grant_vault.deleted": _("Document supprimé du coffre-fort"),
    "grant_vault.uploaded": _("Document ajouté au coffre-fort"),
}


class BudgetLineKind(models.TextChoices):
    EXPENSE = "expense", _("Dépense")
    INCOME = "income", _("Recette")


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(_("type"), max_length=8, choices=BudgetLineKind.choices)
    label = models.CharField(_("libellé"), max_length=160)
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    is_requested_grant = models.BooleanField(_("subvention demandée à l'Agglo"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "kind", "position", "id"]
        verbose_name = _("ligne de budget")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_requested_grant=False) | models.Q(kind="income"),
                name="grants_budget_requested_is_income",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(is_requested_grant=True),
                name="grants_budget_one_requested_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


class ApplicationDocument(models.Model):
    """A vault document attached to a file (one per required kind, or extra ones)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    vault_document = models.ForeignKey(VaultDocument, on_delete=models.PROTECT, related_name="attachments")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField(default=timezone.now)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind__position", "id"]
        verbose_name = _("pièce jointe au dossier")
        constraints = [
            models.UniqueConstraint(fields=["application", "vault_document"], name="grants_appdoc_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.vault_document}"


class ApplicationEvent(models.Model):
    """One line of a file's timeline. Append-only; each one also has a core audit entry."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor was an agent acting for the applicant (shown "Nadia (agente) pour vous").
    on_behalf = models.BooleanField(default=False)
    action = models.CharField(max_length=60)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    visible_to_applicant = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("événement du dossier")
        indexes = [models.Index(fields=["application", "at"], name="grants_event_app_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The timeline is append-only.")
        super().save(*args, **kwargs)
