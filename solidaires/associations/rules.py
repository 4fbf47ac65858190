"""Who may do what with associations: named predicates, registered as permissions.

Views, services, the API and templates all ask these (``user.has_perm("associations.…", obj)``).
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Association, AssociationStatus, Membership, MembershipRole

_ROLE_CACHE_ATTR = "_membership_roles"


def membership_role(user: Any, association: Association | None) -> str | None:
    """The user's role in the association ("member", "manager") or None; cached on the instance."""
    if association is None or user is None or not user.is_authenticated or association.pk is None:
        return None
    cache: dict[int, str | None] = association.__dict__.setdefault(_ROLE_CACHE_ATTR, {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(association=association, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[user.pk]


def forget_membership_roles(association: Association) -> None:
    association.__dict__.pop(_ROLE_CACHE_ATTR, None)


@rules.predicate
def is_authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


@rules.predicate
def is_agent(user: Any) -> bool:
    """Intercommunal agents and platform administrators."""
    return bool(
        user is not None
        and user.is_authenticated
        and (getattr(user, "is_agent", False) or getattr(user, "is_superuser", False))
    )


@rules.predicate
def has_verified_email(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


@rules.predicate
def is_association_manager(user: Any, association: Association | None) -> bool:
    return membership_role(user, association) == MembershipRole.MANAGER


@rules.predicate
def is_association_member(user: Any, association: Association | None) -> bool:
    """Any member, managers included."""
    return membership_role(user, association) is not None


@rules.predicate
def is_verified_association(user: Any, association: Association | None) -> bool:
    return association is not None and association.status == AssociationStatus.VERIFIED


can_view_association = is_verified_association | is_association_member | is_agent
can_edit_association = is_association_manager | is_agent
can_verify = is_agent
can_manage_members = is_association_manager
can_claim = is_authenticated & ~is_association_member
can_create_association = has_verified_email

rules.add_perm("associations.view_association", can_view_association)
rules.add_perm("associations.add_association", can_create_association)
rules.add_perm("associations.change_association", can_edit_association)
rules.add_perm("associations.verify_association", can_verify)
rules.add_perm("associations.manage_members", can_manage_members)
rules.add_perm("associations.claim_association", can_claim)
rules.add_perm("associations.decide_claim", is_agent)
rules.add_perm("associations.view_history", is_agent)
rules.add_perm("associations.access_agent_space", is_agent)
