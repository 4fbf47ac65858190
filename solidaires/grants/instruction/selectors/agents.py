"""Reads of the agents who may follow a file or sit on a committee (cached choices)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from solidaires.accounts.naming import person_name
from solidaires.core.caching import bump_data_version, cache_version, data_version


def agents() -> QuerySet[Any]:
    from solidaires.accounts.models import Role, User

    return User.objects.filter(role__in=[Role.AGENT, Role.ADMIN], is_active=True).order_by(
        "display_name", "email"
    )


AGENTS_DATA_VERSION = "grants-agents"


AGENT_CHOICES_TIMEOUT = 5 * 60


def agent_choices() -> tuple[tuple[str, str], ...]:
    """``(pk, name)`` of the agents, as ``agents()`` orders them (the inbox's bulk assignment).

    Cached: the users table has no index on the role, and reading thousands of users to find
    a handful of agents cost more than the rest of the inbox's queries. Any save or deletion of
    a user bumps ``AGENTS_DATA_VERSION`` (receivers below); a write that skips ``save()`` (the
    suspension of a mutual-aid member) shows within ``AGENT_CHOICES_TIMEOUT``, and assigning
    to an agent no longer active is refused anyway (the form checks ``agents()``)."""
    key = f"grants:agent-choices:p{cache_version()}:v{data_version(AGENTS_DATA_VERSION)}"
    choices: tuple[tuple[str, str], ...] | None = cache.get(key)
    if choices is None:
        choices = tuple(
            (str(pk), person_name(display_name))  # as User.__str__
            for pk, display_name in agents().values_list("pk", "display_name")
        )
        cache.set(key, choices, AGENT_CHOICES_TIMEOUT)
    return choices


def _bump_agents_version(update_fields: Iterable[str] | None = None, **_kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login: the list of agents does not change
    bump_data_version(AGENTS_DATA_VERSION)


post_save.connect(_bump_agents_version, sender=settings.AUTH_USER_MODEL, dispatch_uid="grants-agents-save")


post_delete.connect(
    _bump_agents_version, sender=settings.AUTH_USER_MODEL, dispatch_uid="grants-agents-delete"
)


def committee_candidates() -> QuerySet[Any]:
    from solidaires.accounts.models import Role, User

    return User.objects.filter(role__in=[Role.AGENT, Role.ADMIN, Role.ELECTED], is_active=True).order_by(
        "display_name", "email"
    )
