from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.lib import vn
from lamtheo.lib.web import attempt
from lamtheo.lib.xlsx import xlsx_response
from lamtheo.people.models import Person
from lamtheo.units import actions
from lamtheo.units.forms import MergeForm, RenameForm
from lamtheo.units.models import Unit
from lamtheo.units.rules import restructurable_units_q

SEARCH_LIMIT = 30


def get_unit_for_user(request, pk) -> Unit:
    return get_visible_or_404(request.user, Unit, pk=pk)


def breadcrumbs_for(request, unit: Unit) -> list[Unit]:
    """The visible units above `unit`, then `unit` itself."""
    return [*unit.ancestors().visible_to(request.user), unit]


def children_with_counts(unit: Unit, user) -> list[Unit]:
    """The units directly below `unit`, each with its counts over its whole subtree, in three queries."""
    children = list(Unit.objects.children_of(unit).visible_to(user).sorted().select_related("merged_into"))
    if not children:
        return children
    branch = Substr("unit__path", 1, (unit.depth + 1) * Unit.steplen)
    people = (
        Person.objects.in_subtree(unit)
        .active()
        .annotate(branch=branch)
        .order_by()
        .values("branch")
        .annotate(
            members=Count("pk", filter=~Q(party_status=Person.PartyStatus.NON_MEMBER)),
            non_members=Count("pk", filter=Q(party_status=Person.PartyStatus.NON_MEMBER)),
        )
    )
    by_branch = {row["branch"]: row for row in people}
    cells = (
        Unit.objects.subtree_of(unit)
        .active()
        .filter(kind__in=Unit.CELL_KINDS)
        .annotate(branch=Substr("path", 1, (unit.depth + 1) * Unit.steplen))
        .order_by()  # the manager orders by path, which would split every group into single units
        .values("branch")
        .annotate(n=Count("pk"))
    )
    cells_by_branch = {row["branch"]: row["n"] for row in cells}
    for child in children:
        row = by_branch.get(child.path, {})
        child.member_count = row.get("members", 0)
        child.non_member_count = row.get("non_members", 0)
        child.cell_count = cells_by_branch.get(child.path, 0)
    return children


@login_required
def index(request):
    """The tree, starting at the units the user's roles cover."""
    scope = get_scope(request.user)
    roots = Unit.objects.filter(Q(path__in=scope.staff_paths) | Q(pk__in=scope.member_unit_ids)).sorted()
    return render(request, "units/index.html", {"roots": roots})


@login_required
def detail(request, pk):
    unit = get_unit_for_user(request, pk)
    children = children_with_counts(unit, request.user)
    people = (
        Person.objects.visible_to(request.user)
        .filter(unit=unit)
        .active()
        .sorted()
        .prefetch_related("positions")
    )
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "active_children": [c for c in children if c.is_active],
        "closed_children": [c for c in children if not c.is_active],
        "people": people[:200],
        "people_total": people.count(),
        "former_names": unit.former_names.all(),
        "restructurings": (unit.restructurings_in.all() | unit.restructurings_out.all()).distinct()[:20],
        "history": history_for(unit),
        "can_edit_people": allows(request.user, "people.edit", unit),
        "can_restructure": allows(request.user, "units.restructure", unit),
        "sees_dashboard": allows(request.user, "dashboard.see", unit),
    }
    return render(request, "units/detail.html", context)


@login_required
def children(request, pk):
    """htmx fragment: the sub-units of one unit, for expanding the tree."""
    unit = get_unit_for_user(request, pk)
    units = Unit.objects.children_of(unit).visible_to(request.user).sorted()
    return render(request, "units/_children.html", {"units": units})


@login_required
def search(request):
    """Units and people whose names match, accent-insensitive, within the user's scope."""
    query = request.GET.get("q", "").strip()
    units = people = []
    if query:
        units = list(Unit.objects.visible_to(request.user).search(query).sorted()[:SEARCH_LIMIT])
        people = list(
            Person.objects.visible_to(request.user)
            .search(query)
            .select_related("unit")
            .sorted()[:SEARCH_LIMIT]
        )
    template = "units/_search_results.html" if request.headers.get("HX-Request") else "units/search.html"
    return render(
        request, template, {"search_query": query, "units": units, "people": people, "limit": SEARCH_LIMIT}
    )


