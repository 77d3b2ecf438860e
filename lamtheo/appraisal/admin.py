from django.contrib import admin

from lamtheo.appraisal.models import AppraisalRound


@admin.register(AppraisalRound)
class AppraisalRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "year", "period_kind", "status")
    list_filter = ("status", "period_kind")
    raw_id_fields = ("unit", "created_by", "decided_by")
