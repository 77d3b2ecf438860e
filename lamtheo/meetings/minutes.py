"""A meeting's biên bản as a Party-format document, through the one renderer (lamtheo.lib.docx).

Sections in bold (I. time, place and attendance; II. the agenda; then assessments, criticism, assignments), the
attendance as committees write it ("Có mặt: 30 đồng chí (đến muộn 02); vắng: 05 đồng chí (có lý do 04, không lý
do 01)"), the closing formula, and both signatures: the secretary (THƯ KÝ) on the left, the chair (CHỦ TRÌ) on the
right. Its number line is a biên bản's, blank: `Số      -BB/CB`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.documents.actions import profile_for
from lamtheo.lib import vn
from lamtheo.lib.docx import PartyDocument, party_language
from lamtheo.meetings.models import Contribution, Meeting, MeetingAttendance, MemberAssessment
from lamtheo.units.models import Unit

ROMAN = ("I", "II", "III", "IV", "V", "VI")


def _summary(meeting: Meeting) -> str:
    start = meeting.local_start
    if meeting.kind.code == "monthly":
        return _("sinh hoạt chi bộ tháng %(month)s năm %(year)s") % {"month": start.month, "year": start.year}
    # The title as written (a kind's name or the meeting's own title, which may hold proper names): never re-cased.
    return _("%(title)s ngày %(date)s") % {
        "title": meeting.display_title,
        "date": vn.short_date(start.date()),
    }


# One whole sentence per attendance status and per presence of a reason (no lower-cased label dropped in).
ABSENCE_LINES = {
    MeetingAttendance.Status.EXCUSED: (
        gettext_lazy("- %(name)s: vắng có lý do."),
        gettext_lazy("- %(name)s: vắng có lý do (%(reason)s)."),
    ),
    MeetingAttendance.Status.ABSENT: (
        gettext_lazy("- %(name)s: vắng không lý do."),
        gettext_lazy("- %(name)s: vắng không lý do (%(reason)s)."),
    ),
}


def _time_line(meeting: Meeting) -> str:
    start = meeting.local_start
    names = {
        "time": start.strftime("%H giờ %M"),
        "weekday": vn.weekday(start.date()),
        "date": vn.short_date(start.date()),
    }
    if meeting.ends_at:
        names["end"] = meeting.ends_at.astimezone(start.tzinfo).strftime("%H giờ %M")
        return _("Thời gian: bắt đầu lúc %(time)s ngày %(date)s (%(weekday)s), kết thúc lúc %(end)s.") % names
    return _("Thời gian: bắt đầu lúc %(time)s ngày %(date)s (%(weekday)s).") % names


def _vote_line(item) -> str:
    names = {
        "subject": item.vote_subject,
        "yes": vn.number(item.votes_for or 0),
        "no": vn.number(item.votes_against or 0),
        "abstain": vn.number(item.votes_abstain or 0),
    }
    if item.vote_subject:
        return (
            _(
                "Biểu quyết (%(subject)s): %(yes)s tán thành, %(no)s không tán thành, %(abstain)s không biểu quyết."
            )
            % names
        )
    return _("Biểu quyết: %(yes)s tán thành, %(no)s không tán thành, %(abstain)s không biểu quyết.") % names


def _absences(excused: int, absent: int) -> str:
    if excused and absent:
        return _("vắng: %(n)s đồng chí (có lý do %(excused)s, không lý do %(absent)s)") % {
            "n": vn.count(excused + absent),
            "excused": vn.count(excused),
            "absent": vn.count(absent),
        }
    if excused:
        return _("vắng: %(n)s đồng chí (có lý do)") % {"n": vn.count(excused)}
    if absent:
        return _("vắng: %(n)s đồng chí (không lý do)") % {"n": vn.count(absent)}
    return _("không có đồng chí nào vắng")


def _attendance_lines(meeting: Meeting, rows: list[MeetingAttendance]) -> list[str]:
    """`Tổng số đảng viên của chi bộ: 37 đồng chí (miễn sinh hoạt 02). Có mặt: 30 đồng chí (đến muộn 02); vắng: 05
    đồng chí (có lý do 04, không lý do 01). Tỷ lệ dự họp: 85,7%.` then one line per absent member."""
    S = MeetingAttendance.Status
    tally = {status: sum(row.status == status for row in rows) for status in S.values}
    present = tally[S.PRESENT] + tally[S.LATE]
    expected = len(rows) - tally[S.EXEMPT]
    names = {"n": vn.count(len(rows)), "exempt": vn.count(tally[S.EXEMPT])}
    own_cell = meeting.unit.kind in Unit.CELL_KINDS and not meeting.kind.is_conference
    if own_cell and tally[S.EXEMPT]:
        total = _("Tổng số đảng viên của chi bộ: %(n)s đồng chí (miễn sinh hoạt %(exempt)s).") % names
    elif own_cell:
        total = _("Tổng số đảng viên của chi bộ: %(n)s đồng chí.") % names
    elif tally[S.EXEMPT]:
        total = _("Tổng số người được triệu tập: %(n)s đồng chí (miễn sinh hoạt %(exempt)s).") % names
    else:
        total = _("Tổng số người được triệu tập: %(n)s đồng chí.") % names
    names = {"present": vn.count(present), "late": vn.count(tally[S.LATE])}
    if tally[S.LATE]:
        here = _("Có mặt: %(present)s đồng chí (đến muộn %(late)s)") % names
    else:
        here = _("Có mặt: %(present)s đồng chí") % names
    lines = [
        total,
        _("%(present)s; %(absent)s. Tỷ lệ dự họp: %(rate)s.")
        % {
            "present": here,
            "absent": _absences(tally[S.EXCUSED], tally[S.ABSENT]),
            "rate": vn.percent(present, expected, 0 if present == expected else 1) or "—",
        },
    ]
    for row in rows:
        if row.status in ABSENCE_LINES:
            without_reason, with_reason = ABSENCE_LINES[row.status]
            line = with_reason if row.reason else without_reason
            lines.append(str(line) % {"name": row.person.full_name, "reason": _in_brackets(row.reason)})
    return lines


def _in_brackets(reason: str) -> str:
    """A reason as it reads inside the sentence's brackets: "(đi công tác)" for "Đi công tác.", an acronym or a
    name kept as written ("(UBND xã triệu tập)", "(Hà Nội)")."""
    reason = reason.strip().rstrip(".")
    words = reason.split()
    proper = len(words) > 1 and words[1][:1].isupper()  # "Hà Nội", "Trần Văn An"
    if words and words[0][1:2].islower() and not proper:
        return reason[:1].lower() + reason[1:]
    return reason


def _closing(meeting: Meeting) -> str:
    """The formula that closes every biên bản."""
    if meeting.ends_at is None:
        return _(
            "Cuộc họp kết thúc vào lúc … giờ … cùng ngày. Biên bản đã được thông qua trước cuộc họp, các đồng chí "
            "dự họp nhất trí với nội dung biên bản."
        )
    end = meeting.ends_at.astimezone(meeting.local_start.tzinfo)
    names = {"hour": f"{end.hour:02d}", "minute": f"{end.minute:02d}", "date": vn.short_date(end.date())}
    if end.date() == meeting.local_start.date():
        text = _(
            "Cuộc họp kết thúc vào lúc %(hour)s giờ %(minute)s cùng ngày. Biên bản đã được thông qua trước cuộc họp, "
            "các đồng chí dự họp nhất trí với nội dung biên bản."
        )
    else:
        text = _(
            "Cuộc họp kết thúc vào lúc %(hour)s giờ %(minute)s ngày %(date)s. Biên bản đã được thông qua trước cuộc "
            "họp, các đồng chí dự họp nhất trí với nội dung biên bản."
        )
    return text % names


def _body(meeting: Meeting) -> str:
    sections = iter(ROMAN)
    lines = [
        _("%(n)s. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN") % {"n": next(sections)},
        _time_line(meeting),
        _("Địa điểm: %(place)s.") % {"place": meeting.place or meeting.online_link or "…"},
        _("Chủ trì: đồng chí %(chair)s; thư ký: đồng chí %(secretary)s.")
        % {
            "chair": meeting.chair.full_name if meeting.chair else "…",
            "secretary": meeting.secretary.full_name if meeting.secretary else "…",
        },
    ]
    rows = list(
        MeetingAttendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__sort_key")
    )
    lines.extend(_attendance_lines(meeting, rows))
    invited_units = list(meeting.invited_units.sorted()) if meeting.kind.is_conference else []
    if invited_units:
        lines.append(_("Đơn vị được mời: %(units)s.") % {"units": ", ".join(u.name for u in invited_units)})
    guests = list(meeting.guests.all())
    if guests:
        lines.append(_("Khách mời:"))
        lines.extend(f"- {guest}." for guest in guests)
    said = {}
    for row in Contribution.objects.filter(meeting=meeting).select_related("unit"):
        said.setdefault(row.agenda_item_id, []).append(row)
    lines.append(_("%(n)s. NỘI DUNG CUỘC HỌP") % {"n": next(sections)})
    for item in meeting.agenda_items.all():
        lines.append(f"{item.position}. {item.title}")
        lines.extend(line for line in item.notes.splitlines() if line.strip())
        for row in said.get(item.pk, []):
            names = {"unit": row.unit.name, "speaker": row.speaker, "text": " ".join(row.content.split())}
            if row.speaker:
                lines.append(_("- %(unit)s (%(speaker)s): %(text)s") % names)
            else:
                lines.append(_("- %(unit)s: %(text)s") % names)
        if item.conclusion.strip():
            lines.append(_("Kết luận: %(text)s") % {"text": " ".join(item.conclusion.split())})
        if item.has_vote:
            lines.append(_vote_line(item))
    remarks = list(
        MemberAssessment.objects.filter(meeting=meeting).select_related("person").order_by("person__sort_key")
    )
    if any(r.assessment for r in remarks):
        lines.append(_("%(n)s. ĐÁNH GIÁ VIỆC HỌC TẬP VÀ LÀM THEO") % {"n": next(sections)})
        lines.extend(
            f"- {r.person.full_name}: {' '.join(r.assessment.split())}" for r in remarks if r.assessment
        )
    if any(r.self_criticism or r.criticism for r in remarks):
        lines.append(_("%(n)s. PHÊ BÌNH VÀ TỰ PHÊ BÌNH") % {"n": next(sections)})
        for r in remarks:
            if r.self_criticism:
                lines.append(
                    _("- Đồng chí %(name)s tự phê bình: %(text)s")
                    % {"name": r.person.full_name, "text": " ".join(r.self_criticism.split())}
                )
            if r.criticism:
                lines.append(
                    _("- Ý kiến phê bình, góp ý đối với đồng chí %(name)s: %(text)s")
                    % {"name": r.person.full_name, "text": " ".join(r.criticism.split())}
                )
    assignments = list(meeting.assignments.select_related("assignee_person", "assignee_unit"))
    if assignments:
        lines.append(_("%(n)s. PHÂN CÔNG THỰC HIỆN") % {"n": next(sections)})
        for a in assignments:
            lines.append(
                _("- %(task)s (%(assignee)s; hạn %(deadline)s).")
                % {"task": a.what, "assignee": a.assignee, "deadline": vn.short_date(a.deadline)}
            )
    lines.append(_closing(meeting))
    return "\n".join(lines)


@party_language
def minutes_document(meeting: Meeting) -> PartyDocument:
    profile = profile_for(meeting.unit)
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        type_code="BB",
        issuer_code=profile.issuer_code,
        place=profile.place,
        date=meeting.local_start.date(),
        type_name=_("BIÊN BẢN"),
        summary=_summary(meeting),
        body=_body(meeting),
        signer_title=_("Chủ trì"),
        signer_name=meeting.chair.full_name if meeting.chair else "",
        co_signer=(_("Thư ký"), meeting.secretary.full_name if meeting.secretary else ""),
        recipients=[],
    )
