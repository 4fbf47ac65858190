"""Django admin for associations: a read-mostly view for administrators.

Day-to-day work (verification, claims, members) goes through the agents' workspace and the
services, which audit every change; the admin is for inspection and rare corrections.
"""

from __future__ import annotations

from django.contrib import admin

from .models import Association, Claim, Invitation, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "head_office_commune", "legal_form", "status", "created_at")
    list_filter = ("status", "legal_form", "is_demo")
    search_fields = ("name", "acronym", "rna", "siret")
    raw_id_fields = ("head_office_commune", "created_by", "verified_by")
    filter_horizontal = ("themes", "communes")
    readonly_fields = ("search_document", "sort_name", "created_at", "updated_at", "managerless_since")
    inlines = [MembershipInline]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("association", "user", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("association", "user", "decided_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("association", "email", "role", "expires_at", "accepted_at")
    raw_id_fields = ("association", "invited_by")
    readonly_fields = ("token",)
