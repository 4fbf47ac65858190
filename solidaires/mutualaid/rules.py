"""Who may do what with mutual-aid posts: named predicates (reports and moderation: the
moderation app's rules)."""

from __future__ import annotations

from typing import Any

import rules

from solidaires.associations.rules import has_verified_email, is_agent, is_authenticated

from .models import MutualAidPost


@rules.predicate
def is_post_author(user: Any, post: MutualAidPost | None) -> bool:
    return bool(post is not None and user is not None and user.is_authenticated and post.author_id == user.pk)


@rules.predicate
def is_post_open(user: Any, post: MutualAidPost | None) -> bool:
    return bool(post is not None and post.is_open)


@rules.predicate
def is_post_visible(user: Any, post: MutualAidPost | None) -> bool:
    """Not hidden by a moderator."""
    return bool(post is not None and not post.is_hidden)


@rules.predicate
def is_active_account(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


can_view_post = is_post_visible | is_post_author | is_agent
can_create_post = is_active_account & has_verified_email
can_edit_post = is_post_author & is_post_open & is_post_visible
can_close_post = is_post_author & is_post_open
can_answer_post = is_active_account & ~is_post_author & is_post_open & is_post_visible
can_post_on_behalf = is_agent

rules.add_perm("mutualaid.view_post", can_view_post)
rules.add_perm("mutualaid.add_post", can_create_post)
rules.add_perm("mutualaid.change_post", can_edit_post)
rules.add_perm("mutualaid.close_post", can_close_post)
rules.add_perm("mutualaid.answer_post", can_answer_post)
rules.add_perm("mutualaid.post_on_behalf", can_post_on_behalf)
rules.add_perm("mutualaid.take_over_post", is_active_account)

__all__ = ["is_agent", "is_authenticated"]
