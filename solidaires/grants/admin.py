"""Django admin for grants (applicant side): inspection and rare corrections.

Day-to-day work goes through the agents' pages and the services, which audit every change;
the state of a file is read-only here (it moves only through the state machine).
"""

from __future__ import annotations

from django.contrib import admin

from solidaires.grants.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    BudgetLine,
    Call,
    DocumentKind,
    Scheme,
    SchemeYear,
    VaultDocument,
)


@admin.register(DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "needs_validity_date", "position")


class CallInline(admin.TabularInline):
    model = Call
    extra = 0


class SchemeYearInline(admin.TabularInline):
    model = SchemeYear
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "file_prefix", "calendar_kind", "is_active")
    filter_horizontal = ("required_documents", "eligible_communes")
    inlines = [CallInline, SchemeYearInline]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "handed_over_at")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "siret", "rna", "email")
    raw_id_fields = ("association", "person", "members", "commune", "created_by")
    readonly_fields = ("handover_code_hash", "handover_expires_at")


@admin.register(VaultDocument)
class VaultDocumentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "applicant", "valid_until", "uploaded_at")
    raw_id_fields = ("applicant", "uploaded_by")
    readonly_fields = ("file", "content_type", "size")


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    raw_id_fields = ("vault_document", "attached_by")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "scheme", "state", "submitted_at")
    list_filter = ("state", "scheme", "is_demo")
    search_fields = ("number", "title", "applicant__name")
    raw_id_fields = ("applicant", "call", "assigned_agent", "created_by", "created_by_agent", "communes")
    readonly_fields = ("state", "number", "submitted_at", "draft_data")
    inlines = [BudgetLineInline, ApplicationDocumentInline]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(admin.ModelAdmin):
    list_display = ("application", "at", "action", "actor", "visible_to_applicant")
    raw_id_fields = ("application", "actor")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
