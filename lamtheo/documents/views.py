"""Document pages: list and search, inbox, drafting, consultation, issuing, renderings, attachments.

Every fetch goes through `Document.objects.visible_to` (404 outside); every write checks the role in
lamtheo.documents.rules (403 without it) and calls one action.
"""

import re
import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.documents import actions
from lamtheo.documents.diff import has_changes, side_by_side
from lamtheo.documents.forms import (
    PICKER_LIMIT,
    DocumentForm,
    IssueForm,
    RecallForm,
    ResponseForm,
    document_label,
    unit_label,
)
from lamtheo.documents.models import (
    Attachment,
    ConsultationResponse,
    Distribution,
    Document,
    DocumentType,
)
from lamtheo.documents.rendering import render_docx, render_pdf
from lamtheo.documents.rules import own_drafting_unit_ids
from lamtheo.lib import vn
from lamtheo.lib.docx import outline
from lamtheo.lib.forms import StoredFileForm
from lamtheo.lib.web import Crumb, add_stored_file, attempt, refuse, rendered_download, serve_stored
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

PAGE_SIZE = 25
ISSUER_CHOICES_LIMIT = 500


# --- fetching --------------------------------------------------------------------------------------------


def get_document_for_user(request, pk) -> Document:
    """The document if the user may see it, 404 otherwise."""
    return get_visible_or_404(
        request.user, Document.objects.select_related("doc_type", "unit", "topic", "term"), pk=pk
    )


def received_by(user):
    """Distribution rows of the units the user's roles cover, and of the units they are a member of."""
    scope = get_scope(user)
    return Distribution.objects.visible_to(user) | Distribution.objects.filter(
        unit_id__in=scope.member_unit_ids
    )


def get_distribution_for_user(request, pk) -> Distribution:
    try:
        return get_object_or_404(
            received_by(request.user).select_related("unit", "document__doc_type", "document__unit"), pk=pk
        )
    except (ValueError, TypeError):
        raise Http404 from None


def attachments_for_user(request):
    """The attachments of the documents the user sees."""
    visible = Document.objects.visible_to(request.user).values("pk")
    return Attachment.objects.filter(document__in=visible).select_related("document__unit")


def get_attachment_for_user(request, pk) -> Attachment:
    try:
        return get_object_or_404(attachments_for_user(request), pk=pk)
    except (ValueError, TypeError):
        raise Http404 from None


def crumbs(document: Document | None = None) -> list[Crumb]:
    crumbs = [Crumb(_("Văn bản"), reverse("documents:index"))]
    if document is not None:
        crumbs.append(Crumb(document.code or _("Dự thảo"), document.get_absolute_url()))
    return crumbs


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def mark_acknowledgeable(request, rows):
    """Offer «Đã nhận» to the receiving side only: the issuer watches who has not acknowledged."""
    for row in rows:
        row.can_acknowledge = (
            row.acknowledged_at is None
            and row.document.status == Document.Status.ISSUED
            and allows(request.user, "documents.acknowledge", row)
            and not allows(request.user, "documents.draft", row.document.unit)
        )
    return rows


# --- list and search -------------------------------------------------------------------------------------


def _filtered_documents(request):
    documents = Document.objects.visible_to(request.user)
    params = request.GET
    query = params.get("q", "").strip()
    if query:
        documents = documents.search(query)
    if params.get("type"):
        documents = documents.filter(doc_type__key=params["type"])
    if unit_id := _int(params.get("unit")):
        documents = documents.filter(unit_id=unit_id)
    if year := _int(params.get("year")):
        documents = documents.filter(Q(date__year=year) | Q(date__isnull=True, created_at__year=year))
    if topic_id := _int(params.get("topic")):
        documents = documents.filter(topic_id=topic_id)
    if params.get("status") in Document.Status.values:
        documents = documents.filter(status=params["status"])
    return (
        documents.select_related("doc_type", "unit", "topic").order_by(
            F("date").desc(nulls_first=True), "-pk"
        ),
        query,
    )


