from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from lamtheo.accounts.admin import SystemAdminOnly
from lamtheo.units.models import Area, Unit


@admin.register(Unit)
class UnitAdmin(SystemAdminOnly, TreeAdmin):
    form = movenodeform_factory(Unit, exclude=["search_text", "sort_key", "version", "merged_into"])
    list_display = ["name", "code", "kind", "active_to"]
    search_fields = ["name", "code", "search_text"]
    list_filter = ["kind"]


@admin.register(Area)
class AreaAdmin(SystemAdminOnly):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "code"]
