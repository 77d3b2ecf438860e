"""Report pages: the unit's reports, drafting and preview, issuing, downloads, reporting upward.

Every fetch goes through `visible_to` (404 outside the user's subtree); every write checks the role in
lamtheo.reports.rules (403 without it) and calls one action.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_visible_or_404, subtree_q
from lamtheo.audit.history import history_for
from lamtheo.documents.rules import drafting_units_q
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.lib.docx import outline
from lamtheo.lib.web import Crumb, attempt, serve_file
from lamtheo.reports import actions, printing
from lamtheo.reports.forms import (
    DeadlineForm,
    DecisionForm,
    IssueForm,
    QuoteForm,
    ReportCreateForm,
    ReportForm,
    received_kind,
)
from lamtheo.reports.models import Report, ReportKind, ReportPrint, Submission
from lamtheo.reports.received import received
from lamtheo.reports.rendering import compose_body, current_figures
from lamtheo.units.models import Unit
from lamtheo.units.views import get_unit_for_user

PAGE_SIZE = 25
PERIOD_OF = {
    ReportKind.ANNUAL: "year",
    ReportKind.MONTHLY: "month",
}  # the period a kind reports on (else half)


def get_report_for_user(request, pk) -> Report:
    return get_visible_or_404(
        request.user,
        Report.objects.select_related("unit", "document__doc_type", "revision_of__document"),
        pk=pk,
    )


def get_submission_for_user(request, pk) -> Submission:
    return get_visible_or_404(
        request.user, Submission.objects.select_related("unit", "to_unit", "report__document"), pk=pk
    )


def _crumbs(report: Report | None = None) -> list[Crumb]:
    crumbs = [Crumb(_("Báo cáo"), reverse("reports:index"))]
    if report is not None:
        crumbs.append(Crumb(report.document.code or _("Dự thảo"), report.get_absolute_url()))
    return crumbs


# --- list ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    """The reports of the units the user sees, newest period first, with their state upward."""
    reports = (
        Report.objects.visible_to(request.user)
        .select_related("unit", "document")
        .order_by("-period_end", "unit__path", "-pk")
    )
    kind = request.GET.get("kind")
    if kind in ReportKind.values:
        reports = reports.filter(kind=kind)
    unit = None
    if request.GET.get("unit", "").isdigit():  # from a unit's page: the reports of its subtree
        unit = get_unit_for_user(request, request.GET["unit"])
        reports = reports.filter(subtree_q(unit.path, "unit__path"))
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    sent = {s.report_id: s for s in Submission.objects.filter(report__in=[r.pk for r in rows])}
    for report in rows:
        report.submission = sent.get(report.pk)
    context = {
        "page": page,
        "rows": rows,
        "kinds": ReportKind.choices,
        "kind": kind,
        "unit": unit,
        "can_draft": _drafting_units_exist(request.user),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "reports/index.html", context)


def _drafting_units_exist(user) -> bool:
    return Unit.objects.filter(drafting_units_q(user)).exists()


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not _drafting_units_exist(request.user):
        raise PermissionDenied
    form = ReportCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        require(request.user, "reports.draft", unit)
        with attempt(
            request, form, done=_("Đã tạo dự thảo báo cáo; số liệu đã được điền sẵn từ hồ sơ.")
        ) as outcome:
            report = actions.create_report(
                unit=unit,
                kind=form.cleaned_data["kind"],
                period=form.cleaned_data["period"],
                summary=form.cleaned_data["summary"],
                actor=request.user,
            )
        if outcome:
            return redirect(report)
    return render(request, "reports/create.html", {"form": form, "breadcrumbs": _crumbs()})


# --- one report ------------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request, pk):
    """The preview: the report as it will print, with its figures (live for a draft, frozen once issued)."""
    report = get_report_for_user(request, pk)
    figures = current_figures(report)
    submission = Submission.objects.filter(report=report).select_related("to_unit", "decided_by").first()
    current = (
        Submission.objects.filter(
            unit=report.unit, kind=report.kind, period_start=report.period_start, period_end=report.period_end
        )
        .select_related("report__document")
        .first()
    )
    can_edit = allows(request.user, "reports.draft", report.unit)
    sources = actions.quotable_reports(report).select_related("unit", "document") if can_edit else None
    context = {
        "report": report,
        "document": report.document,
        "figures": figures,
        "paragraphs": outline(compose_body(report, figures)),
        "submission": submission,
        "current_submission": current,
        "revision": report.revisions.select_related("document").first(),
        "can_edit": can_edit,
        "can_submit": can_edit
        and report.is_issued
        and actions.parent_of(report.unit) is not None
        and (
            current is None
            or (current.status == Submission.Status.RETURNED and current.report_id != report.pk)
        ),
        "can_revise": can_edit
        and submission is not None
        and submission.status == Submission.Status.RETURNED
        and submission.report_id == report.pk,
        "quote_form": QuoteForm(sources=sources, initial={"version": report.version})
        if sources is not None and report.is_editable and sources.exists()
        else None,
        "history": history_for(report) if can_edit else [],
        **_prints_context(report),
        "breadcrumbs": _crumbs(report),
    }
    return render(request, "reports/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    report = get_report_for_user(request, pk)
    require(request.user, "reports.draft", report.unit)
    if not report.is_editable:
        messages.error(request, _("Báo cáo đã ban hành không sửa được; số liệu và nội dung đã được chốt."))
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            actions.update_report(
                form.save_to_instance(), actor=request.user, expected_version=form.cleaned_data["version"]
            )
        if outcome:
            messages.success(request, _("Đã lưu báo cáo (phiên bản %(n)s).") % {"n": report.version})
            return redirect(report)
    return render(
        request, "reports/form.html", {"report": report, "form": form, "breadcrumbs": _crumbs(report)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, pk):
    """Number and issue the report: its figures and its DOCX are frozen from then on."""
    report = get_report_for_user(request, pk)
    require(request.user, "reports.draft", report.unit)
    if not report.is_editable:
        messages.error(request, _("Báo cáo này đã được ban hành."))
        return redirect(report)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            issued = actions.issue_report(
                report, actor=request.user, date=form.cleaned_data["date"], number=form.cleaned_data["number"]
            )
        if outcome:
            messages.success(
                request,
                _("Đã ban hành báo cáo số %(code)s; số liệu đã được chốt.") % {"code": issued.document.code},
            )
            return redirect(issued)
    context = {
        "report": report,
        "form": form,
        "has_term": report.unit.terms.exists(),
        "breadcrumbs": _crumbs(report),
    }
    return render(request, "reports/issue.html", context)


@login_required
@require_POST
def quote(request, pk):
    report = get_report_for_user(request, pk)
    require(request.user, "reports.draft", report.unit)
    form = QuoteForm(request.POST, sources=actions.quotable_reports(report))
    if not form.is_valid():
        messages.error(request, _("Hãy chọn báo cáo của đơn vị trực thuộc và phần cần trích."))
        return redirect(report)
    version = report.version
    with attempt(request) as outcome:
        actions.quote(
            report,
            source=form.cleaned_data["source"],
            field=form.cleaned_data["field"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    if outcome and report.version == version:
        messages.info(
            request,
            _("Báo cáo đã có đủ nội dung này của %(unit)s; không trích thêm.")
            % {"unit": form.cleaned_data["source"].unit},
        )
    elif outcome:
        messages.success(
            request, _("Đã trích nội dung báo cáo của %(unit)s.") % {"unit": form.cleaned_data["source"].unit}
        )
    return redirect(report)


@login_required
@require_POST
def submit(request, pk):
    report = get_report_for_user(request, pk)
    require(request.user, "reports.draft", report.unit)
    with attempt(request) as outcome:
        submission = actions.submit_report(report, actor=request.user)
    if outcome:
        messages.success(request, _("Đã gửi báo cáo lên %(unit)s.") % {"unit": submission.to_unit})
    return redirect(report)


@login_required
@require_POST
def revise(request, pk):
    report = get_report_for_user(request, pk)
    require(request.user, "reports.draft", report.unit)
    with attempt(request) as outcome:
        draft = actions.revise_report(report, actor=request.user)
    if not outcome:
        return redirect(report)
    messages.success(request, _("Đã tạo bản sửa; hãy sửa theo ý kiến của cấp trên, ban hành rồi gửi lại."))
    return redirect(draft)


# --- prints (made by the worker: lamtheo.reports.printing) ----------------------------------------------


@login_required
@require_POST
def make_print(request, pk, fmt):
    """Queue the making of the report's DOCX or PDF; the page (or its htmx panel) follows it."""
    report = get_report_for_user(request, pk)  # whoever sees the report may download it, so make it too
    if fmt not in ReportPrint.Format.values:
        raise Http404
    printing.request_print(report, fmt, actor=request.user)
    if request.headers.get("HX-Request"):
        return _prints_panel(request, report)
    return redirect(f"{report.get_absolute_url()}#ban-in")


