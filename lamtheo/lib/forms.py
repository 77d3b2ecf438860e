"""Form pieces every app shares: a date field's widget, and an action's refusal shown on a form."""

from django import forms
from django.core.exceptions import ValidationError


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
