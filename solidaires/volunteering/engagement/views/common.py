"""Helpers shared by the engagement views."""

from __future__ import annotations

from typing import Any

import rules
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.guards import Refused
from solidaires.core.pagination import keyset_paginate
from solidaires.volunteering.engagement import selectors
from solidaires.volunteering.engagement.hours_summary import (
    age_in_days,
)
from solidaires.volunteering.engagement.models import (
    Engagement,
)

T = "volunteering/engagements/"
PER_PAGE = 20


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return bool(rules.has_perm(perm, request.user, obj))


def _engagement_or_404(request: HttpRequest, pk: int) -> Engagement:
    """Visible to the volunteer, the mission's managers and agents; 404 for anybody else."""
    engagement = selectors.engagement_for_page(pk=pk, user=request.user)
    if engagement is None or not _can(request, "volunteering.engagement_view", engagement):
        raise Http404
    return engagement


def _age_days(items: list[Any], attr: str = "created_at") -> None:
    now = timezone.now()
    for item in items:
        item.age_days = age_in_days(getattr(item, attr), now)


def _self_ref(box: dict[str, Any], name: str) -> dict[str, Any]:
    """The box's dict under its own name too: ``context.update(box)`` and
    ``context[name] = box`` both let the template read ``{{ name.… }}``."""
    box[name] = box
    return box


def _association_for_manager(request: HttpRequest, slug: str, perm: str) -> Association | HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    if not _can(request, perm, association):
        raise Refused("Ce tableau de bord est réservé aux responsables de l'association.")
    return association


def _keyset(
    request: HttpRequest, qs: Any, prefix: str, ordering: tuple[str, ...] = ("created_at", "id")
) -> Any:
    return keyset_paginate(
        qs,
        ordering=ordering,
        after=request.GET.get(f"{prefix}apres"),
        before=request.GET.get(f"{prefix}avant"),
        per_page=PER_PAGE,
    )


def _next_url(request: HttpRequest, engagement: Engagement) -> str:
    target = request.POST.get("next", "")
    if target == "tableau" and engagement.mission.association is not None:
        from django.urls import reverse

        return reverse(
            "volunteering:engagement_association_dashboard",
            kwargs={"slug": engagement.mission.association.slug},
        )
    return engagement.get_absolute_url()