def asked_of(user):
    """The open consultations the user is asked to answer, unanswered first."""
    return (
        ConsultationResponse.objects.filter(user=user, consultation__closed_at__isnull=True)
        .select_related("consultation__document__doc_type", "consultation__document__unit", "consultation")
        .order_by(F("answered_at").desc(nulls_first=True), "consultation__deadline")[:PICKER_LIMIT]
    )


@login_required
@require_GET
def index(request):
    """Every document the user sees: full-text search (accents ignored), filters, newest first."""
    documents, query = _filtered_documents(request)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "filters": request.GET}
    if is_htmx(request):
        return render(request, "documents/_list_table.html", context)
    visible = Document.objects.visible_to(request.user)
    own_units = own_drafting_unit_ids(request.user)
    context.update(
        {
            "types": DocumentType.objects.all(),
            "issuers": Unit.objects.filter(pk__in=visible.values("unit_id")).order_by("path")[
                :ISSUER_CHOICES_LIMIT
            ],
            "years": [d.year for d in visible.dates("date", "year", order="DESC")],
            "topics": Topic.objects.visible_to(request.user).order_by("-start_year", "kind", "title"),
            "statuses": Document.Status.choices,
            "asked": asked_of(request.user),
            "can_draft": bool(own_units),
            "configurable_units": [
                unit
                for unit in (Unit.objects.filter(pk__in=own_units).sorted() if own_units else [])
                if allows(request.user, "documents.configure", unit)
            ],
            "breadcrumbs": crumbs(),
        }
    )
    return render(request, "documents/index.html", context)


# --- one document ----------------------------------------------------------------------------------------


def paragraphs(body: str) -> list[dict]:
    """The body as the DOCX lays it out: headings, bullets and plain paragraphs (lamtheo.lib.docx.outline)."""
    return outline(body)


def detail_context(request, document: Document, **forms) -> dict:
    user = request.user
    can_edit = allows(user, "documents.draft", document.unit)
    consultations = list(
        document.consultations.select_related("opened_by", "closed_by").prefetch_related(
            Prefetch("responses", queryset=ConsultationResponse.objects.select_related("user"))
        )
    )
    for consultation in consultations:
        answers = consultation.responses.all()
        consultation.answered = sum(1 for r in answers if r.verdict != ConsultationResponse.Verdict.PENDING)
        consultation.total = len(answers)
    open_consultation = next((c for c in consultations if c.is_open), None)
    my_responses = [r for c in consultations for r in c.responses.all() if r.user_id == user.pk]
    my_open = next((r for r in my_responses if r.consultation.is_open), None)
    if can_edit:
        distributions = document.distributions.select_related("unit", "acknowledged_by").order_by(
            "unit__path"
        )
    else:
        distributions = received_by(user).filter(document=document).select_related("unit", "acknowledged_by")
    distributions = mark_acknowledgeable(request, list(distributions))
    for row in distributions:
        row.document = document
    related = list(document.related.select_related("doc_type"))
    visible_related = set(
        Document.objects.visible_to(user).filter(pk__in=[d.pk for d in related]).values_list("pk", flat=True)
    )
    for cited in related:
        cited.is_visible = cited.pk in visible_related
    profile = actions.profile_for(document.unit)
    return {
        "document": document,
        "profile": profile,
        "paragraphs": paragraphs(document.body),
        "signing_form": document.signing_form or profile.signing_form,
        "recipient_lines": document.recipient_lines(),
        "can_edit": can_edit,
        "can_see_workings": can_edit or bool(my_responses),
        "consultations": consultations if can_edit else [],
        "open_consultation": open_consultation,
        "my_responses": my_responses,
        "my_open_response": my_open,
        "respond_form": forms.get("respond_form")
        or (
            ResponseForm(initial={"verdict": my_open.verdict, "comment": my_open.comment})
            if my_open
            else None
        ),
        "distributions": distributions,
        "acknowledged": sum(1 for d in distributions if d.acknowledged_at),
        "attachments": document.attachments.select_related("uploaded_by"),
        "upload_form": forms.get("upload_form") or (StoredFileForm(model=Attachment) if can_edit else None),
        "related": related,
        "topic_visible": bool(document.topic_id)
        and Topic.objects.visible_to(user).filter(pk=document.topic_id).exists(),
        "version_count": document.versions.count() if can_edit or my_responses else 0,
        "history": history_for(document) if can_edit else [],
        "breadcrumbs": crumbs(document),
    }


