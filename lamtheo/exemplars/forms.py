"""Forms of exemplars: the choices they offer are scoped to the unit and the user."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import subtree_q
from lamtheo.documents.models import Document
from lamtheo.exemplars.models import Exemplar
from lamtheo.lib.forms import DateInput
from lamtheo.meetings.forms import DateTimeInput
from lamtheo.people.models import Person
from lamtheo.pledges.models import Deed


class DeedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, deed):
        return f"{deed.date:%d/%m/%Y} · {deed.doer}: {deed.description[:160]}"


class NominationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Đề nghị"),
        choices=Exemplar.Kind.choices,
        widget=forms.RadioSelect,
        initial=Exemplar.Kind.PERSON,
    )
    person = forms.ModelChoiceField(label=_("Người"), queryset=Person.objects.none(), required=False)
    collective = forms.CharField(
        label=_("Tên tập thể"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Chi hội Phụ nữ ấp Long Hòa."),
    )
    summary = forms.CharField(label=_("Thành tích, việc tốt"), widget=forms.Textarea(attrs={"rows": 5}))
    deeds = DeedChoice(
        label=_("Việc tốt trong nhật ký làm theo"),
        queryset=Deed.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Những việc đã ghi trong nhật ký của người được đề nghị, làm minh chứng."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit, year: int, deeds_url: str = "", **kwargs):
        """The deeds offered are the chosen person's of the year (a commune has thousands: the person first, then
        their deeds, swapped in by htmx from `deeds_url` when the person or the kind changes); for a collective,
        the collectives' deeds recorded in the unit's subtree."""
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.in_subtree(unit).active().select_related("unit").sorted()
        )
        deeds = Deed.objects.filter(subtree_q(unit.path, "unit__path"), date__year=year)
        self.is_collective = self["kind"].value() == Exemplar.Kind.COLLECTIVE
        self.chosen_person = None if self.is_collective else self._chosen_person()
        if self.is_collective:  # the collectives' own deeds, recorded in the unit's book
            deeds = deeds.filter(person=None)
        else:
            deeds = deeds.filter(person=self.chosen_person) if self.chosen_person else deeds.none()
        self.fields["deeds"].queryset = deeds.select_related("person").order_by("-date", "-pk")
        if deeds_url:
            swap = {
                "hx-get": deeds_url,
                "hx-trigger": "change",
                "hx-target": "#deed-choices",
                "hx-swap": "outerHTML",
                "hx-include": "closest form",
            }
            for name in ("kind", "person"):
                self.fields[name].widget.attrs.update(swap)

    def _chosen_person(self) -> Person | None:
        value = self["person"].value()
        if value in (None, ""):
            return None
        try:
            return self.fields["person"].queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("accept", _("Đúng, đủ điều kiện")), ("return", _("Trả lại để bổ sung"))],
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecogniseForm(forms.Form):
    honour = forms.ChoiceField(label=_("Hình thức khen"), choices=Exemplar.Honour.choices)
    on = forms.DateField(label=_("Ngày khen"), widget=DateInput())
    decision = forms.ModelChoiceField(
        label=_("Quyết định khen"), queryset=Document.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, exemplar: Exemplar, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (
            Document.objects.visible_to(user)
            .filter(unit=exemplar.verifier, status=Document.Status.ISSUED)
            .order_by("-date", "-pk")
        )


class ExemplarChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, exemplar):
        return _("%(name)s (%(unit)s, %(honour)s năm %(year)s)") % {
            "name": exemplar.name,
            "unit": exemplar.unit.name,
            "honour": exemplar.get_honour_display(),
            "year": exemplar.year,
        }


class ExchangeForm(forms.Form):
    title = forms.CharField(label=_("Tên buổi giao lưu"), max_length=300, required=False)
    starts_at = forms.DateTimeField(
        label=_("Thời gian"), input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"], widget=DateTimeInput()
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    exemplars = ExemplarChoice(
        label=_("Gương điển hình được giới thiệu"),
        queryset=Exemplar.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemplars"].queryset = candidates


class CollectiveDeedForm(forms.Form):
    collective = forms.CharField(
        label=_("Tập thể"), max_length=200, help_text=_("Ví dụ: Chi hội Phụ nữ ấp Long Hòa.")
    )
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
    description = forms.CharField(label=_("Việc đã làm"), widget=forms.Textarea(attrs={"rows": 4}))
