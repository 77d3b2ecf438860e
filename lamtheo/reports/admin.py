from django.contrib import admin

from lamtheo.reports.models import Deadline, Report, Submission


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "kind", "period_start", "period_end", "issued_at"]
    list_filter = ["kind"]
    raw_id_fields = ["unit", "document", "revision_of", "created_by"]
    readonly_fields = ["issued_at"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "submitted_at", "rounds"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["unit", "to_unit", "report", "submitted_by", "decided_by"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "due_date"]
    raw_id_fields = ["unit", "set_by"]
