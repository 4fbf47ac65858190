"""Named permission predicates about people and their global role.

Use them anywhere (views, services, templates with ``{% load rules %}``)::

    from solidaires.accounts.rules import is_agent
    rules.add_perm("grants.instruct_application", is_agent)

``is_agent`` is true for agents *and* platform administrators, who can do everything an
agent can. Association roles (member, manager) are per association: see
``solidaires.associations.rules``.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Role


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_inhabitant(user: Any) -> bool:
    return _active(user) and user.role == Role.INHABITANT


@rules.predicate
def is_agent(user: Any) -> bool:
    return _active(user) and (user.role in {Role.AGENT, Role.ADMIN} or user.is_superuser)


@rules.predicate
def is_elected(user: Any) -> bool:
    return _active(user) and user.role == Role.ELECTED


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return _active(user) and (user.role == Role.ADMIN or user.is_superuser)


@rules.predicate
def is_verified_user(user: Any) -> bool:
    """Signed in with at least one verified e-mail address (cached on the user object)."""
    if not _active(user):
        return False
    cached = getattr(user, "_solidaires_verified", None)
    if cached is None:
        from allauth.account.models import EmailAddress

        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._solidaires_verified = cached
    return bool(cached)


is_authenticated = rules.is_authenticated

rules.add_perm("accounts.change_role", is_platform_admin)
rules.add_perm("accounts.view_own_account", is_authenticated)
# The agents' space (solidaires.core.guards.agent_required adds two-factor authentication).
rules.add_perm("accounts.use_agent_space", is_agent)
