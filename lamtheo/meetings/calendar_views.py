"""Calendar pages: a unit's month grid (or its whole subtree's, with filters by kind and by unit below) and the
logged-in person's own meetings as an .ics file, also at a secret address a phone's calendar subscribes to."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lamtheo.indicators.periods import Period
from lamtheo.meetings import calendar
from lamtheo.meetings.models import Meeting, MeetingKind
from lamtheo.notifications import actions as notification_actions
from lamtheo.notifications.models import CalendarFeed
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
    start, end = Period.containing("month", month).bounds()
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


def _personal_ics(request, user, *, disposition: str) -> HttpResponse:
    """The meetings `user`'s person is invited to, chairs or records, from three months back, as .ics."""
    since = timezone.now() - FEED_SINCE
    meetings = (
        calendar.personal_meetings(user)
        .filter(starts_at__gte=since)
        .select_related("unit", "kind")
        .order_by("starts_at")[:FEED_MAX]
    )
    response = HttpResponse(
        calendar.ics(meetings, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'{disposition}; filename="lich-hop-cua-toi.ics"'
    return response


@login_required
def my_calendar(request):
    """The logged-in person's own meetings as an .ics file to download."""
    return _personal_ics(request, request.user, disposition="attachment")


def _quiet(response: HttpResponse) -> HttpResponse:
    """Log a refused feed request without its path: the path holds the token, and Django's own log line of a 4xx
    ("Not Found: /sinh-hoat/lich-rieng/<token>.ics") would write it into the server's logs."""
    log_response("Calendar feed refused (%s)", response.status_code, response=response)
    return response


@csrf_exempt  # read-only; exempt so that a POST gets the quiet 405 below, not the CSRF failure that logs the path
def calendar_feed(request, token):
    """The same .ics as `my_calendar`, for whoever holds the owner's secret address, with no session: a phone's
    calendar reads it again by itself. What it holds is worked out at each request, as the owner would see it
    today. A wrong or revoked token, or a deactivated account, answers 404; the token is never logged."""
    if request.method not in ("GET", "HEAD"):
        return _quiet(HttpResponseNotAllowed(["GET", "HEAD"]))
    feed = CalendarFeed.objects.for_token(token).select_related("user").first()
    if feed is None:
        return _quiet(HttpResponseNotFound())
    response = _personal_ics(request, feed.user, disposition="inline")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def feed_url(request, feed: CalendarFeed) -> str:
    """The subscription address, absolute (a phone's calendar needs the host): on SITE_URL when it is set, as
    the links in mails are, else on the host of the request."""
    path = reverse("meetings:calendar_feed", args=[feed.token])
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@login_required
@require_POST
def calendar_subscription(request):
    """`hanh-dong=tao-moi` makes a new secret address (the old one stops answering); `hanh-dong=tat` turns the
    address off. Only ever the user's own."""
    action = request.POST.get("hanh-dong")
    if action == "tao-moi":
        notification_actions.renew_calendar_feed(actor=request.user)
        messages.success(
            request, _("Đã tạo đường dẫn mới cho lịch họp. Đường dẫn cũ (nếu có) không còn dùng được.")
        )
    elif action == "tat":
        if notification_actions.revoke_calendar_feed(actor=request.user):
            messages.success(
                request, _("Đã tắt đường dẫn lịch họp. Điện thoại đã đăng ký sẽ không nhận thêm lịch.")
            )
    else:
        return HttpResponseBadRequest()
    return redirect(f"{reverse('meetings:mine')}#dang-ky-lich")
