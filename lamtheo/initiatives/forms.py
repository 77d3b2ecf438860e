"""Forms of models and breakthrough tasks: the choices they offer are scoped to the unit and the user."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.initiatives.models import Initiative, Review
from lamtheo.lib.forms import DateInput
from lamtheo.meetings.forms import DateTimeInput
from lamtheo.people.models import Person
from lamtheo.units.models import Unit


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.unit.short_name or person.unit.name})"


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.unit.short_name or person.unit.name})"


def _people(unit):
    return Person.objects.in_subtree(unit).active().select_related("unit").sorted()


class InitiativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Initiative.Kind.choices)
    name = forms.CharField(label=_("Tên"), max_length=300)
    theme = forms.CharField(
        label=_("Nội dung, cách làm"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    decision = forms.ModelChoiceField(
        label=_("Quyết định thành lập"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Văn bản của đơn vị hoặc cấp trên đã ban hành."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit: Unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        above = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
        self.fields["decision"].queryset = (
            Document.objects.visible_to(user)
            .filter(unit__path__in=above, status=Document.Status.ISSUED)
            .select_related("unit")
            .order_by("-date", "-pk")
        )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ"), max_length=200, help_text=_("Ví dụ: Tổ 1 - Khối Vận xã."))
    theme = forms.CharField(
        label=_("Nhiệm vụ của tổ"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    leader = PersonChoice(label=_("Tổ trưởng"), queryset=Person.objects.none(), required=False)
    members = PeopleChoice(
        label=_("Thành viên"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Giữ Ctrl (trên điện thoại: chạm) để chọn nhiều người."),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _people(unit)
        self.fields["members"].queryset = _people(unit)


class GoalForm(forms.Form):
    name = forms.CharField(
        label=_("Chỉ tiêu"), max_length=300, help_text=_("Ví dụ: Hồ sơ hành chính giải quyết đúng hạn.")
    )
    measure = forms.CharField(
        label=_("Đơn vị tính"), max_length=40, help_text=_("Ví dụ: hồ sơ, cuộc, lượt, %.")
    )
    baseline = forms.DecimalField(label=_("Mức khởi điểm"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Mục tiêu"), max_digits=14, decimal_places=2)


class MonthForm(forms.Form):
    """One month's values of a team's goals: a field per goal."""

    month = forms.DateField(
        label=_("Tháng"),
        input_formats=["%Y-%m", "%m/%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.DecimalField(
                label=f"{goal.name} ({goal.measure})",
                max_digits=14,
                decimal_places=2,
                required=False,
                help_text=_("Khởi điểm %(baseline)s, mục tiêu %(target)s.")
                % {"baseline": _plain(goal.baseline), "target": _plain(goal.target)},
            )

    def values(self) -> dict:
        return {goal.pk: self.cleaned_data.get(f"goal_{goal.pk}") for goal in self.goals}


def _plain(value) -> str:
    from lamtheo.lib import vn

    return vn.number(value, 0 if value == value.to_integral() else 2)


class ReplicateForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Nhân rộng tại"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Bắt đầu từ ngày"), widget=DateInput(), required=False)

    def __init__(self, *args, initiative: Initiative, user, **kwargs):
        super().__init__(*args, **kwargs)
        taken = initiative.replicas.values("unit")
        self.fields["units"].queryset = (
            Unit.objects.subtree_of(initiative.unit)
            .visible_to(user)
            .exclude(pk=initiative.unit_id)
            .exclude(pk__in=taken)
            .filter(active_to=None, depth__lte=initiative.unit.depth + 2)
            .order_by("path")
        )


class ReviewOpenForm(forms.Form):
    """The sơ kết or tổng kết: when its conference is held, and the month its figures run to."""

    kind = forms.ChoiceField(label=_("Loại"), choices=Review.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Hội nghị lúc"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=DateTimeInput(),
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    until = forms.DateField(
        label=_("Số liệu đến hết tháng"),
        input_formats=["%Y-%m", "%m/%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class ReviewForm(forms.Form):
    """The report's three parts, as the committee rewrites them."""

    until = forms.DateField(
        label=_("Số liệu đến hết tháng"),
        input_formats=["%Y-%m", "%m/%Y"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    results = forms.CharField(
        label=_("I. Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    limitations = forms.CharField(
        label=_("II. Hạn chế, khó khăn"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    directions = forms.CharField(
        label=_("III. Phương hướng, nhiệm vụ"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "Mỗi dòng một nhiệm vụ; sau hội nghị, giao từng nhiệm vụ cho người hoặc đơn vị thực hiện."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
