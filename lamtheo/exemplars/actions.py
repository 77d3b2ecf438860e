"""Writes on exemplars: nominating, correcting, verifying (accept or return), recognising, forwarding upward,
consent to publish. Each atomic, audited, asked of the rules and version-checked where a page was read first."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.exemplars.models import Exemplar
from lamtheo.lib.concurrency import ConflictError, save_versioned

FIELDS = ["kind", "person", "collective", "summary"]


def _nominee_errors(unit, kind, person, collective, summary, deeds) -> dict:
    errors = {}
    if kind == Exemplar.Kind.PERSON:
        if person is None:
            errors["person"] = [_("Hãy chọn người được đề nghị.")]
        elif not person.unit.path.startswith(unit.path):
            errors["person"] = [
                _("%(name)s không thuộc %(unit)s.") % {"name": person.full_name, "unit": unit}
            ]
    elif not (collective or "").strip():
        errors["collective"] = [_("Hãy ghi tên tập thể được đề nghị.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Hãy ghi thành tích, việc tốt của gương điển hình.")]
    others = [d for d in deeds if kind != Exemplar.Kind.PERSON or person is None or d.person_id != person.pk]
    if others and kind == Exemplar.Kind.PERSON:
        errors["deeds"] = [_("Chỉ dẫn được việc tốt trong nhật ký của chính người được đề nghị.")]
    if kind == Exemplar.Kind.COLLECTIVE and any(
        d.person_id is not None or not d.unit.path.startswith(unit.path) for d in deeds
    ):  # a collective cites its own deeds, not its members' logs
        errors["deeds"] = [
            _("Chỉ dẫn được việc tốt của tập thể đã ghi trong sổ người tốt, việc tốt của đơn vị.")
        ]
    return errors


def _verifier_of(unit):
    verifier = type(unit).objects.get_parent(unit)
    if verifier is None:
        raise ValidationError(
            _("%(unit)s là cấp cao nhất: không có cấp trên để xác minh, khen.") % {"unit": unit}
        )
    return verifier


@transaction.atomic
def nominate(
    unit,
    *,
    actor,
    year: int,
    summary: str,
    kind: str = Exemplar.Kind.PERSON,
    person=None,
    collective: str = "",
    deeds=(),
) -> Exemplar:
    """The unit puts forward a person or a collective of its own for the year, citing deeds of the person's log;
    the level above verifies."""
    require(actor, "exemplars.nominate", unit)
    deeds = list(deeds)
    if errors := _nominee_errors(unit, kind, person, collective, summary, deeds):
        raise ValidationError(errors)
    exemplar = Exemplar.objects.create(
        unit=unit,
        verifier=_verifier_of(unit),
        year=year,
        kind=kind,
        person=person if kind == Exemplar.Kind.PERSON else None,
        collective="" if kind == Exemplar.Kind.PERSON else collective.strip(),
        summary=summary.strip(),
        nominated_by=user_of(actor),
    )
    exemplar.deeds.set(deeds)
    audit.record(exemplar, "exemplars.nominate", actor=actor, changes={"summary": [None, exemplar.summary]})
    return exemplar


@transaction.atomic
def correct(exemplar: Exemplar, *, actor, expected_version: int, summary: str, deeds=None) -> Exemplar:
    """The nominating unit corrects a nomination (one returned, or one not yet verified) and sends it again."""
    require(actor, "exemplars.edit", exemplar)
    if exemplar.status not in (Exemplar.Status.NOMINATED, Exemplar.Status.RETURNED):
        raise ValidationError(_("Gương điển hình đã được xác minh: không sửa được nữa."))
    deeds = list(exemplar.deeds.all()) if deeds is None else list(deeds)
    if errors := _nominee_errors(
        exemplar.unit, exemplar.kind, exemplar.person, exemplar.collective, summary, deeds
    ):
        raise ValidationError(errors)
    before = exemplar.summary
    exemplar.summary = summary.strip()
    exemplar.status = Exemplar.Status.NOMINATED
    save_versioned(exemplar, expected_version, ["summary", "status"])
    exemplar.deeds.set(deeds)
    audit.record(exemplar, "exemplars.correct", actor=actor, changes={"summary": [before, exemplar.summary]})
    return exemplar


@transaction.atomic
def verify(exemplar: Exemplar, *, actor, expected_version: int, accept: bool, remark: str = "") -> Exemplar:
    """The level above accepts the nomination, or returns it with its remark (required)."""
    require(actor, "exemplars.verify", exemplar)
    if exemplar.status != Exemplar.Status.NOMINATED:
        raise ConflictError(_("Đề nghị này không còn chờ xác minh: hãy tải lại trang."))
    if not accept and not remark.strip():
        raise ValidationError({"remark": [_("Hãy ghi lý do trả lại để đơn vị bổ sung.")]})
    exemplar.status = Exemplar.Status.VERIFIED if accept else Exemplar.Status.RETURNED
    exemplar.remark = remark.strip()
    save_versioned(exemplar, expected_version, ["status", "remark"])
    audit.record(
        exemplar,
        "exemplars.verify" if accept else "exemplars.return",
        actor=actor,
        unit=exemplar.verifier,
        changes={"status": [str(Exemplar.Status.NOMINATED.label), str(exemplar.get_status_display())]},
        note=exemplar.remark,
    )
    return exemplar


@transaction.atomic
def recognise(
    exemplar: Exemplar, *, actor, expected_version: int, honour: str, on: datetime.date, decision=None
) -> Exemplar:
    """The verifying committee recognises a verified exemplar: the form (biểu dương, giấy khen, bằng khen), the date
    and the decision (a document of that committee)."""
    require(actor, "exemplars.verify", exemplar)
    if exemplar.status != Exemplar.Status.VERIFIED:
        raise ValidationError(_("Chỉ khen gương điển hình đã được xác minh."))
    if decision is not None and decision.unit_id != exemplar.verifier_id:
        raise ValidationError(
            {"decision": [_("Quyết định khen phải do %(unit)s ban hành.") % {"unit": exemplar.verifier}]}
        )
    exemplar.status = Exemplar.Status.RECOGNISED
    exemplar.honour = honour
    exemplar.recognised_on = on
    exemplar.decision = decision
    save_versioned(exemplar, expected_version, ["status", "honour", "recognised_on", "decision"])
    audit.record(
        exemplar,
        "exemplars.recognise",
        actor=actor,
        unit=exemplar.verifier,
        changes={
            "honour": [None, str(exemplar.get_honour_display())],
            "recognised_on": [None, on.isoformat()],
        },
    )
    return exemplar


@transaction.atomic
def forward(exemplar: Exemplar, *, actor) -> Exemplar:
    """Put a recognised exemplar forward to the next level's selection: a nomination from the recognising
    committee to the one above it, with the same nominee, summary and deeds, linked to this one."""
    require(actor, "exemplars.verify", exemplar)
    if exemplar.status != Exemplar.Status.RECOGNISED:
        raise ValidationError(_("Chỉ chuyển lên cấp trên gương điển hình đã được khen."))
    if exemplar.forwards.exists():
        raise ValidationError(_("Gương điển hình này đã được chuyển lên cấp trên."))
    upward = Exemplar.objects.create(
        unit=exemplar.verifier,
        verifier=_verifier_of(exemplar.verifier),
        year=exemplar.year,
        kind=exemplar.kind,
        person=exemplar.person,
        collective=exemplar.collective,
        summary=exemplar.summary,
        forwarded_from=exemplar,
        consents_to_publish=exemplar.consents_to_publish,
        nominated_by=user_of(actor),
    )
    upward.deeds.set(exemplar.deeds.all())
    audit.record(upward, "exemplars.forward", actor=actor, changes={"from": [None, str(exemplar.unit)]})
    return upward


@transaction.atomic
def set_consent(exemplar: Exemplar, *, actor, consents: bool) -> Exemplar:
    require(actor, "exemplars.consent", exemplar)
    if exemplar.consents_to_publish != consents:
        exemplar.consents_to_publish = consents
        exemplar.save(update_fields=["consents_to_publish"])
        audit.record(
            exemplar,
            "exemplars.consent",
            actor=actor,
            changes={"consents_to_publish": [not consents, consents]},
        )
    return exemplar


def exchange_candidates(unit):
    """The recognised exemplars an exchange at `unit` may present: those nominated in its subtree or recognised by
    it (its own forwarded ones included), the newest first."""
    from lamtheo.accounts.scoping import subtree_q

    return (
        Exemplar.objects.recognised()
        .filter(subtree_q(unit.path, "unit__path") | subtree_q(unit.path, "verifier__path"))
        .select_related("unit", "person")
        .order_by("-year", "-recognised_on", "-pk")
    )


@transaction.atomic
def plan_exchange(unit, *, actor, starts_at: datetime.datetime, exemplars, place: str = "", title: str = ""):
    """A giao lưu gương điển hình (seed 002: twice a year) at `unit`: a meeting of that kind whose programme presents
    each chosen exemplar in turn, linked to them. Only recognised exemplars of the unit's subtree are presented."""
    from lamtheo.meetings import actions as meetings
    from lamtheo.meetings.models import Meeting, MeetingKind

    require(actor, "exemplars.exchange", unit)
    exemplars = list(exemplars)
    if not exemplars:
        raise ValidationError({"exemplars": [_("Hãy chọn ít nhất một gương điển hình để giới thiệu.")]})
    allowed = set(
        exchange_candidates(unit).filter(pk__in=[e.pk for e in exemplars]).values_list("pk", flat=True)
    )
    if refused := [e for e in exemplars if e.pk not in allowed]:
        raise ValidationError(
            {
                "exemplars": [
                    _("Chỉ giới thiệu được gương điển hình đã được khen thuộc %(unit)s: %(names)s.")
                    % {"unit": unit, "names": ", ".join(e.name for e in refused)}
                ]
            }
        )
    agenda = [
        _("Khai mạc, giới thiệu đại biểu"),
        *(
            _("Giới thiệu gương %(name)s (%(unit)s): %(summary)s")
            % {"name": e.name, "unit": e.unit.name, "summary": e.summary.strip().rstrip(".")}
            for e in exemplars
        ),
        _("Phát biểu kết luận"),
    ]
    meeting = meetings.plan_meeting(
        Meeting(
            unit=unit,
            kind=MeetingKind.objects.get(code=MeetingKind.EXCHANGE),
            title=(title.strip() or _("Giao lưu gương điển hình"))[:300],
            starts_at=starts_at,
            place=place,
        ),
        actor=actor,
        agenda=agenda,
    )
    meeting.presented_exemplars.set(exemplars)
    audit.record(
        meeting,
        "exemplars.plan_exchange",
        actor=actor,
        changes={"exemplars": [None, ", ".join(e.name for e in exemplars)]},
    )
    return meeting


@transaction.atomic
def record_collective_deed(
    unit, *, actor, collective: str, date: datetime.date, description: str, today=None
):
    """A good deed of a collective (a chi hội, a tổ dân phố), recorded by the unit in its book of good deeds: the
    same Deed as a person's, with the collective's name in place of the person; a collective exemplar cites it."""
    from django.utils import timezone

    from lamtheo.lib import vn
    from lamtheo.pledges.models import Deed

    require(actor, "exemplars.record_deed", unit)
    collective, description = " ".join((collective or "").split()), (description or "").strip()
    errors = {}
    if not collective:
        errors["collective"] = [_("Hãy ghi tên tập thể.")]
    if not description:
        errors["description"] = [_("Hãy ghi việc đã làm.")]
    if date is None or date > (today or timezone.localdate()):
        errors["date"] = [_("Ngày %(date)s chưa đến.") % {"date": vn.short_date(date)}]
    if errors:
        raise ValidationError(errors)
    deed = Deed.objects.create(
        unit=unit, collective=collective[:200], date=date, description=description, author=user_of(actor)
    )
    audit.record(
        deed,
        "exemplars.collective_deed",
        actor=actor,
        unit=unit,
        changes={"collective": [None, deed.collective], "description": [None, description]},
    )
    return deed
