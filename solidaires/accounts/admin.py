"""Django admin (configuration only): people log in by e-mail, with their profile inline.

The admin login goes through allauth (``secure_admin_login``), so administrators pass the
same TOTP stage and lockout rules as everywhere else; Django's own admin login form, which
knows nothing of the second factor, is never shown.
"""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanTextMixin

from .models import Profile, User

admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    raw_id_fields = ("commune",)
    filter_horizontal = ("interests",)
    extra = 0


class UserCreationForm(CleanTextMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(CleanTextMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = (ProfileInline,)
    ordering = ("email",)
    list_display = ("email", "display_name", "role", "is_active", "date_joined", "erased_at")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "display_name")
    readonly_fields = ("role", "last_login", "date_joined", "erased_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Informations"), {"fields": ("display_name",)}),
        (
            _("Rôle et accès"),
            {
                "fields": ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": _(
                    "Le rôle se change avec la commande « manage.py set_role », qui garde une trace "
                    "dans le journal d'audit."
                ),
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "erased_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Accounts are erased (anonymised), never deleted: the audit journal points to them."""
        return False
