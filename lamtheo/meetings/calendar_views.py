"""Calendar pages: a unit's month grid (or its whole subtree's, with filters by kind and by unit below) and the
logged-in person's own meetings as an .ics file."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lamtheo.meetings import calendar
from lamtheo.meetings.models import Meeting, MeetingKind
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

FEED_SINCE = datetime.timedelta(days=92)
FEED_MAX = 2000


def _month(raw: str | None, today: datetime.date) -> datetime.date:
    """`2026-03` → 1 March 2026; the current month when absent; a malformed value is a 404."""
    if not raw:
        return today.replace(day=1)
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise Http404 from None


def _query(params: dict, **changes) -> str:
    """The page's query string with `changes` applied (None removes a key)."""
    merged = {**params, **changes}
    return "&".join(f"{key}={value}" for key, value in merged.items() if value not in (None, ""))


@login_required
def month_calendar(request, unit_pk):
    """`?thang=2026-03` the month; `?toan-bo=1` the whole subtree, then `?loai=<kind code>` and `?don-vi=<pk of a
    unit directly below>` narrow it. Meetings the user does not see are not shown."""
    unit = get_unit_for_user(request, unit_pk)
    today = timezone.localdate()
    month = _month(request.GET.get("thang"), today)
    whole = request.GET.get("toan-bo") == "1"
    start, end = calendar.month_span(month)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("unit", "kind")
    )
    kinds = list(MeetingKind.objects.all())
    kind = next((k for k in kinds if k.code == request.GET.get("loai")), None)
    if kind is not None:
        meetings = meetings.filter(kind=kind)
    below, chosen_below = [], None
    if whole:
        below = list(Unit.objects.children_of(unit).visible_to(request.user).sorted())
        raw = request.GET.get("don-vi")
        if raw:
            chosen_below = next((u for u in below if str(u.pk) == raw), None)
            if chosen_below is None:
                raise Http404
        meetings = meetings.in_subtree(chosen_below or unit)
    else:
        meetings = meetings.filter(unit=unit)
    grid = calendar.month_grid(month, meetings, today=today)
    params = {
        "thang": month.strftime("%Y-%m"),
        "toan-bo": "1" if whole else None,
        "loai": kind.code if kind else None,
        "don-vi": chosen_below.pk if chosen_below else None,
    }
    context = {
        "unit": unit,
        "grid": grid,
        "weekdays": calendar.weekday_names(),
        "whole": whole,
        "kinds": kinds,
        "kind": kind,
        "below": below,
        "chosen_below": chosen_below,
        "previous_query": _query(params, thang=grid.previous),
        "next_query": _query(params, thang=grid.next),
        "today_query": _query(params, thang=today.strftime("%Y-%m")),
        "own_query": _query(params, **{"toan-bo": None, "loai": None, "don-vi": None}),
        "whole_query": _query(params, **{"toan-bo": "1"}),
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "meetings/calendar_month.html", context)


@login_required
def my_calendar(request):
    """The meetings the logged-in person is invited to, chairs or records, from three months back, as .ics."""
    since = timezone.now() - FEED_SINCE
    meetings = (
        calendar.personal_meetings(request.user)
        .filter(starts_at__gte=since)
        .select_related("unit", "kind")
        .order_by("starts_at")[:FEED_MAX]
    )
    response = HttpResponse(
        calendar.ics(meetings, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="lich-hop-cua-toi.ics"'
    return response
