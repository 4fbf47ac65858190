"""Models of the applicant side: schemes and calls, applicants and their vault, applications."""

from .applicants import (
    Applicant,
    ApplicantQuerySet,
    VaultDocument,
    VaultDocumentQuerySet,
    vault_upload_to,
)
from .files import (
    EDITABLE_STATES,
    FINAL_STATES,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationQuerySet,
    ApplicationState,
    BudgetLine,
    BudgetLineKind,
    FileNumberSequence,
)
from .schemes import (
    ApplicantKind,
    CalendarKind,
    Call,
    CallQuerySet,
    DocumentKind,
    Scheme,
    SchemeQuerySet,
    SchemeYear,
)

__all__ = [
    "EDITABLE_STATES",
    "FINAL_STATES",
    "Applicant",
    "ApplicantKind",
    "ApplicantQuerySet",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "ApplicationState",
    "BudgetLine",
    "BudgetLineKind",
    "CalendarKind",
    "Call",
    "CallQuerySet",
    "DocumentKind",
    "FileNumberSequence",
    "Scheme",
    "SchemeQuerySet",
    "SchemeYear",
    "VaultDocument",
    "VaultDocumentQuerySet",
    "vault_upload_to",
]
