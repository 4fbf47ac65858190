"""Data and invariants of the grants app (decision 1000).

Applicant side (this part): schemes and their calls, yearly envelopes, applicants (a person,
an informal group or an association), the document vault, applications with their budget,
attached documents and timeline. The application state machine is defined here, once, with
every transition (including the ones the instruction side triggers); services call the
transition methods, nothing assigns ``state`` directly.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from solidaires.core.models import Theme, TimeStampedModel


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Habitant·e")
    GROUP = "group", _("Groupe d'habitants (collectif informel)")
    ASSOCIATION = "association", _("Association")


class CalendarKind(models.TextChoices):
    ROLLING = "rolling", _("Au fil de l'eau")
    SESSIONS = "sessions", _("Par sessions, avec date limite")


class DocumentKind(models.Model):
    """A kind of supporting document (statuts, RIB…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    help_text = models.CharField(_("aide"), max_length=255, blank=True)
    needs_validity_date = models.BooleanField(_("a une date de validité"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]
        verbose_name = _("type de pièce")
        verbose_name_plural = _("types de pièces")

    def __str__(self) -> str:
        return self.label


class SchemeQuerySet(models.QuerySet["Scheme"]):
    def active(self) -> SchemeQuerySet:
        return self.filter(is_active=True)


class Scheme(TimeStampedModel):
    """A support scheme (dispositif d'aide), configured by agents."""

    code = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_("Identifiant court, repris dans les données ouvertes (dispositifAide)."),
    )
    name = models.CharField(_("nom"), max_length=160)
    tagline = models.CharField(
        _("en une phrase"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : jusqu'à 5 000 € pour un projet d'habitants."),
    )
    description = models.TextField(_("présentation"), blank=True)
    applicant_kinds = models.JSONField(_("qui peut déposer"), default=list, blank=True)
    eligible_communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="grant_schemes",
        verbose_name=_("communes éligibles"),
        help_text=_("Laissez vide si toutes les communes sont éligibles."),
    )
    ceiling_cents = models.PositiveIntegerField(_("plafond (centimes)"), null=True, blank=True)
    max_share_percent = models.PositiveSmallIntegerField(
        _("part maximale du budget (%)"), null=True, blank=True
    )
    required_documents = models.ManyToManyField(
        DocumentKind, blank=True, related_name="schemes", verbose_name=_("pièces obligatoires")
    )
    criteria = models.JSONField(_("grille d'évaluation"), default=list, blank=True)
    calendar_kind = models.CharField(
        _("calendrier"), max_length=10, choices=CalendarKind.choices, default=CalendarKind.SESSIONS
    )
    file_prefix = models.CharField(_("préfixe des numéros de dossier"), max_length=6)
    is_in_kind = models.BooleanField(_("aide en nature"), default=False)
    is_active = models.BooleanField(_("ouvert aux dépôts"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("dispositif")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_share_percent__isnull=True) | models.Q(max_share_percent__lte=100),
                name="grants_scheme_share_le_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        kinds = self.applicant_kinds or []
        if not isinstance(kinds, list) or not kinds or any(k not in ApplicantKind.values for k in kinds):
            errors["applicant_kinds"] = _("Choisissez au moins un type de porteur de projet.")
        if self.file_prefix and not self.file_prefix.isalnum():
            errors["file_prefix"] = _(
                "Le préfixe ne contient que des lettres et des chiffres (par exemple IC)."
            )
        criteria = self.criteria or []
        if not isinstance(criteria, list) or any(
            not isinstance(c, dict) or not c.get("key") or not c.get("label") for c in criteria
        ):
            errors["criteria"] = _("Chaque critère a un code, un libellé et un poids.")
        if errors:
            raise ValidationError(errors)

    def accepts(self, kind: str) -> bool:
        return kind in (self.applicant_kinds or [])


class SchemeYear(models.Model):
    """The yearly envelope of a scheme (decision 1000: envelopes are per scheme and year)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("année"))
    envelope_cents = models.PositiveBigIntegerField(_("enveloppe (centimes)"))

    class Meta:
        ordering = ["scheme", "-year"]
        verbose_name = _("enveloppe annuelle")
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="grants_schemeyear_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"


class CallQuerySet(models.QuerySet["Call"]):
    def open_at(self, when: Any = None) -> CallQuerySet:
        when = when or timezone.now()
        return self.filter(opens_at__lte=when, closes_at__gt=when, scheme__is_active=True)

    def upcoming(self, when: Any = None) -> CallQuerySet:
        when = when or timezone.now()
        return self.filter(opens_at__gt=when, scheme__is_active=True)


class Call(TimeStampedModel):
    """A session of a scheme with a deadline (appel à projets)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="calls")
    name = models.CharField(_("nom"), max_length=160)
    year = models.PositiveSmallIntegerField(_("année"))
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("date limite de dépôt"))
    committee_on = models.DateField(_("date prévue du comité"), null=True, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="grants_call_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La date limite doit être après l'ouverture.")})

    def is_open(self, when: Any = None) -> bool:
        when = when or timezone.now()
        return bool(self.opens_at <= when < self.closes_at)


