"""Reads: the directory, an association's page, related associations, the agents' queues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Substr

from solidaires.core.caching import cache_version as page_cache_version
from solidaires.core.models import AuditEntry, Theme
from solidaires.core.pagination import KeysetPage, keyset_paginate
from solidaires.core.search import tokens
from solidaires.territory import selectors as territory_selectors
from solidaires.territory.models import Commune, CommuneDistance, Place

from .models import Association, AssociationStatus, Claim, ClaimStatus, Invitation, Membership

PER_PAGE = 20
SMALL_RESULT = 200  # "N associations" is shown only up to this many results
MAX_QUERY_TOKENS = 8
ORDERING = ("sort_name", "id")
LIST_FIELDS = (
    "id",
    "slug",
    "name",
    "acronym",
    "sort_name",
    "status",
    "updated_at",
    "head_office_commune__insee",
    "head_office_commune__name",
    "head_office_commune__slug",
    "head_office_commune__lat",
    "head_office_commune__lon",
)
# Themes and communes offered in the directory's filters change only with the territory
# (load_territory bumps its version) or on deploy (themes are a fixed taxonomy; bump
# SOLIDAIRES_PAGE_CACHE_VERSION): cached under both versions, and for at most this long so
# that processes with a per-process cache catch up (decision 0700).
FILTER_CHOICES_TIMEOUT = 15 * 60
RELATED_RADIUS_KM = 15.0
RELATED_LIMIT = 6

ThemeLink = Association.themes.through
CommuneLink = Association.communes.through


@dataclass
class DirectoryFilters:
    q: str = ""
    theme: str = ""
    commune: str = ""

    @property
    def active(self) -> bool:
        return bool(tokens(self.q) or self.theme or self.commune)


@dataclass
class DirectoryResult:
    page: KeysetPage[Any]
    count: int | None  # None when larger than SMALL_RESULT or when no filter is active
    filters: DirectoryFilters
    extra: dict[str, Any] = field(default_factory=dict)


def filter_directory(queryset: QuerySet[Association], filters: DirectoryFilters) -> QuerySet[Association]:
    """Apply q (every word must start a word of the search document), theme and commune."""
    for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
        queryset = queryset.filter(search_document__contains=f" {token}")
    if filters.theme:
        queryset = queryset.filter(
            pk__in=ThemeLink.objects.filter(theme_id=filters.theme).values("association_id")
        )
    if filters.commune:
        queryset = queryset.filter(
            Q(head_office_commune_id=filters.commune)
            | Q(pk__in=CommuneLink.objects.filter(commune_id=filters.commune).values("association_id"))
        )
    return queryset


def directory_page(
    *,
    filters: DirectoryFilters,
    after: str | None = None,
    before: str | None = None,
    with_themes: bool = True,
) -> DirectoryResult:
    """One page of verified associations (a constant number of queries: 2, or 3 with filters).

    ``with_themes=False`` leaves the themes out (one query less): the caller loads them with
    ``with_card_themes`` for the associations it needs them for (the directory's cards that
    are not cached yet)."""
    base = filter_directory(Association.objects.filter(status=AssociationStatus.VERIFIED), filters)
    queryset: QuerySet[Association] = (
        base.select_related("head_office_commune")
        .only(*LIST_FIELDS)
        .annotate(excerpt=Substr("description", 1, 160))
    )
    if with_themes:
        queryset = queryset.prefetch_related(_card_themes())
    ordering: tuple[str, ...] = ORDERING
    words = tokens(filters.q)[:MAX_QUERY_TOKENS]
    if words:
        # Relevance first: associations whose name holds every word, then fewer, then the rest
        # (words found only in the description, the themes or the communes); by name within.
        queryset = queryset.annotate(
            relevance=sum(
                (
                    Case(
                        When(sort_name__contains=word, then=Value(0)),
                        default=Value(1),
                        output_field=IntegerField(),
                    )
                    for word in words
                ),
                start=Value(0, output_field=IntegerField()),
            )
        )
        ordering = ("relevance", *ORDERING)
    page = keyset_paginate(queryset, ordering=ordering, after=after, before=before, per_page=PER_PAGE)
    count: int | None = None
    if filters.active:
        if page.is_first and not page.has_next:
            count = len(page.items)
        else:
            ids = list(base.order_by().values_list("pk", flat=True)[: SMALL_RESULT + 1])
            count = len(ids) if len(ids) <= SMALL_RESULT else None
    return DirectoryResult(page=page, count=count, filters=filters)


def _card_themes() -> Prefetch:
    return Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position"))


def with_card_themes(associations: Sequence[Association]) -> None:
    """Load the themes shown on the directory's cards (one query, none if the list is empty)."""
    prefetch_related_objects(list(associations), _card_themes())


