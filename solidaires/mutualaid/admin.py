"""Django admin for mutual aid (moderation: the moderation app's admin): read-mostly, for inspection and rare corrections.

Day-to-day moderation goes through the agents' queue (/espace-agents/entraide/) and the
services, which audit every change."""

from __future__ import annotations

from django.contrib import admin

from .models import MutualAidPost, SafetyGuideAck


@admin.register(MutualAidPost)
class MutualAidPostAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "category", "commune", "state", "expires_on", "hidden_at", "created_at")
    list_filter = ("state", "kind", "category", "is_demo")
    search_fields = ("title",)
    raw_id_fields = ("author", "commune", "hidden_by")
    readonly_fields = (
        "state",
        "hidden_at",
        "hidden_reason",
        "hidden_by",
        "handover_code_hash",
        "consent_recorded_at",
        "search_document",
        "list_rank",
        "created_at",
        "updated_at",
    )


@admin.register(SafetyGuideAck)
class SafetyGuideAckAdmin(admin.ModelAdmin):
    list_display = ("user", "acknowledged_at")
    raw_id_fields = ("user",)