@login_required
@require_GET
def prints(request, pk):
    """The prints panel of the report page, which htmx polls every second while a print is being made."""
    return _prints_panel(request, get_report_for_user(request, pk))


def _prints_panel(request, report: Report):
    return render(request, "reports/_prints.html", _prints_context(report))


def _prints_context(report: Report) -> dict:
    made = printing.current_prints(report)
    rows = [(fmt, label, made.get(fmt)) for fmt, label in ReportPrint.Format.choices]
    return {"report": report, "prints": rows, "printing": any(p and p.is_running for _f, _l, p in rows)}


@login_required
@require_GET
def download(request, pk, fmt):
    """The stored print of the report's current version; made by the worker, never rendered here."""
    report = get_report_for_user(request, pk)
    made = printing.current_print(report, fmt) if fmt in ReportPrint.Format.values else None
    if made is None or made.status != ReportPrint.Status.DONE:
        messages.info(
            request,
            _("Tệp chưa được tạo: bấm «Tạo bản Word (DOCX)» hoặc «Tạo bản PDF» rồi chờ trong giây lát."),
        )
        return redirect(f"{report.get_absolute_url()}#ban-in")
    return serve_file(made.file, printing.download_name(report, fmt))


# --- received from below ---------------------------------------------------------------------------------


