"""Writes of committee sessions: creation, members, state, conflicts of interest, scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_fsm import FSMField, get_available_FIELD_transitions

from solidaires.core import audit
from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.instruction.models import (
    CommitteeMember,
    CommitteeSession,
    CommitteeSessionState,
    ConflictOfInterest,
    Score,
)
from solidaires.grants.instruction.services.common import actor_or_none, require_perm

S = ApplicationState


@transaction.atomic
def session_create(
    *, scheme: Any, year: int, meets_on: dt.date, name: str, members: Iterable[Any], by: Any
) -> CommitteeSession:
    require_perm("grants.committee_manage", by)
    session = CommitteeSession(
        scheme=scheme,
        year=year,
        meets_on=meets_on,
        name=(name or "").strip() or f"Comité {scheme} du {meets_on:%d/%m/%Y}",
        created_by=actor_or_none(by),
    )
    session.full_clean()
    session.save()
    for user in members:
        _member_add(session, user)
    audit.record(
        actor=by,
        action="committee.session_created",
        target=session,
        after={"members": sorted(session.members.values_list("user_id", flat=True))},
    )
    return session


def _member_add(session: CommitteeSession, user: Any) -> CommitteeMember:
    if not (getattr(user, "is_agent", False) or getattr(user, "is_elected", False)):
        raise ValidationError({"members": f"{user} n'est ni agent ni élu : il ne peut pas siéger au comité."})
    member, _created = CommitteeMember.objects.get_or_create(session=session, user=user)
    return member


@transaction.atomic
def session_member_add(*, session: CommitteeSession, user: Any, by: Any) -> CommitteeMember:
    require_perm("grants.committee_manage", by, session)
    member = _member_add(session, user)
    audit.record(actor=by, action="committee.member_added", target=session, after={"user": user.pk})
    return member


@transaction.atomic
def session_member_remove(*, member: CommitteeMember, by: Any) -> None:
    require_perm("grants.committee_manage", by, member.session)
    if member.scores.exists():
        raise ValidationError("Ce membre a déjà noté des dossiers : il ne peut plus être retiré.")
    audit.record(
        actor=by, action="committee.member_removed", target=member.session, before={"user": member.user_id}
    )
    member.delete()


@transaction.atomic
def session_set_state(*, session: CommitteeSession, state: str, by: Any) -> CommitteeSession:
    """planned → scoring → closed (a closed session does not reopen); see the model's transitions."""
    require_perm("grants.committee_manage", by, session)
    # The transition of the session's state machine that leads to ``state`` from where it is.
    state_field = CommitteeSession._meta.get_field("state")
    assert isinstance(state_field, FSMField)
    moves = [t for t in get_available_FIELD_transitions(session, state_field) if t.target == state]
    if not moves:
        raise ValidationError("Ce changement d'état de la séance n'est pas possible.")
    if state == CommitteeSessionState.CLOSED and session.applications.filter(state=S.COMMITTEE).exists():
        raise ValidationError("Chaque dossier de la séance doit avoir une décision avant la clôture.")
    before = session.state
    getattr(session, moves[0].name)()
    session.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action="committee.session_state",
        target=session,
        before={"state": before},
        after={"state": state},
    )
    return session


@transaction.atomic
def conflict_declare(
    *, session: CommitteeSession, application: Application, note: str = "", by: Any
) -> ConflictOfInterest:
    """A member declares a link with a file: their scores on it are removed, they cannot score it."""
    require_perm("grants.committee_declare_conflict", by, session)
    if not session.applications.filter(pk=application.pk).exists():
        raise PermissionDenied
    member = CommitteeMember.objects.get(session=session, user=by)
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        member=member, application=application, defaults={"note": (note or "").strip()[:300]}
    )
    Score.objects.filter(member=member, application=application).delete()
    session.__dict__.pop("_grants_seats", None)
    audit.record(
        actor=by, action="committee.conflict_declared", target=application, after={"session": session.pk}
    )
    return conflict


@transaction.atomic
def scores_set(
    *, session: CommitteeSession, application: Application, values: Mapping[str, int], by: Any
) -> list[Score]:
    """Save a member's marks (0 to 5) per criterion of the scheme's grid for one file."""
    from solidaires.grants.instruction.rules import has_conflict

    require_perm("grants.committee_score", by, session)
    if not session.applications.filter(pk=application.pk).exists():
        raise PermissionDenied
    if has_conflict(by, session, application):
        raise PermissionDenied
    if application.state != S.COMMITTEE:
        raise ValidationError("Ce dossier a déjà une décision : il ne se note plus.")
    keys = [str(c.get("key")) for c in (session.scheme.criteria or []) if isinstance(c, dict)]
    errors: dict[str, str] = {}
    for key in keys:
        value = values.get(key)
        if value is None or not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 5:
            errors[key] = "Donnez une note entière entre 0 et 5."
    if errors:
        raise ValidationError(errors)
    member = CommitteeMember.objects.get(session=session, user=by)
    saved: list[Score] = []
    for key in keys:
        score, _created = Score.objects.update_or_create(
            member=member, application=application, criterion=key, defaults={"value": values[key]}
        )
        saved.append(score)
    audit.record(
        actor=by,
        action="committee.scored",
        target=application,
        after={"session": session.pk, "scores": {k: values[k] for k in keys}},
    )
    return saved
