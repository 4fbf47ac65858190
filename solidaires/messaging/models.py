"""Data and invariants of the messaging app: threads, participants, messages, blocks,
notification preferences and the weekly digest log.

A thread is about one object of any app (a mission, an engagement, a mutual-aid post, an
application, an association…) through a generic relation. People take part through
``Participant`` rows; when ``association`` is set, the association's managers read and answer
*as the association* (decision 0860).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidaires.core.models import Theme

MAX_BODY_LENGTH = 5000
MAX_SUBJECT_LENGTH = 200


def thread_key(
    *, content_type_id: int | None, object_id: str, association_id: int | None, people_ids: list[int]
) -> str:
    """Deterministic identity of a thread: (about, association, set of people). Unique in the table,
    so two requests racing to start the same conversation end up in the same thread."""
    raw = "|".join(
        [
            str(content_type_id or ""),
            object_id,
            str(association_id or ""),
            ",".join(str(pk) for pk in sorted(set(people_ids))),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()


class Thread(models.Model):
    subject = models.CharField(_("sujet"), max_length=MAX_SUBJECT_LENGTH)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, default="")
    about = GenericForeignKey("content_type", "object_id")
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
        verbose_name=_("association"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    last_message_at = models.DateTimeField(_("dernier message le"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("conversation")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="thread_about_idx"),
            models.Index(fields=["created_by", "created_at"], name="thread_creator_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("messaging:thread", kwargs={"pk": self.pk})


class ParticipantKind(models.TextChoices):
    PERSON = "person", _("Personne")
    ASSOCIATION = "association", _("Pour l'association")


class Participant(models.Model):
    """One person in one thread, with what they have read. ``kind=association``: a manager who
    takes part for the thread's association; the row only grants access while they are still a
    manager of it (checked by the rules)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_participations"
    )
    kind = models.CharField(max_length=12, choices=ParticipantKind.choices, default=ParticipantKind.PERSON)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_notified_at = models.DateTimeField(null=True, blank=True)
    muted = models.BooleanField(_("notifications coupées"), default=False)

    class Meta:
        verbose_name = _("participant·e")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="participant_unique")]
        indexes = [models.Index(fields=["user", "thread"], name="participant_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.thread}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    # Null once the author's account is erased: the message stays for the other party.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages_sent",
    )
    # Set when a manager wrote for the thread's association ("Sami pour La Bicyclette Bleue").
    as_association = models.ForeignKey(
        "associations.Association", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MAX_BODY_LENGTH)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now, db_index=True)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_reason = models.TextField(_("motif du masquage"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        indexes = [
            models.Index(fields=["thread", "created_at"], name="message_thread_idx"),
            models.Index(fields=["author", "created_at"], name="message_author_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_label} : {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#message-{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def author_label(self) -> str:
        """ "Sami pour La Bicyclette Bleue", "Camille", or "Compte supprimé"."""
        name = str(self.author) if self.author is not None else str(_("Compte supprimé"))
        if self.as_association_id is not None and self.as_association is not None:
            return str(_("%(name)s pour %(association)s")) % {
                "name": name,
                "association": self.as_association.name,
            }
        return name


class NotificationPreferences(models.Model):
    """What the messaging app needs beyond the profile's on/off switches.

    The on/off switches themselves ("e-mail when someone writes to me", "weekly digest") stay in
    ``accounts.Profile.notification_preferences`` so the profile page and this app never disagree
    (decision 0861). Here: the digest's themes (empty = the profile's interests).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messaging_preferences",
        primary_key=True,
    )
    digest_themes = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("thèmes du résumé hebdomadaire")
    )
    digest_use_profile_interests = models.BooleanField(
        _("utiliser les centres d'intérêt de mon profil"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("préférences de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"Préférences de {self.user}"


class DigestLog(models.Model):
    """One row per person and ISO week when their digest went out: makes the digest idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="Monday of the ISO week")
    sent_at = models.DateTimeField(auto_now_add=True)
    missions = models.PositiveSmallIntegerField(default=0)
    # Which run claimed the row (a random id): a batch only sends to the rows it claimed.
    run = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("résumé envoyé")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digestlog_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.week}"
