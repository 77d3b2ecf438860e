from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.lib.forms import DateInput
from lamtheo.study.models import StudySession
from lamtheo.topics.models import Topic


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.period}) – {obj.unit}"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class SessionForm(forms.ModelForm):
    """Record or edit a session. Every choice is limited to what applies to the unit and what the user sees.

    The attendance list is not a field of this form: the view reads it with `read_marks` (lamtheo.lib.attendance) for the people it listed.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    topic = TopicChoiceField(label=_("Chuyên đề"), queryset=Topic.objects.none())
    makeup_for = SessionChoiceField(
        label=_("Học bù cho buổi"),
        queryset=StudySession.objects.none(),
        required=False,
        help_text=_("Buổi học chính mà buổi này học bù (nếu có)."),
    )
    material = forms.FileField(
        label=_("Tài liệu (PDF hoặc Word .docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        help_text=_("Bài giảng, tài liệu phát tay hoặc danh sách ký tên đã quét. Không bắt buộc."),
    )

    class Meta:
        model = StudySession
        fields = [
            "topic",
            "title",
            "date",
            "start_time",
            "form",
            "place",
            "lecturers",
            "audience",
            "is_makeup",
            "makeup_for",
            "note",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "form": forms.RadioSelect,
            "lecturers": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, unit, topics, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["topic"].queryset = topics
        self.fields["makeup_for"].queryset = sessions.exclude(pk=self.instance.pk)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            del self.fields["material"]  # added on the session's page


class VersionForm(forms.Form):
    """The tick view's form: only the version it was read at; the marks are read with `read_marks` (lamtheo.lib.attendance)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
