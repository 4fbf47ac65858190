"""Django admin for missions, offers and saved searches: read-mostly, for inspection.

State changes (publish, close, hide) go through the services and the agents' pages, which
audit every move; the state field is read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest

from solidaires.moderation.models import Report
from solidaires.volunteering.missions.models import Mission, SavedSearch, VolunteerOffer


class MissionReportInline(GenericTabularInline):
    """The platform's reports about the mission (decision 0828), read-only: agents act in
    their queues, which record every decision."""

    model = Report
    ct_field = "target_type"
    ct_fk_field = "target_id"
    extra = 0
    can_delete = False
    fields = ("created_at", "reporter", "reason", "details", "state", "resolved_by", "resolved_at")
    readonly_fields = fields
    verbose_name_plural = "signalements"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("title", "association", "group_name", "state", "hidden_at", "published_at")
    list_filter = ("state", "schedule_kind", "is_remote", "youth_friendly", "is_demo")
    search_fields = ("title", "group_name", "association__name")
    raw_id_fields = ("association", "posted_by", "contact", "place", "hidden_by")
    filter_horizontal = ("themes", "communes")
    readonly_fields = (
        "state",
        "published_at",
        "closed_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "handover_code_hash",
        "search_document",
        "sort_title",
        "created_at",
        "updated_at",
    )
    inlines = [MissionReportInline]


@admin.register(VolunteerOffer)
class VolunteerOfferAdmin(admin.ModelAdmin):
    list_display = ("title", "home_commune", "state", "expires_at", "created_at")
    list_filter = ("state", "is_demo")
    search_fields = ("title",)
    raw_id_fields = ("person", "home_commune")
    filter_horizontal = ("themes", "communes")
    readonly_fields = ("state", "search_document", "sort_title", "created_at", "updated_at")


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "alert", "last_alert_at")
    raw_id_fields = ("user",)
