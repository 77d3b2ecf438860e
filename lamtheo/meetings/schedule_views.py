"""A unit's recurring meetings ("sinh hoạt thường kỳ ngày 5 hằng tháng lúc 19:30") and planning them ahead."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import require
from lamtheo.lib.web import attempt, refuse
from lamtheo.meetings import schedules
from lamtheo.meetings.forms import PlanAheadForm, ScheduleForm
from lamtheo.meetings.models import MeetingSchedule
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, unit_pk):
    """The unit's schedules, and a form that adds one or (`?sua=<id>`) changes one."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "meetings.manage", unit)
    existing = list(MeetingSchedule.objects.filter(unit=unit).select_related("kind"))
    editing = None
    raw = request.GET.get("sua", "")
    if raw.isdigit():
        editing = next((s for s in existing if s.pk == int(raw)), None)
    form = ScheduleForm(request.POST or None, instance=editing, unit=unit)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            schedules.save_schedule(form.instance, actor=request.user)
        if outcome:
            messages.success(
                request, _("Đã lưu lịch họp định kỳ: %(schedule)s.") % {"schedule": form.instance}
            )
            return redirect("meetings:schedule", unit.pk)
    context = {
        "unit": unit,
        "schedules": existing,
        "form": form,
        "editing": editing,
        "ahead_form": PlanAheadForm(),
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "meetings/schedule.html", context)


@login_required
@require_POST
def plan_ahead(request, pk):
    """Plan the schedule's meetings for the next N months; months that already have one are left alone."""
    # Found through its unit, as the schedule page is: a member of the unit is refused (403), an outsider gets 404.
    units = Unit.objects.visible_to(request.user).values("pk")
    schedule = get_object_or_404(
        MeetingSchedule.objects.filter(unit__in=units).select_related("unit", "kind"), pk=pk
    )
    require(request.user, "meetings.manage", schedule.unit)
    form = PlanAheadForm(request.POST)
    if not form.is_valid():
        return refuse(
            request, reverse("meetings:schedule", args=[schedule.unit_id]), _("Số tháng phải từ 1 đến 12.")
        )
    with attempt(request) as outcome:
        created = schedules.plan_from_schedule(
            schedule, actor=request.user, months=form.cleaned_data["months"]
        )
    if outcome:
        if created:
            messages.success(
                request,
                _("Đã lên lịch %(count)s cuộc họp: %(dates)s.")
                % {
                    "count": len(created),
                    "dates": ", ".join(m.local_start.strftime("%d/%m/%Y") for m in created),
                },
            )
        else:
            messages.info(request, _("Các tháng này đã có lịch họp; không tạo thêm cuộc họp nào."))
    return redirect("meetings:schedule", schedule.unit_id)
