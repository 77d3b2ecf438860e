from django.contrib import admin

from lamtheo.meetings.models import (
    AgendaItem,
    Contribution,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingSchedule,
    MemberAssessment,
)


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
    fields = [
        "code",
        "name",
        "min_minutes",
        "combined_min_minutes",
        "required_items",
        "suggested_items",
        "needs_committee_meeting",
        "position",
    ]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class GuestInline(admin.TabularInline):
    model = MeetingGuest
    extra = 0


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    raw_id_fields = ["unit", "agenda_item"]


class MemberAssessmentInline(admin.TabularInline):
    model = MemberAssessment
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["unit", "chair", "secretary", "created_by", "schedule"]
    filter_horizontal = ["invited_units"]
    inlines = [AgendaItemInline, GuestInline, ContributionInline, MemberAssessmentInline]


@admin.register(MeetingSchedule)
class MeetingScheduleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "place", "active"]
    list_filter = ["kind", "active"]
    raw_id_fields = ["unit", "created_by"]
