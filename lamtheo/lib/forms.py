"""Form pieces every app shares: a date field's widget, an action's refusal shown on a form, and the form of a file
attached to a record."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.lib import uploads


def add_action_error(form, error: ValidationError) -> None:
    """Show an action's refusal on the form: on its field where the form has one, else above the fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class DateInput(forms.DateInput):
    """A browser date picker (ISO value, shown in the user's locale)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StoredFileForm(forms.Form):
    """A file to attach to a record, for `model` (a lib.uploads.StoredFile: its label, the kinds it accepts, its
    size limit), with the name to show. The checks themselves are lib.uploads.store's, made by the action."""

    file = forms.FileField()
    name = forms.CharField(
        label=gettext_lazy("Tên tài liệu"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Để trống thì dùng tên tệp."),
    )

    def __init__(self, *args, model: type[uploads.StoredFile], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.label = model.FILE_LABEL
        field.widget.attrs["accept"] = ",".join(f".{kind}" for kind in model.KINDS)
        field.help_text = _("%(kinds)s; tối đa %(size)s MB.") % {
            "kinds": ", ".join(dict.fromkeys(str(uploads.KINDS[kind]) for kind in model.KINDS)),
            "size": model.MAX_MB or settings.UPLOAD_MAX_MB,
        }
