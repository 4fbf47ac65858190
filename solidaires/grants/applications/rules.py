"""Who may do what on the applicant side of grants (schemes, spaces, vault, files).

The instruction / committee permissions live in ``instruction_rules.py``.
"""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import is_agent, is_authenticated
from solidaires.grants.applications.models import Applicant, Application, ApplicationState, VaultDocument

_CACHE_ATTR = "_grants_acts_for"


def acts_for(user: Any, applicant: Applicant | None) -> bool:
    """The user may act for this applicant space: the person, a member, or a manager of the
    association. Cached on the applicant instance for the request."""
    if applicant is None or applicant.pk is None or user is None or not user.is_authenticated:
        return False
    cache: dict[int, bool] = applicant.__dict__.setdefault(_CACHE_ATTR, {})
    if user.pk not in cache:
        cache[user.pk] = Applicant.objects.for_user(user).filter(pk=applicant.pk).exists()
    return cache[user.pk]


def forget_acts_for(applicant: Applicant) -> None:
    applicant.__dict__.pop(_CACHE_ATTR, None)


def _applicant_of(obj: Any) -> Applicant | None:
    if isinstance(obj, Applicant):
        return obj
    if isinstance(obj, Application | VaultDocument):
        return obj.applicant
    return None


@rules.predicate
def acts_for_applicant(user: Any, obj: Any) -> bool:
    return acts_for(user, _applicant_of(obj))


@rules.predicate
def is_draft(user: Any, application: Application | None) -> bool:
    return application is not None and application.state == ApplicationState.DRAFT


@rules.predicate
def is_withdrawable(user: Any, application: Application | None) -> bool:
    return application is not None and application.state in {
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.INSTRUCTION,
        ApplicationState.WAITING_PIECES,
    }


@rules.predicate
def is_waiting_pieces(user: Any, application: Application | None) -> bool:
    return application is not None and application.state == ApplicationState.WAITING_PIECES


@rules.predicate
def is_not_handed_over(user: Any, applicant: Applicant | None) -> bool:
    return applicant is not None and applicant.handed_over_at is None and bool(applicant.handover_code_hash)


can_view_application = acts_for_applicant | is_agent
can_edit_application = (acts_for_applicant | is_agent) & is_draft

rules.add_perm("grants.access_desk", is_authenticated)
rules.add_perm("grants.add_applicant", is_authenticated)
rules.add_perm("grants.view_applicant", acts_for_applicant | is_agent)
rules.add_perm("grants.change_applicant", acts_for_applicant | is_agent)
rules.add_perm("grants.add_application", acts_for_applicant | is_agent)
rules.add_perm("grants.view_application", can_view_application)
rules.add_perm("grants.change_application", can_edit_application)
rules.add_perm("grants.submit_application", can_edit_application)
rules.add_perm("grants.withdraw_application", acts_for_applicant & is_withdrawable)
rules.add_perm("grants.supply_piece", (acts_for_applicant | is_agent) & is_waiting_pieces)
rules.add_perm("grants.message_application", can_view_application)
# The vault: the people acting for the space; agents read it (instruction) and fill it on behalf.
rules.add_perm("grants.view_vault", acts_for_applicant | is_agent)
rules.add_perm("grants.upload_document", acts_for_applicant | is_agent)
rules.add_perm("grants.delete_document", acts_for_applicant | is_agent)
# Agents' configuration and on-behalf work.
rules.add_perm("grants.manage_schemes", is_agent)
rules.add_perm("grants.act_on_behalf", is_agent)
rules.add_perm("grants.hand_over", is_agent & is_not_handed_over)
