"""Django admin, for system admins only, and scoped like every page."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.accounts.scoping import get_scope, subtree_q


def is_system_admin(user) -> bool:
    return user.is_active and (user.is_superuser or get_scope(user).has_any_role(Role.SYSTEM_ADMIN))


def _has_permission(request):
    return is_system_admin(request.user)


admin.site.has_permission = _has_permission
admin.site.site_title = admin.site.index_title = _("Quản trị lamtheo")


class SystemAdminOnly(admin.ModelAdmin):
    """System admins manage everything in their subtree; nobody else enters the admin."""

    def has_module_permission(self, request):
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not hasattr(queryset, "visible_to"):
            return queryset
        return queryset.visible_to(request.user)


class RoleAssignmentInline(admin.TabularInline):
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

    def get_queryset(self, request):
        queryset = super(BaseUserAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return queryset
        q = Q(pk__in=[])
        for path in get_scope(request.user).staff_paths:
            q |= subtree_q(path, "role_assignments__unit__path")
        return queryset.filter(q).distinct()
