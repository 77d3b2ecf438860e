"""Pages of meetings: a unit's meetings by month, planning and editing, recording a meeting as held on a phone-size
tick list, minutes per agenda item, the biên bản DOCX, and assignments."""

import datetime
import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.lib.attendance import ATTENDED, Mark, Presence, posted_ids, read_marks
from lamtheo.lib.web import attempt
from lamtheo.meetings import actions, calendar
from lamtheo.meetings.forms import AssignmentForm, CancelForm, DoneForm, HoldForm, MeetingForm
from lamtheo.meetings.models import (
    Assignment,
    Contribution,
    Meeting,
    MeetingAttendance,
    MemberAssessment,
)
from lamtheo.meetings.month import month_figures
from lamtheo.people.models import Person
from lamtheo.study.models import people_on
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

MEETINGS_SHOWN = 120


def get_meeting_for_user(request, pk, *, figures=False) -> Meeting:
    queryset = Meeting.objects.with_figures() if figures else Meeting.objects.select_related("unit", "kind")
    return get_visible_or_404(request.user, queryset.select_related("chair", "secretary"), pk=pk)


def meeting_page(request, meeting, template: str, **context):
    """A page about one meeting (a form on it): the meeting, its unit and the unit's breadcrumbs, with `context`."""
    context.update(meeting=meeting, unit=meeting.unit, breadcrumbs=breadcrumbs_for(request, meeting.unit))
    return render(request, template, context)


def _people(request, unit, date):
    """The unit's people on `date` (those the user sees, when there is a request)."""
    people = people_on(unit, date)
    return (people if request is None else people.visible_to(request.user)).sorted()


# A unit's meetings -----------------------------------------------------------------------------------------------


