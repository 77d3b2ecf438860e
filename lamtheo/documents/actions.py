"""Writes on documents: drafting, consultation, numbering and issuing, distribution. Each atomic and audited,
and each checks its rule first (lamtheo.documents.rules: PermissionDenied with the reason)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.documents.models import (
    Attachment,
    Consultation,
    ConsultationResponse,
    Distribution,
    Document,
    DocumentType,
    DocumentVersion,
    IssuerProfile,
    NumberSeries,
    Term,
)
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.lib.docx import party_language
from lamtheo.lib.uploads import store
from lamtheo.units.models import Unit

DRAFT_FIELDS = [
    "doc_type",
    "summary",
    "place",
    "body",
    "signing_form",
    "signer_title",
    "signer_name",
    "recipients",
    "topic",
]
_ISSUER_CODES = {
    Unit.Kind.PROVINCE_COMMITTEE: "TU",
    Unit.Kind.DISTRICT_COMMITTEE: "HU",
    Unit.Kind.CELL: "CB",
    Unit.Kind.GRASSROOTS_CELL: "CB",
    Unit.Kind.GROUP: "TĐ",
}
_PARTY_BODIES = [
    ("Tỉnh ủy", "Đảng bộ tỉnh"),
    ("Thành ủy", "Đảng bộ thành phố"),
    ("Huyện ủy", "Đảng bộ huyện"),
    ("Quận ủy", "Đảng bộ quận"),
    ("Thị ủy", "Đảng bộ thị xã"),
    ("Đảng ủy", "Đảng bộ"),
]
_AREA_PREFIXES = ("Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu ", "Thị trấn ")


def _party_body(name: str) -> str:
    """`Tỉnh ủy An Giang` -> `Đảng bộ tỉnh An Giang`: how a committee's organisation is named above a document."""
    for committee, body in _PARTY_BODIES:
        if name.startswith(committee):
            return body + name[len(committee) :]
    return name


def _place(unit: Unit, parent: Unit | None) -> str:
    """`Đảng ủy xã Long Bình` -> `Long Bình`. A chi bộ dates its documents from its committee's place; a unit
    with no administrative area (a provincial agency) from the nearest unit above that has one."""
    if parent is not None and unit.kind in Unit.CELL_AND_GROUP_KINDS:
        return _place(parent, None)
    area = unit.area
    if area is None:
        above = unit.ancestors().filter(area__isnull=False).select_related("area").order_by("-depth").first()
        area = above.area if above else None
    place = area.name if area else unit.name.split(" ", 2)[-1]
    for prefix in _AREA_PREFIXES:
        if place.lower().startswith(prefix.lower()):
            place = place[len(prefix) :]
    return place


def profile_for(unit: Unit) -> IssuerProfile:
    """The unit's issuer profile, created from sensible defaults the first time it is needed."""
    profile = IssuerProfile.objects.filter(unit=unit).first()
    if profile is not None:
        return profile
    parent = Unit.objects.get_parent(unit)
    try:
        # Two first drafts at once both find no profile: the second create fails on the unit's uniqueness, in a
        # savepoint of its own, and takes the profile the first one made.
        with transaction.atomic():
            profile = IssuerProfile.objects.create(
                unit=unit,
                issuer_code=_ISSUER_CODES.get(unit.kind, "ĐU"),
                superior_body=_party_body(parent.name).upper() if parent else "",
                issuing_body=unit.name.upper(),
                place=_place(unit, parent),
                signing_form="T/M CHI BỘ" if unit.kind in Unit.CELL_KINDS else "T/M BAN THƯỜNG VỤ",
            )
            profile.consultation_types.set(DocumentType.objects.filter(requires_consultation=True))
    except IntegrityError:
        return IssuerProfile.objects.get(unit=unit)
    return profile


# Where each type of document goes besides the archive: up to the level above, down to the units below, to the
# members of the issuing committee. Only the types below go down; a report or a submission (tờ trình) goes up.
_GOES_DOWN = (
    "nghi_quyet",
    "quyet_dinh",
    "quy_dinh",
    "chi_thi",
    "ket_luan",
    "quy_che",
    "huong_dan",
    "thong_bao",
    "thong_tri",
    "ke_hoach",
    "chuong_trinh",
    "de_an",
    "quy_hoach",
)


