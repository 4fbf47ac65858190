"""Reads: the mutual-aid board, a post's page, "Mes annonces", the moderation queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import F, Q, QuerySet

from solidaires.core.models import AuditEntry
from solidaires.core.pagination import KeysetPage, keyset_paginate
from solidaires.core.search import tokens
from solidaires.territory import selectors as territory_selectors
from solidaires.territory.models import CommuneDistance

from .models import Category, ModerationAction, MutualAidPost, PostKind, Report, ReportState

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
        if self.rayon not in RADIUS_CHOICES:
            self.rayon = 0

    @property
    def active(self) -> bool:
        return bool(tokens(self.q) or self.kind or self.category or self.commune)


def blocked_by(user: Any) -> QuerySet[Any]:
    """Ids of the people ``user`` blocked (messaging's Block)."""
    from solidaires.messaging.models import Block

    return Block.objects.filter(blocker=user).values("blocked_id")


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


# Moderation ---------------------------------------------------------------------------------


def report_queue(
    *, state: str = ReportState.OPEN, after: str | None = None, before: str | None = None
) -> KeysetPage[Report]:
    if state not in ReportState.values:
        state = ReportState.OPEN
    queryset = Report.objects.filter(state=state).select_related("reporter", "reported_user", "target_type")
    return keyset_paginate(
        queryset, ordering=("created_at", "id"), after=after, before=before, per_page=QUEUE_PER_PAGE
    )


def report_for_page(pk: int) -> Report | None:
    return (
        Report.objects.select_related("reporter", "reported_user", "target_type", "resolved_by")
        .filter(pk=pk)
        .first()
    )


def report_target(report: Report) -> Any:
    """The reported object (None when it was deleted since)."""
    model = report.target_type.model_class()
    if model is None:
        return None
    queryset = model._default_manager.all()
    if model is MutualAidPost:
        queryset = queryset.select_related("commune", "author")
    elif report.target_type.app_label == "messaging" and report.target_type.model == "message":
        queryset = queryset.select_related("author")
    return queryset.filter(pk=report.target_id).first()


def report_history(report: Report) -> dict[str, Any]:
    """What happened to this report and its content: actions, journal, other reports."""
    actions = list(
        ModerationAction.objects.filter(
            Q(report=report) | Q(target_type=report.target_type, target_id=report.target_id)
        ).select_related("by")
    )
    journal = list(
        AuditEntry.objects.filter(
            Q(target_type=Report._meta.label_lower, target_id=str(report.pk))
            | Q(
                target_type=report.target_type.app_label + "." + report.target_type.model,
                target_id=str(report.target_id),
            )
        ).select_related("actor")[:100]
    )
    others = list(
        Report.objects.filter(target_type=report.target_type, target_id=report.target_id)
        .exclude(pk=report.pk)
        .select_related("reporter")
    )
    person_actions: list[ModerationAction] = []
    if report.reported_user_id is not None:
        person_actions = list(
            ModerationAction.objects.filter(subject_user_id=report.reported_user_id).select_related("by")[:50]
        )
    return {"actions": actions, "journal": journal, "others": others, "person_actions": person_actions}


def suspended_users() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    from .models import ActionKind

    suspended = ModerationAction.objects.filter(kind=ActionKind.SUSPEND).values("subject_user_id")
    return (
        get_user_model()
        .objects.filter(is_active=False, erased_at__isnull=True, pk__in=suspended)
        .order_by("email")
    )


def target_content_type(label: str) -> ContentType | None:
    app_label, _dot, model = label.partition(".")
    return ContentType.objects.filter(app_label=app_label, model=model).first()
