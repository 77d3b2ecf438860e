"""The inbox: documents sent to the user's units, and acknowledging them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheo.accounts.rules import require
from lamtheo.accounts.scoping import get_scope
from lamtheo.documents import actions
from lamtheo.documents.models import Document
from lamtheo.documents.views import (
    asked_of,
    crumbs,
    get_distribution_for_user,
    is_htmx,
    mark_acknowledgeable,
    received_by,
)

INBOX_PAGE_SIZE = 50


def _inbox_rows(request):
    scope = get_scope(request.user)
    rows = received_by(request.user)
    if request.GET.get("where") != "below":
        rows = rows.filter(unit_id__in={a.unit_id for a in scope.assignments})
    if request.GET.get("state") == "pending":
        rows = rows.filter(acknowledged_at__isnull=True)
    return rows.select_related("document__doc_type", "document__unit", "unit", "acknowledged_by").order_by(
        F("acknowledged_at").desc(nulls_first=True), "-delivered_at", "-pk"
    )


@login_required
@require_GET
def inbox(request):
    """Documents sent to the user's units, unacknowledged first, with an «Đã nhận» button."""
    page = Paginator(_inbox_rows(request), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = mark_acknowledgeable(request, list(page.object_list))
    context = {
        "page": page,
        "rows": rows,
        "where": request.GET.get("where", ""),
        "state": request.GET.get("state", ""),
    }
    if is_htmx(request):
        return render(request, "documents/_inbox_table.html", context)
    context.update({"asked": asked_of(request.user), "breadcrumbs": crumbs()})
    return render(request, "documents/inbox.html", context)


@login_required
@require_POST
def acknowledge(request, pk):
    distribution = get_distribution_for_user(request, pk)
    require(request.user, "documents.acknowledge", distribution)
    if distribution.document.status != Document.Status.ISSUED:
        messages.error(request, _("Văn bản này đã bị thu hồi nên không cần xác nhận đã nhận."))
    else:
        actions.acknowledge(distribution, actor=request.user)
    if is_htmx(request):
        mark_acknowledgeable(request, [distribution])
        template = (
            "documents/_distribution_row.html"
            if request.POST.get("row") == "distribution"
            else "documents/_inbox_row.html"
        )
        return render(request, template, {"row": distribution})
    if distribution.acknowledged_at:
        messages.success(
            request,
            _("%(unit)s đã nhận văn bản %(code)s.")
            % {"unit": distribution.unit.name, "code": distribution.document.code},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("documents:inbox")
    return redirect(next_url)
