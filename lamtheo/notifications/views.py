"""A user's inbox: their own notifications, newest first, with mark read and mark all read; and the list of
what was assigned to the user's own person, where an assignment's reminder leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.lib import vn
from lamtheo.meetings.models import Assignment, Meeting
from lamtheo.notifications import actions
from lamtheo.notifications.models import Notification

SHOWN = 100
ASSIGNMENTS_SHOWN = 200


@login_required
def inbox(request):
    notifications = Notification.objects.for_user(request.user)
    context = {
        "notifications": list(notifications.newest_first()[:SHOWN]),
        "unread": notifications.unread().count(),
    }
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one as read, then open what it points to (a path of this site only)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    actions.mark_read(notification, actor=request.user)
    link = notification.link
    if request.POST.get("mo") and link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = actions.mark_all_read(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": vn.number(count)})
    return redirect("notifications:inbox")


@login_required
def assignments(request):
    """Việc được giao cho tôi: the assignments given to the user's own person, open ones first (overdue at the
    top). The host's meeting is linked only where the user may open it; an assignee who was not at the meeting
    reads the task here. Three queries, whatever the number of rows."""
    person_id = request.user.person_id
    rows = []
    if person_id:
        rows = list(
            Assignment.objects.visible_to(request.user)
            .filter(assignee_person=person_id)
            .select_related("meeting__unit", "meeting__kind")
            .order_by("done_at", "deadline", "pk")[:ASSIGNMENTS_SHOWN]
        )
        open_meetings = set(
            Meeting.objects.visible_to(request.user)
            .filter(pk__in={a.meeting_id for a in rows})
            .values_list("pk", flat=True)
        )
        for assignment in rows:
            assignment.meeting_visible = assignment.meeting_id in open_meetings
    today = timezone.localdate()
    rows.sort(key=lambda a: (a.done_at is not None, not a.is_overdue(today), a.deadline, a.pk))
    context = {"assignments": rows, "today": today, "has_person": bool(person_id)}
    return render(request, "notifications/assignments.html", context)
