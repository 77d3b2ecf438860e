"""Printing registrations in the Party format, through the one renderer in lamtheo.lib.docx.

- A person's registration: the chi bộ as issuing body, type BẢN ĐĂNG KÝ, the items as a table (then the
  year-end self-assessment and the chi bộ's remark and rating when there are), signed by the person as NGƯỜI ĐĂNG
  KÝ.
- The chi bộ's book (sổ đăng ký) of a year: the list of registrations, then every person's items, signed for the
  chi bộ by its secretary.

Neither takes a number (no `Số` line); each table has its caption above it and its column widths.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.lib import docx, vn
from lamtheo.lib.docx import PartyDocument, Table, party_language
from lamtheo.people.leaders import secretary_name
from lamtheo.people.models import Person
from lamtheo.pledges.models import Pledge, campaign_name
from lamtheo.units.models import Unit

# Column widths (cm) of each table, over the 16,5 cm between the margins.
PLEDGE_WIDTHS = {
    "items": (1.2, 2.9, 5.5, 4.2, 2.7),
    "assessment": (1.2, 6.8, 3.0, 5.5),
    "rating": (4.5, 12.0),
}
BOOK_WIDTHS = ((1.2, 4.3, 3.3, 2.7, 2.7, 2.3), (1.2, 2.7, 2.0, 3.5, 2.9, 2.6, 1.6))


def _profile(unit: Unit):
    # The unit's issuer profile (its superior body, its name, its place), made from defaults the first time.
    from lamtheo.documents.actions import profile_for

    return profile_for(unit)


def _summary(year: int) -> str:
    return _("%(campaign)s năm %(year)s") % {"campaign": campaign_name(), "year": year}


def _items_table(pledge: Pledge) -> tuple[list[str], list[list[str]]]:
    headers = [_("STT"), _("Lĩnh vực"), _("Việc sẽ làm"), _("Đo kết quả bằng"), _("Thời hạn")]
    rows = [
        [str(number), item.get_area_display(), item.commitment, item.measure, vn.short_date(item.due_date)]
        for number, item in enumerate(pledge.items.all(), 1)
    ]
    return headers, rows


def _assessment_table(pledge: Pledge) -> tuple[list[str], list[list[str]]]:
    headers = [_("STT"), _("Việc đã đăng ký"), _("Tự đánh giá"), _("Ghi chú")]
    rows = [
        [str(number), item.commitment, item.get_self_result_display(), item.self_note]
        for number, item in enumerate(pledge.items.all(), 1)
    ]
    if pledge.self_summary:
        rows.append(["", _("Tự đánh giá chung"), "", pledge.self_summary])
    return headers, rows


def _reviewer_name(pledge: Pledge) -> str:
    """Who rated the registration for the chi bộ: the person behind the account, else the account's name; when
    nobody is recorded (an import), the chi bộ's secretary, who signs for it."""
    user = pledge.rated_by
    if user is None:
        return secretary_name(pledge.unit)
    person = getattr(user, "person", None)
    return person.full_name if person is not None else str(user)


def _rating_table(pledge: Pledge) -> tuple[list[str], list[list[str]]]:
    rows = [[_("Nhận xét"), pledge.result_remark], [_("Xếp loại"), pledge.get_result_level_display()]]
    if pledge.rated_at:
        rows.append([_("Ngày nhận xét"), vn.short_date(timezone.localdate(pledge.rated_at))])
    return [_("Nội dung"), _("Nhận xét, xếp loại của chi bộ")], rows


def positions_line(person: Person) -> str:
    """A person's current positions and job title, each said once: `Bí thư Chi bộ, Trưởng ấp`, never
    `Bí thư, Bí thư Chi bộ, Trưởng ấp` (a position the job title already says in full is left out)."""
    titles = [part.strip() for part in person.job_title.split(",") if part.strip()]
    folded = [vn.fold(title) for title in titles]
    parts = []
    for position in person.positions.all():
        if position.end_date is not None:
            continue
        label = str(position.get_kind_display())
        if not any(title.startswith(vn.fold(label)) for title in folded):
            parts.append(label)
    parts += titles
    seen = set()
    return ", ".join(p for p in parts if not (vn.fold(p) in seen or seen.add(vn.fold(p))))