@dataclass(frozen=True)
class FilterChoices:
    """What the directory's filters offer: ``(slug, label)`` of the themes in taxonomy order,
    ``(insee, name)`` of the communes by name. Plain tuples: cheap to cache."""

    themes: tuple[tuple[str, str], ...]
    communes: tuple[tuple[str, str], ...]

    def theme_label(self, slug: str) -> str:
        return next((label for value, label in self.themes if value == slug), "") if slug else ""

    def commune_name(self, insee: str) -> str:
        return next((name for value, name in self.communes if value == insee), "") if insee else ""


def filter_choices_key() -> str:
    """Cache key of the filter choices: stale as soon as the territory is reloaded or the
    page cache version is bumped (deploy)."""
    return f"associations:filter-choices:p{page_cache_version()}:t{territory_selectors.cache_version()}"


def filter_choices() -> FilterChoices:
    """Themes and communes offered in the filters (cached; 2 queries when not)."""
    key = filter_choices_key()
    choices = cache.get(key)
    if isinstance(choices, FilterChoices):
        return choices
    choices = FilterChoices(
        themes=tuple(Theme.objects.order_by("position").values_list("slug", "label")),
        communes=tuple(Commune.objects.order_by("search_name").values_list("insee", "name")),
    )
    cache.set(key, choices, FILTER_CHOICES_TIMEOUT)
    return choices


def association_for_page(*, slug: str, user: Any) -> Association | None:
    """The association if the user may see it (None otherwise: the view answers 404)."""
    return (
        Association.objects.visible_to(user)
        .select_related("head_office_commune")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch(
                "communes", queryset=Commune.objects.only("insee", "name", "slug").order_by("search_name")
            ),
        )
        .filter(slug=slug)
        .first()
    )


@dataclass
class RelatedAssociation:
    association: Association
    shared_themes: list[Theme]
    km: float | None

    @property
    def reason(self) -> str:
        parts = []
        if self.shared_themes:
            label = "Même thème" if len(self.shared_themes) == 1 else "Mêmes thèmes"
            parts.append(f"{label} : " + ", ".join(t.label for t in self.shared_themes))
        commune = self.association.head_office_commune.name
        if self.km is not None and self.km <= RELATED_RADIUS_KM:
            if self.km == 0:
                parts.append(f"dans la même commune, à {commune}")
            elif self.km < 1:
                parts.append(f"à moins de 1 km, à {commune}")
            else:
                parts.append(f"à {round(self.km)} km, à {commune}")
        else:
            parts.append(f"à {commune}")
        return " · ".join(parts)


