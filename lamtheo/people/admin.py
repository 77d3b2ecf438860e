from django.contrib import admin
from django.utils import timezone

from lamtheo.accounts.admin import SystemAdminInline, SystemAdminOnly
from lamtheo.indicators import freshness
from lamtheo.people import actions
from lamtheo.people.models import KeyPosition, Membership, Person, Position


class PositionInline(SystemAdminInline, admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit"]


class MembershipInline(SystemAdminInline, admin.TabularInline):
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

    def save_model(self, request, obj, form, change):
        """Through the actions, like every other write, so admin edits keep their history."""
        if not change:
            actions.create_person(obj, actor=request.user)
            return
        new_unit = obj.unit
        obj.unit = Person.objects.select_related("unit").get(pk=obj.pk).unit
        actions.update_person(obj, actor=request.user, expected_version=obj.version)
        if new_unit != obj.unit:
            actions.transfer_person(obj, new_unit, actor=request.user, date=timezone.localdate())


@admin.register(KeyPosition)
class KeyPositionAdmin(SystemAdminOnly):
    list_display = ["position_kind", "unit_kind"]
    list_filter = ["unit_kind"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        freshness.changed("people")  # who counts as a key cadre changed: so do the figures split by them

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        freshness.changed("people")
