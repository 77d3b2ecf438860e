"""Forms of year-end reviews: opening a round (its criteria as lines "text | points"), an amendment, the version of
a one-click step. The self-assessment, the chi bộ's sheet and the decision are read by the views (a box per row)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.appraisal.actions import DEFAULT_CRITERIA
from lamtheo.appraisal.models import AppraisalRound, Criterion, Level
from lamtheo.lib.forms import DateInput


def _lines(group) -> str:
    return "\n".join(f"{text} | {points}" for g, text, points in DEFAULT_CRITERIA if g == group)


def _read_lines(value: str, group: str) -> list[tuple[str, str, int]]:
    criteria = []
    for number, line in enumerate((line.strip() for line in value.splitlines() if line.strip()), start=1):
        text, _bar, points = line.rpartition("|")
        try:
            criteria.append((group, text.strip(), int(points)))
        except ValueError:
            raise forms.ValidationError(
                _("Dòng %(number)s: ghi điểm tối đa sau dấu |, ví dụ «Phẩm chất chính trị | 6».")
                % {"number": number}
            ) from None
    return criteria


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt đánh giá"), max_length=300)
    period_kind = forms.ChoiceField(label=_("Kỳ đánh giá"), choices=AppraisalRound.PeriodKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        choices=[("", "—"), *((q, q) for q in range(1, 5))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Chỉ với kỳ đánh giá theo quý."),
    )
    starts_on = forms.DateField(
        label=_("Từ ngày"), widget=DateInput(), required=False, help_text=_("Chỉ với đợt đột xuất.")
    )
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput(), required=False)
    include_non_members = forms.BooleanField(
        label=_("Đánh giá cả cán bộ, công chức, viên chức chưa là đảng viên"), required=False
    )
    self_assessment_due = forms.DateField(label=_("Hạn tự đánh giá"), widget=DateInput(), required=False)
    cell_review_due = forms.DateField(label=_("Hạn chi bộ đánh giá"), widget=DateInput(), required=False)
    appraisal_due = forms.DateField(label=_("Hạn cấp ủy thẩm định"), widget=DateInput(), required=False)
    decision_due = forms.DateField(label=_("Hạn quyết định xếp loại"), widget=DateInput(), required=False)
    general_criteria = forms.CharField(
        label=_("Tiêu chí chung (30 điểm)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        initial=_lines(Criterion.Group.GENERAL),
        help_text=_("Mỗi dòng một tiêu chí, điểm tối đa ở cuối dòng sau dấu |; cộng lại đúng 30 điểm."),
    )
    result_criteria = forms.CharField(
        label=_("Kết quả thực hiện nhiệm vụ (70 điểm)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=_lines(Criterion.Group.RESULTS),
        help_text=_("Mỗi dòng một tiêu chí, điểm tối đa ở cuối dòng sau dấu |; cộng lại đúng 70 điểm."),
    )

    def clean_general_criteria(self):
        return _read_lines(self.cleaned_data["general_criteria"], Criterion.Group.GENERAL)

    def clean_result_criteria(self):
        return _read_lines(self.cleaned_data["result_criteria"], Criterion.Group.RESULTS)

    def deadlines(self) -> dict:
        names = ("self_assessment_due", "cell_review_due", "appraisal_due", "decision_due")
        return {name: self.cleaned_data[name] for name in names}


class AmendForm(forms.Form):
    level = forms.ChoiceField(label=_("Mức xếp loại mới"), choices=Level.choices)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
