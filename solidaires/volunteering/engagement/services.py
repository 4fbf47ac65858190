"""Every write on engagements, hours and mission proposals.

Keyword-only arguments, one transaction, ``full_clean()``, a permission check
(PermissionDenied), an ``EngagementTransition`` row and an audit entry for every move,
e-mails enqueued on commit. Business errors are ValidationError with French messages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.core import audit
from solidaires.messaging.services import message_send, thread_get_or_create
from solidaires.volunteering.engagement import rules as engagement_rules  # noqa: F401  (registers the permissions)
from solidaires.volunteering.engagement.hours_summary import (
    AGE_CONFIRM,
    AGE_CONSENT,
    AGE_TOO_YOUNG,
    age_requirement,
    unanswered_stage,
    validate_hours,
)
from solidaires.volunteering.engagement.models import (
    Engagement,
    EngagementSource,
    EngagementState,
    EngagementTransition,
    HoursEntry,
    HoursState,
    MissionProposal,
    ProposalState,
)
from solidaires.volunteering.engagement.rules import is_own_mission
from solidaires.volunteering.engagement.threads import engagement_thread_subject, proposal_thread_subject
from solidaires.volunteering.missions.models import Mission, MissionState, VolunteerOffer
from solidaires.volunteering.missions.services import mission_refresh_fullness

logger = logging.getLogger(__name__)

MESSAGE_MAX = 2000
REASON_MAX = 1000

STATE_ERRORS = {
    "accept": "Cette candidature a déjà reçu une réponse.",
    "decline": "Cette candidature a déjà reçu une réponse.",
    "withdraw": "Seule une candidature sans réponse peut être retirée.",
    "end": "Seul un engagement en cours peut être terminé.",
}


def _require(perm: str, user: Any, obj: Any = None) -> None:
    if user is None or not user.is_authenticated or not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _enqueue(task_name: str, *args: Any) -> None:
    """Enqueue a task of engagement_tasks once the transaction commits."""

    def send() -> None:
        from solidaires.volunteering.engagement import tasks as engagement_tasks

        getattr(engagement_tasks, task_name).enqueue(*args)

    transaction.on_commit(send)


def _refresh_response_time(mission: Mission) -> None:
    """The association's usual response time changes with each answer (decision 0823)."""
    association_id = mission.association_id
    if association_id is None:
        return

    def refresh() -> None:
        from solidaires.volunteering.engagement.selectors import refresh_response_times

        refresh_response_times([association_id])

    transaction.on_commit(refresh)


def _refresh_fullness(mission: Mission) -> None:
    """Ask the missions side to mark the mission full (or open again)."""
    mission_refresh_fullness(mission)


def _move(engagement: Engagement, method: str, *, by: Any, note: str = "", action: str) -> Engagement:
    before = engagement.state
    try:
        getattr(engagement, method)()
    except TransitionNotAllowed as exc:
        raise ValidationError(
            STATE_ERRORS.get(method, "Action impossible."), code="illegal_transition"
        ) from exc
    engagement.full_clean()
    engagement.save()
    EngagementTransition.objects.create(
        engagement=engagement, by=by, from_state=before, to_state=engagement.state, note=note
    )
    audit.record(
        actor=by,
        action=action,
        target=engagement,
        before={"state": before},
        after={"state": engagement.state},
        note=note,
    )
    return engagement


def _locked(engagement: Engagement) -> Engagement:
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("mission", "mission__association")
        .get(pk=engagement.pk)
    )


# Applying ------------------------------------------------------------------------------


def apply_checks(*, mission: Mission, volunteer: Any) -> str:
    """The age requirement for this person (see hours_summary.age_requirement)."""
    profile = getattr(volunteer, "profile", None)
    return age_requirement(
        birth_year=getattr(profile, "birth_year", None),
        this_year=timezone.localdate().year,
        min_age=mission.min_age,
        consent_below_18=mission.parental_consent_below_18,
    )


def _start_thread(engagement: Engagement, volunteer: Any, message: str) -> bool:
    """A messaging thread between the volunteer and the association (or the poster), with the
    message as its first message. True when the message went out (messaging then notifies)."""
    mission = engagement.mission
    people = [volunteer]
    if mission.association_id is None:
        people += [
            u for u in (mission.contact or mission.posted_by,) if u is not None and u.pk != volunteer.pk
        ]
    try:
        with transaction.atomic():
            thread = thread_get_or_create(
                about=engagement,
                subject=engagement_thread_subject(engagement),
                people=people,
                association=mission.association,
                by=volunteer,
            )
            if message:
                message_send(thread=thread, by=volunteer, body=message)
                return True
    except (ValidationError, PermissionDenied) as exc:
        # The application stands without its thread (e.g. one side blocked the other).
        logger.info("No thread for engagement %s: %s", engagement.pk, exc)
    return False


