"""Forms of model chi bộ: the criteria a committee declares (each indicator ticked, with its bar), the chi bộ to
register, the recognition."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.indicators import registry
from lamtheo.lib.forms import DateInput
from lamtheo.modelcells.models import CRITERIA


class StandardForm(forms.Form):
    name = forms.CharField(label=_("Tên danh hiệu"), max_length=200, initial=_("Chi bộ mẫu"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        for code, bar in CRITERIA.items():
            indicator = registry.get(code)
            self.fields[f"use_{code}"] = forms.BooleanField(
                label=indicator.name, required=False, initial=True
            )
            self.fields[f"bar_{code}"] = forms.DecimalField(
                label=_("Mức yêu cầu (%)"),
                min_value=0,
                max_value=100,
                decimal_places=1,
                initial=bar,
                required=False,
                localize=True,  # "85,5" as typed in Vietnamese
                help_text=(
                    _("Tỷ lệ tối thiểu phải đạt.")
                    if indicator.higher_is_better
                    else _("Tỷ lệ tối đa cho phép.")
                ),
            )

    @property
    def criteria(self) -> list[tuple[str, object]]:
        """(code, bar) of the criteria ticked, in the vocabulary's order."""
        data = self.cleaned_data
        return [(code, data.get(f"bar_{code}")) for code in CRITERIA if data.get(f"use_{code}")]


class RegisterForm(forms.Form):
    cell = forms.ModelChoiceField(label=_("Chi bộ"), queryset=None)

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells


class RecogniseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Ngày công nhận"), widget=DateInput())


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
