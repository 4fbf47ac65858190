"""Which associations a person manages: shared by the agenda's and the permanences' rules,
services and forms (an event's or a permanence's organisers are an association's managers)."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.models import Membership, MembershipRole

_MANAGED_CACHE_ATTR = "_events_managed_associations"


def managed_association_ids(user: Any) -> frozenset[int]:
    """Ids of the associations the user manages (cached on the user instance for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = user.__dict__.get(_MANAGED_CACHE_ATTR)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, role=MembershipRole.MANAGER).values_list(
                "association_id", flat=True
            )
        )
        user.__dict__[_MANAGED_CACHE_ATTR] = cached
    return cached  # type: ignore[no-any-return]


def forget_managed_associations(user: Any) -> None:
    if user is not None:
        user.__dict__.pop(_MANAGED_CACHE_ATTR, None)


@rules.predicate
def manages_an_association(user: Any) -> bool:
    return bool(managed_association_ids(user))
