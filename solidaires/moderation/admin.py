"""Django admin for moderation: read-mostly, for inspection and rare corrections.

Day-to-day moderation goes through the agents' queue (/espace-agents/entraide/) and the
services, which audit every change."""

from __future__ import annotations

from django.contrib import admin

from .models import Block, Contest, ModerationAction, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "target_type", "target_id", "reason", "state", "created_at")
    list_filter = ("state", "reason")
    raw_id_fields = ("reporter", "reported_user", "resolved_by")
    readonly_fields = ("state", "resolved_at", "resolved_by", "created_at", "updated_at")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("kind", "subject_user", "by", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("report", "subject_user", "by")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    raw_id_fields = ("blocker", "blocked")


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "action", "state", "created_at", "decided_at")
    list_filter = ("state",)
    raw_id_fields = ("action", "author", "decided_by")
    readonly_fields = ("state", "decided_at", "decided_by", "created_at", "updated_at")
