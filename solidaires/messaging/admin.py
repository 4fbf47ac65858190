"""Admin of the messaging app: metadata only. Message bodies are private and are not shown
here (an agent sees a message's text only when it is reported, in the moderation queue)."""

from __future__ import annotations

from django.contrib import admin

from .models import DigestLog, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("pk", "association", "created_at", "last_message_at")
    list_select_related = ("association",)
    readonly_fields = (
        "association",
        "content_type",
        "object_id",
        "created_by",
        "created_at",
        "last_message_at",
    )
    exclude = ("key", "subject")

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ("user", "week", "missions", "sent_at")
    list_filter = ("week",)
    raw_id_fields = ("user",)
