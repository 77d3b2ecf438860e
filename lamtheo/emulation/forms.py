"""Forms of emulation drives."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.conduct.models import ConductCode
from lamtheo.emulation.models import EmulationDrive
from lamtheo.lib.forms import DateInput


class DriveForm(forms.Form):
    name = forms.CharField(label=_("Tên phong trào"), max_length=300)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=EmulationDrive.Subject.choices)
    code = forms.ModelChoiceField(
        label=_("Chấm theo bộ chuẩn mực đạo đức"),
        queryset=ConductCode.objects.none(),
        required=False,
        help_text=_("Mỗi điều của bộ chuẩn mực thành một tiêu chí; 100 điểm chia đều."),
    )
    criteria = forms.CharField(
        label=_("Hoặc các tiêu chí tự đặt"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Mỗi dòng một tiêu chí, điểm tối đa ở cuối dòng sau dấu |, ví dụ: Đúng hẹn với dân | 20"),
    )

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        above = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
        self.fields["code"].queryset = (
            ConductCode.objects.visible_to(user).adopted().filter(unit__path__in=above).select_related("unit")
        )

    def clean_criteria(self):
        lines = [line.strip() for line in self.cleaned_data["criteria"].splitlines() if line.strip()]
        criteria = []
        for number, line in enumerate(lines, start=1):
            text, _bar, points = line.rpartition("|")
            try:
                criteria.append((text.strip(), int(points)))
            except ValueError:
                raise forms.ValidationError(
                    _("Dòng %(number)s: ghi điểm tối đa sau dấu |, ví dụ «Đúng hẹn với dân | 20».")
                    % {"number": number}
                ) from None
        return criteria


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(label=_("Tổng kết"), widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)
