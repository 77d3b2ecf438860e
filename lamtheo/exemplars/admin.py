from django.contrib import admin

from lamtheo.exemplars.models import Exemplar


@admin.register(Exemplar)
class ExemplarAdmin(admin.ModelAdmin):
    list_display = ("__str__", "unit", "year", "status", "honour")
    list_filter = ("status", "honour", "year")
    raw_id_fields = ("unit", "verifier", "person", "decision", "forwarded_from", "nominated_by")
    filter_horizontal = ()