@party_language
def default_recipients(unit: Unit, doc_type: DocumentType) -> list[str]:
    """The "Nơi nhận" a clerk writes for `doc_type` from `unit`: the level above (to report), the committee's
    members, the units below (to carry out), and the archive last. The drafter edits it freely."""
    parent = Unit.objects.get_parent(unit)
    lines = []
    if doc_type.key == "quyet_dinh":
        lines.append(_("Như Điều 3"))
    elif doc_type.key == "cong_van":
        lines.append(_("Như trên"))
    if parent is not None:
        above = (
            parent.name
            if parent.kind in Unit.CELL_AND_GROUP_KINDS
            else _("Ban Thường vụ %(unit)s") % {"unit": parent.name}
        )
        lines.append(_("%(unit)s (để báo cáo)") % {"unit": above})
    elif unit.kind == Unit.Kind.PROVINCE_COMMITTEE:
        lines.append(_("Ban Tuyên giáo và Dân vận Trung ương (để báo cáo)"))
    if unit.is_committee and doc_type.key not in ("to_trinh", "cong_van"):
        lines.append(_("Các đồng chí Ủy viên Ban Chấp hành Đảng bộ"))
    if doc_type.key in _GOES_DOWN:
        kinds = set(Unit.objects.children_of(unit).active().values_list("kind", flat=True))
        if kinds and kinds <= set(Unit.CELL_AND_GROUP_KINDS):
            lines.append(_("Các chi bộ trực thuộc (để thực hiện)"))
        elif kinds and kinds & set(Unit.CELL_AND_GROUP_KINDS):
            lines.append(_("Các đảng ủy, chi bộ trực thuộc (để thực hiện)"))
        elif kinds:
            lines.append(_("Các đảng ủy trực thuộc (để thực hiện)"))
        elif not unit.is_committee:
            lines.append(_("Các đồng chí đảng viên trong chi bộ (để thực hiện)"))
    lines.append(_("Lưu Văn phòng") if unit.is_committee else _("Lưu Chi bộ"))
    return lines


def _snapshot_version(document: Document, actor) -> None:
    DocumentVersion.objects.create(
        document=document,
        number=document.version,
        summary=document.summary,
        body=document.body,
        recipients=document.recipients,
        author=actor if actor and actor.is_authenticated else None,
    )


@transaction.atomic
def create_draft(document: Document, *, actor, related=None) -> Document:
    """Save a new draft and its first version; `related` are the documents it cites (căn cứ)."""
    require(actor, "documents.draft", document.unit)
    profile = profile_for(document.unit)
    document.place = document.place or profile.place
    document.signing_form = document.signing_form or profile.signing_form
    if not document.recipients.strip():  # left empty: the usual recipients of this type from this unit
        document.recipients = "\n".join(default_recipients(document.unit, document.doc_type))
    document.status = Document.Status.DRAFT
    document.created_by = actor
    document.full_clean(exclude=["term", "number"])
    document.save()
    if related is not None:
        document.related.set(related)
    _snapshot_version(document, actor)
    audit.record(
        document,
        "document.create",
        actor=actor,
        unit=document.unit,
        changes={"summary": [None, document.summary]},
    )
    return document


@transaction.atomic
def update_draft(document: Document, *, actor, expected_version: int, related=None) -> Document:
    """Save an edited draft as a new version; ConflictError if someone saved since `expected_version`.

    `related`, when given, replaces the documents it cites (căn cứ).
    """
    require(actor, "documents.draft", document.unit)
    current = Document.objects.select_for_update().get(pk=document.pk)
    if not current.is_editable:
        raise ValidationError(
            _("Văn bản đã ban hành không sửa được; nếu cần, hãy thu hồi rồi ban hành văn bản mới.")
        )
    document.full_clean(exclude=["term", "number"])
    document.refresh_derived()
    document.updated_at = timezone.now()
    save_versioned(document, expected_version, [*DRAFT_FIELDS, "search_text", "updated_at"])
    if related is not None:
        document.related.set(related)
    _snapshot_version(document, actor)
    changes = {
        f: [str(getattr(current, f) or ""), str(getattr(document, f) or "")]
        for f in ("summary", "body")
        if getattr(current, f) != getattr(document, f)
    }
    audit.record(document, "document.update", actor=actor, unit=document.unit, changes=changes)
    return document


def requires_consultation(document: Document) -> bool:
    return profile_for(document.unit).consultation_types.filter(pk=document.doc_type_id).exists()


