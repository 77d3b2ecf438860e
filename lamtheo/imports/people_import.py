"""Importing people (đảng viên and non-member officials) under a unit.

A row designates an existing person by party card number, else CCCD; a row with neither designates the one person
of the subtree with neither, the same name and birth date, if there is exactly one. The record a row would give
is checked by `Person.clean` (the same rules as the edit form), then against the other rows and the records
already there. Writing is bulk: a few queries per 2.000 rows, however many rows.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.audit import actions as audit
from lamtheo.audit.models import AuditEvent
from lamtheo.imports import columns as cols
from lamtheo.imports.importer import (
    MATCHING,
    WRITING,
    FileImport,
    Row,
    StaleData,
    chunks,
    insert,
    reserve_ids,
    same,
    unit_label,
    update,
)
from lamtheo.lib import vn
from lamtheo.people.actions import (  # the transfer's own bookkeeping, shared
    PERSON_FIELDS,
    leave_units,
    move_stays,
)
from lamtheo.people.models import Membership, Person
from lamtheo.units.models import Unit

AUDIT_FIELDS = [*PERSON_FIELDS, "unit"]
SAMPLE_NAME = "Nguyễn Văn Mẫu"


@dataclass(slots=True)
class PersonChange:
    person: Person  # as it is now
    fields: dict  # the record from the file, cleaned
    changed: set  # the fields that differ
    unit: Unit  # where the person will be


class PeopleImport(FileImport):
    columns = cols.PEOPLE_COLUMNS

    def is_sample(self, values):
        return values.get("national_id") == cols.SAMPLE_NATIONAL_ID and values.get("full_name") == SAMPLE_NAME

    def prepare(self):
        self.defaults = {name: Person._meta.get_field(name).get_default() for name in PERSON_FIELDS}
        self.defaults["party_status"] = Person.PartyStatus.NON_MEMBER
        units = list(Unit.objects.subtree_of(self.target))
        self.units_by_id = {u.pk: u for u in units}
        self.units_by_code = {u.code: u for u in units}
        self.units_by_upper_code = {u.code.upper(): u for u in units}
        self.units_by_name = defaultdict(list)
        for unit in units:
            self.units_by_name[vn.fold(unit.name)].append(unit)

    def check(self):
        self._resolve_units()
        self._load_people()
        total = self.rows[-1].number
        scratch = Person()
        seen = {"party_card_number": {}, "national_id": {}, "person": {}, "no_ids": {}}
        for index, row in enumerate(self.rows):
            self._check_row(row, scratch, seen)
            if index % 200 == 0:
                self.progress(MATCHING, row.number, total, force=index == 0)

    # The chi bộ named by each row ----------------------------------------------------------------------------

    def _resolve_units(self) -> None:
        unknown = defaultdict(list)  # code -> rows naming it
        for row in self.rows:
            code, name = row.values.get("unit_code"), row.values.get("unit_name")
            if code:
                key = "unit_code"
                row.unit = self.units_by_code.get(code) or self.units_by_upper_code.get(code.upper())
                if row.unit is None:
                    unknown[code].append(row)
            elif name:
                key = "unit_name"
                row.unit = self._unit_by_name(row, name)
            if row.unit is not None and not row.unit.is_active:
                self.fail(
                    row,
                    key,
                    _("Đơn vị «%(unit)s» đã ngừng hoạt động; hãy ghi đơn vị hiện nay.")
                    % {"unit": unit_label(row.unit)},
                )
                row.unit = None
        outside = set()
        for batch in chunks(unknown):
            outside.update(Unit.objects.filter(code__in=batch).values_list("code", flat=True))
        for code, rows in unknown.items():
            if code in outside:
                message = _("Chi bộ mã «%(code)s» không thuộc %(target)s, đơn vị đang nhập.")
            else:
                message = _("Không tìm thấy chi bộ có mã «%(code)s».")
            for row in rows:
                self.fail(row, "unit_code", message % {"code": code, "target": self.target.name})

    def _unit_by_name(self, row: Row, name: str) -> Unit | None:
        candidates = self.units_by_name.get(vn.fold(name), [])
        # "Ấp Bắc" and "Ấp Bác" fold alike: prefer the exact spelling, then the units still open.
        if len(candidates) > 1:
            candidates = [u for u in candidates if u.name.casefold() == name.casefold()] or candidates
        if len(candidates) > 1:
            candidates = [u for u in candidates if u.is_active] or candidates
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            message = _(
                "Có %(count)s đơn vị tên «%(name)s» trong %(target)s; hãy ghi mã chi bộ để chọn đúng."
            )
        else:
            message = _("Không tìm thấy chi bộ tên «%(name)s» trong %(target)s.")
        self.fail(
            row, "unit_name", message % {"count": len(candidates), "name": name, "target": self.target.name}
        )
        return None

    # The people already there --------------------------------------------------------------------------------

    def _load_people(self) -> None:
        """Everyone the rows may designate: a query per 2.000 card numbers and per 2.000 CCCD."""
        cards = {v for row in self.rows if (v := row.values.get("party_card_number"))}
        national_ids = {v for row in self.rows if (v := row.values.get("national_id"))}
        self.by_pk = {}  # one instance per person, however many ways the rows find them
        self.by_card, self.by_national_id = {}, {}
        for batch in chunks(cards):
            self.by_card.update(
                (p.party_card_number, p)
                for p in self._people(Person.objects.filter(party_card_number__in=batch))
            )
        for batch in chunks(national_ids):
            self.by_national_id.update(
                (p.national_id, p) for p in self._people(Person.objects.filter(national_id__in=batch))
            )
        self.without_ids = defaultdict(list)
        if any(not r.values.get("party_card_number") and not r.values.get("national_id") for r in self.rows):
            no_ids = Person.objects.in_subtree(self.target).filter(national_id=None, party_card_number=None)
            for person in self._people(no_ids):
                self.without_ids[(vn.fold(person.full_name), person.date_of_birth)].append(person)

    def _people(self, queryset) -> list[Person]:
        people = []
        for person in queryset:
            person = self.by_pk.setdefault(person.pk, person)
            if person.unit_id in self.units_by_id:
                person.unit = self.units_by_id[person.unit_id]  # the subtree's units are loaded already
            people.append(person)
        return people

    def _match(self, row: Row) -> Person | None:
        card, national_id = row.values.get("party_card_number"), row.values.get("national_id")
        by_card = self.by_card.get(card) if card else None
        by_id = self.by_national_id.get(national_id) if national_id else None
        if by_card and by_id and by_card.pk != by_id.pk:
            self.fail(
                row,
                "national_id",
                _("Số CCCD %(national_id)s đã thuộc một người khác với người có số thẻ đảng viên %(card)s.")
                % {"national_id": national_id, "card": card},
            )
            return None
        person = by_card or by_id
        if person is None and not card and not national_id:
            key = (vn.fold(row.values.get("full_name")), row.values.get("date_of_birth"))
            candidates = self.without_ids.get(key, [])
            if row.unit is not None:
                candidates = [p for p in candidates if p.unit_id == row.unit.pk]
            person = candidates[0] if len(candidates) == 1 else None
        if person is not None and person.unit_id not in self.units_by_id:
            key, value = ("party_card_number", card) if by_card else ("national_id", national_id)
            self.fail(
                row,
                key,
                _(
                    "Số %(value)s đã thuộc một người đang sinh hoạt ngoài %(target)s. Muốn đưa người đó về đây, hãy "
                    "làm thủ tục chuyển sinh hoạt."
                )
                % {"value": value, "target": self.target.name},
            )
            return None
        return person

    # One row -------------------------------------------------------------------------------------------------

    def _check_row(self, row: Row, scratch: Person, seen: dict) -> None:
        person = self._match(row)
        fields = self._merge(row, person)
        for name, value in fields.items():
            setattr(scratch, name, value)
        try:
            scratch.clean()  # the model's own rules: CCCD, card, phone, dates, member status
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in (row.failed or ()):  # a cell that could not be read already has its message
                    self.fail(row, name, " ".join(messages))
        fields = {name: getattr(scratch, name) for name in PERSON_FIELDS}
        self._check_duplicates(row, person, fields, seen)
        if row.failed:
            return
        unit = row.unit or (person.unit if person else self.target)
        if person is None:
            self.creates.append((fields, unit))
            return
        changed = {name for name in PERSON_FIELDS if not same(getattr(person, name), fields[name])}
        if changed or unit.pk != person.unit_id:
            self.updates.append(PersonChange(person, fields, changed, unit))
        else:
            self.unchanged += 1

    def _merge(self, row: Row, person: Person | None) -> dict:
        """The record as the row would leave it: what is there (or the defaults) with the file's columns over it.

        A column the file lacks changes nothing; a blank cell empties the field, except a blank status, which
        keeps the person's (a new person is "đang sinh hoạt").
        """
        if person is not None:
            fields = {name: getattr(person, name) for name in PERSON_FIELDS}
        else:
            fields = dict(self.defaults)
        for name in PERSON_FIELDS:
            if name in row.values and not (name == "status" and not row.values[name]):
                fields[name] = row.values[name]
        if person is None and not self.has_column("party_status"):
            if fields["date_official"]:
                fields["party_status"] = Person.PartyStatus.FULL
            elif fields["date_joined_party"]:
                fields["party_status"] = Person.PartyStatus.PROBATIONARY
            else:
                fields["party_status"] = Person.PartyStatus.NON_MEMBER
        return fields

    def _check_duplicates(self, row: Row, person: Person | None, fields: dict, seen: dict) -> None:
        for name, message in (
            ("party_card_number", _("Số thẻ đảng viên %(value)s trùng với dòng %(row)s.")),
            ("national_id", _("Số CCCD %(value)s trùng với dòng %(row)s.")),
        ):
            value = fields[name]
            if value and name not in (row.failed or ()):
                first = seen[name].setdefault(value, row.number)
                if first != row.number:
                    self.fail(row, name, message % {"value": value, "row": first})
        if person is not None:
            first = seen["person"].setdefault(person.pk, row.number)
            if first != row.number:
                self.fail(
                    row,
                    None,
                    _("Dòng này và dòng %(row)s cùng chỉ một người đã có: %(name)s.")
                    % {"row": first, "name": person.full_name},
                )
        elif not fields["party_card_number"] and not fields["national_id"] and fields["full_name"]:
            key = (vn.fold(fields["full_name"]), fields["date_of_birth"], row.unit.pk if row.unit else None)
            first = seen["no_ids"].setdefault(key, row.number)
            if first != row.number:
                self.fail(
                    row,
                    "full_name",
                    _(
                        "Trùng họ tên, ngày sinh và chi bộ với dòng %(row)s; hãy ghi số CCCD để phân biệt hai người."
                    )
                    % {"row": first},
                )

    # Writing -------------------------------------------------------------------------------------------------

    def write(self) -> None:
        """Everything checked, in the caller's transaction."""
        now, today = timezone.now(), timezone.localdate()
        self._check_versions()
        done, total = 0, self.write_count
        for batch in chunks(self.creates):
            self._create(batch)
            done += len(batch)
            self.progress(WRITING, done, total, force=done == total)
        for batch in chunks(self.updates):
            self._update(batch, now, today)
            done += len(batch)
            self.progress(WRITING, done, total, force=done == total)

    def _check_versions(self) -> None:
        """Refuse to overwrite a record someone saved after the file was checked (optimistic locking)."""
        expected = {change.person.pk: change.person.version for change in self.updates}
        found = 0
        for batch in chunks(list(expected)):
            for pk, version in Person.objects.filter(pk__in=batch).values_list("pk", "version"):
                if version != expected[pk]:
                    raise StaleData
                found += 1
        if found != len(expected):
            raise StaleData

    def _create(self, batch: list[tuple[dict, Unit]]) -> None:
        people = []
        for fields, unit in batch:
            person = Person(unit=unit, **fields)
            person.refresh_derived()
            people.append(person)
        ids = reserve_ids(Person, len(people))
        if ids is None:
            Person.objects.bulk_create(people)
        else:
            for person, pk in zip(people, ids, strict=True):
                person.pk = pk
            insert(Person, people)
        insert(
            Membership,
            [Membership(person_id=p.pk, unit_id=p.unit_id, reason=Membership.Reason.INITIAL) for p in people],
        )
        insert(
            AuditEvent,
            [
                audit.build(
                    p, "person.import_create", actor=self.actor, note=self.note, changes=self._created(p)
                )
                for p in people
            ],
        )

    @staticmethod
    def _created(person: Person) -> dict:
        """The history of a new record: every field given, as `[None, value]` (what audit.diff({}, ...) gives)."""
        return {name: [None, value] for name, value in audit.snapshot(person, AUDIT_FIELDS).items() if value}

    def _update(self, batch: list[PersonChange], now, today) -> None:
        changed_fields, people, moved, events = set(), [], [], []
        for change in batch:
            person = change.person
            before = audit.snapshot(person, AUDIT_FIELDS)
            old_unit = person.unit
            for name in change.changed:
                setattr(person, name, change.fields[name])
            if change.unit.pk != old_unit.pk:
                moved.append((person, old_unit))
                person.unit = change.unit
            person.version += 1
            person.updated_at = now
            person.refresh_derived()
            changed_fields |= change.changed
            people.append(person)
            changes = audit.diff(before, audit.snapshot(person, AUDIT_FIELDS))
            if change.unit.pk != old_unit.pk:
                changes["unit"] = [unit_label(old_unit), unit_label(change.unit)]
            events.append(
                audit.build(person, "person.import_update", actor=self.actor, changes=changes, note=self.note)
            )
        fields = [
            *sorted(changed_fields),
            *(["unit"] if moved else []),
            "version",
            "search_text",
            "sort_key",
            "updated_at",
        ]
        update(Person, people, fields)
        if moved:
            self._transfer(moved, today)
        insert(AuditEvent, events)

    def _transfer(self, moved: list[tuple[Person, Unit]], today) -> None:
        """Chuyển sinh hoạt as people.actions.transfer_person does it (stays closed and opened, the member's role
        following, the roles and positions held in the unit left ended, open registrations following), for many
        people at once: queries per destination unit."""
        by_destination = defaultdict(list)
        for person, _old in moved:
            by_destination[person.unit].append(person)
        for unit, people in by_destination.items():
            move_stays(people, unit, date=today, reason=Membership.Reason.TRANSFER, note=self.note)
        leave_units(
            [(person, old, person.unit) for person, old in moved],
            actor=self.actor,
            date=today,
            note=self.note,
        )
