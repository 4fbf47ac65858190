"""Every write on mutual-aid posts and the safety guide (reports and moderation: the
moderation app's services).

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry for each
state change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError (French).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from solidaires.core import audit, handover
from solidaires.core.caching import bump_data_version
from solidaires.core.handover import hash_code as hash_handover_code
from solidaires.core.handover import normalize as normalize_handover_code
from solidaires.core.search import document
from solidaires.moderation.selectors import blocked_between

from .models import ConsentMethod, MutualAidPost, PostState, SafetyGuideAck
from .selectors import BOARD_DATA_VERSION

EDITABLE_FIELDS = ("kind", "category", "title", "description", "commune", "expires_on")
MAX_POSTS_PER_DAY = 10
HANDOVER_LENGTH = 12
FIRST_NAME_MAX = 40


def _record(**kwargs: Any) -> None:
    """Audit the action; a change to a post also makes the cached public board stale."""
    audit.record(**kwargs)
    action = str(kwargs.get("action", ""))
    if action.startswith("mutualaid_post.") and action != "mutualaid_post.answered":
        # Now and after commit: anonymous /entraide/ pages cached before are not served.
        bump_data_version(BOARD_DATA_VERSION)


def post_changed(**_kwargs: Any) -> None:
    """post_save / post_delete receiver (apps.py): a post written outside these services too."""
    bump_data_version(BOARD_DATA_VERSION)


def _require(perm: str, user: Any, obj: models.Model | None = None) -> None:
    if user is None or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _snapshot(post: MutualAidPost) -> dict[str, Any]:
    return {
        "kind": post.kind,
        "category": post.category,
        "title": post.title,
        "commune": post.commune_id,
        "expires_on": post.expires_on.isoformat() if post.expires_on else None,
        "state": post.state,
        "hidden": post.hidden_at is not None,
    }


def _index(post: MutualAidPost) -> None:
    commune_name = post.commune.name if post.commune_id else ""
    post.search_document = document(post.title, post.get_category_display(), commune_name, post.description)


def _apply(post: MutualAidPost, data: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(post, name, value)


def _rank(moment: Any) -> int:
    return -int(moment.timestamp() * 1000)


# Posts --------------------------------------------------------------------------------------


@transaction.atomic
def post_create(*, by: Any, data: dict[str, Any]) -> MutualAidPost:
    """Publish a request or an offer (open at once). Raises ValidationError keyed by field."""
    _require("mutualaid.add_post", by)
    since = timezone.now() - timedelta(days=1)
    if MutualAidPost.objects.filter(author=by, created_at__gte=since).count() >= MAX_POSTS_PER_DAY:
        raise ValidationError(_("Vous avez publié beaucoup d'annonces aujourd'hui. Réessayez demain, merci."))
    post = MutualAidPost(author=by)
    _apply(post, data)
    return _save_new(post, by=by, action="mutualaid_post.created")


def _save_new(post: MutualAidPost, *, by: Any, action: str, note: str = "") -> MutualAidPost:
    post.list_rank = _rank(timezone.now())
    post.full_clean()
    _index(post)
    post.save()
    _record(actor=by, action=action, target=post, after=_snapshot(post), note=note)
    return post


def _new_handover_code() -> str:
    return handover.new_code(HANDOVER_LENGTH, group=4)


@transaction.atomic
def post_create_on_behalf(
    *, by: Any, data: dict[str, Any], first_name: str, consent_method: str
) -> tuple[MutualAidPost, str]:
    """An agent publishes for an inhabitant who came in person or phoned (decision 0842).

    The agent is the author (answers reach them); the page shows the inhabitant's first name
    only. Returns the post and a one-time handover code (only its hash is stored) with which
    the inhabitant takes the post over online later."""
    _require("mutualaid.post_on_behalf", by)
    errors: dict[str, str] = {}
    first_name = re.sub(r"\s+", " ", first_name or "").strip()
    if not first_name:
        errors["first_name"] = _("Indiquez le prénom de la personne.")
    elif len(first_name) > FIRST_NAME_MAX or len(first_name.split()) > 2:
        errors["first_name"] = _("Le prénom seulement, %(n)s caractères au plus.") % {"n": FIRST_NAME_MAX}
    if consent_method not in ConsentMethod.values:
        errors["consent_method"] = _("Indiquez comment la personne a donné son accord.")
    if errors:
        raise ValidationError(errors)
    post = MutualAidPost(author=by, on_behalf_name=first_name, consent_method=consent_method)
    post.consent_recorded_at = timezone.now()
    _apply(post, data)
    code = _new_handover_code()
    post.handover_code_hash = hash_handover_code(code)
    post = _save_new(
        post,
        by=by,
        action="mutualaid_post.created_on_behalf",
        note=f"Consentement : {post.get_consent_method_display()}",
    )
    return post, code


@transaction.atomic
def post_update(*, post: MutualAidPost, by: Any, data: dict[str, Any]) -> MutualAidPost:
    _require("mutualaid.change_post", by, post)
    post = MutualAidPost.objects.select_for_update().select_related("commune").get(pk=post.pk)
    before = _snapshot(post)
    _apply(post, data)
    post.full_clean()
    _index(post)
    post.save()
    _record(actor=by, action="mutualaid_post.updated", target=post, before=before, after=_snapshot(post))
    return post


def _illegal(post: MutualAidPost) -> ValidationError:
    return ValidationError(
        _("Cette annonce est « %(state)s » : elle ne peut plus changer d'état.")
        % {"state": PostState(post.state).label},
        code="illegal_transition",
    )


@transaction.atomic
def post_close(*, post: MutualAidPost, by: Any, fulfilled: bool) -> MutualAidPost:
    """The author takes the post down: help found (``fulfilled``) or no longer needed."""
    _require("mutualaid.close_post", by, post)
    post = MutualAidPost.objects.select_for_update().get(pk=post.pk)
    move = post.mark_fulfilled if fulfilled else post.close
    if not can_proceed(move):
        raise _illegal(post)
    before = _snapshot(post)
    move()
    post.save(update_fields=["state", "closed_at", "updated_at"])
    _record(
        actor=by,
        action="mutualaid_post.fulfilled" if fulfilled else "mutualaid_post.closed",
        target=post,
        before=before,
        after=_snapshot(post),
    )
    return post


@transaction.atomic
def post_expire(*, post: MutualAidPost) -> bool:
    """System move of one open post past its expiry date; False when nothing to do."""
    post = MutualAidPost.objects.select_for_update().get(pk=post.pk)
    if post.state != PostState.OPEN or post.expires_on >= timezone.localdate():
        return False
    before = _snapshot(post)
    post.expire()
    post.save(update_fields=["state", "closed_at", "updated_at"])
    _record(actor=None, action="mutualaid_post.expired", target=post, before=before, after=_snapshot(post))
    return True


def posts_expire_due(*, today: date | None = None) -> int:
    """Expire every open post whose date has passed (the daily task); idempotent."""
    today = today or timezone.localdate()
    ids = list(
        MutualAidPost.objects.filter(state=PostState.OPEN, expires_on__lt=today).values_list("pk", flat=True)
    )
    done = 0
    for pk in ids:
        post = MutualAidPost.objects.filter(pk=pk).first()
        if post is not None and post_expire(post=post):
            done += 1
    return done


ENDED_POST_RETENTION = timedelta(days=365)


@transaction.atomic
def posts_purge_ended(*, now: Any = None) -> int:
    """Delete posts that ended (withdrawn, fulfilled, expired) more than 12 months ago
    (docs/privacy/mutualaid.md). Reports about them keep their text summary. Idempotent."""
    now = now or timezone.now()
    queryset = MutualAidPost.objects.exclude(state=PostState.OPEN).filter(
        closed_at__lt=now - ENDED_POST_RETENTION
    )
    count = queryset.count()
    if count:
        queryset.delete()
        _record(
            actor=None,
            action="mutualaid_post.purged",
            note=f"{count} annonce(s) terminée(s) depuis plus d'un an",
        )
    return count


@transaction.atomic
def post_take_over(*, code: str, by: Any) -> MutualAidPost:
    """The inhabitant takes over, with the code the agent gave them, a post made on their behalf."""
    _require("mutualaid.take_over_post", by)
    normalized = normalize_handover_code(code)
    if len(normalized) != HANDOVER_LENGTH:
        raise ValidationError({"code": _("Le code fait 12 lettres et chiffres, par exemple ABCD-EFGH-JKMN.")})
    post = (
        MutualAidPost.objects.select_for_update()
        .filter(handover_code_hash=hash_handover_code(normalized))
        .first()
    )
    if post is None:
        raise ValidationError(
            {
                "code": _(
                    "Ce code ne correspond à aucune annonce. Vérifiez-le, ou demandez-en un nouveau à l'agent."
                )
            }
        )
    before = {**_snapshot(post), "author": post.author_id}
    post.author = by
    post.handover_code_hash = ""
    post.handed_over_at = timezone.now()
    post.on_behalf_name = ""
    post.save(
        update_fields=["author", "handover_code_hash", "handed_over_at", "on_behalf_name", "updated_at"]
    )
    _record(
        actor=by,
        action="mutualaid_post.taken_over",
        target=post,
        before=before,
        after={**_snapshot(post), "author": by.pk},
    )
    return post


# Safety guide and answers -----------------------------------------------------------------


def has_acknowledged_guide(user: Any) -> bool:
    return bool(
        user is not None and user.is_authenticated and SafetyGuideAck.objects.filter(user=user).exists()
    )


@transaction.atomic
def safety_guide_acknowledge(*, by: Any) -> SafetyGuideAck:
    """Record once that the person read the safety guide (idempotent: the first date is kept)."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    ack, created = SafetyGuideAck.objects.get_or_create(user=by)
    if created:
        _record(actor=by, action="mutualaid.safety_guide_acknowledged", target=None)
    return ack