class ApplicantQuerySet(models.QuerySet["Applicant"]):
    def for_user(self, user: Any) -> ApplicantQuerySet:
        """The applicant spaces a user may act for: own space, groups, associations they manage."""
        if user is None or not user.is_authenticated:
            return self.none()
        from solidaires.associations.models import Membership, MembershipRole

        managed = Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values("association_id")
        return self.filter(
            models.Q(person=user) | models.Q(members=user) | models.Q(association_id__in=managed)
        ).distinct()


class Applicant(TimeStampedModel):
    """Who applies: a person, an informal group or an association (the applicant's space)."""

    kind = models.CharField(_("type"), max_length=12, choices=ApplicantKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    # SET_NULL: the space (with the name, SIRET and RNA copied here) outlives the directory
    # entry; its submitted files are archives (decision 1000).
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applicants",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applicant_spaces",
        verbose_name=_("personne (ou contact du groupe)"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="grant_applicant_memberships"
    )
    email = models.EmailField(_("e-mail (personne sans compte)"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True)
    commune = models.ForeignKey(
        "territory.Commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hand-over of a space created by an agent for someone met at a permanence (decision 1001).
    handover_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    handover_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    objects = ApplicantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("porteur de projet")
        verbose_name_plural = _("porteurs de projet")
        constraints = [
            models.UniqueConstraint(
                fields=["association"],
                condition=models.Q(association__isnull=False),
                name="grants_applicant_one_per_association",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(kind="person", person__isnull=False),
                name="grants_applicant_one_person_space",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:applicant_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.kind == ApplicantKind.ASSOCIATION and self.association_id is None and self.pk is None:
            raise ValidationError({"association": _("Choisissez l'association.")})

    @staticmethod
    def new_handover_code() -> str:
        """A short code an agent can read aloud or print (8 characters, no ambiguous ones)."""
        from solidaires.core.handover import new_code

        return new_code(8)


def vault_upload_to(instance: VaultDocument, filename: str) -> str:
    """Random stored name outside any public path: grants/vault/<applicant>/<uuid><ext>."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/vault/{instance.applicant_id}/{uuid.uuid4().hex}{suffix}"


class VaultDocumentQuerySet(models.QuerySet["VaultDocument"]):
    def valid_on(self, day: Any) -> VaultDocumentQuerySet:
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))


class VaultDocument(models.Model):
    """A supporting document kept once in the applicant's vault and reused across files."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="documents")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    file = models.FileField(_("fichier"), upload_to=vault_upload_to, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    expiry_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VaultDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind__position", "-uploaded_at"]
        verbose_name = _("pièce du coffre-fort")
        verbose_name_plural = _("pièces du coffre-fort")

    def __str__(self) -> str:
        return f"{self.kind} — {self.original_name}"

    def is_expired(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    def expires_soon(self, today: Any = None, days: int = 30) -> bool:
        today = today or timezone.localdate()
        return (
            self.valid_until is not None
            and not self.is_expired(today)
            and (self.valid_until - today).days <= days
        )


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

# The whole state machine in one table (decision 1002). Mirrors the @transition methods below;
# tests check both agree and that every other move raises.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((S.DRAFT,), S.SUBMITTED),
    "start_instruction": ((S.SUBMITTED,), S.INSTRUCTION),
    "request_pieces": ((S.SUBMITTED, S.INSTRUCTION), S.WAITING_PIECES),
    "pieces_supplied": ((S.WAITING_PIECES,), S.INSTRUCTION),
    "declare_ineligible": ((S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES), S.INELIGIBLE),
    "send_to_committee": ((S.INSTRUCTION,), S.COMMITTEE),
    "grant": ((S.COMMITTEE,), S.GRANTED),
    "refuse": ((S.COMMITTEE,), S.REFUSED),
    "postpone": ((S.COMMITTEE,), S.POSTPONED),
    "back_to_committee": ((S.POSTPONED,), S.COMMITTEE),
    "await_report": ((S.GRANTED,), S.REPORT_DUE),
    "submit_report": ((S.GRANTED, S.REPORT_DUE), S.REPORT_RECEIVED),
    "reject_report": ((S.REPORT_RECEIVED,), S.REPORT_DUE),
    "close": ((S.GRANTED, S.REPORT_RECEIVED), S.CLOSED),
    "withdraw": ((S.DRAFT, S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES), S.WITHDRAWN),
}

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

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED)
    def submit(self, number: str) -> None:
        self.number = number
        self.submitted_at = timezone.now()
        self._moved()

    @transition(field=state, source=S.SUBMITTED, target=S.INSTRUCTION)
    def start_instruction(self) -> None:
        self._moved()

    @transition(field=state, source=[S.SUBMITTED, S.INSTRUCTION], target=S.WAITING_PIECES)
    def request_pieces(self) -> None:
        self.clock_paused_at = timezone.now()
        self._moved()

    def _resume_clock(self) -> None:
        if self.clock_paused_at is not None:
            self.paused_seconds += int((timezone.now() - self.clock_paused_at).total_seconds())
            self.clock_paused_at = None

    @transition(field=state, source=S.WAITING_PIECES, target=S.INSTRUCTION)
    def pieces_supplied(self) -> None:
        self._resume_clock()
        self._moved()

    @transition(field=state, source=[S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES], target=S.INELIGIBLE)
    def declare_ineligible(self) -> None:
        self._resume_clock()
        self.decided_at = timezone.now()
        self._moved()

    @transition(field=state, source=S.INSTRUCTION, target=S.COMMITTEE)
    def send_to_committee(self) -> None:
        self._moved()

    @transition(field=state, source=S.COMMITTEE, target=S.GRANTED)
    def grant(self, amount_cents: int) -> None:
        """Grant in full (amount = requested) or in part (amount < requested)."""
        if amount_cents <= 0:
            raise ValidationError(_("Le montant accordé doit être positif."))
        self.amount_granted_cents = amount_cents
        self.decided_at = timezone.now()
        self._moved()

    @transition(field=state, source=S.COMMITTEE, target=S.REFUSED)
    def refuse(self) -> None:
        self.amount_granted_cents = None
        self.decided_at = timezone.now()
        self._moved()

    @transition(field=state, source=S.COMMITTEE, target=S.POSTPONED)
    def postpone(self) -> None:
        self._moved()

    @transition(field=state, source=S.POSTPONED, target=S.COMMITTEE)
    def back_to_committee(self) -> None:
        self._moved()

    @transition(field=state, source=S.GRANTED, target=S.REPORT_DUE)
    def await_report(self) -> None:
        self._moved()

    @transition(field=state, source=[S.GRANTED, S.REPORT_DUE], target=S.REPORT_RECEIVED)
    def submit_report(self) -> None:
        self._moved()

    @transition(field=state, source=S.REPORT_RECEIVED, target=S.REPORT_DUE)
    def reject_report(self) -> None:
        self._moved()

    @transition(field=state, source=[S.GRANTED, S.REPORT_RECEIVED], target=S.CLOSED)
    def close(self) -> None:
        self._moved()

    @transition(
        field=state, source=[S.DRAFT, S.SUBMITTED, S.INSTRUCTION, S.WAITING_PIECES], target=S.WITHDRAWN
    )
    def withdraw(self) -> None:
        self._resume_clock()
        self._moved()


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


# =====================================================================================
# Instruction, committee, decision, payments and final report (instruction side, decision 1020).
# =====================================================================================


class InternalNote(TimeStampedModel):
    """An agents' note on a file. Never shown to applicants (no applicant page or API reads it)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note interne"), max_length=5000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")

    def __str__(self) -> str:
        return f"Note {self.pk} ({self.application_id})"


class ChecklistKind(models.TextChoices):
    DOCUMENT = "document", _("Pièce")
    CRITERION = "criterion", _("Critère")


class ChecklistItem(models.Model):
    """One line of a file's completeness checklist: a required document or an eligibility point."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checklist_items")
    key = models.CharField(max_length=60)
    label = models.CharField(_("point à vérifier"), max_length=200)
    kind = models.CharField(max_length=10, choices=ChecklistKind.choices)
    document_kind = models.ForeignKey(
        DocumentKind, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_ok = models.BooleanField(_("conforme"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "position", "id"]
        verbose_name = _("point de la liste de complétude")
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="grants_checklist_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label


class PieceRequestStatus(models.TextChoices):
    WAITING = "waiting", _("En attente de réponse")
    ANSWERED = "answered", _("Réponse reçue")
    CANCELLED = "cancelled", _("Annulée")


class PieceRequest(TimeStampedModel):
    """What an agent asks the applicant for; the file's clock is paused while it waits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="piece_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("ce qui manque"), max_length=3000)
    document_kinds = models.ManyToManyField(
        DocumentKind, blank=True, related_name="+", verbose_name=_("pièces demandées")
    )
    due_on = models.DateField(_("à fournir avant le"))
    status = models.CharField(
        max_length=10, choices=PieceRequestStatus.choices, default=PieceRequestStatus.WAITING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("réponse"), blank=True, max_length=3000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("demande de pièces")
        verbose_name_plural = _("demandes de pièces")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="waiting"),
                name="grants_piecerequest_one_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande de pièces {self.pk}"


class CommitteeSessionState(models.TextChoices):
    PLANNED = "planned", _("En préparation")
    SCORING = "scoring", _("Notation ouverte")
    CLOSED = "closed", _("Clôturée")


class CommitteeSession(TimeStampedModel):
    """A committee meeting of a scheme for a year: its members score the files sent to it."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="committee_sessions")
    year = models.PositiveSmallIntegerField(_("année"))
    meets_on = models.DateField(_("date du comité"))
    name = models.CharField(_("nom"), max_length=160)
    state = models.CharField(
        _("état"), max_length=10, choices=CommitteeSessionState.choices, default=CommitteeSessionState.PLANNED
    )
    applications = models.ManyToManyField(
        Application, blank=True, related_name="committee_sessions", verbose_name=_("dossiers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-meets_on", "-id"]
        verbose_name = _("séance du comité")
        verbose_name_plural = _("séances du comité")
        indexes = [models.Index(fields=["scheme", "year"], name="grants_session_scheme_year")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    session = models.ForeignKey(CommitteeSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_committee_seats"
    )

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("membre du comité")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="grants_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.session})"


class ConflictOfInterest(models.Model):
    """A member's declared link with a file: they cannot score it nor see the others' scores."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    declared_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("nature du lien"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="grants_conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"Conflit {self.member_id} / {self.application_id}"


class Score(models.Model):
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(_("note (0 à 5)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("note")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "criterion"], name="grants_score_unique"
            ),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="grants_score_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class DecisionOutcome(models.TextChoices):
    GRANTED_FULL = "granted_full", _("Accordé en totalité")
    GRANTED_PARTIAL = "granted_partial", _("Accordé en partie")
    REFUSED = "refused", _("Refusé")
    POSTPONED = "postponed", _("Ajourné")


class Decision(models.Model):
    """The committee's decision on a file (a postponed file gets another one later)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(
        CommitteeSession, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("décision"), max_length=16, choices=DecisionOutcome.choices)
    amount_cents = models.PositiveIntegerField(_("montant accordé (centimes)"), default=0)
    reason = models.TextField(_("motif"), blank=True, max_length=3000)
    reference = models.CharField(_("référence"), max_length=40)
    year = models.PositiveSmallIntegerField(_("année budgétaire"))
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter_generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("décision")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["refused", "postponed"], amount_cents=0)
                | models.Q(outcome__in=["granted_full", "granted_partial"], amount_cents__gt=0),
                name="grants_decision_amount_matches_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_outcome_display()}"

    @property
    def is_grant(self) -> bool:
        return self.outcome in {DecisionOutcome.GRANTED_FULL, DecisionOutcome.GRANTED_PARTIAL}


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
    state = models.CharField(
        _("état"), max_length=8, choices=PaymentState.choices, default=PaymentState.PLANNED
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


class FinalReport(TimeStampedModel):
    """The applicant's final report (bilan): realised budget, participants, outcomes, photos."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="final_report")
    due_on = models.DateField(_("à rendre avant le"))
    realised_budget = models.JSONField(_("budget réalisé"), default=list, blank=True)
    participants = models.PositiveIntegerField(_("nombre de participants"), null=True, blank=True)
    outcomes = models.TextField(_("ce que le projet a permis"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bilan final")
        verbose_name_plural = _("bilans finaux")
        indexes = [models.Index(fields=["submitted_at", "due_on"], name="grants_report_due")]

    def __str__(self) -> str:
        return f"Bilan {self.application_id}"


def report_photo_upload_to(instance: ReportPhoto, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"grants/reports/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=report_photo_upload_to, max_length=200)
    caption = models.CharField(_("légende"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("photo du bilan")

    def __str__(self) -> str:
        return self.caption or f"Photo {self.pk}"
