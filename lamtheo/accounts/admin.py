"""Django admin, for system admins only, and scoped like every page."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.accounts.rules import allows
from lamtheo.accounts.scoping import get_scope
from lamtheo.lib import vn


def is_system_admin(user) -> bool:
    return allows(user, "accounts.administer")


def _has_permission(request):
    return is_system_admin(request.user)


admin.site.has_permission = _has_permission
admin.site.site_title = admin.site.index_title = _("Quản trị lamtheo")


class ScopedChoices:
    """Foreign-key choices limited to what the user may see, so a crafted POST cannot reach outside."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and not request.user.is_superuser and hasattr(queryset, "visible_to"):
            kwargs["queryset"] = queryset.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SystemAdminInline(ScopedChoices):
    """Inlines follow the same rule as their page (Django's default asks for model permissions)."""

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


class SystemAdminOnly(ScopedChoices, admin.ModelAdmin):
    """System admins manage everything in their subtree; nobody else enters the admin."""

    def has_module_permission(self, request):
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_search_results(self, request, queryset, search_term):
        # `search_text` columns hold folded text: "Ngọc" must find it as "ngoc" does.
        if "search_text" in self.get_search_fields(request):
            search_term = vn.fold(search_term)
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not hasattr(queryset, "visible_to"):
            return queryset
        return queryset.visible_to(request.user)


class RoleAssignmentInline(SystemAdminInline, admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(SystemAdminOnly, BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "phone", "is_active", "is_demo"]
    search_fields = ["username", "first_name", "last_name", "email", "phone"]
    autocomplete_fields = ["person"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Thông tin lamtheo"), {"fields": ("phone", "person", "is_demo")}),
    )

    # Only a superuser hands out Django's own powers; a system admin manages roles in their subtree.
    SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return [*readonly, *self.SUPERUSER_ONLY_FIELDS]

    def get_queryset(self, request):
        queryset = super(BaseUserAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # An account is managed only by an admin whose subtree holds every role of it: a province staff member
        # who is also a member of a chi bộ below is not the chi bộ's admin's to reset. A superuser's account is
        # out of reach too: taking it over would escape the subtree.
        scope = get_scope(request.user)
        inside = scope.subtree_q("unit__path", roles=(Role.SYSTEM_ADMIN,))
        outside = RoleAssignment.objects.exclude(inside).values("user_id")
        return (
            queryset.filter(pk__in=RoleAssignment.objects.filter(inside).values("user_id"))
            .exclude(pk__in=outside)
            .exclude(is_superuser=True)
        )
