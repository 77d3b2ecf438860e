"""A record's history as people read it: who, what, when, and each changed field by its Vietnamese name."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from lamtheo.audit.labels import ACTION_LABELS
from lamtheo.audit.models import AuditEvent


@dataclass
class Change:
    field: str
    old: object
    new: object


def _label(model, field_name: str):
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return field_name
    return getattr(field, "verbose_name", field_name)


def _display(model, field_name: str, value):
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return value
    choices = dict(getattr(field, "choices", None) or [])
    return choices.get(value, value)


def history_for(obj, *, limit: int = 50):
    """The newest `limit` events on `obj`, with readable labels. The caller has already checked access."""
    model = type(obj)
    events = list(AuditEvent.objects.for_object(obj).select_related("actor")[:limit])
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.readable_changes = [
            Change(_label(model, name), _display(model, name, old), _display(model, name, new))
            for name, (old, new) in event.changes.items()
        ]
    return events
