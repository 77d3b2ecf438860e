from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.meetings.actions import REASON_MAX, Mark
from lamtheo.meetings.models import Assignment, Meeting, MeetingAttendance, MeetingKind
from lamtheo.units.forms import DateInput


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MeetingForm(forms.ModelForm):
    """Plan or edit a meeting. Chair and secretary are chosen among the unit's people the user sees."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agenda = forms.CharField(
        label=_("Chương trình (mỗi dòng một nội dung)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Nội dung bắt buộc của loại họp được thêm sẵn; đừng xóa."),
    )
    online_link = forms.URLField(label=_("Đường dẫn họp trực tuyến"), required=False, assume_scheme="https")
    chair = PersonChoiceField(label=_("Chủ trì"), queryset=None, required=False)
    secretary = PersonChoiceField(label=_("Thư ký"), queryset=None, required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "is_combined",
            "place",
            "online_link",
            "chair",
            "secretary",
            "documents_sent_at",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "documents_sent_at": DateTimeInput(),
        }

    def __init__(self, *args, unit, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["kind"].queryset = MeetingKind.objects.all()
        self.fields["chair"].queryset = people
        self.fields["secretary"].queryset = people
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            self.fields["agenda"].initial = "\n".join(i.title for i in self.instance.agenda_items.all())

    def agenda_titles(self) -> list[str] | None:
        """The typed agenda, or None when left empty on a new meeting (the kind's required items then)."""
        titles = [" ".join(line.split()) for line in self.cleaned_data["agenda"].splitlines() if line.strip()]
        if not titles and not self.instance.pk:
            return None
        return titles


class HoldForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Bắt đầu lúc"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Kết thúc lúc"), widget=DateTimeInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["what", "assignee_person", "assignee_unit", "deadline"]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_person"].queryset = people
        self.fields["assignee_unit"].queryset = units


class DoneForm(forms.Form):
    evidence = forms.CharField(label=_("Kết quả, minh chứng"), widget=forms.Textarea(attrs={"rows": 2}))


MARKABLE = [s for s in MeetingAttendance.Status.values if s != MeetingAttendance.Status.INVITED]


def read_marks(data, listed_ids) -> dict[int, Mark]:
    """`status-<id>` and `reason-<id>` for each listed person; a missing or unknown status counts as present
    (the tick list starts with everyone present)."""
    marks = {}
    for pk in listed_ids:
        status = data.get(f"status-{pk}", MeetingAttendance.Status.PRESENT)
        if status not in MARKABLE:
            status = MeetingAttendance.Status.PRESENT
        reason = " ".join(data.get(f"reason-{pk}", "").split())[:REASON_MAX]
        marks[pk] = Mark(status, reason)
    return marks