@transaction.atomic
def engagement_apply(
    *,
    mission: Mission,
    volunteer: Any,
    message: str = "",
    parental_consent: bool = False,
    age_confirmed: bool = False,
) -> Engagement:
    """A person offers to help on a mission. Raises ValidationError (French) when they cannot."""
    _require("volunteering.engagement_apply", volunteer, mission)
    mission = Mission.objects.select_for_update(of=("self",)).select_related("association").get(pk=mission.pk)
    message = (message or "").strip()
    if mission.hidden_at is not None or mission.state != MissionState.PUBLISHED:
        text = {
            MissionState.FULL: "Cette mission a déjà tous ses bénévoles : elle n'accepte plus de candidatures.",
            MissionState.CLOSED: "Cette mission est terminée : elle n'accepte plus de candidatures.",
            MissionState.EXPIRED: "Cette mission est passée : elle n'accepte plus de candidatures.",
        }.get(mission.state, "Cette mission n'accepte pas de candidatures.")
        raise ValidationError(text, code="not_open")
    if is_own_mission(volunteer, mission):
        raise ValidationError(
            "Vous ne pouvez pas proposer votre aide à une mission que vous gérez.", code="own_mission"
        )
    if Engagement.objects.open().filter(mission=mission, volunteer=volunteer).exists():
        raise ValidationError("Vous avez déjà proposé votre aide pour cette mission.", code="already_applied")
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": f"Votre message fait plus de {MESSAGE_MAX} caractères : raccourcissez-le."}
        )
    requirement = apply_checks(mission=mission, volunteer=volunteer)
    if requirement == AGE_TOO_YOUNG:
        raise ValidationError(
            f"Cette mission est ouverte à partir de {mission.min_age} ans.", code="too_young"
        )
    if requirement == AGE_CONSENT and not parental_consent:
        raise ValidationError(
            {"parental_consent": "Cochez la case pour confirmer que vos parents sont d'accord."},
            code="consent_required",
        )
    if requirement == AGE_CONFIRM and not age_confirmed:
        raise ValidationError(
            {"age_confirmed": f"Cochez la case pour confirmer que vous avez au moins {mission.min_age} ans."},
            code="age_unconfirmed",
        )
    engagement = Engagement(
        mission=mission,
        volunteer=volunteer,
        message=message,
        parental_consent=requirement == AGE_CONSENT and parental_consent,
    )
    engagement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            engagement.save()
    except IntegrityError as exc:
        raise ValidationError(
            "Vous avez déjà proposé votre aide pour cette mission.", code="already_applied"
        ) from exc
    EngagementTransition.objects.create(engagement=engagement, by=volunteer, to_state=engagement.state)
    audit.record(
        actor=volunteer, action="engagement.applied", target=engagement, after={"state": engagement.state}
    )
    if not _start_thread(engagement, volunteer, message):
        # Otherwise the messaging app already e-mails the managers about the first message.
        _enqueue("send_engagement_email", engagement.pk, "applied")
    return engagement


@transaction.atomic
def engagement_accept(*, engagement: Engagement, by: Any) -> Engagement:
    _require("volunteering.engagement_decide", by, engagement)
    engagement = _locked(engagement)
    _move(engagement, "accept", by=by, action="engagement.accepted")
    _refresh_fullness(engagement.mission)
    _refresh_response_time(engagement.mission)
    _enqueue("send_engagement_email", engagement.pk, "accepted")
    return engagement


@transaction.atomic
def engagement_decline(*, engagement: Engagement, by: Any, reason: str) -> Engagement:
    _require("volunteering.engagement_decide", by, engagement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif : la personne le verra."})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": f"Le motif fait plus de {REASON_MAX} caractères : raccourcissez-le."}
        )
    engagement = _locked(engagement)
    engagement.decline_reason = reason
    _move(engagement, "decline", by=by, note=reason, action="engagement.declined")
    _refresh_response_time(engagement.mission)
    _enqueue("send_engagement_email", engagement.pk, "declined")
    return engagement


@transaction.atomic
def engagement_withdraw(*, engagement: Engagement, by: Any) -> Engagement:
    _require("volunteering.engagement_withdraw", by, engagement)
    engagement = _locked(engagement)
    return _move(engagement, "withdraw", by=by, action="engagement.withdrawn")


@transaction.atomic
def engagement_end(*, engagement: Engagement, by: Any, note: str = "") -> Engagement:
    _require("volunteering.engagement_end", by, engagement)
    engagement = _locked(engagement)
    _move(engagement, "end", by=by, note=(note or "").strip()[:REASON_MAX], action="engagement.ended")
    _refresh_fullness(engagement.mission)
    return engagement


# Responsiveness -------------------------------------------------------------------------


