"""Writing history rows. Every action that changes a record calls `record` (or `record_many` in bulk)."""

import datetime

from django.contrib.contenttypes.models import ContentType

from lamtheo.audit.models import AuditEvent
from lamtheo.audit.signals import recorded


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def snapshot(obj, fields) -> dict:
    """The values of `fields` on `obj` as JSON-able values (foreign keys by their text)."""
    return {field: _plain(getattr(obj, field)) for field in fields}


def diff(before: dict, after: dict) -> dict:
    """`{field: [old, new]}` for the fields that changed."""
    return {field: [before.get(field), value] for field, value in after.items() if before.get(field) != value}


def user_of(actor):
    """The account to record as having acted: None for the system (a command, the demo loader) or anonymous."""
    return actor if actor is not None and actor.is_authenticated else None


def build(obj, action: str, *, actor, changes=None, unit=None, note: str = "") -> AuditEvent:
    return AuditEvent(
        actor=user_of(actor),
        action=action,
        target_type=ContentType.objects.get_for_model(obj),
        target_id=obj.pk,
        target_repr=str(obj)[:200],
        unit=unit if unit is not None else getattr(obj, "unit", None),
        changes=changes or {},
        note=note[:300],
    )


def record(obj, action: str, *, actor, changes=None, unit=None, note: str = "") -> AuditEvent:
    event = build(obj, action, actor=actor, changes=changes, unit=unit, note=note)
    event.save()
    recorded.send(AuditEvent, models=[type(obj)])
    return event


def record_many(events: list[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    types = {event.target_type_id: event.target_type for event in events}
    recorded.send(AuditEvent, models=[kind.model_class() for kind in types.values()])
