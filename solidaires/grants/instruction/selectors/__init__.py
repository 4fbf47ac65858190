"""Reads of the instruction side: the agents' inbox, a file's instruction view, committee
rankings, the budget dashboard, funded projects and the SCDL records.
"""

from .agents import (
    AGENT_CHOICES_TIMEOUT,
    AGENTS_DATA_VERSION,
    agent_choices,
    agents,
    committee_candidates,
)
from .budget import (
    GRANTED_OUTCOMES,
    budget_by_commune,
    budget_by_scheme,
    budget_by_theme,
    budget_years,
)
from .committee import (
    SessionRow,
    criteria_of,
    envelope_figures,
    open_sessions_for,
    session_ranking,
    sessions_all,
    sessions_for_member,
    summary_rows,
)
from .files import (
    Check,
    eligibility,
    instruction_file,
)
from .inbox import (
    AWAITING_AGENT_STATES,
    INBOX_ORDERING,
    INBOX_ROW_FIELDS,
    OPEN_STATES,
    InboxFilters,
    age_days,
    annotate_ages,
    inbox_page,
)
from .open_data import (
    FUNDED_STATES,
    attribuant,
    funded_projects,
    scdl_records,
)

__all__ = [
    "AGENTS_DATA_VERSION",
    "AGENT_CHOICES_TIMEOUT",
    "AWAITING_AGENT_STATES",
    "FUNDED_STATES",
    "GRANTED_OUTCOMES",
    "INBOX_ORDERING",
    "INBOX_ROW_FIELDS",
    "OPEN_STATES",
    "Check",
    "InboxFilters",
    "SessionRow",
    "age_days",
    "agent_choices",
    "agents",
    "annotate_ages",
    "attribuant",
    "budget_by_commune",
    "budget_by_scheme",
    "budget_by_theme",
    "budget_years",
    "committee_candidates",
    "criteria_of",
    "eligibility",
    "envelope_figures",
    "funded_projects",
    "inbox_page",
    "instruction_file",
    "open_sessions_for",
    "scdl_records",
    "session_ranking",
    "sessions_all",
    "sessions_for_member",
    "summary_rows",
]
