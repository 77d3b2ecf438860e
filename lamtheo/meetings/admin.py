from django.contrib import admin

from lamtheo.meetings.models import AgendaItem, Meeting, MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "min_minutes",
        "combined_min_minutes",
        "needs_committee_meeting",
        "position",
    ]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["unit", "chair", "secretary", "created_by"]
    inlines = [AgendaItemInline]