def pledge_document(pledge: Pledge) -> PartyDocument:
    """The registration as a Party document, each table with its caption and column widths."""
    profile = _profile(pledge.unit)
    person = pledge.person
    positions = positions_line(person)
    lines = [
        _("Họ và tên: %(name)s") % {"name": person.full_name},
        _("Đảng tịch: %(status)s") % {"status": person.get_party_status_display()},
    ]
    if positions:
        lines.append(_("Chức vụ, chức danh: %(title)s") % {"title": positions})
    lines.append(_("Sinh hoạt tại: %(unit)s") % {"unit": pledge.unit.name})
    if pledge.topic_id:
        lines.append(
            _("Chuyên đề năm %(year)s: %(topic)s") % {"year": pledge.year, "topic": pledge.topic.title}
        )
    lines.append(
        _(
            "Căn cứ chuyên đề năm, chuẩn mực đạo đức của đơn vị và nhiệm vụ được giao, tôi đăng ký học tập và làm "
            "theo năm %(year)s những nội dung sau:"
        )
        % {"year": pledge.year}
    )
    tables = [Table(*_items_table(pledge), _("NỘI DUNG ĐĂNG KÝ"), PLEDGE_WIDTHS["items"])]
    if pledge.status in (Pledge.Status.SELF_ASSESSED, *Pledge.RATED_STATES):
        tables.append(
            Table(*_assessment_table(pledge), _("TỰ ĐÁNH GIÁ CUỐI NĂM"), PLEDGE_WIDTHS["assessment"])
        )
    confirmation = None
    if pledge.status in Pledge.RATED_STATES:
        tables.append(
            Table(*_rating_table(pledge), _("NHẬN XÉT, XẾP LOẠI CỦA CHI BỘ"), PLEDGE_WIDTHS["rating"])
        )
        # The chi bộ's confirmation, signed on the left by whoever rated it, facing the person's signature.
        when = vn.long_date(timezone.localdate(pledge.rated_at)) if pledge.rated_at else ""
        confirmation = (_("XÁC NHẬN CỦA CHI BỘ"), _reviewer_name(pledge), when[:1].upper() + when[1:])
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        place=profile.place,
        date=pledge.submitted_on() or timezone.localdate(),
        type_name=_("BẢN ĐĂNG KÝ"),
        summary=_summary(pledge.year),
        body="\n".join(lines),
        signer_title=_("NGƯỜI ĐĂNG KÝ"),
        signer_name=person.full_name,
        co_signer=confirmation,
        tables=tables,
        numbered=False,
    )


@party_language
def render_pledge(pledge: Pledge) -> bytes:
    return docx.render(pledge_document(pledge))


def book_document(unit: Unit, year: int) -> PartyDocument:
    """The chi bộ's book of registrations for `year`: everyone who submitted, then each person's items."""
    profile = _profile(unit)
    pledges = list(
        Pledge.objects.filter(unit=unit, year=year, status__in=Pledge.REGISTERED_STATES)
        .select_related("person")
        .prefetch_related("items")
        .order_by("person__sort_key", "pk")
    )
    people = Person.objects.filter(unit=unit).active().count()
    registered = sum(
        1 for p in pledges if p.person.unit_id == unit.pk and p.person.status in Person.ACTIVE_STATUSES
    )
    body = _(
        "Chi bộ hiện có %(people)s người; %(registered)s người đã nộp bản đăng ký học tập và làm theo năm %(year)s, "
        "chiếm %(pct)s. Sổ này ghi danh sách các bản đăng ký và nội dung đăng ký của từng người."
    ) % {
        "people": vn.number(people),
        "registered": vn.number(registered),
        "year": year,
        "pct": vn.percent(registered, people) or "—",
    }
    summary_rows = [
        [
            str(number),
            pledge.person.full_name,
            pledge.person.get_party_status_display(),
            vn.short_date(pledge.submitted_on()),
            pledge.get_status_display(),
            pledge.get_result_level_display(),
        ]
        for number, pledge in enumerate(pledges, 1)
    ]
    item_rows = []
    for number, pledge in enumerate(pledges, 1):
        for index, item in enumerate(pledge.items.all()):
            item_rows.append(
                [
                    str(number) if index == 0 else "",
                    pledge.person.full_name if index == 0 else "",
                    item.get_area_display(),
                    item.commitment,
                    item.measure,
                    vn.short_date(item.due_date),
                    item.get_self_result_display(),
                ]
            )
    parent = Unit.objects.get_parent(unit)
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        place=profile.place,
        date=timezone.localdate(),
        type_name=_("SỔ ĐĂNG KÝ"),
        summary=_summary(year),
        body=body,
        signing_form=_("T/M CHI BỘ") if not unit.is_committee else profile.signing_form,
        signer_title=_("BÍ THƯ"),
        signer_name=secretary_name(unit),
        recipients=[
            *([_("%(unit)s (để báo cáo)") % {"unit": parent.name}] if parent else []),
            _("Lưu Chi bộ"),
        ],
        tables=[
            Table(
                [_("STT"), _("Họ và tên"), _("Đảng tịch"), _("Ngày nộp"), _("Tình trạng"), _("Xếp loại")],
                summary_rows,
                _("DANH SÁCH BẢN ĐĂNG KÝ"),
                BOOK_WIDTHS[0],
            ),
            Table(
                [
                    _("STT"),
                    _("Họ và tên"),
                    _("Lĩnh vực"),
                    _("Việc sẽ làm"),
                    _("Đo kết quả bằng"),
                    _("Thời hạn"),
                    _("Tự đánh giá"),
                ],
                item_rows,
                _("NỘI DUNG ĐĂNG KÝ CỦA TỪNG NGƯỜI"),
                BOOK_WIDTHS[1],
            ),
        ],
        numbered=False,
    )


@party_language
def render_book(unit: Unit, year: int) -> bytes:
    return docx.render(book_document(unit, year))
