"""Models of the instruction side: examination, committee, payments, final reports."""

from .committee import (
    CommitteeMember,
    CommitteeSession,
    CommitteeSessionState,
    ConflictOfInterest,
    Decision,
    DecisionOutcome,
    Score,
)
from .examination import (
    ChecklistItem,
    ChecklistKind,
    InternalNote,
    PieceRequest,
    PieceRequestStatus,
)
from .payments import (
    Payment,
    PaymentRule,
    PaymentState,
)
from .reports import (
    FinalReport,
    ReportPhoto,
    report_photo_upload_to,
)

__all__ = [
    "ChecklistItem",
    "ChecklistKind",
    "CommitteeMember",
    "CommitteeSession",
    "CommitteeSessionState",
    "ConflictOfInterest",
    "Decision",
    "DecisionOutcome",
    "FinalReport",
    "InternalNote",
    "Payment",
    "PaymentRule",
    "PaymentState",
    "PieceRequest",
    "PieceRequestStatus",
    "ReportPhoto",
    "Score",
    "report_photo_upload_to",
]
