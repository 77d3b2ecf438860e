from django.contrib import admin

from lamtheo.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by the importer, and their rows are the record of what was imported."""

    list_display = [
        "original_name",
        "kind",
        "unit",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["original_name", "unit__name", "unit__code"]
    list_select_related = ["unit", "created_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
