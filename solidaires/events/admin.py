"""Django admin for the agenda: read-mostly, for inspection and rare corrections.

Day-to-day work (publishing, cancelling, registrations, attendance) goes through the pages and
the services, which audit every change. Permanences and appointments have no admin pages.
"""

from __future__ import annotations

from django.contrib import admin

from .agenda.models import CafeSignup, Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ("user", "attendance_marked_by")
    readonly_fields = (
        "state",
        "waiting_since",
        "promoted_at",
        "cancelled_at",
        "attended_at",
        "reminder_sent_at",
    )
    exclude = ("checkin_token",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "starts_at", "commune", "state", "capacity")
    list_filter = ("state", "category", "audience", "is_demo")
    search_fields = ("title", "signup_code")
    date_hierarchy = "starts_at"
    raw_id_fields = ("place", "commune", "created_by")
    filter_horizontal = ("organiser_associations",)
    readonly_fields = (
        "state",
        "published_at",
        "cancelled_at",
        "signup_code",
        "search_document",
        "created_at",
        "updated_at",
    )
    inlines = [RegistrationInline]


@admin.register(CafeSignup)
class CafeSignupAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "created_at")
    raw_id_fields = ("event", "user")
    date_hierarchy = "created_at"
