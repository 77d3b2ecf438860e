"""Giao ban and conferences: a conclusion given to the units below in one step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.rules import require
from lamtheo.lib.web import attempt
from lamtheo.meetings import actions
from lamtheo.meetings.forms import ConcludeForm
from lamtheo.meetings.views import get_meeting_for_user, meeting_page
from lamtheo.units.models import Unit


def _assignable_units(meeting, user):
    """The units invited to the meeting and those directly below the host, that the user sees."""
    invited = meeting.invited_units.values("pk")
    below = Unit.objects.children_of(meeting.unit).values("pk")
    return Unit.objects.filter(Q(pk__in=invited) | Q(pk__in=below)).visible_to(user).sorted()


@login_required
@require_http_methods(["GET", "POST"])
def conclude(request, pk):
    """`?muc=<agenda item>` starts from that item's conclusion; the invited units are chosen by default."""
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "meetings.manage", meeting.unit)
    units = _assignable_units(meeting, request.user)
    initial = {"units": list(meeting.invited_units.values_list("pk", flat=True)) or list(units)}
    item_pk = request.GET.get("muc", "")
    if item_pk.isdigit():
        item = meeting.agenda_items.filter(pk=int(item_pk)).first()
        if item is not None:
            initial["what"] = " ".join(item.conclusion.split())[:500]
    form = ConcludeForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            given = actions.assign_to_units(
                meeting,
                actor=request.user,
                what=form.cleaned_data["what"],
                deadline=form.cleaned_data["deadline"],
                units=form.cleaned_data["units"],
                today=timezone.localdate(),
            )
        if outcome:
            messages.success(request, _("Đã giao việc cho %(count)s đơn vị.") % {"count": len(given)})
            return redirect(meeting)
    return meeting_page(request, meeting, "meetings/conclude.html", form=form)
