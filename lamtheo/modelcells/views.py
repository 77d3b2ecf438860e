"""Pages of model chi bộ: the standards a user sees, declaring one, its page (the criteria, the chi bộ registered
with their result on each criterion and its evidence), registering a chi bộ, assessing, recognising."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.rules import allows, require, units_allowing
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.lib.web import Crumb, attempt
from lamtheo.modelcells import actions
from lamtheo.modelcells.assessment import Result, evidence_url
from lamtheo.modelcells.forms import RecogniseForm, RegisterForm, StandardForm, VersionForm
from lamtheo.modelcells.models import ModelCell, Standard
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

REGISTER_CHOICES = 500


def get_standard_for_user(request, pk) -> Standard:
    return get_visible_or_404(request.user, Standard.objects.select_related("unit"), pk=pk)


def _index_crumb():
    return Crumb(_("Chi bộ mẫu"), reverse("modelcells:index"))


@login_required
def index(request):
    standards = (
        Standard.objects.visible_to(request.user).select_related("unit").order_by("-year", "unit__path")
    )
    return render(
        request,
        "modelcells/index.html",
        {
            "standards": standards[:200],
            "declare_units": units_allowing(request.user, "modelcells.manage"),
            "breadcrumbs": [_index_crumb()],
        },
    )


@login_required
def create(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "modelcells.manage", unit)
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã ban hành tiêu chí chi bộ mẫu.")) as declared:
            standard = actions.declare_standard(
                unit,
                actor=request.user,
                year=form.cleaned_data["year"],
                name=form.cleaned_data["name"],
                criteria=form.criteria,
            )
        if declared:
            return redirect(standard)
    return render(
        request,
        "modelcells/form.html",
        {"form": form, "unit": unit, "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()]},
    )


@dataclass
class Line:
    """A chi bộ registered, with its result on each criterion (when assessed) and where its evidence is."""

    entry: ModelCell
    results: list[tuple[Result, str]]


def _registrable(request, standard: Standard):
    """The chi bộ the user may register for the standard: active, of its subtree, seen, not yet registered."""
    cells = (
        Unit.objects.subtree_of(standard.unit)
        .visible_to(request.user)
        .filter(kind__in=Unit.CELL_KINDS, active_to=None)
        .exclude(model_cells__standard=standard)
        .order_by("path")[:REGISTER_CHOICES]
    )
    return [cell for cell in cells if allows(request.user, "modelcells.register", cell)]


@login_required
def detail(request, pk):
    standard = get_standard_for_user(request, pk)
    entries = (
        ModelCell.objects.visible_to(request.user)
        .filter(standard=standard)
        .select_related("unit", "decision")
        .order_by("unit__sort_key", "unit__pk")
    )
    lines = [
        Line(
            entry,
            [
                (result, evidence_url(result.code, entry.unit_id))
                for result in map(Result.from_json, entry.results)
            ],
        )
        for entry in entries
    ]
    may_manage = allows(request.user, "modelcells.manage", standard.unit)
    registrable = _registrable(request, standard)
    return render(
        request,
        "modelcells/detail.html",
        {
            "standard": standard,
            "criteria": list(standard.criteria.all()),
            "lines": lines,
            "may_manage": may_manage,
            "register_form": RegisterForm(cells=Unit.objects.filter(pk__in=[c.pk for c in registrable]))
            if registrable
            else None,
            "assess_form": VersionForm(initial={"version": standard.version}) if may_manage else None,
            "breadcrumbs": [*breadcrumbs_for(request, standard.unit), _index_crumb()],
        },
    )


@login_required
@require_POST
def register(request, pk):
    standard = get_standard_for_user(request, pk)
    form = RegisterForm(
        request.POST,
        cells=Unit.objects.subtree_of(standard.unit)
        .visible_to(request.user)
        .filter(kind__in=Unit.CELL_KINDS),
    )
    if not form.is_valid():
        messages.error(request, _("Hãy chọn chi bộ đăng ký."))
        return redirect(standard)
    require(request.user, "modelcells.register", form.cleaned_data["cell"])
    with attempt(request, done=_("Đã đăng ký chi bộ mẫu.")):
        actions.register(standard, form.cleaned_data["cell"], actor=request.user)
    return redirect(standard)


@login_required
@require_POST
def assess(request, pk):
    standard = get_standard_for_user(request, pk)
    require(request.user, "modelcells.manage", standard.unit)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trang đã cũ; hãy tải lại rồi đánh giá."))
        return redirect(standard)
    with attempt(request) as assessed:
        count = actions.assess(standard, actor=request.user, expected_version=form.cleaned_data["version"])
    if assessed:
        messages.success(request, _("Đã đánh giá %(count)s chi bộ theo số liệu.") % {"count": count})
    return redirect(standard)


@login_required
@require_POST
def recognise(request, pk):
    entry = get_visible_or_404(
        request.user, ModelCell.objects.select_related("standard__unit", "unit"), pk=pk
    )
    require(request.user, "modelcells.manage", entry.standard.unit)
    form = RecogniseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi ngày công nhận."))
        return redirect(entry)
    with attempt(request, done=_("Đã công nhận chi bộ mẫu.")):
        actions.recognise(
            entry,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            on=form.cleaned_data["on"],
        )
    return redirect(entry)
