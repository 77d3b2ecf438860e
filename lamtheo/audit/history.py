"""A record's history as people read it: who, what, when, and each changed field by its Vietnamese name."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from lamtheo.audit.labels import ACTION_LABELS, FIELD_LABELS
from lamtheo.audit.models import AuditEvent
from lamtheo.lib import vn


@dataclass
class Change:
    field: str
    old: object
    new: object


def _label(model, field_name: str):
    if field_name in FIELD_LABELS:
        return FIELD_LABELS[field_name]
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return field_name
    return getattr(field, "verbose_name", field_name)


def _display(model, field_name: str, value):
    """A stored value as the record's page shows it: choices by their label, dates as 29/02/2024, yes/no,
    numbers the Vietnamese way."""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, float):
        return vn.number(value, 1)
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return vn.short_date(datetime.date.fromisoformat(value))
        except ValueError:
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
