"""A user's inbox: their own notifications, newest first, with mark read and mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.lib import vn
from lamtheo.notifications import actions
from lamtheo.notifications.models import Notification

SHOWN = 100


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
