from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.rules import require
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.imports import actions, columns
from lamtheo.imports.forms import ImportForm, importable_units
from lamtheo.imports.models import ImportJob
from lamtheo.lib.web import attempt
from lamtheo.lib.xlsx import xlsx_response

ERRORS_SHOWN = 200  # on the page; the XLSX has them all


def get_job_for_user(request, pk) -> ImportJob:
    """The job if the user may see its unit (404 otherwise) and may import there (403 otherwise)."""
    job = get_visible_or_404(request.user, ImportJob.objects.select_related("unit", "created_by"), pk=pk)
    require(request.user, "imports.import", job.unit)
    return job


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """The upload form and the latest imports; a valid upload starts an import and opens its page."""
    require(request.user, "imports.start")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            require(request.user, "imports.import", unit)
            upload = form.cleaned_data["file"]
            job = actions.start_import(
                kind=form.cleaned_data["kind"],
                unit=unit,
                file=upload,
                filename=upload.name,
                actor=request.user,
            )
            return redirect(job)
        status = 400
    else:
        form = ImportForm(user=request.user, initial={"unit": request.GET.get("unit")})
        status = 200
    jobs = list(ImportJob.objects.importable_by(request.user).select_related("unit", "created_by")[:20])
    context = {"form": form, "jobs": jobs, "upload_max_mb": settings.UPLOAD_MAX_MB}
    return render(request, "imports/upload.html", context, status=status)


@login_required
@require_GET
def job(request, pk):
    job = get_job_for_user(request, pk)
    return render(request, "imports/job.html", {"job": job, **_status_context(job)})


@login_required
@require_GET
def job_status(request, pk):
    """The part of the job page that htmx polls every second while the import runs."""
    job = get_job_for_user(request, pk)
    return render(request, "imports/_status.html", {"job": job, **_status_context(job)})


@login_required
@require_POST
def retry(request, pk):
    """Import the file of an interrupted job again (a new job, checked whole again) and open its page."""
    job = get_job_for_user(request, pk)
    with attempt(request) as outcome:
        retry_job = actions.retry_import(job, actor=request.user)
    if not outcome:
        return redirect(job)
    return redirect(retry_job)


def _status_context(job: ImportJob) -> dict:
    progress = job.get_progress()
    return {
        "progress": progress,
        "progress_text": job.progress_text(progress),
        "errors": job.errors[:ERRORS_SHOWN],
        "more_errors": max(job.error_count - ERRORS_SHOWN, 0),
        "retries": list(job.retries.order_by("pk")) if job.status == ImportJob.Status.INTERRUPTED else [],
    }


@login_required
@require_GET
def job_errors(request, pk):
    """Every problem of a refused file, as a spreadsheet to work through."""
    job = get_job_for_user(request, pk)
    rows = [[e["row"], e["column"], e["message"]] for e in job.errors]
    if job.error_count > len(job.errors):
        rows.append(["", "", _("… và %(count)s lỗi khác.") % {"count": job.error_count - len(job.errors)}])
    return xlsx_response(
        _("Lỗi nhập tệp %(pk)s.xlsx") % {"pk": job.pk},
        [_("Dòng"), _("Cột"), _("Lỗi")],
        rows,
        sheet_title=_("Lỗi"),
    )


@login_required
@require_GET
def template(request, kind):
    """The template to fill for `kind`, with a notes sheet and the codes of the units the user may import into."""
    require(request.user, "imports.start")
    if kind not in ImportJob.Kind.values:
        raise Http404
    kind_columns = columns.PEOPLE_COLUMNS if kind == ImportJob.Kind.PEOPLE else columns.UNIT_COLUMNS
    filename = (
        _("Mẫu nhập danh sách người.xlsx") if kind == ImportJob.Kind.PEOPLE else _("Mẫu nhập đơn vị.xlsx")
    )
    units = importable_units(request.user).order_by("path")
    sheets = columns.template_sheets(kind_columns, units)
    return xlsx_response(filename, sheets.pop("headers"), sheets.pop("rows"), **sheets)