@transaction.atomic
def open_consultation(
    document: Document, *, users, deadline: datetime.date, message: str, actor
) -> Consultation:
    require(actor, "documents.draft", document.unit)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.is_editable:
        raise ValidationError(_("Chỉ lấy ý kiến được khi văn bản còn là dự thảo."))
    if document.consultations.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("Văn bản đang trong một đợt lấy ý kiến chưa kết thúc."))
    users = list(users)
    if not users:
        raise ValidationError(_("Hãy chọn ít nhất một người được xin ý kiến."))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Hạn góp ý không thể là một ngày đã qua.")})
    consultation = Consultation.objects.create(
        document=document, deadline=deadline, message=message, opened_by=actor
    )
    ConsultationResponse.objects.bulk_create(
        [ConsultationResponse(consultation=consultation, user=u) for u in users]
    )
    document.status = Document.Status.CONSULTATION
    document.save(update_fields=["status"])
    audit.record(
        document,
        "document.consultation_open",
        actor=actor,
        unit=document.unit,
        changes={"deadline": [None, vn.short_date(deadline)], "invitees": [None, len(users)]},
    )
    return consultation


@transaction.atomic
def respond(response: ConsultationResponse, *, verdict: str, comment: str, actor) -> ConsultationResponse:
    require(actor, "documents.respond", response)
    consultation = response.consultation
    if not consultation.is_open:
        raise ValidationError(_("Đợt lấy ý kiến này đã kết thúc."))
    if verdict == ConsultationResponse.Verdict.COMMENT and not comment.strip():
        raise ValidationError({"comment": _("Hãy ghi nội dung góp ý, hoặc chọn «Nhất trí».")})
    response.verdict = verdict
    response.comment = comment.strip()
    response.answered_at = timezone.now()
    response.answered_version = consultation.document.version
    response.save(update_fields=["verdict", "comment", "answered_at", "answered_version"])
    audit.record(
        consultation.document,
        "document.consultation_answer",
        actor=actor,
        unit=consultation.document.unit,
        changes={"verdict": [None, response.get_verdict_display()]},
    )
    return response


@transaction.atomic
def close_consultation(consultation: Consultation, *, actor) -> Consultation:
    require(actor, "documents.draft", consultation.document.unit)
    if not consultation.is_open:
        raise ValidationError(_("Đợt lấy ý kiến này đã kết thúc."))
    consultation.closed_at = timezone.now()
    consultation.closed_by = actor
    consultation.save(update_fields=["closed_at", "closed_by"])
    document = consultation.document
    document.status = Document.Status.DRAFT
    document.save(update_fields=["status"])
    pending = consultation.responses.filter(verdict=ConsultationResponse.Verdict.PENDING).count()
    audit.record(
        document,
        "document.consultation_close",
        actor=actor,
        unit=document.unit,
        changes={"pending": [None, pending]},
    )
    return consultation


def term_for(unit: Unit, date: datetime.date) -> Term:
    term = unit.terms.filter(start_date__lte=date).order_by("-start_date").first()
    if term is None or (term.end_date and term.end_date < date):
        raise ValidationError(
            _(
                "%(unit)s chưa khai báo nhiệm kỳ chứa ngày %(date)s, nên chưa cấp được số văn bản. "
                "Hãy khai báo nhiệm kỳ trong mục «Thông tin ban hành»."
            )
            % {"unit": unit, "date": vn.short_date(date)}
        )
    return term


def _take_number(document: Document, term: Term, typed: int | None) -> int:
    """The next number of the series, or the typed one if free. The series row is locked until commit."""
    series, _created = NumberSeries.objects.get_or_create(
        unit=document.unit, term=term, type_code=document.doc_type.code
    )
    series = NumberSeries.objects.select_for_update().get(pk=series.pk)
    if typed is None:
        number = series.last_number + 1
    else:
        clash = Document.objects.filter(
            unit=document.unit, term=term, type_code=document.doc_type.code, number=typed
        ).first()
        if clash is not None:
            raise ValidationError(
                {
                    "number": _("Số %(number)s đã được dùng cho văn bản «%(other)s».")
                    % {"number": f"{typed:02d}", "other": clash}
                }
            )
        number = typed
    series.last_number = max(series.last_number, number)
    series.save(update_fields=["last_number"])
    return number


def default_recipient_units(document: Document):
    """Issued documents go to the active units directly below the issuer unless others are chosen."""
    return Unit.objects.get_children(document.unit).filter(active_to__isnull=True)


