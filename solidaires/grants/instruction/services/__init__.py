"""Every write of the instruction side: examination, committee, decision, payments, final report.

Each service: keyword-only arguments, one transaction, a permission check (PermissionDenied), the
Application state machine moved only through its transition methods, a timeline line
(``ApplicationEvent``) and an audit entry, e-mails enqueued on commit (decision 1020).
"""

from .committee import (
    conflict_declare,
    scores_set,
    session_create,
    session_member_add,
    session_member_remove,
    session_set_state,
)
from .common import (
    GRANTED_OUTCOMES,
)
from .decisions import (
    committed_cents,
    decision_letter_mark,
    decision_record,
    envelope_left_cents,
)
from .examination import (
    application_declare_ineligible,
    application_send_to_committee,
    application_start_instruction,
    applications_assign,
    checklist_item_set,
    internal_note_add,
    pieces_answer,
    pieces_request,
)
from .payments import (
    payment_mark_paid,
)
from .reports import (
    MAX_REMINDERS,
    REMINDER_BEFORE_DAYS,
    REMINDER_EVERY_DAYS,
    application_close,
    final_report_approve,
    final_report_reject,
    final_report_remind,
    final_report_submit,
    final_reports_due_for_reminder,
)

__all__ = [
    "GRANTED_OUTCOMES",
    "MAX_REMINDERS",
    "REMINDER_BEFORE_DAYS",
    "REMINDER_EVERY_DAYS",
    "application_close",
    "application_declare_ineligible",
    "application_send_to_committee",
    "application_start_instruction",
    "applications_assign",
    "checklist_item_set",
    "committed_cents",
    "conflict_declare",
    "decision_letter_mark",
    "decision_record",
    "envelope_left_cents",
    "final_report_approve",
    "final_report_reject",
    "final_report_remind",
    "final_report_submit",
    "final_reports_due_for_reminder",
    "internal_note_add",
    "payment_mark_paid",
    "pieces_answer",
    "pieces_request",
    "scores_set",
    "session_create",
    "session_member_add",
    "session_member_remove",
    "session_set_state",
]
