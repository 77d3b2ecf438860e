from django.contrib import admin

from lamtheo.emulation.models import EmulationDrive


@admin.register(EmulationDrive)
class EmulationDriveAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "starts_on", "ends_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("unit", "code", "created_by")
