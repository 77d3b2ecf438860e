from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from lamtheo.lib.forms import DateInput
from lamtheo.people.models import Person
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

    # Typed with spaces, dots or +84 and stored as bare digits: the model applies the stored length limit
    # after normalising, and its clean() says in Vietnamese what is wrong.
    TYPED_WITH_SEPARATORS = ("national_id", "party_card_number", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False
        for name in self.TYPED_WITH_SEPARATORS:
            field = self.fields[name]
            field.max_length = None
            field.widget.attrs.pop("maxlength", None)
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


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
