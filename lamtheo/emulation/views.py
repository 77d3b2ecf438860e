"""Pages of emulation drives: the list, launching one, its page with the ranking and the units' sheets, a unit's
score sheet, concluding."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.rules import allows, require, units_allowing
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.emulation import actions
from lamtheo.emulation.forms import ConcludeForm, DriveForm
from lamtheo.emulation.models import EmulationDrive, Score
from lamtheo.emulation.ranking import ranking
from lamtheo.lib.web import Crumb, attempt
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

RANKING_SHOWN = 100


def get_drive_for_user(request, pk) -> EmulationDrive:
    return get_visible_or_404(request.user, EmulationDrive.objects.select_related("unit", "code"), pk=pk)


def _index_crumb():
    return Crumb(_("Phong trào thi đua"), reverse("emulation:index"))


@login_required
def index(request):
    drives = (
        EmulationDrive.objects.visible_to(request.user).select_related("unit").order_by("-starts_on")[:200]
    )
    launch_units = units_allowing(request.user, "emulation.manage")
    return render(
        request,
        "emulation/index.html",
        {"drives": drives, "launch_units": launch_units, "breadcrumbs": [_index_crumb()]},
    )


@login_required
def create(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "emulation.manage", unit)
    form = DriveForm(request.POST or None, unit=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form, done=_("Đã phát động phong trào.")) as launched:
            drive = actions.launch_drive(
                unit,
                actor=request.user,
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                subject=data["subject"],
                code=data["code"],
                criteria=data["criteria"] or None,
            )
        if launched:
            return redirect(drive)
    return render(
        request,
        "emulation/form.html",
        {"form": form, "unit": unit, "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()]},
    )


def _sheet_units(request, drive: EmulationDrive) -> list[Unit]:
    """The units whose sheet the user may open: the drive's unit for a drive over units, else its chi bộ the user
    sees."""
    if drive.subject == EmulationDrive.Subject.UNITS:
        return [drive.unit]
    return list(
        Unit.objects.subtree_of(drive.unit)
        .visible_to(request.user)
        .filter(kind__in=Unit.CELL_KINDS, active_to=None)
        .order_by("path")[:500]
    )


@login_required
def detail(request, pk):
    drive = get_drive_for_user(request, pk)
    # A staff member of the drive's unit sees the whole ranking; others their own chi bộ's.
    assignments = get_scope(request.user).assignments
    within = (
        None
        if allows(request.user, "emulation.rank", drive.unit)
        else next(iter(a.unit for a in assignments), None)
    )
    places = ranking(drive, within=within)
    may_manage = allows(request.user, "emulation.manage", drive.unit)
    return render(
        request,
        "emulation/detail.html",
        {
            "drive": drive,
            "criteria": drive.criteria.all(),
            "places": places[:RANKING_SHOWN],
            "ranked": len(places),
            "sheet_units": [
                u for u in _sheet_units(request, drive) if allows(request.user, "emulation.score", u)
            ],
            "may_manage": may_manage,
            "conclude_form": ConcludeForm(initial={"version": drive.version})
            if may_manage and drive.status == EmulationDrive.Status.OPEN
            else None,
            "breadcrumbs": [*breadcrumbs_for(request, drive.unit), _index_crumb()],
        },
    )


def _read_sheet(data, people, criteria) -> tuple[dict, list[str]]:
    sheet, errors = {}, []
    for participant in people:
        for criterion in criteria:
            raw = data.get(f"s-{participant.pk}-{criterion.pk}", "").strip().replace(",", ".")
            if raw == "":
                sheet[(participant.pk, criterion.pk)] = None
                continue
            try:
                sheet[(participant.pk, criterion.pk)] = Decimal(raw)
            except InvalidOperation:
                errors.append(
                    _("%(who)s, tiêu chí «%(criterion)s»: «%(raw)s» không phải là một số.")
                    % {"who": participant, "criterion": criterion.text, "raw": raw}
                )
    return sheet, errors


@login_required
def sheet(request, pk, unit_pk):
    """A unit's score sheet: a row per participant, a box per criterion; saved whole or not at all."""
    drive = get_drive_for_user(request, pk)
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "emulation.score", unit)
    criteria = list(drive.criteria.all())
    people = actions.participants(drive, unit)
    field = "participant_unit_id" if drive.subject == EmulationDrive.Subject.UNITS else "person_id"
    stored = {
        (getattr(s, field), s.criterion_id): s.points
        for s in Score.objects.filter(drive=drive, **{f"{field}__in": [p.pk for p in people]})
    }
    values = {key: "" if points is None else f"{points.normalize():f}" for key, points in stored.items()}
    if request.method == "POST":
        values = {
            (p.pk, c.pk): request.POST.get(f"s-{p.pk}-{c.pk}", "").strip() for p in people for c in criteria
        }
        scores, errors = _read_sheet(request.POST, people, criteria)
        for error in errors:
            messages.error(request, error)
        if not errors:
            with attempt(request, done=_("Đã lưu bảng chấm điểm.")) as saved:
                actions.score(drive, unit, scores, actor=request.user)
            if saved:
                return redirect(drive)
    rows = [(p, [(c, f"s-{p.pk}-{c.pk}", values.get((p.pk, c.pk), "")) for c in criteria]) for p in people]
    return render(
        request,
        "emulation/sheet.html",
        {
            "drive": drive,
            "unit": unit,
            "criteria": criteria,
            "rows": rows,
            "breadcrumbs": [*breadcrumbs_for(request, drive.unit), _index_crumb()],
        },
    )


@login_required
@require_POST
def conclude(request, pk):
    drive = get_drive_for_user(request, pk)
    require(request.user, "emulation.manage", drive.unit)
    form = ConcludeForm(request.POST)
    if form.is_valid():
        with attempt(request, done=_("Đã tổng kết phong trào.")):
            actions.conclude(
                drive,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                conclusion=form.cleaned_data["conclusion"],
            )
    else:
        messages.error(request, _("Hãy ghi nội dung tổng kết phong trào."))
    return redirect(drive)
