"""A meeting's biên bản as a Party-format document, through the one renderer (lamtheo.lib.docx).

The renderer places one signer: the chair signs (T/M CHI BỘ, CHỦ TRÌ); the secretary is named in the body.
"""

from django.utils.translation import gettext as _

from lamtheo.documents.actions import profile_for
from lamtheo.lib import vn
from lamtheo.lib.docx import PartyDocument
from lamtheo.meetings.models import Meeting, MeetingAttendance


def _summary(meeting: Meeting) -> str:
    start = meeting.local_start
    if meeting.kind.code == "monthly":
        return _("sinh hoạt chi bộ tháng %(month)s năm %(year)s") % {"month": start.month, "year": start.year}
    return _("%(kind)s ngày %(date)s") % {
        "kind": meeting.display_title.lower(),
        "date": vn.short_date(start.date()),
    }


def _body(meeting: Meeting) -> str:
    """Needs `Meeting.objects.with_figures()`."""
    start = meeting.local_start
    lines = [
        _("Thời gian: bắt đầu lúc %(time)s, %(weekday)s ngày %(date)s%(end)s.")
        % {
            "time": start.strftime("%H giờ %M"),
            "weekday": vn.weekday(start.date()).lower(),
            "date": vn.short_date(start.date()),
            "end": _(", kết thúc lúc %(time)s")
            % {"time": meeting.ends_at.astimezone(start.tzinfo).strftime("%H giờ %M")}
            if meeting.ends_at
            else "",
        },
        _("Địa điểm: %(place)s.") % {"place": meeting.place or meeting.online_link or "…"},
        _("Chủ trì: %(chair)s; thư ký: %(secretary)s.")
        % {
            "chair": meeting.chair.full_name if meeting.chair else "…",
            "secretary": meeting.secretary.full_name if meeting.secretary else "…",
        },
    ]
    absent = list(
        MeetingAttendance.objects.filter(
            meeting=meeting,
            status__in=[MeetingAttendance.Status.EXCUSED, MeetingAttendance.Status.ABSENT],
        ).select_related("person")
    )
    lines.append(
        _(
            "Tổng số người triệu tập: %(listed)s; miễn sinh hoạt: %(exempt)s; có mặt: %(present)s; vắng: %(absent)s. "
            "Tỷ lệ dự họp: %(rate)s."
        )
        % {
            "listed": vn.number(meeting.n_listed),
            "exempt": vn.number(meeting.n_exempt),
            "present": vn.number(meeting.n_present),
            "absent": vn.number(len(absent)),
            "rate": vn.percent(meeting.n_present, meeting.n_expected) or "—",
        }
    )
    for row in absent:
        lines.append(
            f"- {row.person.full_name}: {row.get_status_display().lower()}{f' ({row.reason})' if row.reason else ''}."
        )
    lines.append(_("NỘI DUNG CUỘC HỌP"))
    for item in meeting.agenda_items.all():
        lines.append(f"{item.position}. {item.title}")
        lines.extend(line for line in item.notes.splitlines() if line.strip())
        if item.conclusion.strip():
            lines.append(_("Kết luận: %(text)s") % {"text": " ".join(item.conclusion.split())})
    assignments = list(meeting.assignments.select_related("assignee_person", "assignee_unit"))
    if assignments:
        lines.append(_("PHÂN CÔNG THỰC HIỆN"))
        for a in assignments:
            lines.append(f"- {a.what} ({a.assignee}; {_('hạn')} {vn.short_date(a.deadline)}).")
    return "\n".join(lines)


def minutes_document(meeting: Meeting) -> PartyDocument:
    profile = profile_for(meeting.unit)
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        place=profile.place,
        date=meeting.local_start.date(),
        type_name=_("BIÊN BẢN"),
        summary=_summary(meeting),
        body=_body(meeting),
        signing_form=profile.signing_form,
        signer_title=_("Chủ trì"),
        signer_name=meeting.chair.full_name if meeting.chair else "",
        recipients=[],
    )
