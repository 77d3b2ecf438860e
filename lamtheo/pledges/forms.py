from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from lamtheo.lib.forms import DateInput
from lamtheo.pledges.actions import ItemData
from lamtheo.pledges.models import Pledge, PledgeItem


class VersionForm(forms.Form):
    """The version the page was read at (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RuleChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.text


class ItemForm(forms.ModelForm):
    """One commitment. Blank words are left to the action, whose message names the item by its number."""

    rules = RuleChoices(
        label=_("Gắn với chuẩn mực đạo đức của đơn vị"),
        queryset=PledgeItem.rules.field.related_model.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PledgeItem
        fields = ["area", "commitment", "measure", "due_date", "rules"]
        widgets = {
            "commitment": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }
        labels = {
            "area": _("Lĩnh vực"),
            "commitment": _("Việc sẽ làm"),
            "measure": _("Đo kết quả bằng"),
            "due_date": _("Thời hạn"),
        }

    def __init__(self, *args, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].required = False
        self.fields["measure"].required = False
        if rules is None:  # the unit has no code of conduct in force: nothing to link to
            del self.fields["rules"]
        else:
            self.fields["rules"].queryset = rules

    def as_item(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            area=data.get("area") or "",
            commitment=data.get("commitment") or "",
            measure=data.get("measure") or "",
            due_date=data.get("due_date"),
            rules=list(data.get("rules") or []),  # absent when the unit has no code in force
            id=self.instance.pk,
        )


ItemFormSet = inlineformset_factory(
    Pledge, PledgeItem, form=ItemForm, extra=2, can_delete=True, max_num=20, validate_max=True
)


def items_from(formset) -> list[ItemData]:
    """The items the formset describes, in order: filled rows, without the ones ticked for deletion."""
    items = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue  # a blank extra row
        if formset.can_delete and formset._should_delete_form(form):
            continue
        items.append(form.as_item())
    return items


class CreateForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    copy = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReviewForm(VersionForm):
    decision = forms.ChoiceField(choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại"))])
    remark = forms.CharField(
        label=_("Nhận xét / lý do trả lại"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProgressForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Nội dung"), queryset=PledgeItem.objects.none(), required=False, empty_label=_("Chung cả bản")
    )
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    text = forms.CharField(
        label=_("Tiến độ, kết quả"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = pledge.items.all()
        self.fields["item"].label_from_instance = lambda item: f"{item.position}. {item.commitment[:80]}"


class DeedForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    description = forms.CharField(
        label=_("Việc đã làm"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    items = forms.ModelMultipleChoiceField(
        label=_("Là minh chứng cho nội dung"),
        queryset=PledgeItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        label=_("Ảnh hoặc tài liệu (không bắt buộc)"),
        required=False,
        help_text=_("Ảnh JPEG, PNG, hoặc tệp PDF, Word (.docx); tối đa 10 MB."),
    )

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = pledge.items.all()
        self.fields["items"].label_from_instance = lambda item: f"{item.position}. {item.commitment[:80]}"


class SelfAssessForm(VersionForm):
    """One result and one note per item, then a summary."""

    summary = forms.CharField(
        label=_("Tự đánh giá chung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(pledge.items.all())
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=_("Kết quả"),
                choices=PledgeItem.Result.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=item.self_result or None,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                max_length=2000,
                initial=item.self_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def results(self) -> dict:
        data = self.cleaned_data
        return {
            item.pk: (data.get(f"result_{item.pk}") or "", data.get(f"note_{item.pk}") or "")
            for item in self.items
        }


class RateForm(VersionForm):
    level = forms.ChoiceField(
        label=_("Xếp loại"), choices=Pledge.Level.choices, required=False, widget=forms.RadioSelect
    )
    remark = forms.CharField(
        label=_("Nhận xét của chi bộ"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lock = forms.BooleanField(label=_("Khóa bản đăng ký sau khi xếp loại"), required=False, initial=True)


class PublishForm(VersionForm):
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    to_unit = forms.ModelChoiceField(
        label=_("Công khai tại"), queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units


class DeadlineForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    due_date = forms.DateField(label=_("Hạn nộp bản đăng ký"), widget=DateInput())