def _people_in(request, unit):
    people = Person.objects.visible_to(request.user).in_subtree(unit).select_related("unit")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.search(query)
    party = request.GET.get("party", "")
    if party == "members":
        people = people.members()
    elif party == "non_members":
        people = people.non_members()
    if request.GET.get("status") != "all":
        people = people.active()
    return people.sorted(), query


@login_required
def people(request, pk):
    """Everyone in the unit and the units below it: search, filter, page, export."""
    unit = get_unit_for_user(request, pk)
    queryset, query = _people_in(request, unit)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "page": page,
        "query": query,
        "party": request.GET.get("party", ""),
        "status": request.GET.get("status", ""),
    }
    template = "units/_people_table.html" if request.headers.get("HX-Request") else "units/people.html"
    return render(request, template, context)


@login_required
def people_export(request, pk):
    unit = get_unit_for_user(request, pk)
    queryset, _query = _people_in(request, unit)
    headers = [
        _("STT"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Ngày sinh"),
        _("Đảng tịch"),
        _("Số thẻ đảng viên"),
        _("Ngày vào Đảng"),
        _("Ngày chính thức"),
        _("Chức danh"),
        _("Mã chi bộ"),
        _("Chi bộ"),
        _("Tình trạng"),
    ]
    rows = (
        [
            index,
            p.full_name,
            p.get_gender_display(),
            p.date_of_birth,
            p.get_party_status_display(),
            p.party_card_number or "",
            p.date_joined_party,
            p.date_official,
            p.job_title,
            p.unit.code,
            p.unit.name,
            p.get_status_display(),
        ]
        for index, p in enumerate(queryset.iterator(chunk_size=2000), start=1)
    )
    filename = f"danh-sach-{vn.fold(unit.name).replace(' ', '-')}.xlsx"
    return xlsx_response(filename, headers, rows, sheet_title=_("Danh sách"))


@login_required
@require_http_methods(["GET", "POST"])
def rename(request, pk):
    unit = get_unit_for_user(request, pk)
    require(request.user, "units.restructure", unit)
    form = RenameForm(request.POST or None, initial={"name": unit.name, "short_name": unit.short_name})
    if form.is_valid():
        with attempt(
            request, form, done=_("Đã đổi tên đơn vị; tên cũ vẫn được lưu trong lịch sử.")
        ) as outcome:
            actions.rename_unit(
                unit,
                name=form.cleaned_data["name"],
                short_name=form.cleaned_data["short_name"],
                date=form.cleaned_data["date"],
                decision=form.cleaned_data["decision"],
                actor=request.user,
            )
        if outcome:
            return redirect(unit)
    return render(
        request,
        "units/rename.html",
        {"unit": unit, "form": form, "breadcrumbs": breadcrumbs_for(request, unit)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, pk):
    unit = get_unit_for_user(request, pk)
    require(request.user, "units.restructure", unit)
    parent = Unit.objects.get_parent(unit)
    candidates = Unit.objects.none()
    if parent is not None:
        # Siblings of the unit that the user administers: seeing a unit is not enough to close it.
        candidates = (
            Unit.objects.filter(restructurable_units_q(request.user))
            .children_of(parent)
            .active()
            .exclude(pk=unit.pk)
            .sorted()
        )
    form = MergeForm(request.POST or None, target=unit, candidates=candidates)
    if form.is_valid():
        with attempt(
            request, form, done=_("Đã hợp nhất. Đơn vị cũ và toàn bộ hồ sơ của nó nằm dưới đơn vị này.")
        ) as outcome:
            actions.merge_units(
                list(form.cleaned_data["sources"]),
                into=unit,
                date=form.cleaned_data["date"],
                decision=form.cleaned_data["decision"],
                actor=request.user,
            )
        if outcome:
            return redirect(unit)
    return render(
        request,
        "units/merge.html",
        {"unit": unit, "form": form, "breadcrumbs": breadcrumbs_for(request, unit)},
    )
