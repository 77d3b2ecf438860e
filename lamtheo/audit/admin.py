from django.contrib import admin

from lamtheo.accounts.admin import SystemAdminOnly
from lamtheo.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(SystemAdminOnly):
    list_display = ["at", "actor", "action", "target_repr", "unit"]
    list_filter = ["action"]
    search_fields = ["target_repr"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
