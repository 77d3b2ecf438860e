"""Consulting on a draft before issuing it: whom to ask and by when, their answers, closing the round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.rules import require
from lamtheo.documents import actions
from lamtheo.documents.forms import (
    PICKER_LIMIT,
    ConsultationForm,
    ResponseForm,
    invitee_candidates,
    search_users,
    user_label,
)
from lamtheo.documents.models import ConsultationResponse, Document
from lamtheo.documents.views import (
    crumbs,
    detail_context,
    get_document_for_user,
    picker_results,
    shown_ids,
)
from lamtheo.lib import vn
from lamtheo.lib.web import attempt, refuse


@login_required
@require_http_methods(["GET", "POST"])
def consult(request, pk):
    """Open a consultation: choose whom to ask and by when."""
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    if document.status != Document.Status.DRAFT:
        messages.error(
            request,
            _("Văn bản đang trong một đợt lấy ý kiến chưa kết thúc.")
            if document.status == Document.Status.CONSULTATION
            else _("Chỉ lấy ý kiến được khi văn bản còn là dự thảo."),
        )
        return redirect(document)
    form = ConsultationForm(request.POST or None, document=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            consultation = actions.open_consultation(
                document,
                users=form.cleaned_data["invitees"],
                deadline=form.cleaned_data["deadline"],
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        if outcome:
            messages.success(
                request,
                _("Đã gửi dự thảo xin ý kiến %(n)s người, hạn %(date)s.")
                % {"n": consultation.responses.count(), "date": vn.short_date(consultation.deadline)},
            )
            return redirect(document)
    context = {"document": document, "form": form, "breadcrumbs": crumbs(document)}
    return render(request, "documents/consult.html", context)


@login_required
@require_POST
def respond(request, pk):
    """An invitee answers: «Nhất trí», or comments."""
    document = get_document_for_user(request, pk)
    response = (
        ConsultationResponse.objects.filter(consultation__document=document, user=request.user)
        .select_related("consultation__document")
        .order_by(F("consultation__closed_at").desc(nulls_first=True), "-pk")
        .first()
    )
    if response is None:
        raise PermissionDenied
    if not response.consultation.is_open:
        return refuse(request, document, _("Đợt lấy ý kiến này đã kết thúc."))
    form = ResponseForm(request.POST)
    if form.is_valid():
        with attempt(
            request, form, done=_("Đã gửi ý kiến của anh/chị. Anh/chị có thể sửa lại trước khi hết hạn.")
        ) as outcome:
            actions.respond(
                response,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        if outcome:
            return redirect(document)
    context = detail_context(request, document, respond_form=form)
    return render(request, "documents/detail.html", context)


@login_required
@require_POST
def close_consultation(request, pk):
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    consultation = document.consultations.filter(closed_at__isnull=True).first()
    if consultation is None:
        return refuse(request, document, _("Không có đợt lấy ý kiến nào đang mở."))
    with attempt(request) as outcome:
        actions.close_consultation(consultation, actor=request.user)
    if outcome:
        responses = consultation.responses.all()
        answered = sum(1 for r in responses if r.verdict != ConsultationResponse.Verdict.PENDING)
        messages.success(
            request,
            _("Đã kết thúc lấy ý kiến: %(answered)s/%(total)s người đã trả lời.")
            % {"answered": answered, "total": len(responses)},
        )
    return redirect(document)


@login_required
@require_GET
def search_invitees(request, pk):
    """People who may be asked about this draft."""
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        candidates = invitee_candidates(request.user, document.unit).exclude(pk__in=shown_ids(request))
        users = search_users(candidates, query)[:PICKER_LIMIT]
        found = [(u.pk, user_label(u)) for u in users]
    return picker_results(request, "invitees", found)