@transaction.atomic
def issue_document(
    document: Document, *, actor, date: datetime.date, number: int | None = None, recipients_units=None
) -> Document:
    """Number and issue `document` on `date`, then distribute it. Refused with a clear message when not ready."""
    require(actor, "documents.draft", document.unit)
    document = Document.objects.select_for_update().select_related("doc_type", "unit").get(pk=document.pk)
    errors = {}
    if not document.is_editable:
        raise ValidationError(_("Văn bản này đã được ban hành hoặc đã thu hồi."))
    if document.consultations.filter(closed_at__isnull=True).exists():
        raise ValidationError(_("Đợt lấy ý kiến chưa kết thúc: hãy kết thúc lấy ý kiến trước khi ban hành."))
    if requires_consultation(document) and not document.consultations.exists():
        raise ValidationError(
            _("%(type)s phải được lấy ý kiến tập thể trước khi ban hành. Hãy mở một đợt lấy ý kiến.")
            % {"type": document.doc_type.name}
        )
    if date > timezone.localdate():
        errors["date"] = _("Ngày ban hành không thể ở tương lai.")
    if not document.signer_name.strip():
        errors["signer_name"] = _("Văn bản ban hành phải có người ký.")
    if not document.body.strip():
        errors["body"] = _("Văn bản ban hành phải có nội dung.")
    if errors:
        raise ValidationError(errors)
    term = term_for(document.unit, date)
    profile = profile_for(document.unit)
    document.number = _take_number(document, term, number)
    document.term = term
    document.type_code = document.doc_type.code
    document.code = f"{document.number:02d}-{document.type_code}/{profile.issuer_code}"
    document.date = date
    document.status = Document.Status.ISSUED
    document.issued_by = actor
    document.issued_at = timezone.now()
    document.save(
        update_fields=["number", "term", "type_code", "code", "date", "status", "issued_by", "issued_at"]
    )
    units = list(recipients_units if recipients_units is not None else default_recipient_units(document))
    Distribution.objects.bulk_create(
        [Distribution(document=document, unit=u) for u in units], ignore_conflicts=True
    )
    audit.record(
        document,
        "document.issue",
        actor=actor,
        unit=document.unit,
        changes={"code": [None, document.code], "recipients": [None, len(units)]},
    )
    return document


@transaction.atomic
def recall_document(document: Document, *, actor, reason: str) -> Document:
    require(actor, "documents.draft", document.unit)
    if document.status != Document.Status.ISSUED:
        raise ValidationError(_("Chỉ thu hồi được văn bản đã ban hành."))
    if not reason.strip():
        raise ValidationError({"recall_reason": _("Hãy ghi lý do thu hồi.")})
    document.status = Document.Status.RECALLED
    document.recall_reason = reason.strip()
    document.save(update_fields=["status", "recall_reason"])
    audit.record(document, "document.recall", actor=actor, unit=document.unit, note=reason)
    return document


@transaction.atomic
def acknowledge(distribution: Distribution, *, actor) -> Distribution:
    require(actor, "documents.acknowledge", distribution)
    if distribution.acknowledged_at is None:
        distribution.acknowledged_at = timezone.now()
        distribution.acknowledged_by = actor
        distribution.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return distribution


def add_attachment(document: Document, upload, *, actor, name: str = "") -> Attachment:
    """Attach an upload to a draft (lib.uploads.store: checked for kind, size and content)."""
    require(actor, "documents.draft", document.unit)
    if not document.is_editable:
        raise ValidationError(_("Văn bản đã ban hành không thêm tệp đính kèm được."))
    item = Attachment(document=document, uploaded_by=user_of(actor))
    return store(
        item,
        upload,
        name=name,
        then=lambda: audit.record(
            document, "document.attachment_add", actor=actor, unit=document.unit, note=item.name
        ),
    )


@transaction.atomic
def remove_attachment(item: Attachment, *, actor) -> None:
    require(actor, "documents.draft", item.document.unit)
    document = item.document
    if not document.is_editable:
        raise ValidationError(_("Văn bản đã ban hành không gỡ tệp đính kèm được."))
    item.delete()
    transaction.on_commit(lambda: item.file.delete(save=False))
    audit.record(document, "document.attachment_remove", actor=actor, unit=document.unit, note=item.name)


@transaction.atomic
def save_issuer_profile(form, *, actor) -> IssuerProfile:
    """Save the edited issuer profile form, recording what changed."""
    require(actor, "documents.configure", form.instance.unit)
    changes = {
        name: [str(form.initial.get(name, "")), str(form.cleaned_data[name])] for name in form.changed_data
    }
    profile = form.save()
    if changes:
        audit.record(profile.unit, "unit.issuer_profile", actor=actor, unit=profile.unit, changes=changes)
    return profile


@transaction.atomic
def add_term(form, *, actor) -> Term:
    require(actor, "documents.configure", form.instance.unit)
    term = form.save()
    audit.record(term.unit, "unit.term_add", actor=actor, unit=term.unit, changes={"term": [None, term.name]})
    return term
