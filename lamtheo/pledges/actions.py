"""Writes on registrations: every step atomic, audited, checked for the role and the state.

Views, the admin and the demo loader call these. A step that changes the registration names the version it was
read at: when someone else acted on it since (two secretaries reviewing it at once), ConflictError says who did
what, and nothing is written. A refused role raises PermissionDenied, a refused state or bad input
ValidationError, each with a Vietnamese message that says what to do.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.lib import vn
from lamtheo.lib.concurrency import ConflictError, save_versioned
from lamtheo.lib.uploads import store
from lamtheo.people.models import Person
from lamtheo.pledges.models import (
    Deed,
    DeedEvidence,
    Pledge,
    PledgeItem,
    ProgressNote,
    RegistrationDeadline,
    Reminder,
    Review,
    ancestor_paths,
)
from lamtheo.pledges.rules import holds_position, publishing_units

Status = Pledge.Status
# Deeds are evidence for accepted commitments, recorded during the year until the registration is locked.
DEED_STATES = (Status.ACCEPTED, Status.SELF_ASSESSED, Status.RATED)
FIRST_YEAR = 2000


@dataclass
class ItemData:
    """One commitment as a form or the demo hands it to `update_items`; `id` keeps an existing item."""

    area: str
    commitment: str
    measure: str
    due_date: datetime.date | None = None
    rules: list = field(default_factory=list)  # ConductRule objects or ids
    id: int | None = None


def _name(actor) -> str:
    return str(actor)[:150] if user_of(actor) else _("hệ thống")


# What a step did, in the words of "Bản đăng ký này vừa được … <verb> lúc …".
_DONE = {
    Review.Kind.CREATED: _("lập"),
    Review.Kind.SUBMITTED: _("nộp"),
    Review.Kind.RETURNED: _("trả lại để sửa"),
    Review.Kind.ACCEPTED: _("chấp nhận"),
    Review.Kind.SELF_ASSESSED: _("tự đánh giá"),
    Review.Kind.RATED: _("nhận xét, xếp loại"),
    Review.Kind.LOCKED: _("khóa"),
    Review.Kind.PUBLISHED: _("công khai"),
    Review.Kind.UNPUBLISHED: _("thôi công khai"),
}


def _conflict(current: Pledge) -> ConflictError:
    last = current.reviews.order_by("-pk").first()
    if last is not None and last.version == current.version:
        return ConflictError(
            _(
                "Bản đăng ký này vừa được %(who)s %(what)s lúc %(when)s, sau khi anh/chị mở trang. Thao tác của "
                "anh/chị chưa được thực hiện và không ghi đè lên thao tác đó; hãy tải lại trang để xem tình trạng "
                "mới nhất."
            )
            % {
                "who": last.actor_name or _("người khác"),
                "what": _DONE[last.kind],
                "when": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    return ConflictError(
        _(
            "Bản đăng ký này vừa được người khác sửa sau khi anh/chị mở trang. Thao tác của anh/chị chưa được thực "
            "hiện; hãy tải lại trang để xem bản mới nhất."
        )
    )


def _fresh(pledge: Pledge, expected_version: int | None) -> Pledge:
    """The registration's row, locked for this transaction; ConflictError if it moved past `expected_version`."""
    current = Pledge.objects.select_for_update().select_related("unit", "person").get(pk=pledge.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise _conflict(current)
    return current


def _sync(target: Pledge, source: Pledge) -> None:
    """Copy the saved state back onto the caller's object."""
    for model_field in Pledge._meta.concrete_fields:
        setattr(target, model_field.attname, getattr(source, model_field.attname))


def _save(pledge: Pledge, fields: list[str]) -> None:
    pledge.updated_at = timezone.now()
    save_versioned(pledge, pledge.version, [*fields, "updated_at"])


def _step(pledge: Pledge, kind: str, actor, *, remark: str = "", level: str = "", at=None) -> Review:
    step = _review(pledge, kind, actor, remark=remark, level=level, at=at)
    step.save()
    return step


def _review(pledge: Pledge, kind: str, actor, *, remark: str = "", level: str = "", at=None) -> Review:
    """The history row of a step, unsaved."""
    return Review(
        pledge=pledge,
        kind=kind,
        at=at or timezone.now(),
        actor=user_of(actor),
        actor_name=_name(actor),
        remark=remark,
        level=level,
        version=pledge.version,
    )


def _require_state(pledge: Pledge, allowed, doing: str) -> None:
    if pledge.status in allowed:
        return
    if pledge.is_locked:
        raise ValidationError(
            _("Bản đăng ký đã khóa: không thể %(doing)s, không sửa hay thêm gì được nữa.") % {"doing": doing}
        )
    raise ValidationError(
        _("Không thể %(doing)s: bản đăng ký đang ở tình trạng «%(status)s».")
        % {"doing": doing, "status": pledge.get_status_display()}
    )


def _status_change(before: str, after: str) -> dict:
    return {"status": [before, after]}


# Creating and writing --------------------------------------------------------------------------------------------


def default_topic(unit, year: int):
    """The yearly topic the unit works under: its own, else that of the nearest committee above."""
    from lamtheo.topics.models import Topic

    return (
        Topic.objects.applying_to(unit)
        .for_year(year)
        .filter(kind=Topic.Kind.YEAR)
        .order_by("-unit__depth", "-pk")
        .first()
    )


def allowed_rules(unit, year: int):
    """The rules a registration of `unit` may refer to: those of the adopted code in force for `year` of the unit,
    else of the nearest unit above with one."""
    from lamtheo.conduct.models import ConductCode, ConductRule

    code = (
        ConductCode.objects.filter(
            unit__path__in=ancestor_paths([unit.path], unit.steplen),
            status=ConductCode.Status.ADOPTED,
            start_year__lte=year,
            end_year__gte=year,
        )
        .order_by("-unit__depth", "-start_year", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if code is None:
        return ConductRule.objects.none()
    return (
        ConductRule.objects.filter(code=code).only("pk", "code_id", "position", "text").order_by("position")
    )


def _shift_year(day: datetime.date | None, year: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29/02 in a year without it
        return day.replace(year=year, day=28)


@dataclass
class PledgeRecord:
    """A registration with what to insert of it: its items (and the conduct rules each names, by id), the steps of
    its history, progress notes and deeds (each with the items it serves). Rows name the registration and its
    items by the object; a registration or an item already saved is not inserted again."""

    pledge: Pledge
    items: list[PledgeItem] = field(default_factory=list)
    rules: list[tuple[PledgeItem, int]] = field(default_factory=list)
    steps: list[Review] = field(default_factory=list)
    notes: list[ProgressNote] = field(default_factory=list)
    deeds: list[tuple[Deed, list[PledgeItem]]] = field(default_factory=list)


@transaction.atomic
def write_pledges(records: list[PledgeRecord]) -> None:
    """Insert what `records` hold: what `create_pledge`, `add_progress` and `add_deed` write once their rule and
    checks have passed. The demo loader writes its years of registrations through it, thousands at a time, so the
    two cannot drift. Earlier years first: a registration may start from one of an earlier year in the same call."""
    new = [r.pledge for r in records if r.pledge.pk is None]
    for year in sorted({pledge.year for pledge in new}):
        Pledge.objects.bulk_create([p for p in new if p.year == year], batch_size=1000)
    PledgeItem.objects.bulk_create(
        [item for r in records for item in r.items if item.pk is None], batch_size=1000
    )
    Rules = PledgeItem.rules.through
    Rules.objects.bulk_create(
        [Rules(pledgeitem_id=item.pk, conductrule_id=rule) for r in records for item, rule in r.rules],
        batch_size=1000,
    )
    Review.objects.bulk_create([step for r in records for step in r.steps], batch_size=1000)
    ProgressNote.objects.bulk_create([note for r in records for note in r.notes], batch_size=1000)
    deeds = [(deed, items) for r in records for deed, items in r.deeds]
    Deed.objects.bulk_create([deed for deed, _items in deeds], batch_size=1000)
    Deed.items.through.objects.bulk_create(
        [
            Deed.items.through(deed_id=deed.pk, pledgeitem_id=item.pk)
            for deed, items in deeds
            for item in items
        ],
        batch_size=1000,
    )


@transaction.atomic
def create_pledge(person: Person, year: int, *, actor, copy_from: Pledge | None = None) -> Pledge:
    """Start `person`'s registration for `year`, empty or from an earlier one of theirs (copied as a starting
    point: the items, with their dates moved to `year`)."""
    require(actor, "pledges.enter_for", person)
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ValidationError(_("Năm %(year)s không hợp lệ.") % {"year": year})
    if person.status not in Person.ACTIVE_STATUSES:
        raise ValidationError(
            _("%(name)s không còn sinh hoạt (%(status)s).")
            % {"name": person, "status": person.get_status_display().lower()}
        )
    if Pledge.objects.filter(person=person, year=year).exists():
        raise ValidationError(_("%(name)s đã có bản đăng ký năm %(year)s.") % {"name": person, "year": year})
    if copy_from is not None and (copy_from.person_id != person.pk or copy_from.year >= year):
        raise ValidationError(_("Chỉ sao được từ bản đăng ký của chính người này ở một năm trước."))
    pledge = Pledge(
        person=person,
        unit=person.unit,
        year=year,
        topic=default_topic(person.unit, year),
        copied_from=copy_from,
        created_by=user_of(actor),
    )
    record = PledgeRecord(pledge)
    if copy_from is not None:
        allowed = set(allowed_rules(person.unit, year).values_list("pk", flat=True))
        for source in copy_from.items.prefetch_related("rules"):
            item = PledgeItem(
                pledge=pledge,
                position=source.position,
                area=source.area,
                commitment=source.commitment,
                measure=source.measure,
                due_date=_shift_year(source.due_date, year),
            )
            record.items.append(item)
            record.rules.extend((item, rule.pk) for rule in source.rules.all() if rule.pk in allowed)
    record.steps.append(_review(pledge, Review.Kind.CREATED, actor))
    write_pledges([record])
    changes = {"year": [None, year]}
    if copy_from is not None:
        changes["copied_from"] = [None, str(copy_from)]
    audit.record(pledge, "pledge.create", actor=actor, changes=changes)
    return pledge


def item_errors(items: list[ItemData], year: int, allowed_rule_ids: set[int] | None = None) -> list[str]:
    """What is wrong with `items`, each message naming the item by its number."""
    errors = []
    areas = set(PledgeItem.Area.values)
    for number, item in enumerate(items, 1):
        values = {"n": number}
        if item.area not in areas:
            errors.append(_("Nội dung thứ %(n)s: hãy chọn lĩnh vực.") % values)
        if not (item.commitment or "").strip():
            errors.append(_("Nội dung thứ %(n)s: chưa ghi việc sẽ làm.") % values)
        if not (item.measure or "").strip():
            errors.append(_("Nội dung thứ %(n)s: chưa ghi cách đo kết quả.") % values)
        if item.due_date is not None and item.due_date.year != year:
            errors.append(
                _("Nội dung thứ %(n)s: thời hạn %(date)s nằm ngoài năm %(year)s.")
                % {"n": number, "date": vn.short_date(item.due_date), "year": year}
            )
        if allowed_rule_ids is not None:
            for rule in item.rules:
                if getattr(rule, "pk", rule) not in allowed_rule_ids:
                    errors.append(
                        _("Nội dung thứ %(n)s: chuẩn mực đã chọn không thuộc bộ chuẩn mực đang áp dụng.")
                        % values
                    )
                    break
    return errors


def _items_text(pledge: Pledge) -> list[str]:
    """The items as the history shows them: one line each."""
    lines = []
    for item in pledge.items.order_by("position", "pk"):
        line = f"{item.position}. [{item.get_area_display()}] {item.commitment} — {item.measure}"
        if item.due_date:
            line += f" — {vn.short_date(item.due_date)}"
        lines.append(line)
    return lines


@transaction.atomic
def update_items(pledge: Pledge, items: list[ItemData], *, actor, expected_version) -> Pledge:
    """Replace the registration's items with `items` (in that order), while it is a draft or returned."""
    require(actor, "pledges.enter", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, Pledge.EDITABLE_STATES, _("sửa nội dung"))
    allowed = set(allowed_rules(current.unit, current.year).values_list("pk", flat=True))
    errors = item_errors(items, current.year, allowed)
    if errors:
        raise ValidationError(errors)
    before = _items_text(current)
    existing = {item.pk: item for item in current.items.all()}
    kept = []
    for position, data in enumerate(items, 1):
        item = existing.get(data.id) if data.id else None
        if item is None:
            item = PledgeItem(pledge=current)
        item.position = position
        item.area = data.area
        item.commitment = data.commitment.strip()
        item.measure = data.measure.strip()
        item.due_date = data.due_date
        item.save()
        item.rules.set([getattr(rule, "pk", rule) for rule in data.rules])
        kept.append(item.pk)
    current.items.exclude(pk__in=kept).delete()
    _save(current, [])
    after = _items_text(current)
    if before != after:
        audit.record(
            current, "pledge.update", actor=actor, changes={"items": ["\n".join(before), "\n".join(after)]}
        )
    _sync(pledge, current)
    return pledge


def _same_as_copy(pledge: Pledge) -> bool:
    source = pledge.copied_from
    if source is None:
        return False
    mine = sorted(item.content() for item in pledge.items.all())
    theirs = sorted(item.content() for item in source.items.all())
    return mine == theirs


@transaction.atomic
def submit_pledge(pledge: Pledge, *, actor, expected_version) -> Pledge:
    require(actor, "pledges.enter", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, Pledge.EDITABLE_STATES, _("nộp"))
    items = list(current.items.all())
    if not items:
        raise ValidationError(
            _("Bản đăng ký chưa có nội dung nào: hãy ghi ít nhất một việc sẽ làm rồi mới nộp.")
        )
    errors = item_errors([ItemData(i.area, i.commitment, i.measure, i.due_date) for i in items], current.year)
    if errors:
        raise ValidationError(errors)
    before = current.status
    now = timezone.now()
    current.status = Status.SUBMITTED
    current.submitted_at, current.submitted_by = now, user_of(actor)
    current.first_submitted_at = current.first_submitted_at or now
    current.unchanged_from_copy = _same_as_copy(current)
    _save(
        current,
        ["status", "submitted_at", "submitted_by", "first_submitted_at", "unchanged_from_copy"],
    )
    _step(current, Review.Kind.SUBMITTED, actor, at=now)
    note = _("chưa thay đổi so với năm trước") if current.unchanged_from_copy else ""
    audit.record(
        current, "pledge.submit", actor=actor, changes=_status_change(before, current.status), note=note
    )
    _sync(pledge, current)
    return pledge


# Reviewing -------------------------------------------------------------------------------------------------------


@transaction.atomic
def return_pledge(pledge: Pledge, *, actor, expected_version, remark: str) -> Pledge:
    """Send the registration back to its author with what to fix."""
    require(actor, "pledges.review", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, [Status.SUBMITTED], _("trả lại"))
    remark = (remark or "").strip()
    if not remark:
        raise ValidationError({"remark": _("Hãy ghi lý do trả lại để người đăng ký biết cần sửa gì.")})
    before = current.status
    now = timezone.now()
    current.status = Status.RETURNED
    current.reviewed_at, current.reviewed_by = now, user_of(actor)
    _save(current, ["status", "reviewed_at", "reviewed_by"])
    _step(current, Review.Kind.RETURNED, actor, remark=remark, at=now)
    audit.record(
        current, "pledge.return", actor=actor, changes=_status_change(before, current.status), note=remark
    )
    _sync(pledge, current)
    return pledge


@transaction.atomic
def accept_pledge(pledge: Pledge, *, actor, expected_version, remark: str = "") -> Pledge:
    require(actor, "pledges.review", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, [Status.SUBMITTED], _("chấp nhận"))
    before = current.status
    now = timezone.now()
    current.status = Status.ACCEPTED
    current.reviewed_at, current.reviewed_by = now, user_of(actor)
    _save(current, ["status", "reviewed_at", "reviewed_by"])
    _step(current, Review.Kind.ACCEPTED, actor, remark=(remark or "").strip(), at=now)
    audit.record(
        current, "pledge.accept", actor=actor, changes=_status_change(before, current.status), note=remark
    )
    _sync(pledge, current)
    return pledge


# During the year -------------------------------------------------------------------------------------------------


@transaction.atomic
def add_progress(
    pledge: Pledge, *, actor, text: str, date: datetime.date | None = None, item=None
) -> ProgressNote:
    require(actor, "pledges.record", pledge)
    current = Pledge.objects.select_related("unit").get(pk=pledge.pk)
    _require_state(current, [Status.ACCEPTED], _("ghi tiến độ (chỉ ghi khi bản đăng ký đã được chấp nhận)"))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Hãy ghi tiến độ, kết quả đã làm được.")})
    date = date or timezone.localdate()
    if date.year != current.year or date > timezone.localdate():
        raise ValidationError(
            {
                "date": _("Ngày %(date)s không hợp lệ: phải trong năm %(year)s và không sau hôm nay.")
                % {"date": vn.short_date(date), "year": current.year}
            }
        )
    if item is not None and item.pledge_id != current.pk:
        raise ValidationError({"item": _("Nội dung đã chọn không thuộc bản đăng ký này.")})
    note = ProgressNote(pledge=current, item=item, date=date, text=text, author=user_of(actor))
    write_pledges([PledgeRecord(current, notes=[note])])
    audit.record(
        current,
        "pledge.progress",
        actor=actor,
        note=(f"{item.position}. " if item else "") + text,
    )
    return note


def add_deed(
    pledge: Pledge,
    *,
    actor,
    date: datetime.date,
    description: str,
    items=(),
    upload=None,
) -> Deed:
    """A deed in the person's log, linked to items of `pledge`, with an optional photo or document."""
    require(actor, "pledges.record", pledge)
    current = Pledge.objects.select_related("unit", "person").get(pk=pledge.pk)
    _require_state(current, DEED_STATES, _("ghi việc làm theo (chỉ ghi khi bản đăng ký đã được chấp nhận)"))
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Hãy ghi việc đã làm.")})
    if date is None or date.year != current.year or date > timezone.localdate():
        raise ValidationError(
            {
                "date": _("Ngày %(date)s không hợp lệ: phải trong năm %(year)s và không sau hôm nay.")
                % {"date": vn.short_date(date), "year": current.year}
            }
        )
    items = list(items)
    if any(item.pledge_id != current.pk for item in items):
        raise ValidationError({"items": _("Nội dung đã chọn không thuộc bản đăng ký này.")})
    deed = Deed(
        person=current.person,
        unit=current.unit,
        pledge=current,
        date=date,
        description=description,
        author=user_of(actor),
    )
    with transaction.atomic():
        write_pledges([PledgeRecord(current, deeds=[(deed, items)])])

        def recorded():
            audit.record(current, "pledge.deed", actor=actor, note=f"{vn.short_date(date)}: {description}")

        if upload is None:
            recorded()
        else:  # checked and stored as every attached file is; a refusal undoes the deed too
            store(DeedEvidence(deed=deed, uploaded_by=user_of(actor)), upload, then=recorded)
    return deed


# Year end --------------------------------------------------------------------------------------------------------


@transaction.atomic
def self_assess(pledge: Pledge, results: dict, *, actor, expected_version, summary: str = "") -> Pledge:
    """The person's year-end assessment: `results` maps each item's id to (result, note)."""
    require(actor, "pledges.enter", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, [Status.ACCEPTED], _("tự đánh giá"))
    items = list(current.items.all())
    valid = set(PledgeItem.Result.values)
    errors = []
    for item in items:
        result, _note = results.get(item.pk, ("", ""))
        if result not in valid:
            errors.append(_("Nội dung thứ %(n)s: chưa chọn mức tự đánh giá.") % {"n": item.position})
    if errors:
        raise ValidationError(errors)
    for item in items:
        item.self_result, note = results[item.pk]
        item.self_note = (note or "").strip()
    PledgeItem.objects.bulk_update(items, ["self_result", "self_note"])
    before = current.status
    now = timezone.now()
    current.status = Status.SELF_ASSESSED
    current.self_summary = (summary or "").strip()
    current.self_assessed_at, current.self_assessed_by = now, user_of(actor)
    _save(current, ["status", "self_summary", "self_assessed_at", "self_assessed_by"])
    _step(current, Review.Kind.SELF_ASSESSED, actor, remark=current.self_summary, at=now)
    done = sum(item.self_result == PledgeItem.Result.DONE for item in items)
    audit.record(
        current,
        "pledge.self_assess",
        actor=actor,
        changes=_status_change(before, current.status),
        note=_("%(done)s/%(total)s nội dung hoàn thành") % {"done": done, "total": len(items)},
    )
    _sync(pledge, current)
    return pledge


@transaction.atomic
def rate_pledge(pledge: Pledge, *, actor, expected_version, level: str, remark: str) -> Pledge:
    """The chi bộ's remark and rating (one of the four levels of QĐ 366) after the self-assessment."""
    require(actor, "pledges.review", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, [Status.SELF_ASSESSED], _("nhận xét, xếp loại (người đăng ký chưa tự đánh giá)"))
    errors = {}
    if level not in Pledge.Level.values:
        errors["level"] = _("Hãy chọn mức xếp loại.")
    remark = (remark or "").strip()
    if not remark:
        errors["remark"] = _("Hãy ghi nhận xét của chi bộ.")
    if errors:
        raise ValidationError(errors)
    before = current.status
    now = timezone.now()
    current.status = Status.RATED
    current.result_level, current.result_remark = level, remark
    current.rated_at, current.rated_by = now, user_of(actor)
    _save(current, ["status", "result_level", "result_remark", "rated_at", "rated_by"])
    _step(current, Review.Kind.RATED, actor, remark=remark, level=level, at=now)
    audit.record(
        current,
        "pledge.rate",
        actor=actor,
        changes={**_status_change(before, current.status), "result_level": ["", level]},
        note=remark,
    )
    _sync(pledge, current)
    return pledge


@transaction.atomic
def lock_pledge(pledge: Pledge, *, actor, expected_version) -> Pledge:
    require(actor, "pledges.review", pledge)
    current = _fresh(pledge, expected_version)
    _require_state(current, [Status.RATED], _("khóa (chi bộ chưa nhận xét, xếp loại)"))
    before = current.status
    now = timezone.now()
    current.status = Status.LOCKED
    current.locked_at, current.locked_by = now, user_of(actor)
    _save(current, ["status", "locked_at", "locked_by"])
    _step(current, Review.Kind.LOCKED, actor, at=now)
    audit.record(current, "pledge.lock", actor=actor, changes=_status_change(before, current.status))
    _sync(pledge, current)
    return pledge


# Publishing ------------------------------------------------------------------------------------------------------


@transaction.atomic
def publish_pledge(pledge: Pledge, *, actor, expected_version, publish: bool = True, to_unit=None) -> Pledge:
    """Make a leader's registration readable by everyone in `to_unit` (default: the highest unit they lead), or
    withdraw it."""
    require(actor, "pledges.publish", pledge)
    current = _fresh(pledge, expected_version)
    if publish:
        if not holds_position(current.person):
            raise PermissionDenied(
                _("Việc công khai dành cho cán bộ lãnh đạo, cán bộ chủ chốt đang giữ chức vụ.")
            )
        _require_state(current, Pledge.REGISTERED_STATES, _("công khai (hãy nộp bản đăng ký trước)"))
        units = list(publishing_units(current.person))
        if to_unit is None:
            to_unit = units[0]
        elif to_unit.pk not in {unit.pk for unit in units}:
            raise ValidationError(
                {"to_unit": _("Chỉ công khai được tại đơn vị mình giữ chức vụ hoặc chi bộ mình sinh hoạt.")}
            )
    elif not current.published:
        raise ValidationError(_("Bản đăng ký này chưa công khai."))
    before = str(current.published_to) if current.published else None
    now = timezone.now()
    current.published = publish
    current.published_to = to_unit if publish else None
    current.published_at = now if publish else None
    _save(current, ["published", "published_to", "published_at"])
    _step(current, Review.Kind.PUBLISHED if publish else Review.Kind.UNPUBLISHED, actor, at=now)
    audit.record(
        current,
        "pledge.publish",
        actor=actor,
        changes={"published_to": [before, str(to_unit) if publish else None]},
    )
    _sync(pledge, current)
    return pledge


# Deadlines and reminders -----------------------------------------------------------------------------------------


@transaction.atomic
def set_deadline(unit, year: int, due_date: datetime.date, *, actor) -> RegistrationDeadline:
    require(actor, "pledges.manage", unit)
    deadline = RegistrationDeadline.objects.filter(unit=unit, year=year).first() or RegistrationDeadline(
        unit=unit, year=year
    )
    before = deadline.due_date
    deadline.due_date = due_date
    deadline.set_by = user_of(actor)
    deadline.full_clean(exclude=["set_by"])
    deadline.save()
    audit.record(
        deadline,
        "pledge.deadline",
        actor=actor,
        unit=unit,
        changes={"due_date": [before.isoformat() if before else None, due_date.isoformat()]},
    )
    return deadline


@dataclass
class Reminders:
    missing: list  # people of the unit who have not submitted
    recorded: list  # the Reminder rows written (one per person with an email or a phone)
    unreachable: list  # missing people with no email, phone or account: to be reminded in person
    notified: list  # the notifications sent in the application to those with an account


@transaction.atomic
def remind_missing(unit, year: int, *, actor) -> Reminders:
    """Notify each person of `unit` who has not submitted for `year` and has an account (in the application, and by
    mail when they have an address), and record a reminder row per person with an email or a phone: the rows say
    who is to be reminded through which channel, by whom and when (no SMS channel sends them yet)."""
    require(actor, "pledges.manage", unit)
    submitted = Pledge.objects.filter(year=year, status__in=Pledge.REGISTERED_STATES).values("person")
    missing = list(
        Person.objects.filter(unit=unit)
        .active()
        .exclude(pk__in=submitted)
        .sorted()
        .only("pk", "full_name", "email", "phone", "unit_id", "sort_key")
    )
    from lamtheo.accounts.models import User

    with_account = set(
        User.objects.filter(person__in=[p.pk for p in missing], is_active=True).values_list(
            "person_id", flat=True
        )
    )
    rows, unreachable = [], []
    for person in missing:
        if person.email:
            rows.append(Reminder(unit=unit, person=person, year=year, channel=Reminder.Channel.EMAIL,
                                 address=person.email, created_by=user_of(actor)))  # fmt: skip
        elif person.phone:
            rows.append(Reminder(unit=unit, person=person, year=year, channel=Reminder.Channel.SMS,
                                 address=person.phone, created_by=user_of(actor)))  # fmt: skip
        elif person.pk not in with_account:
            unreachable.append(person)
    Reminder.objects.bulk_create(rows)
    # Those with an account are told in the application (and by mail when it has an address), once a day.
    from lamtheo.notifications.reminders import remind_pledges

    notified = remind_pledges(missing, unit, year, actor=actor)
    audit.record(
        unit,
        "pledge.remind",
        actor=actor,
        unit=unit,
        note=_("Năm %(year)s: %(missing)s người chưa nộp, ghi %(recorded)s lời nhắc")
        % {"year": year, "missing": len(missing), "recorded": len(rows)},
    )
    return Reminders(missing=missing, recorded=rows, unreachable=unreachable, notified=notified)
