"""How the moderation app handles mutual-aid posts (registered in apps.py, decision 0845)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse

from solidaires.core.caching import bump_data_version
from solidaires.moderation.registry import Reportable

from .selectors import BOARD_DATA_VERSION


def _board_changed(target: models.Model) -> None:
    """A post hidden or put back: the cached public board is stale at once."""
    bump_data_version(BOARD_DATA_VERSION)


def _own_report_page(post: Any) -> str:
    return reverse("mutualaid:report", kwargs={"pk": post.pk})


POST = Reportable(
    label="mutualaid.mutualaidpost",
    kind="annonce",
    what="cette annonce d'entraide",
    responsible=("author",),
    audit_prefix="mutualaid_post",
    template="mutualaid/moderation/target.html",
    select_related=("commune", "author"),
    on_hidden_changed=_board_changed,
    report_url=_own_report_page,
)


def safety_guide_path() -> str:
    """The safety guide, quoted by moderation's e-mails."""
    return reverse("mutualaid:guide")


def queue_links(**_context: Any) -> str:
    """Under the moderation queue's title: publish a post for an inhabitant."""
    return render_to_string("mutualaid/moderation/queue_links.html")
