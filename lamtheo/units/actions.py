"""Writes on the unit tree: creating, renaming, merging and splitting units. Each atomic and audited; renaming,
merging and splitting check the rule "units.restructure" first, creating and updating "units.edit"
(PermissionDenied with the reason).

Merging keeps every old unit in the tree, closed (active_to) and moved under the unit it merged into, so its
records stay reachable and count in the new unit's subtree from the merge date. Splitting closes the old unit
where it stands and hands its people and sub-units to the new ones.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.actions import move_people
from lamtheo.people.models import Person, Position
from lamtheo.units.models import Restructuring, Unit, UnitName

UNIT_FIELDS = ["code", "name", "short_name", "kind", "area", "active_from", "active_to"]


def _fresh(unit: Unit) -> Unit:
    """Moving nodes rewrites paths; re-read before the next tree operation."""
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def create_unit(*, parent: Unit | None, actor, **fields) -> Unit:
    require(actor, "units.edit", parent)
    return _create(parent, actor, **fields)


def _create(parent: Unit | None, actor, **fields) -> Unit:
    """A new unit under `parent`, audited; the caller has checked its rule (a split creates the new units beside
    the one it splits, which the rule "units.restructure" on that unit allows)."""
    unit = Unit(**fields)
    unit.refresh_derived()
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = (
        Unit.objects.add_root(instance=unit)
        if parent is None
        else Unit.objects.add_child(_fresh(parent), instance=unit)
    )
    audit.record(
        unit, "unit.create", actor=actor, changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS)), unit=unit
    )
    return unit


@transaction.atomic
def update_unit(unit: Unit, *, actor, expected_version: int) -> Unit:
    """Save the edited fields of `unit` (not its place in the tree); ConflictError if saved since."""
    require(actor, "units.edit", unit)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    before = audit.snapshot(Unit.objects.get(pk=unit.pk), UNIT_FIELDS)
    unit.refresh_derived()
    save_versioned(unit, expected_version, [*UNIT_FIELDS, "search_text", "sort_key"])
    changes = audit.diff(before, audit.snapshot(unit, UNIT_FIELDS))
    if changes:
        audit.record(unit, "unit.update", actor=actor, changes=changes, unit=unit)
    return unit


@transaction.atomic
def rename_unit(
    unit: Unit, *, name: str, short_name: str, date: datetime.date, actor, decision: str = ""
) -> Unit:
    """Give `unit` a new name from `date`, keeping the old one with its dates."""
    require(actor, "units.restructure", unit)
    unit = _fresh(unit)
    previous = unit.former_names.first()
    since = previous.valid_to if previous else unit.active_from
    if since is not None and date <= since:
        message = _("Ngày đổi tên phải sau ngày %(date)s, khi tên hiện tại bắt đầu được dùng.")
        raise ValidationError({"date": message % {"date": vn.short_date(since)}})
    UnitName.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        valid_from=since,
        valid_to=date,
    )
    changes = audit.diff(
        {"name": unit.name, "short_name": unit.short_name}, {"name": name, "short_name": short_name}
    )
    unit.name, unit.short_name = name, short_name
    unit.version += 1
    unit.save(update_fields=["name", "short_name", "version"])
    restructuring = Restructuring.objects.create(
        kind=Restructuring.Kind.RENAME, effective_date=date, decision=decision, created_by=user_of(actor)
    )
    restructuring.sources.add(unit)
    restructuring.targets.add(unit)
    audit.record(unit, "unit.rename", actor=actor, changes=changes, unit=unit, note=decision)
    return unit


def _close(unit: Unit, date: datetime.date, **fields) -> Unit:
    """The unit stops on `date`: so do the positions held in it."""
    Position.objects.filter(unit=unit, end_date__isnull=True).update(end_date=date)
    unit = _fresh(unit)
    unit.active_to = date
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.version += 1
    unit.save(update_fields=["active_to", *fields, "version"])
    return unit


@transaction.atomic
def merge_units(sources: list[Unit], *, into: Unit, date: datetime.date, actor, decision: str = "") -> Unit:
    """Merge `sources` into `into` (an existing unit or one just created) from `date`.

    Each source is closed on `date` and moved, with everything below it, under `into`; its active sub-units
    and its active people move up to `into` itself.
    """
    for unit in [*sources, into]:
        require(actor, "units.restructure", unit)
    if not sources:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị để hợp nhất."))
    into = _fresh(into)
    if not into.is_active:
        raise ValidationError(_("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": into})
    sources = [_fresh(source) for source in sources]
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
        kind=Restructuring.Kind.MERGE, effective_date=date, decision=decision, created_by=user_of(actor)
    )
    restructuring.targets.add(into)
    for source in sources:
        source = _fresh(source)
        for child in list(Unit.objects.children_of(source).active()):
            Unit.objects.move(child, _fresh(into), "last-child")
        move_people(
            Person.objects.filter(unit=source).active(),
            into,
            actor=actor,
            date=date,
            note=f"{note}. {decision}",
        )
        Unit.objects.move(_fresh(source), _fresh(into), "last-child")
        source = _close(source, date, merged_into=into)
        restructuring.sources.add(source)
        audit.record(
            source,
            "unit.merge",
            actor=actor,
            changes={"merged_into": [None, str(into)]},
            unit=into,
            note=decision,
        )
    audit.record(
        into,
        "unit.merge",
        actor=actor,
        changes={"merged_from": [None, ", ".join(source.name for source in sources)]},
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
    its active sub-units. Everyone must be placed: a split never leaves a member or a chi bộ under a closed unit.
    """
    require(actor, "units.restructure", source)
    source = _fresh(source)
    if not source.is_active:
        raise ValidationError(_("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": source})
    if len(parts) < 2:
        raise ValidationError(_("Chia tách phải tạo ra ít nhất hai đơn vị mới."))
    children = children or {}
    active_people = list(Person.objects.filter(unit=source).active().sorted())
    unplaced = [p.full_name for p in active_people if p.pk not in people]
    if unplaced:
        raise ValidationError(_("Chưa chọn đơn vị mới cho: %(names)s.") % {"names": ", ".join(unplaced[:10])})
    active_children = list(Unit.objects.children_of(source).active().sorted())
    unplaced = [c.name for c in active_children if c.pk not in children]
    if unplaced:
        raise ValidationError(
            _("Chưa chọn đơn vị mới cho các đơn vị trực thuộc: %(names)s.")
            % {"names": ", ".join(unplaced[:10])}
        )
    if any(not 0 <= index < len(parts) for index in [*people.values(), *children.values()]):
        raise ValidationError(_("Đơn vị mới được chọn không tồn tại."))
    parent = Unit.objects.get_parent(source)
    restructuring = Restructuring.objects.create(
        kind=Restructuring.Kind.SPLIT, effective_date=date, decision=decision, created_by=user_of(actor)
    )
    restructuring.sources.add(source)
    new_units = []
    for part in parts:
        unit = _create(parent, actor, active_from=date, area=source.area, **part)
        new_units.append(unit)
        restructuring.targets.add(unit)
    note = _("Chia tách từ %(unit)s") % {"unit": source.name}
    for index, unit in enumerate(new_units):
        moved = [p for p in active_people if people[p.pk] == index]
        move_people(moved, unit, actor=actor, date=date, note=f"{note}. {decision}")
        for child in active_children:
            if children[child.pk] == index:
                Unit.objects.move(child, _fresh(unit), "last-child")
    source = _close(source, date)
    audit.record(
        source,
        "unit.split",
        actor=actor,
        changes={"split_into": [None, ", ".join(map(str, new_units))]},
        unit=source,
        note=decision,
    )
    return new_units
