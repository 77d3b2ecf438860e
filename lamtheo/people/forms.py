from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.people.models import Person
from lamtheo.units.forms import DateInput
from lamtheo.units.models import Unit


class PersonForm(forms.ModelForm):
    """Edit a person's record. `version` carries the version the form was read at (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "date_of_birth",
            "national_id",
            "phone",
            "email",
            "job_title",
            "party_status",
            "party_card_number",
            "date_joined_party",
            "date_official",
            "status",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "date_joined_party": DateInput(),
            "date_official": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("Chuyển đến đơn vị"), queryset=Unit.objects.none())
    date = forms.DateField(label=_("Ngày chuyển"), widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: số giấy giới thiệu sinh hoạt đảng"),
    )

    def __init__(self, *args, person: Person, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units.exclude(pk=person.unit_id)
