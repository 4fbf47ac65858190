"""Personal data of the instruction side: export and erasure (registered in apps.py).

What the instruction side keeps about a person: their seats on committees, their scores and
declared conflicts of interest (committee members), the final reports they sent (applicants),
the internal notes they wrote and the payments they recorded (agents). Grant files are public
archives (Code du patrimoine): erasure never deletes a decision, a score or a payment; it
detaches the person where the link is not needed to understand the file, and the user row
itself is anonymised by the accounts app (decision 0303).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from solidaires.grants.instruction.models import (
    CommitteeMember,
    ConflictOfInterest,
    FinalReport,
    InternalNote,
    Payment,
    PieceRequest,
    Score,
)


def export_user_data(user: Any) -> dict[str, Any]:
    seats = CommitteeMember.objects.filter(user=user).select_related("session__scheme").order_by("pk")
    return {
        "committee_seats": [
            {
                "session": seat.session.name,
                "scheme": seat.session.scheme.name,
                "meets_on": seat.session.meets_on.isoformat(),
                "scores": [
                    {"file": s.application.number, "criterion": s.criterion, "value": s.value}
                    for s in Score.objects.filter(member=seat).select_related("application").order_by("pk")
                ],
                "conflicts_declared": [
                    {"file": c.application.number, "note": c.note, "declared_at": c.declared_at.isoformat()}
                    for c in ConflictOfInterest.objects.filter(member=seat).select_related("application")
                ],
            }
            for seat in seats
        ],
        "final_reports_sent": [
            {
                "file": r.application.number,
                "participants": r.participants,
                "outcomes": r.outcomes,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in FinalReport.objects.filter(submitted_by=user).select_related("application")
        ],
        "internal_notes_written": InternalNote.objects.filter(author=user).count(),
        "piece_requests_answered": PieceRequest.objects.filter(answered_by=user).count(),
    }


@transaction.atomic
def erase_user_data(*, user: Any, by: Any = None) -> None:
    """Detach the person from reports and requests they answered; keep the archives. Idempotent.

    Committee seats, scores and conflicts stay (they explain a public decision); the seat keeps
    pointing at the anonymised user row. Notes written by an agent stay, without the author.
    """
    FinalReport.objects.filter(submitted_by=user).update(submitted_by=None)
    PieceRequest.objects.filter(answered_by=user).update(answered_by=None)
    InternalNote.objects.filter(author=user).update(author=None)
    Payment.objects.filter(paid_by=user).update(paid_by=None)
