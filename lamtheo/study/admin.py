from django.contrib import admin

from lamtheo.accounts.admin import SystemAdminInline, SystemAdminOnly
from lamtheo.study import actions
from lamtheo.study.models import Attendance, StudySession


class AttendanceInline(SystemAdminInline, admin.TabularInline):
    """Attendance is ticked on the session's pages (through the actions, which check who belonged where): read
    only here."""

    model = Attendance
    extra = 0
    fields = ["person", "unit", "status", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(StudySession)
class StudySessionAdmin(SystemAdminOnly):
    list_display = ["__str__", "unit", "topic", "date", "form", "is_makeup"]
    list_filter = ["form", "is_makeup", "date"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit"]
    raw_id_fields = ["topic", "makeup_for"]
    exclude = ["version", "created_by"]
    inlines = [AttendanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "topic")

    def save_model(self, request, obj, form, change):
        """Through the actions, like every other write, so admin edits keep their history and rules."""
        if change:
            actions.update_session(obj, actor=request.user, expected_version=obj.version)
        else:
            actions.create_session(obj, actor=request.user)
