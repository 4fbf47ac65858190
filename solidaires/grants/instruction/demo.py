"""Demo data of the instruction side, called from solidaires.grants.demo.generate.

For the files the applicant side created (four years, every scheme): one committee session per
call with members (agents and elected officials), scores, one declared conflict, decisions
(full, partial, refused, postponed), payments (80/20 for projects, one payment for operating
subsidies), final reports (due, sent, approved) and a few internal notes (decision 1135). Deterministic from ``ctx.rng``; idempotent
(the demo sessions are deleted first; the applicant side deletes decisions and payments).

``bench_inbox_files(count=2000)`` builds the agents' inbox data set for the page benchmark.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from solidaires.core.demo import PARIS, DemoContext
from solidaires.grants.applications.models import Application
from solidaires.grants.instruction import payment_schedule
from solidaires.grants.instruction.models import (
    CommitteeMember,
    CommitteeSession,
    ConflictOfInterest,
    Decision,
    FinalReport,
    InternalNote,
    Payment,
    Score,
)

GRANTED_STATES = {"granted", "report_due", "report_received", "closed"}
SESSION_STATES = GRANTED_STATES | {"committee", "postponed", "refused"}
REFUSAL_REASONS = {
    "initiatives-citoyennes": (
        "Le projet ressemble beaucoup à une action déjà soutenue dans la même commune.",
        "Le budget ne montre pas assez la participation des habitants.",
        "Le projet relève d'un autre dispositif (subvention de projet).",
    ),
    "subvention-fonctionnement": (
        "Les comptes de l'exercice précédent n'ont pas été transmis.",
        "L'activité de l'association bénéficie surtout à des habitants hors de l'Agglo.",
    ),
    "subvention-projet": (
        "L'enveloppe de l'année ne permet pas de soutenir tous les projets.",
        "Le projet est déjà largement financé par d'autres partenaires.",
        "Le projet relève du fonctionnement courant de l'association.",
    ),
}
OUTCOMES = {
    "initiatives-citoyennes": "Le projet a réuni les habitants du quartier autour d'un moment convivial.",
    "subvention-fonctionnement": "L'association a mené ses activités de l'année comme prévu ; compte rendu financier joint.",
    "subvention-projet": "Les actions prévues ont eu lieu ; le bilan détaille la participation et les suites.",
}
# Operating subsidies are paid at once; project-like schemes 80 % at decision, 20 % on the report.
SCHEDULES = {"subvention-fonctionnement": (payment_schedule.Instalment("Versement unique", 100),)}
PARTIAL_REASONS = [
    "Le comité a retenu le projet sans la ligne de communication.",
    "Le montant est ajusté pour soutenir plus de projets cette année.",
]
NOTES = [
    "Porteur rencontré à la Maison citoyenne : projet solide, budget à préciser.",
    "Vérifier que la salle est bien réservée pour la date prévue.",
    "Dossier proche d'un projet voisin : proposer une mise en relation.",
]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)


def _clear() -> None:
    Decision.objects.filter(session__is_demo=True).delete()
    CommitteeSession.objects.filter(is_demo=True).delete()
    InternalNote.objects.filter(application__is_demo=True).delete()


def _members() -> list[Any]:
    from solidaires.accounts.models import Role, User

    agents = list(User.objects.filter(role__in=[Role.AGENT, Role.ADMIN], is_active=True).order_by("pk")[:2])
    elected = list(User.objects.filter(role=Role.ELECTED, is_active=True).order_by("pk")[:2])
    return agents + elected


def generate_instruction(ctx: DemoContext, people: Any) -> None:
    rng = ctx.rng("grants-instruction")
    _clear()
    members = _members()
    today = timezone.localdate()
    files = list(
        Application.objects.filter(is_demo=True, state__in=SESSION_STATES)
        .select_related("call", "scheme")
        .order_by("pk")
    )
    by_call: dict[int, list[Application]] = {}
    for application in files:
        if application.call_id is not None:
            by_call.setdefault(application.call_id, []).append(application)

    sessions: list[CommitteeSession] = []
    decisions: list[Decision] = []
    payments: list[Payment] = []
    reports: list[FinalReport] = []
    scores: list[Score] = []
    conflicts: list[ConflictOfInterest] = []
    agent = members[0] if members else None

    for call_files in by_call.values():
        call = call_files[0].call
        assert call is not None
        code = call.scheme.code
        criteria = [c["key"] for c in call.scheme.criteria if isinstance(c, dict)]
        meets_on = call.committee_on or (call.closes_at.date() + timedelta(days=30))
        pending = any(a.state == "committee" for a in call_files)
        session = CommitteeSession.objects.create(
            scheme=call.scheme,
            year=call.year,
            meets_on=meets_on,
            name=f"Comité {call.name}",
            state="scoring" if pending else "closed",
            created_by=agent,
            is_demo=True,
        )
        sessions.append(session)
        session.applications.add(*call_files)
        seats = [CommitteeMember.objects.create(session=session, user=user) for user in members]
        # Scores of the sessions of the last twelve months and of those still ahead (each file
        # of an older one already has its decision; thousands of old scores only slow the demo).
        scored = pending or meets_on >= today - timedelta(days=365)
        conflicted = (rng.choice(call_files).pk, seats[-1].pk) if seats and len(call_files) > 2 else None
        if conflicted:
            conflicts.append(
                ConflictOfInterest(
                    member_id=conflicted[1],
                    application_id=conflicted[0],
                    note="Membre de l'association porteuse.",
                )
            )
        for application in call_files:
            for seat in seats:
                if conflicted == (application.pk, seat.pk):
                    continue
                if not scored:
                    continue  # older sessions: the scores are not kept in the demo
                if application.state == "committee" and rng.random() < 0.4:
                    continue  # not scored yet
                base = rng.randint(1, 5)
                for key in criteria:
                    value = max(0, min(5, base + rng.choice((-1, 0, 0, 1))))
                    scores.append(
                        Score(member_id=seat.pk, application_id=application.pk, criterion=key, value=value)
                    )
            decided_at = application.decided_at or _at(meets_on)
            if application.state in GRANTED_STATES:
                amount = application.amount_granted_cents or application.amount_requested_cents
                partial = amount < application.amount_requested_cents
                decisions.append(
                    Decision(
                        application_id=application.pk,
                        session=session,
                        outcome="granted_partial" if partial else "granted_full",
                        amount_cents=amount,
                        reason=rng.choice(PARTIAL_REASONS) if partial else "",
                        reference=application.number or f"DOSSIER-{application.pk}",
                        year=call.year,
                        decided_at=decided_at,
                        decided_by=agent,
                        letter_generated_at=decided_at,
                    )
                )
                decided_on = timezone.localdate(decided_at)
                report_due = (application.ends_on or decided_on) + timedelta(days=90)
                submitted = application.state in {"report_received", "closed"}
                approved = application.state == "closed"
                approved_on = min(today, report_due + timedelta(days=rng.randint(0, 40)))
                schedule = SCHEDULES.get(code, payment_schedule.DEFAULT_SCHEDULE)
                for index, part in enumerate(payment_schedule.split(amount, schedule), start=1):
                    if part.trigger == payment_schedule.AT_DECISION:
                        due_on: date | None = decided_on
                        paid_on = decided_on + timedelta(days=rng.randint(15, 45))
                    else:
                        due_on = approved_on if approved else None
                        paid_on = min(today, approved_on + timedelta(days=rng.randint(5, 25)))
                    paid = due_on is not None and paid_on <= today
                    payments.append(
                        Payment(
                            application_id=application.pk,
                            label=part.label,
                            position=index,
                            trigger=part.trigger,
                            year=call.year,
                            amount_cents=part.amount_cents,
                            due_on=due_on,
                            state="paid" if paid else "planned",
                            paid_on=paid_on if paid else None,
                            paid_by=agent if paid else None,
                        )
                    )
                reports.append(
                    FinalReport(
                        application_id=application.pk,
                        due_on=report_due,
                        realised_budget=[
                            {"label": "Matériel et fournitures", "amount_cents": amount * 2 // 3},
                            {"label": "Communication et location", "amount_cents": amount - amount * 2 // 3},
                        ]
                        if submitted
                        else [],
                        participants=rng.randint(12, 250) if submitted else None,
                        outcomes=OUTCOMES.get(code, OUTCOMES["subvention-projet"]) if submitted else "",
                        submitted_at=_at(min(today, report_due) - timedelta(days=10)) if submitted else None,
                        approved_at=_at(approved_on) if approved else None,
                        approved_by=agent if approved else None,
                        reminders_sent=rng.randint(0, 2) if not submitted and report_due < today else 0,
                    )
                )
            elif application.state == "refused":
                decisions.append(
                    Decision(
                        application_id=application.pk,
                        session=session,
                        outcome="refused",
                        reason=rng.choice(REFUSAL_REASONS.get(code, REFUSAL_REASONS["subvention-projet"])),
                        reference=application.number or f"DOSSIER-{application.pk}",
                        year=call.year,
                        decided_at=decided_at,
                        decided_by=agent,
                        letter_generated_at=decided_at,
                    )
                )
            elif application.state == "postponed":
                decisions.append(
                    Decision(
                        application_id=application.pk,
                        session=session,
                        outcome="postponed",
                        reason="Le comité attend le devis du prestataire.",
                        reference=application.number or f"DOSSIER-{application.pk}",
                        year=call.year,
                        decided_at=decided_at,
                        decided_by=agent,
                    )
                )
    Score.objects.bulk_create(scores, ignore_conflicts=True)
    ConflictOfInterest.objects.bulk_create(conflicts, ignore_conflicts=True)
    Decision.objects.bulk_create(decisions)
    Payment.objects.bulk_create(payments)
    FinalReport.objects.bulk_create(reports, ignore_conflicts=True)

    open_files = list(
        Application.objects.filter(is_demo=True, state__in=["submitted", "instruction", "waiting_pieces"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    notes = [
        InternalNote(application_id=pk, author=agent, body=NOTES[i % len(NOTES)])
        for i, pk in enumerate(open_files)
        if i % 2 == 0
    ]
    InternalNote.objects.bulk_create(notes)
    if agent is not None:
        Application.objects.filter(pk__in=open_files[::3]).update(assigned_agent=agent)

    ctx.counts["grant_committee_sessions"] = len(sessions)
    ctx.counts["grant_decisions"] = len(decisions)
    ctx.counts["grant_payments"] = len(payments)
    ctx.counts["grant_final_reports"] = len(reports)
    ctx.log(f"  subventions (instruction) : {len(sessions)} comités, {len(decisions)} décisions")


def bench_inbox_files(count: int = 2000) -> int:
    """Bench data: ``count`` submitted files spread over states, communes and agents (bulk)."""
    from solidaires.accounts.models import Role, User
    from solidaires.grants.applications.models import Applicant, Scheme
    from solidaires.territory.models import Commune

    scheme = Scheme.objects.order_by("position").first()
    if scheme is None:
        raise RuntimeError("Create the demo data first (no scheme).")
    communes: list[str | None] = list(Commune.objects.order_by("insee").values_list("insee", flat=True)[:60])
    agents: list[int | None] = list(User.objects.filter(role=Role.AGENT).values_list("pk", flat=True)[:5])
    communes = communes or [None]
    agents = agents or [None]
    states = ["submitted", "instruction", "waiting_pieces", "committee", "granted", "report_due"]
    Application.objects.filter(number__startswith="BENCH-").delete()
    Applicant.objects.filter(name__startswith="Banc d'essai").delete()
    applicants = Applicant.objects.bulk_create(
        [
            Applicant(
                kind="group", name=f"Banc d'essai {i}", commune_id=communes[i % len(communes)], is_demo=True
            )
            for i in range(max(1, count // 10))
        ]
    )
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                applicant=applicants[i % len(applicants)],
                scheme=scheme,
                number=f"BENCH-{i:05d}",
                title=f"Projet de banc d'essai {i}",
                amount_requested_cents=100_000 + (i % 40) * 10_000,
                state=states[i % len(states)],
                submitted_at=now - timedelta(days=i % 400, minutes=i),
                state_changed_at=now,
                clock_paused_at=now - timedelta(days=3)
                if states[i % len(states)] == "waiting_pieces"
                else None,
                assigned_agent_id=agents[i % len(agents)] if i % 3 else None,
                is_demo=True,
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    return count
