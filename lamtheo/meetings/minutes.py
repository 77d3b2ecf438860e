"""A meeting's biên bản as a Party-format document, through the one renderer (lamtheo.lib.docx).

The renderer places one signer: the chair signs (T/M CHI BỘ, CHỦ TRÌ); the secretary is named in the body.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.documents.actions import profile_for
from lamtheo.lib import vn
from lamtheo.lib.docx import PartyDocument, party_language
from lamtheo.meetings.models import Contribution, Meeting, MeetingAttendance, MemberAssessment


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


def _body(meeting: Meeting) -> str:
    """Needs `Meeting.objects.with_figures()`."""
    lines = [
        _time_line(meeting),
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
        without_reason, with_reason = ABSENCE_LINES[row.status]
        line = with_reason if row.reason else without_reason
        lines.append(str(line) % {"name": row.person.full_name, "reason": row.reason})
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
    lines.append(_("NỘI DUNG CUỘC HỌP"))
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
        lines.append(_("ĐÁNH GIÁ VIỆC HỌC TẬP VÀ LÀM THEO"))
        lines.extend(
            f"- {r.person.full_name}: {' '.join(r.assessment.split())}" for r in remarks if r.assessment
        )
    if any(r.self_criticism or r.criticism for r in remarks):
        lines.append(_("PHÊ BÌNH VÀ TỰ PHÊ BÌNH"))
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
        lines.append(_("PHÂN CÔNG THỰC HIỆN"))
        for a in assignments:
            lines.append(
                _("- %(task)s (%(assignee)s; hạn %(deadline)s).")
                % {"task": a.what, "assignee": a.assignee, "deadline": vn.short_date(a.deadline)}
            )
    return "\n".join(lines)


@party_language
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