@login_required
@require_GET
def received_list(request, unit_pk):
    """The units directly below `unit` for a period: who sent their report, on time or late, and who did not."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "reports.follow", unit)
    today = timezone.localdate()
    kind = received_kind(request.GET.get("kind"))
    if "ky" in request.GET:
        period = Period.from_query(request.GET, today)
    else:  # the latest period of that kind that has ended: the one whose reports are coming in
        period = Period.containing(PERIOD_OF.get(kind, "half"), today).previous()
    rows, deadline = received(unit, kind, period, today=today)
    can_decide = allows(request.user, "reports.decide", unit)
    context = {
        "unit": unit,
        "period": period,
        "kind": kind,
        "kinds": ReportKind.choices,
        "rows": rows,
        "deadline": deadline,
        "counts": {
            state: sum(1 for row in rows if row.state == state)
            for state in ("on_time", "late", "missing", "not_yet", "received")
        },
        "can_decide": can_decide,
        "deadline_form": DeadlineForm(initial={"due_date": deadline.due_date if deadline else None})
        if can_decide
        else None,
        "breadcrumbs": [*_crumbs(), Crumb(unit.name, unit.get_absolute_url())],
    }
    return render(request, "reports/received.html", context)


def _back_to_received(submission: Submission):
    url = reverse("reports:received", args=[submission.to_unit_id])
    return redirect(f"{url}?{submission.period.query()}&kind={submission.kind}")


def _decide(request, pk, action, done_message):
    submission = get_submission_for_user(request, pk)
    require(request.user, "reports.decide", submission.to_unit)
    form = DecisionForm(request.POST)
    remark = form.cleaned_data["remark"] if form.is_valid() else ""
    with attempt(request) as outcome:
        action(submission, actor=request.user, remark=remark)
    if outcome:
        messages.success(request, done_message % {"unit": submission.unit})
    return _back_to_received(submission)


@login_required
@require_POST
def accept(request, pk):
    return _decide(request, pk, actions.accept_submission, _("Đã chấp nhận báo cáo của %(unit)s."))


@login_required
@require_POST
def send_back(request, pk):
    return _decide(
        request, pk, actions.return_submission, _("Đã trả lại báo cáo của %(unit)s kèm ý kiến để bổ sung.")
    )


@login_required
@require_POST
def deadline(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "reports.decide", unit)
    period = Period.from_query(request.GET, timezone.localdate())
    kind = received_kind(request.GET.get("kind"))
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập hạn nộp là một ngày hợp lệ."))
    else:
        with attempt(request) as outcome:
            actions.set_deadline(
                unit=unit,
                kind=kind,
                period=period,
                due_date=form.cleaned_data["due_date"],
                actor=request.user,
            )
        if outcome:
            messages.success(
                request,
                _("Đã đặt hạn nộp báo cáo %(period)s: %(date)s.")
                % {"period": period.label, "date": vn.short_date(form.cleaned_data["due_date"])},
            )
    url = reverse("reports:received", args=[unit.pk])
    return redirect(f"{url}?{period.query()}&kind={kind}")
