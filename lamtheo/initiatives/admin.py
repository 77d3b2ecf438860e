from django.contrib import admin

from lamtheo.initiatives.models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "kind", "starts_on", "ends_on")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("unit", "decision", "origin", "created_by")
