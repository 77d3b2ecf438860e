from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.lib.forms import DateInput
from lamtheo.units.models import Unit


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=200)
    short_name = forms.CharField(label=_("Tên viết tắt mới"), max_length=60, required=False)
    date = forms.DateField(label=_("Có hiệu lực từ ngày"), widget=DateInput())
    decision = forms.CharField(
        label=_("Căn cứ quyết định"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Quyết định số 125-QĐ/TU ngày 30/6/2025"),
    )


class MergeForm(forms.Form):
    """Merge units of the user's scope into the unit being viewed."""

    sources = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị hợp nhất vào đơn vị này"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    date = forms.DateField(label=_("Ngày hiệu lực"), widget=DateInput())
    decision = forms.CharField(label=_("Căn cứ quyết định"), max_length=200, required=False)

    def __init__(self, *args, target: Unit, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = candidates
        self.target = target