@login_required
@require_GET
def detail(request, pk):
    document = get_document_for_user(request, pk)
    return render(request, "documents/detail.html", detail_context(request, document))


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not own_drafting_unit_ids(request.user):
        raise PermissionDenied
    initial = {"unit": request.GET["unit"]} if _int(request.GET.get("unit")) else {}
    form = DocumentForm(request.POST or None, instance=Document(), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        require(request.user, "documents.draft", form.cleaned_data["unit"])
        with attempt(request, form, done=_("Đã lưu dự thảo (phiên bản 1).")) as outcome:
            document = actions.create_draft(
                form.instance, actor=request.user, related=form.cleaned_data["related"]
            )
        if outcome:
            return redirect(document)
    context = {"form": form, "signers": form.signer_suggestions(), "breadcrumbs": crumbs()}
    return render(request, "documents/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    if not document.is_editable:
        messages.error(
            request, _("Văn bản đã ban hành không sửa được; nếu cần, hãy thu hồi rồi ban hành văn bản mới.")
        )
        return redirect(document)
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            actions.update_draft(
                form.instance,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                related=form.cleaned_data["related"],
            )
        if outcome:
            messages.success(request, _("Đã lưu dự thảo (phiên bản %(n)s).") % {"n": document.version})
            return redirect(document)
    context = {
        "document": document,
        "form": form,
        "signers": form.signer_suggestions(),
        "breadcrumbs": crumbs(document),
    }
    return render(request, "documents/form.html", context)


@login_required
@require_GET
def versions(request, pk):
    """Every saved version of the draft; any two compared line by line, changed words marked."""
    document = get_document_for_user(request, pk)
    asked = ConsultationResponse.objects.filter(consultation__document=document, user=request.user).exists()
    if not (allows(request.user, "documents.draft", document.unit) or asked):
        raise PermissionDenied
    saved = list(document.versions.select_related("author"))
    by_number = {v.number: v for v in saved}
    newest = saved[0].number if saved else 0
    old_number = _int(request.GET.get("a")) or (saved[1].number if len(saved) > 1 else newest)
    new_number = _int(request.GET.get("b")) or newest
    old, new = by_number.get(old_number), by_number.get(new_number)
    comparison = None
    if old is not None and new is not None:
        comparison = {
            "old": old,
            "new": new,
            "summary": summary if has_changes(summary := side_by_side(old.summary, new.summary)) else [],
            "body": side_by_side(old.body, new.body),
            "recipients": rows if has_changes(rows := side_by_side(old.recipients, new.recipients)) else [],
        }
    context = {
        "document": document,
        "versions": saved,
        "comparison": comparison,
        "breadcrumbs": crumbs(document),
    }
    return render(request, "documents/versions.html", context)


# --- issuing ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, pk):
    """Number, date and distribute the document. A refusal is shown on the page and nothing is saved."""
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    if not document.is_editable:
        return refuse(request, document, _("Văn bản này đã được ban hành hoặc đã thu hồi."))
    form = IssueForm(request.POST or None, document=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            issued = actions.issue_document(
                document,
                actor=request.user,
                date=form.cleaned_data["date"],
                number=form.cleaned_data["number"],
                recipients_units=list(form.cleaned_data["recipients"]),
            )
        if outcome:
            messages.success(
                request,
                _("Đã ban hành văn bản số %(code)s và gửi đến %(n)s đơn vị.")
                % {"code": issued.code, "n": issued.distributions.count()},
            )
            return redirect(issued)
    has_term = document.unit.terms.exists()
    context = {
        "document": document,
        "form": form,
        "needs_consultation": actions.requires_consultation(document) and not document.consultations.exists(),
        "open_consultation": document.consultations.filter(closed_at__isnull=True).exists(),
        "has_term": has_term,
        "can_configure": allows(request.user, "documents.draft", document.unit),
        "breadcrumbs": crumbs(document),
    }
    return render(request, "documents/issue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recall(request, pk):
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    if document.status != Document.Status.ISSUED:
        return refuse(request, document, _("Chỉ thu hồi được văn bản đã ban hành."))
    form = RecallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            actions.recall_document(document, actor=request.user, reason=form.cleaned_data["recall_reason"])
        if outcome:
            messages.success(request, _("Đã thu hồi văn bản %(code)s.") % {"code": document.code})
            return redirect(document)
    context = {"document": document, "form": form, "breadcrumbs": crumbs(document)}
    return render(request, "documents/recall.html", context)


# --- renderings ------------------------------------------------------------------------------------------


def ascii_name(text: str) -> str:
    """`01-KH/ĐU` -> `01-KH-DU`: letters without accents, case kept, anything else a hyphen."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def download_name(document: Document, extension: str) -> str:
    """`01-KH-DU-trien-khai-hoc-tap-chuyen-de-nam-2026.docx`; a draft starts with `du-thao`."""
    code = ascii_name(document.code) if document.code else "du-thao"
    summary = ascii_name(vn.fold(document.summary))[:80].rstrip("-")
    return f"{code}-{summary}.{extension}" if summary else f"{code}.{extension}"


@login_required
@require_GET
def docx(request, pk):
    document = get_document_for_user(request, pk)
    return rendered_download(
        request, document, lambda: render_docx(document), download_name(document, "docx")
    )


@login_required
@require_GET
def pdf(request, pk):
    document = get_document_for_user(request, pk)
    return rendered_download(request, document, lambda: render_pdf(document), download_name(document, "pdf"))


# --- attachments -----------------------------------------------------------------------------------------


@login_required
@require_POST
def attach(request, pk):
    document = get_document_for_user(request, pk)
    require(request.user, "documents.draft", document.unit)
    return add_stored_file(
        request, document, Attachment, actions.add_attachment, "documents/detail.html", detail_context
    )


@login_required
@require_GET
def attachment(request, pk):
    """Download through the scope check: attachments are never served from a public media URL."""
    return serve_stored(attachments_for_user(request), pk)


@login_required
@require_POST
def attachment_delete(request, pk):
    item = get_attachment_for_user(request, pk)
    document = item.document
    require(request.user, "documents.draft", document.unit)
    with attempt(request) as outcome:
        actions.remove_attachment(item, actor=request.user)
    if not outcome:
        return redirect(document)
    messages.success(request, _("Đã gỡ tệp «%(name)s».") % {"name": item.name})
    return redirect(document)


# --- search fragments for the pickers (htmx) -------------------------------------------------------------


def shown_ids(request) -> list[int]:
    """The ids the picker already lists, which the search leaves out."""
    return [int(pk) for pk in request.GET.get("shown", "").split(",") if pk.strip().isdigit()]


def picker_results(request, name: str, items) -> HttpResponse:
    return render(request, "documents/_picker_results.html", {"name": name, "items": items})


@login_required
@require_GET
def search_related(request):
    """Issued documents the user sees, for «căn cứ»."""
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        documents = (
            Document.objects.visible_to(request.user)
            .issued()
            .search(query)
            .exclude(pk__in=shown_ids(request))
        )
        found = [(d.pk, document_label(d)) for d in documents.order_by("-date", "-pk")[:PICKER_LIMIT]]
    return picker_results(request, "related", found)


@login_required
@require_GET
def search_units(request):
    """Open units the user sees, to receive a document."""
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        units = (
            Unit.objects.visible_to(request.user).active().search(query).exclude(pk__in=shown_ids(request))
        ).sorted()[:PICKER_LIMIT]
        found = [(u.pk, unit_label(u)) for u in units]
    return picker_results(request, "recipients", found)
