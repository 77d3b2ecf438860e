"""Importing units (tổ chức đảng) under a unit.

A row with a code already in the subtree updates that unit (name, short name, kind, date); it never moves it (that
is a restructuring, with its own page). A new code creates the unit under its parent: the unit imported into, a
unit inside it, or a unit of an earlier row. Units are created in file order through the tree library, so the
tree's paths stay right.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.audit import actions as audit
from lamtheo.imports import columns as cols
from lamtheo.imports.importer import MATCHING, WRITING, FileImport, StaleData, chunks, same
from lamtheo.imports.readers import Table
from lamtheo.units.models import Unit, UnitName

EDITABLE = ("name", "short_name", "kind", "active_from")
AUDIT_FIELDS = ["code", "name", "short_name", "kind", "active_from", "active_to"]


class UnitImport(FileImport):
    columns = cols.UNIT_COLUMNS

    def is_sample(self, values):
        return values.get("code") == cols.SAMPLE_UNIT_CODE

    def header_problems(self, table: Table) -> list[str]:
        people_headers = cols.match_headers(table.headers, cols.PEOPLE_COLUMNS)
        if "full_name" in people_headers.index:
            return [
                _(
                    "Tệp này là danh sách người (có cột «%(column)s»); hãy chọn loại dữ liệu «Danh sách người»."
                )
                % {"column": people_headers.header["full_name"]}
            ]
        return []

    def prepare(self):
        units = list(Unit.objects.subtree_of(self.target))
        self.by_code = {u.code: u for u in units}
        self.by_path = {u.path: u for u in units}
        parent = Unit.objects.get_parent(self.target)
        self.target_parent_code = parent.code if parent else ""

    def check(self):
        codes = {row.values.get(key) for row in self.rows for key in ("code", "parent_code")}
        unknown = [code for code in codes if code and code not in self.by_code]
        self.outside = set()
        for batch in chunks(unknown):
            self.outside.update(Unit.objects.filter(code__in=batch).values_list("code", flat=True))
        self.first_row = {}
        for row in self.rows:
            if code := row.values.get("code"):
                self.first_row.setdefault(code, row.number)
        self.new_codes = set()  # the new units of the rows checked so far
        total = self.rows[-1].number
        for index, row in enumerate(self.rows):
            self._check_row(row)
            if index % 100 == 0:
                self.progress(MATCHING, row.number, total, force=index == 0)

    def _check_row(self, row) -> None:
        code = row.values.get("code")
        if not code:
            if "code" not in (row.failed or ()):
                self.fail(row, "code", _("Mã đơn vị không được để trống."))
            return
        if self.first_row[code] != row.number:
            self.fail(
                row,
                "code",
                _("Mã đơn vị «%(code)s» trùng với dòng %(row)s.")
                % {"code": code, "row": self.first_row[code]},
            )
            return
        if code in self.outside:
            self.fail(
                row,
                "code",
                _("Mã đơn vị «%(code)s» đã được dùng cho một đơn vị ngoài %(target)s.")
                % {"code": code, "target": self.target.name},
            )
            return
        if not row.values.get("name") and "name" not in (row.failed or ()):
            self.fail(row, "name", _("Tên đơn vị không được để trống."))
        existing = self.by_code.get(code)
        if existing is None:
            self._check_new(row, code)
        else:
            self._compare(row, existing)

    def _check_new(self, row, code: str) -> None:
        parent_code = row.values.get("parent_code") or self.target.code
        parent = self.by_code.get(parent_code)
        if parent is None and parent_code not in self.new_codes:
            if parent_code in self.outside:
                message = _("Đơn vị cấp trên «%(parent)s» không thuộc %(target)s, đơn vị đang nhập.")
            elif self.first_row.get(parent_code, 0) > row.number:
                message = _("Đơn vị cấp trên «%(parent)s» phải được ghi ở một dòng trước dòng này.")
            else:
                message = _("Không tìm thấy đơn vị cấp trên có mã «%(parent)s».")
            self.fail(row, "parent_code", message % {"parent": parent_code, "target": self.target.name})
        elif parent is not None and not parent.is_active:
            self.fail(
                row,
                "parent_code",
                _("Đơn vị cấp trên «%(parent)s» đã ngừng hoạt động.") % {"parent": parent_code},
            )
        if not row.values.get("kind") and "kind" not in (row.failed or ()):
            self.fail(row, "kind", _("Đơn vị mới phải có loại (ví dụ «Chi bộ trực thuộc»)."))
        self.new_codes.add(code)
        if not row.failed:
            fields = {name: row.values.get(name) or "" for name in ("name", "short_name", "kind")}
            self.creates.append((code, parent_code, fields | {"active_from": row.values.get("active_from")}))

    def _compare(self, row, unit: Unit) -> None:
        parent_code = row.values.get("parent_code")
        current = (
            self.target_parent_code
            if unit.pk == self.target.pk
            else self.by_path[unit.path[: -Unit.steplen]].code
        )
        if parent_code and parent_code != current:
            self.fail(
                row,
                "parent_code",
                _(
                    "Đơn vị «%(code)s» đang thuộc đơn vị mã «%(current)s»; nhập tệp không chuyển đơn vị sang cấp trên "
                    "khác (hãy dùng chức năng hợp nhất, chia tách)."
                )
                % {"code": unit.code, "current": current},
            )
        if row.failed:
            return
        changed = {
            name: row.values[name]
            for name in EDITABLE
            if name in row.values
            and not (name == "kind" and not row.values[name])  # a blank kind keeps the unit's
            and not same(getattr(unit, name), row.values[name])
        }
        if changed:
            self.updates.append((unit, changed))
        else:
            self.unchanged += 1

    def write(self) -> None:
        """Parents first, in file order, through treebeard; then the updates. In the caller's transaction."""
        fresh = {u.code: u for u in Unit.objects.subtree_of(self.target)}  # paths as they are now
        for unit, _changed in self.updates:
            if fresh[unit.code].version != unit.version:
                raise StaleData
        events = []
        for done, (code, parent_code, fields) in enumerate(self.creates, start=1):
            unit = Unit.objects.add_child(fresh[parent_code], instance=Unit(code=code, **fields))
            fresh[code] = unit
            events.append(
                audit.build(
                    unit,
                    "unit.import_create",
                    actor=self.actor,
                    unit=unit,
                    note=self.note,
                    changes=audit.diff({}, audit.snapshot(unit, AUDIT_FIELDS)),
                )
            )
            self.progress(WRITING, done, self.write_count, force=done == self.write_count)
        self._update(fresh, events)
        audit.record_many(events)

    def _update(self, fresh: dict[str, Unit], events: list) -> None:
        units, names, fields = [], [], set()
        renamed = [unit.pk for unit, changed in self.updates if "name" in changed or "short_name" in changed]
        last_names = {}
        for former in UnitName.objects.filter(unit__in=renamed).order_by("valid_to"):
            last_names[former.unit_id] = former
        today = timezone.localdate()
        for stale, changed in self.updates:
            unit = fresh[stale.code]
            before = audit.snapshot(unit, AUDIT_FIELDS)
            if unit.pk in renamed:
                previous = last_names.get(unit.pk)
                names.append(
                    UnitName(
                        unit=unit,
                        name=unit.name,
                        short_name=unit.short_name,
                        valid_to=today,
                        valid_from=previous.valid_to if previous else unit.active_from,
                    )
                )
            for name, value in changed.items():
                setattr(unit, name, value)
            unit.version += 1
            unit.refresh_derived()
            fields |= set(changed)
            units.append(unit)
            events.append(
                audit.build(
                    unit,
                    "unit.import_update",
                    actor=self.actor,
                    unit=unit,
                    note=self.note,
                    changes=audit.diff(before, audit.snapshot(unit, AUDIT_FIELDS)),
                )
            )
        if units:
            Unit.objects.bulk_update(
                units, [*sorted(fields), "version", "search_text", "sort_key"], batch_size=500
            )
            UnitName.objects.bulk_create(names)
