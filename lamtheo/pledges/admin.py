"""Registrations in the admin, for system admins: read-only (their life goes through the pages and actions);
deadlines through the same action as the page."""

from django.contrib import admin

from lamtheo.accounts.admin import SystemAdminOnly
from lamtheo.pledges import actions
from lamtheo.pledges.models import Pledge, RegistrationDeadline, Reminder, Review


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor_name", "remark", "level"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnly(SystemAdminOnly):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Pledge)
class PledgeAdmin(ReadOnly):
    list_display = ["person", "year", "unit", "status", "published", "result_level"]
    list_filter = ["year", "status", "published", "result_level"]
    list_select_related = ["person", "unit"]
    inlines = [ReviewInline]


@admin.register(RegistrationDeadline)
class RegistrationDeadlineAdmin(SystemAdminOnly):
    list_display = ["unit", "year", "due_date"]
    list_filter = ["year"]
    autocomplete_fields = ["unit"]
    exclude = ["set_by"]

    def save_model(self, request, obj, form, change):
        actions.set_deadline(obj.unit, obj.year, obj.due_date, actor=request.user)


@admin.register(Reminder)
class ReminderAdmin(ReadOnly):
    list_display = ["person", "unit", "year", "channel", "address", "created_at"]
    list_filter = ["year", "channel"]
    list_select_related = ["person", "unit"]
