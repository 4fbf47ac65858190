"""What moderation knows about the content it handles: what each domain registers (decision 0845).

Moderation knows no domain. Each app whose content people may report registers, from its
``AppConfig.ready()``, a ``Reportable``: how the agents' pages show it, who is responsible
for it, how to hide it (the ``hidden_at`` / ``hidden_reason`` / ``hidden_by`` fields, plus a
hook that makes the app's cached lists stale) and where to link to::

    # solidaires/mutualaid/apps.py
    from solidaires.moderation.registry import Reportable, register_reportable

    register_reportable(Reportable(label="mutualaid.mutualaidpost", kind="annonce", ...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from solidaires.core.slots import Registry


def _public_unless_hidden(user: Any, target: Any) -> bool:
    """Default: anybody may report visible content; hidden content only moderators see."""
    if getattr(target, "hidden_at", None) is None:
        return True
    return bool(user is not None and user.has_perm("moderation.moderate"))


def _absolute_url(target: Any) -> str | None:
    return target.get_absolute_url() if hasattr(target, "get_absolute_url") else None


@dataclass(frozen=True)
class Reportable:
    """One kind of content people may report, as a domain registers it."""

    # The model's label, lower case ("mutualaid.mutualaidpost"): the registry's key.
    label: str
    # The URL slug of the report page: /entraide/signaler/<kind>/<pk>/.
    kind: str
    # For the report page's title: "Signaler <what>".
    what: str
    # Attributes naming the person responsible (the first that is set wins).
    responsible: tuple[str, ...] = ()
    # Prefix of the audit actions ("mutualaid_post" → "mutualaid_post.hidden").
    audit_prefix: str = ""
    # The template that shows the content on the agents' pages (context: ``target``).
    template: str = "moderation/agents/_target_default.html"
    # What the agents' pages load with the content.
    select_related: tuple[str, ...] = ()
    # Called after the content was hidden or put back (e.g. make a cached list stale).
    on_hidden_changed: Callable[[models.Model], None] | None = None
    # Whether moderators may hide it (it has the ``hidden_*`` fields).
    hideable: bool = True
    # Only signed-in people may know it exists (a message): visitors go to the sign-in page.
    private: bool = False
    # Whether ``user`` may see (hence report) it; else the report page is a 404.
    visible_to: Callable[[Any, Any], bool] = _public_unless_hidden
    # The app's own report page for this content (None: the generic page).
    report_url: Callable[[Any], str | None] = lambda target: None
    # Where to go back after reporting, and the link in the e-mails.
    link: Callable[[Any], str | None] = _absolute_url


reportables: Registry[Reportable] = Registry("moderation.reportables")

# Pages other apps offer that moderation links to (``"safety_guide"``: the conseils page that
# the warning e-mails quote), as functions returning a path.
links: Registry[Callable[[], str]] = Registry("moderation.links")


def register_reportable(reportable: Reportable) -> Reportable:
    return reportables.register(reportable.label, reportable)


def reportable_for(target: models.Model) -> Reportable | None:
    return reportables.get(target._meta.label_lower)


def reportable_by_kind(kind: str) -> Reportable | None:
    return next((r for _label, r in reportables.items() if r.kind == kind), None)


def link(name: str) -> str:
    """The path of a page another app registered, or "" when none did."""
    provider = links.get(name)
    return provider() if provider is not None else ""
