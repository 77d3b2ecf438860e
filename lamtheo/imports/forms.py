from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.imports import readers
from lamtheo.imports.models import ImportJob, editor_q
from lamtheo.imports.rules import importer_assignments
from lamtheo.units.models import Unit


def importable_units(user):
    """The open units `user` may import into: visible to them and under a unit where they may edit people."""
    return Unit.objects.visible_to(user).filter(editor_q(user, "path")).active()


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        choices=ImportJob.Kind.choices,
        initial=ImportJob.Kind.PEOPLE,
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Nhập vào đơn vị"),
        queryset=Unit.objects.none(),
        help_text=_("Mọi chi bộ ghi trong tệp phải thuộc đơn vị này."),
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = importable_units(user)
        self.fields["unit"].queryset = units
        # Listing every chi bộ of a province would make a select of thousands: offer the committees, the units
        # the user works at and the one asked for; any unit of the subtree is still accepted.
        own = [a.unit_id for a in importer_assignments(user)]
        wanted = self.initial.get("unit") or self.data.get("unit")
        offered = units.filter(
            Q(kind__in=Unit.COMMITTEE_KINDS) | Q(numchild__gt=0) | Q(pk__in=own) | Q(pk=_int(wanted))
        ).order_by("path")
        offered = list(offered[:2000])
        top = min((u.depth for u in offered), default=1)
        self.fields["unit"].choices = [
            ("", "---------"),
            *[(u.pk, f"{'— ' * (u.depth - top)}{u.name} ({u.code})") for u in offered],
        ]
        if len(offered) == 1 and not wanted:
            self.initial["unit"] = offered[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            readers.check_upload(upload, upload.name, upload.size)
        except readers.ReadError as error:
            raise forms.ValidationError(error.message) from None
        return upload


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
