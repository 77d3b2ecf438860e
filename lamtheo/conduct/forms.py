from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.conduct.actions import MINUTES_TYPES, RULE_MAX_LENGTH, parse_rules
from lamtheo.conduct.models import ConductCode
from lamtheo.lib.forms import DateInput


def rules_help() -> str:
    return gettext(
        "Mỗi dòng một điều, không cần đánh số. Chuẩn mực là khẩu hiệu ngắn (tối đa %(max)s ký tự), sát với công "
        "việc của đơn vị: «Đúng hẹn với dân», «Nói đi đôi với làm»."
    ) % {"max": RULE_MAX_LENGTH}


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name} – {obj.title} ({obj.period})"


class RulesField(forms.CharField):
    """One rule per line; cleaned into a list of rules (the action checks their number and length)."""

    widget = forms.Textarea(attrs={"rows": 9})

    def to_python(self, value):
        return parse_rules(super().to_python(value))


class CodeForm(forms.Form):
    """Draft a code (with a template to start from) or edit a draft (with the version it was read at)."""

    title = forms.CharField(
        label=_("Tên bộ chuẩn mực"),
        max_length=300,
        required=False,
        help_text=_("Để trống để đặt tên theo đơn vị và thời gian áp dụng."),
    )
    start_year = forms.IntegerField(label=_("Từ năm"))
    end_year = forms.IntegerField(
        label=_("Đến năm"), required=False, help_text=_("Chuẩn mực một năm: để trống. Cả nhiệm kỳ: năm cuối.")
    )
    template = TemplateChoiceField(
        label=_("Chuẩn mực mẫu của cấp trên"),
        queryset=ConductCode.objects.none(),
        required=False,
        help_text=_("Bộ chuẩn mực được so sánh để phát hiện sao chép nguyên văn."),
    )
    rules = RulesField(label=_("Các điều chuẩn mực"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, templates=None, code: ConductCode | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code
        self.fields["rules"].help_text = rules_help()
        # htmx: the similarity to the template, shown while the rules are typed (nothing is saved).
        live = {"hx-post": reverse("conduct:check"), "hx-target": "#live-check", "hx-include": "closest form"}
        self.fields["rules"].widget.attrs.update(live, **{"hx-trigger": "input changed delay:500ms"})
        if code is not None:
            del self.fields["template"]
            self.fields["version"].required = True
            return
        self.fields["template"].queryset = templates if templates is not None else ConductCode.objects.none()
        self.fields["template"].widget.attrs.update(live, **{"hx-trigger": "change"})
        self.fields["rules"].help_text = gettext(
            "%(help)s Để trống thì các điều của chuẩn mực mẫu được chép vào dự thảo để đơn vị sửa lại cho phù hợp."
        ) % {"help": rules_help()}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("end_year") is None and cleaned.get("start_year") is not None:
            cleaned["end_year"] = cleaned["start_year"]
        return cleaned


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The date first: on a phone the select cuts the end of a long label.
        return f"{obj.local_start:%d/%m/%Y} – {obj.display_title}"


class AdoptForm(forms.Form):
    """The adoption: the chi bộ meeting that adopted the code (chosen among the unit's meetings held) and/or the
    minutes file, and the date (the meeting's, when one is chosen).

    `meetings` is what a posted choice may be (the meetings the user sees: one of another unit then gets the
    action's clear refusal, one the user does not see is simply not a valid choice); `offered` is the list shown.
    """

    meeting = MeetingChoiceField(
        label=_("Cuộc họp chi bộ thông qua"),
        queryset=None,
        required=False,
        empty_label=_("— Không chọn (chỉ đính kèm biên bản) —"),
        help_text=_(
            "Các cuộc họp đã diễn ra của đơn vị. Biên bản của cuộc họp được ghi trong phần Sinh hoạt."
        ),
    )
    adopted_on = forms.DateField(
        label=_("Ngày cuộc họp chi bộ thông qua"),
        widget=DateInput(),
        required=False,
        help_text=_("Để trống khi đã chọn cuộc họp: lấy ngày của cuộc họp."),
    )
    minutes = forms.FileField(
        label=_("Biên bản cuộc họp (PDF, Word hoặc ảnh chụp)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in MINUTES_TYPES)}),
        required=False,
        help_text=_("Bắt buộc khi không chọn cuộc họp."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, meetings, offered, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        # Choices set by hand are what the select shows; the queryset stays what a posted value is checked
        # against.
        field.choices = [("", field.empty_label)] + [(m.pk, field.label_from_instance(m)) for m in offered]


class AdoptionMeetingForm(forms.Form):
    """The meeting that adopted a code already adopted: the same scoped list as the adoption form."""

    meeting = MeetingChoiceField(
        label=_("Cuộc họp chi bộ thông qua"),
        queryset=None,
        required=False,
        empty_label=_("— Không gắn cuộc họp —"),
        help_text=_("Cuộc họp đã diễn ra của đơn vị, vào ngày thông qua bộ chuẩn mực."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, meetings, offered, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.choices = [("", field.empty_label)] + [(m.pk, field.label_from_instance(m)) for m in offered]
