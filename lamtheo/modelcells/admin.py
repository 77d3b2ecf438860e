from django.contrib import admin

from lamtheo.modelcells.models import ModelCell, Standard


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "year")
    raw_id_fields = ("unit", "created_by")


@admin.register(ModelCell)
class ModelCellAdmin(admin.ModelAdmin):
    list_display = ("unit", "standard", "status", "meets")
    list_filter = ("status",)
    raw_id_fields = ("unit", "standard", "decision", "registered_by")