def unanswered_to_remind(now: datetime | None = None) -> list[int]:
    """Ids of applications unanswered for 5 days whose managers were not reminded yet."""
    now = now or timezone.now()
    candidates = Engagement.objects.unanswered().filter(
        reminded_at__isnull=True, created_at__lte=now - timedelta(days=5)
    )
    return [e.pk for e in candidates.only("pk", "created_at") if unanswered_stage(e.created_at, now) >= 1]


@transaction.atomic
def engagement_mark_reminded(*, engagement_id: int) -> bool:
    """Record that the 5-day reminder was sent (once): False when already done or answered."""
    updated = Engagement.objects.filter(
        pk=engagement_id, state=EngagementState.APPLIED, reminded_at__isnull=True
    ).update(reminded_at=timezone.now())
    if updated:
        audit.record(
            actor=None,
            action="engagement.reminded",
            target=Engagement.objects.get(pk=engagement_id),
            note="Candidature sans réponse depuis 5 jours : rappel envoyé aux responsables.",
        )
    return bool(updated)


# Hours ----------------------------------------------------------------------------------


def _earliest_day(mission: Mission) -> date | None:
    if mission.starts_at is None:
        return None
    return timezone.localdate(mission.starts_at) - timedelta(days=1)


def hours_first_day(engagement: Engagement) -> date:
    """The day the engagement began: the person applied (or accepted the association's
    proposal). No hours are logged before it (issue 11)."""
    return timezone.localdate(engagement.created_at)


def hours_day_bounds(engagement: Engagement) -> tuple[date, date]:
    """The first and last days the hours form accepts (its date input's min and max)."""
    first = hours_first_day(engagement)
    mission_first = _earliest_day(engagement.mission)
    return (max(first, mission_first) if mission_first else first), timezone.localdate()


@transaction.atomic
def hours_log(*, engagement: Engagement, by: Any, day: date, minutes: int, note: str = "") -> HoursEntry:
    """The volunteer declares time given on one day (active or ended engagement)."""
    _require("volunteering.hours_log", by, engagement)
    engagement = _locked(engagement)
    if engagement.state not in (EngagementState.ACTIVE, EngagementState.ENDED):
        raise ValidationError(
            "Vous pourrez déclarer des heures une fois votre candidature acceptée.", code="not_active"
        )
    # Lock the person's entries of that day: two submissions at once cannot pass 24 hours.
    same_day = HoursEntry.objects.select_for_update(of=("self",)).filter(
        engagement__volunteer_id=engagement.volunteer_id,
        day=day,
        state__in=[HoursState.PENDING, HoursState.VALIDATED],
    )
    already = sum(e.minutes for e in same_day)
    errors = validate_hours(
        day=day,
        minutes=int(minutes),
        today=timezone.localdate(),
        earliest=_earliest_day(engagement.mission),
        already_logged_that_day=already,
        engaged_on=hours_first_day(engagement),
        proposed=engagement.source == EngagementSource.PROPOSAL,
    )
    if errors:
        raise ValidationError(errors)
    entry = HoursEntry(engagement=engagement, day=day, minutes=int(minutes), note=(note or "").strip())
    entry.full_clean()
    entry.save()
    audit.record(
        actor=by,
        action="hours.logged",
        target=entry,
        after={"engagement": engagement.pk, "day": day.isoformat(), "minutes": entry.minutes},
    )
    return entry


def _decide_hours(entry: HoursEntry, method: str, *, by: Any, action: str, note: str = "") -> HoursEntry:
    before = entry.state
    try:
        getattr(entry, method)()
    except TransitionNotAllowed as exc:
        raise ValidationError("Ces heures ont déjà été traitées.", code="illegal_transition") from exc
    entry.decided_by = by
    entry.full_clean()
    entry.save()
    audit.record(
        actor=by,
        action=action,
        target=entry,
        before={"state": before},
        after={"state": entry.state},
        note=note,
    )
    return entry


def _locked_entry(entry: HoursEntry) -> HoursEntry:
    return (
        HoursEntry.objects.select_for_update(of=("self",))
        .select_related("engagement", "engagement__mission", "engagement__mission__association")
        .get(pk=entry.pk)
    )


@transaction.atomic
def hours_validate(*, entry: HoursEntry, by: Any) -> HoursEntry:
    _require("volunteering.hours_decide", by, entry)
    return _decide_hours(_locked_entry(entry), "validate", by=by, action="hours.validated")


@transaction.atomic
def hours_reject(*, entry: HoursEntry, by: Any, reason: str) -> HoursEntry:
    _require("volunteering.hours_decide", by, entry)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif : la personne le verra."})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": f"Le motif fait plus de {REASON_MAX} caractères : raccourcissez-le."}
        )
    entry = _locked_entry(entry)
    entry.reject_reason = reason
    return _decide_hours(entry, "reject", by=by, action="hours.rejected", note=reason)