def answer_problem(*, post: MutualAidPost, by: Any) -> str:
    """Why ``by`` cannot answer ``post`` (French, for the page), or "" when they can."""
    if post.author_id == getattr(by, "pk", None):
        return _("C'est votre annonce : vous ne pouvez pas y répondre.")
    if post.is_hidden:
        return _("Cette annonce a été masquée par la modération.")
    if not post.is_open:
        return _("Cette annonce n'est plus en ligne : on ne peut plus y répondre.")
    if blocked_between(post.author, by):
        return _(
            "Vous ne pouvez pas répondre à cette annonce : l'une de vous deux personnes a bloqué l'autre."
        )
    return ""


@transaction.atomic
def post_answer(*, post: MutualAidPost, by: Any, body: str) -> Any:
    """Open (or reuse) the conversation with the author and send the first message.

    Needs the safety guide read once. Returns the messaging thread."""
    _require("mutualaid.answer_post", by, post)
    if not has_acknowledged_guide(by):
        raise ValidationError(_("Lisez d'abord les conseils pour une entraide en confiance."), code="guide")
    problem = answer_problem(post=post, by=by)
    if problem:
        raise ValidationError(problem, code="blocked")
    from solidaires.messaging.services import message_send, thread_get_or_create

    thread = thread_get_or_create(
        about=post,
        subject=_("Entraide : %(title)s") % {"title": post.title},
        people=[post.author, by],
        association=None,
        by=by,
    )
    try:
        message_send(thread=thread, by=by, body=body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    _record(actor=by, action="mutualaid_post.answered", target=post)
    return thread


__all__ = ["SafetyGuideAck", "has_acknowledged_guide", "post_answer"]
