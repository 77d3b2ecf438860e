from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.lib.forms import DateInput
from lamtheo.meetings.actions import MinutesInput, Remark, Said, Vote
from lamtheo.meetings.models import Assignment, Meeting, MeetingKind, MeetingSchedule


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
    invited_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được mời (giao ban, sơ kết, tổng kết)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bí thư, phó bí thư của các đơn vị được chọn được mời dự. Với các loại họp khác, danh sách mời là "
            "người sinh hoạt tại đơn vị."
        ),
    )

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

    def __init__(self, *args, unit, people, units_below=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["kind"].queryset = MeetingKind.objects.all()
        self.fields["chair"].queryset = people
        self.fields["secretary"].queryset = people
        editing_other = self.instance.pk and (
            not self.instance.kind.is_conference or self.instance.status != Meeting.Status.PLANNED
        )
        if editing_other or units_below is None or not units_below.exists():
            del self.fields["invited_units"]  # only a unit with units below, for a conference still planned
        else:
            self.fields["invited_units"].queryset = units_below
            self.fields["invited_units"].initial = (
                list(self.instance.invited_units.all()) if self.instance.pk else list(units_below)
            )
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


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Người được mời sẽ thấy lý do này."),
        error_messages={"required": _("Hãy ghi lý do hủy cuộc họp để người được mời biết.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConcludeForm(forms.Form):
    """A conclusion given to units below in one step: one assignment per chosen unit."""

    what = forms.CharField(
        label=_("Nội dung kết luận, công việc giao"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    deadline = forms.DateField(label=_("Thời hạn"), widget=DateInput())
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thực hiện"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một đơn vị thực hiện.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = MeetingSchedule
        fields = ["kind", "day_of_month", "time", "duration_minutes", "place", "active"]
        widgets = {"time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {"day_of_month": _("Tháng ngắn hơn thì họp vào ngày cuối tháng.")}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["kind"].queryset = MeetingKind.objects.all()


class PlanAheadForm(forms.Form):
    months = forms.IntegerField(label=_("Số tháng tới"), min_value=1, max_value=12, initial=3)


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


def _count(data, key, label, item, errors):
    raw = data.get(key, "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    errors.append(
        _("Số phiếu «%(field)s» ở nội dung «%(item)s» phải là số nguyên không âm (đã nhập «%(value)s»).")
        % {"field": label, "item": item.title, "value": raw[:20]}
    )
    return None


def read_guests(text: str) -> list[tuple[str, str]]:
    """One guest a line: `Họ tên – chức vụ, đơn vị` (a dash or the first comma separates the title)."""
    guests = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        for separator in (" – ", " - ", ", "):
            if separator in line:
                name, title = line.split(separator, 1)
                break
        else:
            name, title = line, ""
        guests.append((name.strip(), title.strip()))
    return guests


def read_minutes(data, items, *, people=(), conference=False) -> tuple[MinutesInput, list[str]]:
    """The minutes page's fields, as the action takes them, and the errors of malformed counts.

    Per item `notes-<id>`, `conclusion-<id>`, `vote-subject-<id>`, `vote-for-<id>`, `vote-against-<id>`,
    `vote-abstain-<id>`; for a conference `contrib-<item>-<n>-unit|speaker|content`; per listed person
    `assessment-<id>`, `self-<id>`, `criticism-<id>`; `guests`."""
    errors: list[str] = []
    minutes = MinutesInput(votes={}, guests=read_guests(data.get("guests", "")))
    for item in items:
        pk = item.pk
        minutes.items[pk] = (data.get(f"notes-{pk}", "").strip(), data.get(f"conclusion-{pk}", "").strip())
        minutes.votes[pk] = Vote(
            subject=" ".join(data.get(f"vote-subject-{pk}", "").split()),
            votes_for=_count(data, f"vote-for-{pk}", _("tán thành"), item, errors),
            votes_against=_count(data, f"vote-against-{pk}", _("không tán thành"), item, errors),
            votes_abstain=_count(data, f"vote-abstain-{pk}", _("không biểu quyết"), item, errors),
        )
    if conference:
        minutes.contributions = {}
        for item in items:
            rows = []
            for index in range(CONTRIBUTION_ROWS_MAX):
                prefix = f"contrib-{item.pk}-{index}-"
                content = data.get(prefix + "content", "").strip()
                unit = data.get(prefix + "unit", "")
                if not content:
                    continue
                speaker = " ".join(data.get(prefix + "speaker", "").split())
                if not unit.isdigit():
                    errors.append(
                        _("Ý kiến ở nội dung «%(item)s»: hãy chọn đơn vị phát biểu.") % {"item": item.title}
                    )
                rows.append(Said(int(unit) if unit.isdigit() else 0, content, speaker))  # kept to show again
            minutes.contributions[item.pk] = rows
    else:
        minutes.remarks = {
            pk: Remark(
                data.get(f"assessment-{pk}", "").strip(),
                data.get(f"self-{pk}", "").strip(),
                data.get(f"criticism-{pk}", "").strip(),
            )
            for pk in people
        }
    return minutes, errors


CONTRIBUTION_ROWS_MAX = 60  # per item: the existing rows and a few blank ones
