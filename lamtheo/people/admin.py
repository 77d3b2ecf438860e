from django.contrib import admin

from lamtheo.accounts.admin import SystemAdminOnly
from lamtheo.people.models import Membership, Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(SystemAdminOnly):
    list_display = ["full_name", "party_status", "unit", "status"]
    list_filter = ["party_status", "status"]
    search_fields = ["search_text"]
    autocomplete_fields = ["unit"]
    exclude = ["search_text", "sort_key", "version"]
    inlines = [PositionInline, MembershipInline]
