"""Forms of the report pages. Unit choices are scoped to the units the user may draft for."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.rules import drafting_units_q
from lamtheo.indicators.periods import FIRST_YEAR, LAST_YEAR, PERIOD_KINDS, Period
from lamtheo.lib.forms import DateInput
from lamtheo.reports.models import Report, ReportKind
from lamtheo.units.models import Unit

UNIT_CHOICES_LIMIT = 500


class PeriodForm(forms.Form):
    """A period as a person names it: a kind, a year and its number, or two days."""

    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PERIOD_KINDS, initial="half")
    year = forms.IntegerField(label=_("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    number = forms.IntegerField(
        label=_("Số tháng / quý / đợt"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Tháng 1–12, quý 1–4, hoặc 1 (6 tháng đầu năm) / 2 (6 tháng cuối năm)."),
    )
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if kind is None:
            return data
        if kind == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Kỳ tùy chọn cần cả ngày bắt đầu và ngày kết thúc."))
            if end < start:
                raise forms.ValidationError(_("Ngày kết thúc không thể trước ngày bắt đầu."))
            data["period"] = Period.custom(start, end)
            return data
        year = data.get("year")
        if year is None:
            raise forms.ValidationError(_("Hãy nhập năm của kỳ báo cáo."))
        if kind == "year":
            data["period"] = Period.year(year)
            return data
        number = data.get("number")
        limits = {"month": 12, "quarter": 4, "half": 2}
        if number is None or number > limits[kind]:
            messages = {
                "month": _("Tháng phải từ 1 đến 12."),
                "quarter": _("Quý phải từ 1 đến 4."),
                "half": _("Đợt 6 tháng là 1 (đầu năm) hoặc 2 (cuối năm)."),
            }
            raise forms.ValidationError({"number": messages[kind]})
        data["period"] = getattr(Period, kind)(year, number)
        return data


class ReportCreateForm(PeriodForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportKind.choices)
    summary = forms.CharField(
        label=_("Trích yếu"),
        max_length=300,
        required=False,
        help_text=_("Để trống để dùng trích yếu mặc định theo loại báo cáo và kỳ."),
    )

    field_order = ["unit", "kind", "period_kind", "year", "number", "start", "end", "summary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(drafting_units_q(user)).active().sorted()
        self.fields["unit"].queryset = units
        self.fields["unit"].limit = UNIT_CHOICES_LIMIT
        self.fields["year"].initial = timezone.localdate().year


class ReportForm(forms.ModelForm):
    """The narrative parts, and the document's summary and signature. `version` is the one read."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label=_("Trích yếu"), max_length=300)
    signing_form = forms.CharField(label=_("Thể thức ký"), max_length=60, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=60, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi nơi nhận một dòng."),
    )

    DOCUMENT_FIELDS = ("summary", "signing_form", "signer_title", "signer_name", "recipients")

    class Meta:
        model = Report
        fields = list(Report.NARRATIVE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in Report.NARRATIVE_FIELDS}
        help_texts = {
            "results": _("Mỗi đoạn một dòng. Số liệu đã được điền sẵn từ hồ sơ, không cần gõ lại."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.instance.document
        for name in set(Report.NARRATIVE_FIELDS) - set(self.instance.narrative_fields):
            del self.fields[name]
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            for name in self.DOCUMENT_FIELDS:
                self.initial[name] = getattr(document, name)

    def save_to_instance(self) -> Report:
        """Copy the cleaned values onto the report and its document (the action writes them)."""
        report = self.instance
        for name in self.DOCUMENT_FIELDS:
            setattr(report.document, name, self.cleaned_data[name])
        return report


class IssueForm(forms.Form):
    date = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Để trống để hệ thống cấp số tiếp theo."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    remark = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeadlineForm(forms.Form):
    due_date = forms.DateField(label=_("Hạn nộp"), widget=DateInput())

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value.year > LAST_YEAR or value.year < FIRST_YEAR:
            raise forms.ValidationError(_("Ngày không hợp lệ."))
        return value


class QuoteForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Báo cáo của đơn vị trực thuộc"), queryset=Report.objects.none())
    field = forms.ChoiceField(
        label=_("Phần cần trích"),
        choices=[(name, Report._meta.get_field(name).verbose_name) for name in Report.NARRATIVE_FIELDS],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda r: f"{r.unit.name} – {r.document.code}"


def received_kind(value) -> str:
    return value if value in ReportKind.values else ReportKind.SIX_MONTH