@login_required
def unit_meetings(request, unit_pk):
    """The meetings held in a unit's subtree, newest month first, each with its flags and attendance rate."""
    unit = get_unit_for_user(request, unit_pk)
    meetings = list(
        Meeting.objects.visible_to(request.user)
        .in_subtree(unit)
        .with_figures()
        .newest_first()[:MEETINGS_SHOWN]
    )
    months = [
        (month, list(rows))
        for month, rows in itertools.groupby(meetings, key=lambda m: m.local_start.strftime("%m/%Y"))
    ]
    context = {
        "unit": unit,
        "months": months,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "can_manage": allows(request.user, "meetings.manage", unit),
        "staff": allows(request.user, "meetings.see_figures", unit),
    }
    return render(request, "meetings/unit_meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "meetings.manage", unit)
    today = timezone.localdate()
    form = MeetingForm(
        request.POST or None,
        unit=unit,
        people=_people(request, unit, today),
        units_below=actions.units_below_choices(unit).visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        conference = form.cleaned_data["kind"].is_conference and "invited_units" in form.fields
        with attempt(request, form) as outcome:
            meeting = actions.plan_meeting(
                form.instance,
                actor=request.user,
                agenda=form.agenda_titles(),
                # None chosen: all the units directly below, as the form offers by default.
                invited_units=(form.cleaned_data["invited_units"] or None) if conference else None,
            )
        if outcome:
            messages.success(request, _("Đã lên lịch «%(meeting)s».") % {"meeting": meeting})
            if meeting.units_without_secretary:
                messages.warning(
                    request,
                    _(
                        "Chưa ghi nhận bí thư, phó bí thư của: %(units)s; hãy mời trực tiếp hoặc cập nhật chức vụ."
                    )
                    % {"units": ", ".join(u.name for u in meeting.units_without_secretary)},
                )
            return redirect(meeting)
    context = {"unit": unit, "form": form, "breadcrumbs": breadcrumbs_for(request, unit)}
    return render(request, "meetings/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "meetings.manage", meeting.unit)
    people = _people(request, meeting.unit, meeting.local_start.date())
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        unit=meeting.unit,
        people=people,
        units_below=actions.units_below_choices(meeting.unit).visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("invited_units")
        with attempt(request, form, done=_("Đã lưu cuộc họp.")) as outcome:
            actions.update_meeting(
                form.instance,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                agenda=form.agenda_titles(),
                invited_units=(chosen or None) if "invited_units" in form.fields else None,
            )
        if outcome:
            return redirect(meeting)
    return meeting_page(request, meeting, "meetings/form.html", form=form)


# A meeting -------------------------------------------------------------------------------------------------------


@login_required
def detail(request, pk):
    meeting = get_meeting_for_user(request, pk, figures=True)
    staff = allows(request.user, "meetings.see_figures", meeting.unit)
    agenda = list(meeting.agenda_items.all())
    by_item = {}
    for row in Contribution.objects.filter(meeting=meeting).select_related("unit"):
        by_item.setdefault(row.agenda_item_id, []).append(row)
    for item in agenda:
        item.said = by_item.get(item.pk, [])
    context = {
        "meeting": meeting,
        "unit": meeting.unit,
        "staff": staff,
        "can_manage": allows(request.user, "meetings.manage", meeting.unit),
        "agenda": agenda,
        "guests": list(meeting.guests.all()),
        "invited_units": list(meeting.invited_units.sorted()) if meeting.kind.is_conference else [],
        "assignments": meeting.assignments.select_related("assignee_person", "assignee_unit"),
        "adopted_codes": meeting.adopted_conduct_codes.visible_to(request.user),
        "today": timezone.localdate(),
        "breadcrumbs": breadcrumbs_for(request, meeting.unit),
    }
    if staff:
        context["remarks"] = (
            MemberAssessment.objects.filter(meeting=meeting)
            .select_related("person")
            .order_by("person__sort_key")
        )
    if staff:
        context["attendance"] = (
            MeetingAttendance.objects.filter(meeting=meeting)
            .select_related("person")
            .order_by("person__sort_key")
        )
        context["history"] = history_for(meeting)
    return render(request, "meetings/detail.html", context)


def _listed(meeting, data, user) -> list[int]:
    """The people on the tick list: the invitees, and anyone else the posted form names whom the user sees (the
    action then refuses them by name)."""
    ids = list(
        MeetingAttendance.objects.filter(meeting=meeting)
        .order_by("person__sort_key")
        .values_list("person", flat=True)
    )
    if not ids and not meeting.kind.is_conference:  # planned before anyone was listed: the unit's people
        ids = list(
            _people(request=None, unit=meeting.unit, date=meeting.local_start.date()).values_list(
                "pk", flat=True
            )
        )
    known = set(ids)
    extra = set(posted_ids(data)) - known
    if extra:
        # Only people the user sees are named in a refusal; other ids are dropped, never named.
        seen = set(Person.objects.visible_to(user).filter(pk__in=extra).values_list("pk", flat=True))
        ids.extend(sorted(seen))
    return ids


@login_required
@require_http_methods(["GET", "POST"])
def hold(request, pk):
    """Record the meeting as held, ticking attendance on a phone: everyone starts present."""
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "meetings.manage", meeting.unit)
    initial = {"starts_at": meeting.local_start, "version": meeting.version}
    if meeting.ends_at:
        initial["ends_at"] = timezone.localtime(meeting.ends_at)
    form = HoldForm(request.POST or None, initial=initial)
    listed = _listed(meeting, request.POST, request.user)
    attendance_errors = []
    marks = read_marks(request.POST, listed) if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, aside="attendance") as outcome:
            actions.hold_meeting(
                meeting,
                marks,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        if outcome:
            messages.success(request, _("Đã ghi nhận cuộc họp và điểm danh."))
            return redirect(meeting)
        attendance_errors = outcome.aside
    rows = {
        row.person_id: row
        for row in MeetingAttendance.objects.filter(meeting=meeting, person__in=listed).select_related(
            "person"
        )
    }
    missing = [pk_ for pk_ in listed if pk_ not in rows]
    names = (
        dict(Person.objects.visible_to(request.user).filter(pk__in=missing).values_list("pk", "full_name"))
        if missing
        else {}
    )
    entries = []
    for pk_ in listed:
        row = rows.get(pk_)
        # As posted back; else as recorded (an invitee starts present); else present.
        mark = marks.get(pk_) or Mark(
            Presence.PRESENT if row is None or row.status == row.INVITED else row.status,
            row.reason if row else "",
        )
        name = row.person.full_name if row else names.get(pk_, str(pk_))
        entries.append({"pk": pk_, "name": name, "mark": mark})
    return meeting_page(
        request,
        meeting,
        "meetings/hold.html",
        form=form,
        entries=entries,
        attendance_errors=attendance_errors,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """Cancel a planned meeting with a reason; the invitees see it on their list and on the meeting."""
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "meetings.manage", meeting.unit)
    form = CancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            actions.cancel_meeting(
                meeting,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        if outcome:
            messages.success(request, _("Đã hủy «%(meeting)s».") % {"meeting": meeting})
            return redirect(meeting)
    return meeting_page(request, meeting, "meetings/cancel.html", form=form)


MINE_SHOWN = 50


@login_required
def mine(request):
    """Lịch họp của tôi: the meetings the user's own record is invited to, from today on (cancelled ones with
    their reason), and the last few held."""
    person_id = request.user.person_id
    upcoming, past = [], []
    if person_id:
        rows = (
            MeetingAttendance.objects.filter(person=person_id)
            .select_related("meeting__unit", "meeting__kind")
            .order_by("meeting__starts_at")
        )
        start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
        upcoming = list(rows.filter(meeting__starts_at__gte=start_of_today)[:MINE_SHOWN])
        past = list(rows.filter(meeting__starts_at__lt=start_of_today).order_by("-meeting__starts_at")[:10])
    context = {"upcoming": upcoming, "past": past, "has_person": bool(person_id), "attended": ATTENDED}
    return render(request, "meetings/mine.html", context)


# Assignments -----------------------------------------------------------------------------------------------------


def _assignment_form(request, meeting, data=None):
    return AssignmentForm(
        data,
        people=Person.objects.visible_to(request.user).in_subtree(meeting.unit).active().sorted(),
        units=Unit.objects.subtree_of(meeting.unit).visible_to(request.user).sorted(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, pk):
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "meetings.manage", meeting.unit)
    form = _assignment_form(request, meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.meeting = meeting
        with attempt(request, form, done=_("Đã giao việc.")) as outcome:
            actions.create_assignment(form.instance, actor=request.user)
        if outcome:
            return redirect(meeting)
    return meeting_page(request, meeting, "meetings/assignment_form.html", form=form)


@login_required
def unit_assignments(request, unit_pk):
    """Assignments given by meetings in the unit's subtree; overdue ones first and highlighted."""
    unit = get_unit_for_user(request, unit_pk)
    today = timezone.localdate()
    given_here = Q(meeting__in=Meeting.objects.in_subtree(unit).values("pk"))
    given_to_here = Q(assignee_unit__in=Unit.objects.subtree_of(unit).values("pk"))
    assignments = sorted(
        Assignment.objects.visible_to(request.user)
        .filter(given_here | given_to_here)
        .select_related("meeting__kind", "meeting__unit", "assignee_person", "assignee_unit")[:500],
        key=lambda a: (a.done_at is not None, not a.is_overdue(today), a.deadline),
    )
    context = {
        "unit": unit,
        "assignments": assignments,
        "today": today,
        "can_manage": allows(request.user, "meetings.manage", unit),
        "done_form": DoneForm(),
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "meetings/assignments.html", context)


@login_required
@require_POST
def assignment_done(request, pk):
    assignment = get_visible_or_404(
        request.user, Assignment.objects.select_related("meeting__unit", "assignee_unit"), pk=pk
    )
    require(request.user, "meetings.mark_done", assignment)
    form = DoneForm(request.POST)
    if form.is_valid():
        with attempt(request) as outcome:
            actions.mark_done(assignment, actor=request.user, evidence=form.cleaned_data["evidence"])
        if outcome:
            messages.success(request, _("Đã ghi nhận hoàn thành: %(what)s.") % {"what": assignment})
    else:
        messages.error(request, _("Hãy ghi kết quả, minh chứng hoàn thành."))
    back = request.POST.get("unit")
    unit_pk = int(back) if back and back.isdigit() else assignment.meeting.unit_id
    return redirect("meetings:assignments", unit_pk)


# Figures and calendar --------------------------------------------------------------------------------------------


def _month(request, today) -> datetime.date:
    """`?thang=2026-03`, else the current month; a malformed value is a 404."""
    raw = request.GET.get("thang")
    if not raw:
        return today.replace(day=1)
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise Http404 from None


@login_required
def month(request, unit_pk):
    """Which chi bộ of the subtree held their monthly meeting, with attendance rates and the required item."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "meetings.see_figures", unit)
    chosen = _month(request, timezone.localdate())
    context = {
        "unit": unit,
        "figures": month_figures(unit, chosen),
        "previous": (chosen - datetime.timedelta(days=1)).strftime("%Y-%m"),
        "next": (chosen + datetime.timedelta(days=32)).strftime("%Y-%m"),
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "meetings/month.html", context)


@login_required
def calendar_export(request, unit_pk):
    """The subtree's meetings the user sees, from three months back, as an .ics file."""
    unit = get_unit_for_user(request, unit_pk)
    since = timezone.now() - datetime.timedelta(days=92)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .in_subtree(unit)
        .filter(starts_at__gte=since)
        .select_related("unit", "kind")
        .order_by("starts_at")[:2000]
    )
    response = HttpResponse(
        calendar.ics(meetings, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="lich-hop-{unit.code}.ics"'
    return response
