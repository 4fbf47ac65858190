"""Reads: the mutual-aid board, a post's page, "Mes annonces"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import F, QuerySet

from solidaires.core.pagination import KeysetPage, keyset_paginate
from solidaires.core.search import tokens
from solidaires.moderation.selectors import blocked_by
from solidaires.territory import selectors as territory_selectors
from solidaires.territory.models import CommuneDistance

from .models import Category, MutualAidPost, PostKind

PER_PAGE = 20
QUEUE_PER_PAGE = 50
MAX_QUERY_TOKENS = 8
ORDERING = ("list_rank", "id")
RADIUS_CHOICES = (0, 5, 10, 20, 30)
# The data version bumped by services on every change to a post (core.caching.bump_data_version):
# part of the anonymous /entraide/ page cache key.
BOARD_DATA_VERSION = "mutualaid"
# The board's page query loads only what the cards' cache keys and the pagination need
# (decision 0844); the fields a card shows are loaded by ``posts_for_cards`` for the cards
# that are not cached yet.
PAGE_FIELDS = ("id", "updated_at", "list_rank", "commune_id", "on_behalf_name", "author_id")
LIST_FIELDS = (
    "id",
    "kind",
    "category",
    "title",
    "description",
    "expires_on",
    "state",
    "created_at",
    "updated_at",
    "list_rank",
    "on_behalf_name",
    "hidden_at",
    "author_id",
    "author__display_name",
    "commune__insee",
    "commune__name",
)


@dataclass
class PostFilters:
    q: str = ""
    kind: str = ""
    category: str = ""
    commune: str = ""
    rayon: int = 0

    def __post_init__(self) -> None:
        if self.kind not in PostKind.values:
            self.kind = ""
        if self.category not in Category.values:
            self.category = ""
        # Any distance up to the largest offered applies as asked (the select shows it, issue 11).
        self.rayon = max(0, min(self.rayon, RADIUS_CHOICES[-1]))

    @property
    def active(self) -> bool:
        return bool(tokens(self.q) or self.kind or self.category or self.commune)


def filter_posts(queryset: QuerySet[MutualAidPost], filters: PostFilters) -> QuerySet[MutualAidPost]:
    for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
        queryset = queryset.filter(search_document__contains=f" {token}")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.commune:
        # Checked against the cached commune list (no query): an unknown code lists nothing.
        if not any(insee == filters.commune for insee, _name in territory_selectors.commune_choices()):
            return queryset.none()
        if filters.rayon:
            queryset = queryset.filter(commune_id__in=nearby_communes(filters.commune, filters.rayon))
        else:
            queryset = queryset.filter(commune_id=filters.commune)
    return queryset


def nearby_communes(insee: str, km: int) -> list[str]:
    """The codes of the communes of ``territory_selectors.communes_within(insee, km)``, from
    the distance table, cached under the territory version like the other territory-derived
    caches: a list is lighter to filter on than a subquery to build (decision 0844)."""
    key = f"mutualaid:nearby:t{territory_selectors.cache_version()}:{insee}:{km}"
    codes: list[str] | None = cache.get(key)
    if codes is None:
        codes = list(
            CommuneDistance.objects.filter(origin_id=insee, km__lte=km).values_list(
                "destination_id", flat=True
            )
        )
        cache.set(key, codes, territory_selectors.STATIC_TIMEOUT)
    return codes


def board_queryset(*, filters: PostFilters, viewer: Any) -> QuerySet[MutualAidPost]:
    queryset = filter_posts(MutualAidPost.objects.open(), filters)
    if viewer is not None and viewer.is_authenticated:
        queryset = queryset.exclude(author_id__in=blocked_by(viewer))
    return queryset


def board_page(
    *, filters: PostFilters, viewer: Any, after: str | None = None, before: str | None = None
) -> KeysetPage[MutualAidPost]:
    """One page of open posts, newest first (one query), with only what the cards' cache keys
    and the pagination need (the author's display name annotated as ``author_name``); load
    what a card shows with ``posts_for_cards``."""
    queryset = (
        board_queryset(filters=filters, viewer=viewer)
        .only(*PAGE_FIELDS)
        .annotate(author_name=F("author__display_name"))
    )
    return keyset_paginate(queryset, ordering=ORDERING, after=after, before=before, per_page=PER_PAGE)


def posts_for_cards(posts: Sequence[MutualAidPost]) -> list[MutualAidPost | None]:
    """The posts (of ``board_page``) with what their card shows, in the same order (one
    query); None for a post deleted in between."""
    loaded = (
        MutualAidPost.objects.select_related("commune", "author")
        .only(*LIST_FIELDS)
        .in_bulk([post.pk for post in posts])
    )
    return [loaded.get(post.pk) for post in posts]


def commune_choices() -> list[tuple[str, str]]:
    return territory_selectors.commune_choices()


def post_for_page(*, pk: int, user: Any) -> MutualAidPost | None:
    """The post if the user may see it: hidden ones only for their author and agents."""
    post = MutualAidPost.objects.select_related("commune", "author", "hidden_by").filter(pk=pk).first()
    if post is None:
        return None
    import rules

    if not rules.has_perm("mutualaid.view_post", user, post):
        return None
    return post


def my_posts_page(
    *, user: Any, after: str | None = None, before: str | None = None
) -> KeysetPage[MutualAidPost]:
    queryset = MutualAidPost.objects.filter(author=user).select_related("commune")
    return keyset_paginate(queryset, ordering=ORDERING, after=after, before=before, per_page=PER_PAGE)


def public_posts_for_api() -> QuerySet[MutualAidPost]:
    return MutualAidPost.objects.open().select_related("commune")
