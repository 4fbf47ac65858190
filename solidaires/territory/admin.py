"""Admin: configuration only. Communes come from load_territory; places are managed by agents."""

from __future__ import annotations

from django.contrib import admin

from .models import Commune, Epci, Place


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ("name", "siren", "kind")
    search_fields = ("name", "siren")


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "insee", "department", "population", "area_km2", "density", "urban_class", "epci")
    list_filter = ("urban_class", "department", "epci")
    search_fields = ("name", "insee", "postal_codes")
    ordering = ("search_name",)
    list_select_related = ("epci",)
    exclude = ("outline",)
    readonly_fields = ("insee", "area_km2", "density", "urban_class")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "status", "accessible_pmr", "updated_at")
    list_filter = ("status", "kind", "accessible_pmr")
    search_fields = ("name", "address", "commune__name")
    list_select_related = ("commune",)
    autocomplete_fields = ("commune",)
    readonly_fields = ("status", "verified_at", "verified_by", "created_by", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("name",)}