@transaction.atomic
def hours_validate_bulk(*, entries: Iterable[HoursEntry], by: Any) -> list[HoursEntry]:
    """Validate the pending entries ``by`` may decide; the others are skipped."""
    done = []
    for entry in entries:
        try:
            with transaction.atomic():
                done.append(hours_validate(entry=entry, by=by))
        except (PermissionDenied, ValidationError):
            continue
    return done


# Proposals -------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *, offer: VolunteerOffer, mission: Mission, by: Any, message: str = ""
) -> MissionProposal:
    """A manager proposes one of the association's open missions to a volunteer offer."""
    _require("volunteering.proposal_create", by, mission)
    message = (message or "").strip()
    if mission.state != MissionState.PUBLISHED or mission.hidden_at is not None:
        raise ValidationError({"mission": "Choisissez une mission publiée qui cherche encore des bénévoles."})
    if offer.state != "active" or offer.is_expired:
        raise ValidationError("Cette proposition d'aide n'est plus visible.", code="offer_closed")
    if offer.person_id == by.pk:
        raise ValidationError("C'est votre propre proposition d'aide.", code="own_offer")
    if MissionProposal.objects.filter(offer=offer, mission=mission).exists():
        raise ValidationError({"mission": "Vous avez déjà proposé cette mission à cette personne."})
    if Engagement.objects.open().filter(mission=mission, volunteer_id=offer.person_id).exists():
        raise ValidationError({"mission": "Cette personne participe déjà à cette mission."})
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": f"Votre message fait plus de {MESSAGE_MAX} caractères : raccourcissez-le."}
        )
    proposal = MissionProposal(offer=offer, mission=mission, proposed_by=by, message=message)
    proposal.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:
        raise ValidationError({"mission": "Vous avez déjà proposé cette mission à cette personne."}) from exc
    audit.record(
        actor=by, action="proposal.created", target=proposal, after={"mission": mission.pk, "offer": offer.pk}
    )
    _start_proposal_thread(proposal, by)
    _enqueue("send_proposal_email", proposal.pk)
    return proposal


def _start_proposal_thread(proposal: MissionProposal, by: Any) -> None:
    try:
        with transaction.atomic():
            thread = thread_get_or_create(
                about=proposal,
                subject=proposal_thread_subject(proposal),
                people=[proposal.offer.person],
                association=proposal.mission.association,
                by=by,
            )
            if proposal.message:
                message_send(thread=thread, by=by, body=proposal.message)
    except (ValidationError, PermissionDenied) as exc:
        logger.info("No thread for proposal %s: %s", proposal.pk, exc)


def _locked_proposal(proposal: MissionProposal) -> MissionProposal:
    return (
        MissionProposal.objects.select_for_update(of=("self",))
        .select_related("offer", "mission", "mission__association")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def proposal_accept(*, proposal: MissionProposal, by: Any) -> Engagement:
    """The offer's owner accepts: an active engagement starts at once."""
    _require("volunteering.proposal_decide", by, proposal)
    proposal = _locked_proposal(proposal)
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError("Vous avez déjà répondu à cette proposition.", code="illegal_transition")
    mission = Mission.objects.select_for_update(of=("self",)).get(pk=proposal.mission_id)
    if mission.state != MissionState.PUBLISHED or mission.hidden_at is not None:
        raise ValidationError("Cette mission ne cherche plus de bénévoles.", code="not_open")
    engagement = Engagement.objects.open().filter(mission=mission, volunteer=by).first()
    if engagement is None:
        engagement = Engagement(mission=mission, volunteer=by, source=EngagementSource.PROPOSAL)
        engagement.full_clean(validate_constraints=False)
        engagement.save()
        EngagementTransition.objects.create(
            engagement=engagement, by=by, to_state=engagement.state, note="Proposition de l'association"
        )
    if engagement.state == EngagementState.APPLIED:
        _move(engagement, "accept", by=by, note="Proposition acceptée", action="engagement.accepted")
    proposal.accept()
    proposal.engagement = engagement
    proposal.full_clean(validate_constraints=False)
    proposal.save()
    audit.record(
        actor=by,
        action="proposal.accepted",
        target=proposal,
        before={"state": "proposed"},
        after={"state": proposal.state},
    )
    _refresh_fullness(mission)
    return engagement


@transaction.atomic
def proposal_decline(*, proposal: MissionProposal, by: Any) -> MissionProposal:
    _require("volunteering.proposal_decide", by, proposal)
    proposal = _locked_proposal(proposal)
    try:
        proposal.decline()
    except TransitionNotAllowed as exc:
        raise ValidationError(
            "Vous avez déjà répondu à cette proposition.", code="illegal_transition"
        ) from exc
    proposal.save()
    audit.record(
        actor=by,
        action="proposal.declined",
        target=proposal,
        before={"state": "proposed"},
        after={"state": proposal.state},
    )
    return proposal
