from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.admin import SystemAdminOnly
from lamtheo.units import actions
from lamtheo.units.models import Area, Unit


class UnitAdminForm(forms.ModelForm):
    """A unit's own fields. Its place in the tree is chosen once, when it is created: later moves are
    restructurings (merge, split) and go through their pages, which keep the history."""

    parent = forms.ModelChoiceField(
        label=_("đơn vị cấp trên"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— cấp cao nhất —"),
    )

    class Meta:
        model = Unit
        fields = actions.UNIT_FIELDS


@admin.register(Unit)
class UnitAdmin(SystemAdminOnly):
    form = UnitAdminForm
    list_display = ["indented_name", "code", "kind", "active_to"]
    search_fields = ["name", "code", "search_text"]
    list_filter = ["kind"]
    autocomplete_fields = ["area"]
    ordering = ["path"]

    @admin.display(description=_("tên đơn vị"), ordering="path")
    def indented_name(self, unit):
        return "— " * (unit.depth - 1) + unit.name

    def get_fields(self, request, obj=None):
        fields = list(actions.UNIT_FIELDS)
        return fields if obj is not None else ["parent", *fields]

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)
        user = request.user

        class ScopedUnitAdminForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if obj is not None:
                    del self.fields["parent"]
                    return
                parents = Unit.objects.order_by("path")
                self.fields["parent"].queryset = parents if user.is_superuser else parents.visible_to(user)
                # Only a superuser starts a new tree; everyone else adds inside their own.
                self.fields["parent"].required = not user.is_superuser

        return ScopedUnitAdminForm

    def save_model(self, request, obj, form, change):
        """Through the actions, like every other write, so admin edits keep their history."""
        if change:
            actions.update_unit(obj, actor=request.user, expected_version=obj.version)
            return
        fields = {name: form.cleaned_data[name] for name in actions.UNIT_FIELDS}
        created = actions.create_unit(parent=form.cleaned_data["parent"], actor=request.user, **fields)
        obj.__dict__.update(created.__dict__)  # the admin goes on with `obj` (log entry, redirect)


@admin.register(Area)
class AreaAdmin(SystemAdminOnly):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "code"]
