"""Writes on the unit tree: creating, renaming, merging and splitting units. Each atomic and audited.

Merging keeps every old unit in the tree, closed (active_to) and moved under the unit it merged into, so its
records stay reachable and count in the new unit's subtree from the merge date. Splitting closes the old unit
where it stands and hands its people and sub-units to the new ones.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.audit import actions as audit
from lamtheo.people.actions import move_people
from lamtheo.people.models import Person
from lamtheo.units.models import Restructuring, Unit, UnitName

UNIT_FIELDS = ["code", "name", "short_name", "kind", "area", "active_from", "active_to"]


def _fresh(unit: Unit) -> Unit:
    """Moving nodes rewrites paths; re-read before the next tree operation."""
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def create_unit(*, parent: Unit | None, actor, **fields) -> Unit:
    unit = Unit(**fields)
    unit.refresh_derived()
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = (
        Unit.objects.add_root(instance=unit)
        if parent is None
        else Unit.objects.add_child(_fresh(parent), instance=unit)
    )
    audit.record(unit, "unit.create", actor=actor, changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS)))
    return unit


@transaction.atomic
def rename_unit(
    unit: Unit, *, name: str, short_name: str, date: datetime.date, actor, decision: str = ""
) -> Unit:
    """Give `unit` a new name from `date`, keeping the old one with its dates."""
    previous = unit.former_names.first()
    UnitName.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        valid_from=previous.valid_to if previous else unit.active_from,
        valid_to=date,
    )
    changes = {"name": [unit.name, name], "short_name": [unit.short_name, short_name]}
    unit.name, unit.short_name = name, short_name
    unit.version += 1
    unit.save(update_fields=["name", "short_name", "version"])
    restructuring = Restructuring.objects.create(
        kind=Restructuring.Kind.RENAME, effective_date=date, decision=decision, created_by=_user(actor)
    )
    restructuring.sources.add(unit)
    restructuring.targets.add(unit)
    audit.record(unit, "unit.rename", actor=actor, changes=changes, unit=unit, note=decision)
    return unit


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def merge_units(sources: list[Unit], *, into: Unit, date: datetime.date, actor, decision: str = "") -> Unit:
    """Merge `sources` into `into` (an existing unit or one just created) from `date`."""
    if not sources:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị để hợp nhất."))
    into = _fresh(into)
    for source in sources:
        if source.pk == into.pk or into.path.startswith(source.path):
            raise ValidationError(
                _("Không thể hợp nhất %(source)s vào chính nó hoặc vào đơn vị cấp dưới của nó.")
                % {"source": source}
            )
        if not source.is_active:
            raise ValidationError(_("Đơn vị %(source)s đã ngừng hoạt động.") % {"source": source})
    note = _("Hợp nhất vào %(unit)s") % {"unit": into.name}
    restructuring = Restructuring.objects.create(
        kind=Restructuring.Kind.MERGE, effective_date=date, decision=decision, created_by=_user(actor)
    )
    restructuring.targets.add(into)
    for source in sources:
        source = _fresh(source)
        for child in list(source.get_children().filter(active_to__isnull=True)):
            Unit.objects.move(child, _fresh(into), "last-child")
        move_people(
            Person.objects.filter(unit=source).active(),
            into,
            actor=actor,
            date=date,
            note=f"{note}. {decision}",
        )
        source = _fresh(source)
        Unit.objects.move(source, _fresh(into), "last-child")
        source = _fresh(source)
        source.active_to = date
        source.merged_into = into
        source.version += 1
        source.save(update_fields=["active_to", "merged_into", "version"])
        restructuring.sources.add(source)
        audit.record(
            source,
            "unit.merge",
            actor=actor,
            changes={"merged_into": [None, str(into)]},
            unit=into,
            note=decision,
        )
    return _fresh(into)


@transaction.atomic
def split_unit(
    source: Unit,
    parts: list[dict],
    *,
    people: dict[int, int],
    children: dict[int, int] | None = None,
    date: datetime.date,
    actor,
    decision: str = "",
) -> list[Unit]:
    """Split `source` into new units described by `parts` (code, name, short_name, kind).

    `people` maps each active person of the source to the index of their new unit; `children` does the same for
    its active sub-units. Everyone must be placed: a split never leaves a member without a unit.
    """
    source = _fresh(source)
    if len(parts) < 2:
        raise ValidationError(_("Chia tách phải tạo ra ít nhất hai đơn vị mới."))
    children = children or {}
    active_people = list(Person.objects.filter(unit=source).active())
    unplaced = [p.full_name for p in active_people if p.pk not in people]
    if unplaced:
        raise ValidationError(_("Chưa chọn đơn vị mới cho: %(names)s.") % {"names": ", ".join(unplaced[:10])})
    if any(not 0 <= index < len(parts) for index in [*people.values(), *children.values()]):
        raise ValidationError(_("Đơn vị mới được chọn không tồn tại."))
    parent = source.get_parent()
    restructuring = Restructuring.objects.create(
        kind=Restructuring.Kind.SPLIT, effective_date=date, decision=decision, created_by=_user(actor)
    )
    restructuring.sources.add(source)
    new_units = []
    for part in parts:
        unit = create_unit(parent=parent, actor=actor, active_from=date, area=source.area, **part)
        new_units.append(unit)
        restructuring.targets.add(unit)
    note = _("Chia tách từ %(unit)s") % {"unit": source.name}
    for index, unit in enumerate(new_units):
        moved = [p for p in active_people if people[p.pk] == index]
        move_people(moved, unit, actor=actor, date=date, note=f"{note}. {decision}")
        for child in Unit.objects.filter(pk__in=[pk for pk, i in children.items() if i == index]):
            Unit.objects.move(_fresh(child), _fresh(unit), "last-child")
    source = _fresh(source)
    source.active_to = date
    source.version += 1
    source.save(update_fields=["active_to", "version"])
    audit.record(
        source,
        "unit.split",
        actor=actor,
        changes={"split_into": [None, ", ".join(map(str, new_units))]},
        note=decision,
    )
    return new_units