def related_associations(
    association: Association, *, limit: int = RELATED_LIMIT, radius_km: float = RELATED_RADIUS_KM
) -> list[RelatedAssociation]:
    """Up to ``limit`` verified associations sharing themes and/or based within ``radius_km``
    (head office to head office). Both first, then more shared themes, then nearer. 3 queries."""
    theme_slugs = [t.slug for t in association.themes.all()]
    head_office_id = association.head_office_commune_id
    nearby = dict(
        CommuneDistance.objects.filter(origin_id=head_office_id, km__lte=radius_km).values_list(
            "destination_id", "km"
        )
    )
    nearby[head_office_id] = 0.0
    distance = Subquery(
        CommuneDistance.objects.filter(
            origin_id=head_office_id, destination_id=OuterRef("head_office_commune_id")
        ).values("km")[:1],
        output_field=FloatField(),
    )
    shared_filter = Q(themes__slug__in=theme_slugs) if theme_slugs else Q(pk__in=[])
    candidates = (
        Association.objects.filter(status=AssociationStatus.VERIFIED)
        .exclude(pk=association.pk)
        .filter(
            Q(pk__in=ThemeLink.objects.filter(theme_id__in=theme_slugs).values("association_id"))
            | Q(head_office_commune_id__in=list(nearby))
        )
        .select_related("head_office_commune")
        .only("id", "slug", "name", "acronym", "head_office_commune__name", "head_office_commune__insee")
        .annotate(
            shared=Count("themes", filter=shared_filter, distinct=True),
            km=Case(
                When(head_office_commune_id=head_office_id, then=Value(0.0)),
                default=distance,
                output_field=FloatField(),
            ),
        )
        .annotate(
            near=Case(When(km__lte=radius_km, then=Value(1)), default=Value(0), output_field=IntegerField()),
            both=Case(
                When(Q(km__lte=radius_km) & Q(shared__gt=0), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-both", "-shared", "-near", F("km").asc(nulls_last=True), "sort_name", "id")
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=Theme.objects.filter(slug__in=theme_slugs).only("slug", "label", "position"),
                to_attr="shared_theme_list",
            )
        )[:limit]
    )
    return [
        RelatedAssociation(association=a, shared_themes=a.shared_theme_list, km=a.km)  # type: ignore[attr-defined]
        for a in candidates
    ]


def viewer_context(association: Association, user: Any) -> dict[str, Any]:
    """What the page needs to know about the viewer: role, pending claim (at most 2 queries)."""
    from .rules import membership_role

    role = membership_role(user, association)
    pending_claim = False
    if user is not None and user.is_authenticated and role is None:
        pending_claim = Claim.objects.filter(
            association=association, user=user, status=ClaimStatus.PENDING
        ).exists()
    return {"role": role, "pending_claim": pending_claim}


def memberships_for(*, user: Any) -> QuerySet[Membership]:
    """The associations this person belongs to, by association name."""
    return Membership.objects.filter(user=user).select_related("association").order_by("association__name")


def members_of(association: Association) -> list[Membership]:
    return list(
        Membership.objects.filter(association=association)
        .select_related("user")
        .order_by("-role", "user__display_name", "user__email")
    )


def open_invitations(association: Association) -> list[Invitation]:
    from django.utils import timezone

    return list(
        Invitation.objects.filter(
            association=association, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-created_at")
    )


# Agents' workspace ------------------------------------------------------------------------


def pending_associations() -> QuerySet[Association]:
    """Associations waiting for verification, oldest first."""
    return (
        Association.objects.filter(status=AssociationStatus.PENDING)
        .select_related("head_office_commune", "created_by")
        .only(
            "id",
            "slug",
            "name",
            "created_at",
            "status",
            "legal_form",
            "rna",
            "siret",
            "head_office_commune__name",
            "head_office_commune__insee",
            "created_by__email",
            "created_by__display_name",
        )
        .order_by("created_at", "id")
    )


def pending_claims() -> QuerySet[Claim]:
    return (
        Claim.objects.filter(status=ClaimStatus.PENDING)
        .select_related("association", "user")
        .order_by("created_at", "id")
    )


def managerless_associations() -> QuerySet[Association]:
    return (
        Association.objects.filter(managerless_since__isnull=False)
        .only("id", "slug", "name", "managerless_since")
        .order_by("managerless_since", "id")
    )


def pending_places() -> QuerySet[Place]:
    """The territory's places waiting for verification."""
    return territory_selectors.places_pending()


def association_history(association: Association) -> list[AuditEntry]:
    """Audit entries about the association and its claims, newest first (2 queries). Each
    entry's ``label`` is the French label of its action (``core.labels``, decision 1121)."""
    claim_ids = [str(pk) for pk in Claim.objects.filter(association=association).values_list("pk", flat=True)]
    condition = Q(target_type="associations.association", target_id=str(association.pk))
    if claim_ids:
        condition |= Q(target_type="associations.claim", target_id__in=claim_ids)
    return list(
        AuditEntry.objects.filter(condition).select_related("actor").order_by("-created_at", "-id")[:500]
    )
