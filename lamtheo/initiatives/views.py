"""Pages of models and breakthrough tasks: the list, launching one, its page with the teams' progress, recording a
month's values, adding teams and goals, replicating it to units below."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.rules import allows, require, units_allowing
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.initiatives import actions
from lamtheo.initiatives.forms import (
    GoalForm,
    InitiativeForm,
    MonthForm,
    ReplicateForm,
    ReviewForm,
    ReviewOpenForm,
    TeamForm,
)
from lamtheo.initiatives.models import Goal, GoalValue, Initiative, Review, Team
from lamtheo.initiatives.progress import goal_progress, initiative_progress, progress_text
from lamtheo.initiatives.review import render_review
from lamtheo.lib import vn
from lamtheo.lib.web import Crumb, attachment, attempt
from lamtheo.meetings.forms import VersionForm
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

PAGE_SIZE = 50


def get_initiative_for_user(request, pk) -> Initiative:
    return get_visible_or_404(
        request.user, Initiative.objects.select_related("unit", "origin", "decision"), pk=pk
    )


def get_team_for_user(request, pk) -> Team:
    return get_visible_or_404(request.user, Team.objects.select_related("initiative__unit"), pk=pk)


def _crumbs(request, initiative: Initiative | None = None):
    crumbs = [Crumb(_("Mô hình, nội dung đột phá"), reverse("initiatives:index"))]
    if initiative is not None:
        crumbs = [*breadcrumbs_for(request, initiative.unit), *crumbs, initiative]
    return crumbs


@login_required
def index(request):
    """Every initiative the user sees, the newest first, with its teams, replicas and progress."""
    page = Paginator(
        Initiative.objects.visible_to(request.user).order_by("-starts_on", "name", "pk"), PAGE_SIZE
    )
    page = page.get_page(request.GET.get("page"))
    initiatives = list(
        Initiative.objects.filter(pk__in=[i.pk for i in page.object_list])
        .select_related("unit", "origin")
        .annotate(team_count=Count("teams", distinct=True), replica_count=Count("replicas", distinct=True))
        .order_by("-starts_on", "name", "pk")
    )
    progress = initiative_progress(initiatives)
    for initiative in initiatives:
        initiative.progress_text = progress_text(progress.get(initiative.pk))
    launch_units = units_allowing(request.user, "initiatives.manage")
    return render(
        request,
        "initiatives/index.html",
        {
            "initiatives": initiatives,
            "page": page,
            "launch_units": launch_units,
            "breadcrumbs": _crumbs(request),
        },
    )


@login_required
def create(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "initiatives.manage", unit)
    form = InitiativeForm(request.POST or None, unit=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form) as launched:
            initiative = actions.launch_initiative(
                unit,
                actor=request.user,
                kind=data["kind"],
                name=data["name"],
                theme=data["theme"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                decision=data["decision"],
            )
        if launched:
            return redirect(initiative)
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "unit": unit, "breadcrumbs": [*breadcrumbs_for(request, unit)]},
    )


@login_required
def detail(request, pk):
    initiative = get_initiative_for_user(request, pk)
    values = GoalValue.objects.order_by("month")
    teams = list(
        initiative.teams.select_related("leader")
        .prefetch_related(
            "members",
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("values", queryset=values))),
        )
        .order_by("name")
    )
    for team in teams:
        team.rows = [goal_progress(goal, list(goal.values.all())) for goal in team.goals.all()]
        team.may_record = allows(request.user, "initiatives.record", team)
    replicas = list(
        initiative.replicas.visible_to(request.user).select_related("unit").order_by("unit__path")
    )
    progress = initiative_progress(replicas)
    for replica in replicas:
        replica.progress_text = progress_text(progress.get(replica.pk))
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "teams": teams,
            "replicas": replicas,
            "reviews": list(initiative.reviews.select_related("meeting").order_by("-until", "-pk")),
            "may_manage": allows(request.user, "initiatives.manage", initiative.unit),
            "breadcrumbs": _crumbs(request, initiative)[:-1],
        },
    )


@login_required
def edit(request, pk):
    initiative = get_initiative_for_user(request, pk)
    require(request.user, "initiatives.manage", initiative.unit)
    fields = ("kind", "name", "theme", "starts_on", "ends_on", "decision")
    initial = {name: getattr(initiative, name) for name in fields} | {"version": initiative.version}
    form = InitiativeForm(request.POST or None, initial=initial, unit=initiative.unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form, done=_("Đã lưu.")) as saved:
            actions.update_initiative(
                initiative,
                actor=request.user,
                expected_version=data["version"] or 0,
                **{name: data[name] for name in fields},
            )
        if saved:
            return redirect(initiative)
    return render(
        request,
        "initiatives/form.html",
        {
            "form": form,
            "unit": initiative.unit,
            "initiative": initiative,
            "breadcrumbs": _crumbs(request, initiative),
        },
    )


@login_required
def add_team(request, pk):
    initiative = get_initiative_for_user(request, pk)
    require(request.user, "initiatives.manage", initiative.unit)
    form = TeamForm(request.POST or None, unit=initiative.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = actions.TeamSpec(data["name"], data["theme"], data["leader"], list(data["members"]))
        with attempt(request, form, done=_("Đã thêm tổ «%(team)s».") % {"team": data["name"]}) as added:
            actions.add_team(initiative, spec, actor=request.user)
        if added:
            return redirect(initiative)
    return render(
        request,
        "initiatives/team_form.html",
        {"form": form, "initiative": initiative, "breadcrumbs": _crumbs(request, initiative)},
    )


@login_required
def add_goal(request, pk):
    team = get_team_for_user(request, pk)
    initiative = team.initiative
    require(request.user, "initiatives.manage", initiative.unit)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã thêm chỉ tiêu.")) as added:
            actions.add_goal(team, actor=request.user, **form.cleaned_data)
        if added:
            return redirect(initiative)
    return render(
        request,
        "initiatives/goal_form.html",
        {"form": form, "team": team, "initiative": initiative, "breadcrumbs": _crumbs(request, initiative)},
    )


@login_required
def record(request, pk):
    """A team's values for one month, every goal on one screen (a phone's)."""
    team = get_team_for_user(request, pk)
    require(request.user, "initiatives.record", team)
    goals = list(team.goals.order_by("pk"))
    form = MonthForm(request.POST or None, goals=goals, initial=_month_initial(request, goals))
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data["month"]
        with attempt(
            request, form, done=_("Đã ghi số liệu tháng %(month)s.") % {"month": f"{month:%m/%Y}"}
        ) as saved:
            actions.record_month(team, month, form.values(), actor=request.user)
        if saved:
            return redirect(team.initiative)
    return render(
        request,
        "initiatives/record.html",
        {
            "form": form,
            "team": team,
            "initiative": team.initiative,
            "breadcrumbs": _crumbs(request, team.initiative),
        },
    )


def _month_initial(request, goals) -> dict:
    """The month asked (?thang=2025-09) with its values already recorded, else none."""
    import datetime

    try:
        month = datetime.date.fromisoformat(request.GET.get("thang", "") + "-01")
    except ValueError:
        return {}
    recorded = GoalValue.objects.filter(goal__in=goals, month=month)
    return {"month": month} | {f"goal_{v.goal_id}": v.value for v in recorded}


@login_required
def replicate(request, pk):
    initiative = get_initiative_for_user(request, pk)
    require(request.user, "initiatives.manage", initiative.unit)
    form = ReplicateForm(request.POST or None, initiative=initiative, user=request.user)
    if request.method == "POST" and form.is_valid():
        units = list(form.cleaned_data["units"])
        done = _("Đã nhân rộng tại %(count)s đơn vị.") % {"count": len(units)}
        with attempt(request, form, done=done) as replicated:
            actions.replicate(initiative, units, actor=request.user, starts_on=form.cleaned_data["starts_on"])
        if replicated:
            return redirect(initiative)
    return render(
        request,
        "initiatives/replicate.html",
        {"form": form, "initiative": initiative, "breadcrumbs": _crumbs(request, initiative)},
    )


def get_review_for_user(request, pk) -> Review:
    return get_visible_or_404(
        request.user,
        Review.objects.select_related(
            "initiative__unit", "initiative__decision", "meeting__unit", "meeting__kind"
        ),
        pk=pk,
    )


@login_required
def review_open(request, pk):
    """Open the sơ kết or tổng kết of an initiative: its conference, and its report drafted from the records."""
    initiative = get_initiative_for_user(request, pk)
    require(request.user, "initiatives.manage", initiative.unit)
    form = ReviewOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with attempt(
            request, form, done=_("Đã lập báo cáo từ số liệu của các tổ; hãy đọc và sửa lại.")
        ) as opened:
            review = actions.open_review(initiative, actor=request.user, **form.cleaned_data)
        if opened:
            return redirect(review)
    return render(
        request,
        "initiatives/review_open.html",
        {"form": form, "initiative": initiative, "breadcrumbs": _crumbs(request, initiative)},
    )


@login_required
def review(request, pk):
    """The review's report (its three parts, editable by the committee) and the conclusions given as tasks."""
    review = get_review_for_user(request, pk)
    initiative = review.initiative
    may_manage = allows(request.user, "initiatives.manage", initiative.unit)
    initial = {"until": review.until, "results": review.results, "limitations": review.limitations}
    initial |= {"directions": review.directions, "version": review.version}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, "initiatives.manage", initiative.unit)
        if form.is_valid():
            data = form.cleaned_data
            with attempt(request, form, done=_("Đã lưu báo cáo.")) as saved:
                actions.update_review(
                    review,
                    actor=request.user,
                    expected_version=data.pop("version"),
                    **data,
                )
            if saved:
                return redirect(review)
    assignments = review.meeting.assignments.select_related("assignee_person", "assignee_unit").order_by("pk")
    return render(
        request,
        "initiatives/review.html",
        {
            "review": review,
            "initiative": initiative,
            "form": form,
            "may_manage": may_manage,
            "assignments": list(assignments),
            "breadcrumbs": _crumbs(request, initiative),
        },
    )


@login_required
@require_POST
def review_redraft(request, pk):
    """Write the report's parts again from the records as they are now (values recorded since the draft)."""
    review = get_review_for_user(request, pk)
    require(request.user, "initiatives.manage", review.initiative.unit)
    form = VersionForm(request.POST)
    if form.is_valid():
        with attempt(request, done=_("Đã viết lại báo cáo từ số liệu mới nhất.")):
            actions.redraft_review(review, actor=request.user, expected_version=form.cleaned_data["version"])
    return redirect(review)


@login_required
def review_docx(request, pk):
    review = get_review_for_user(request, pk)
    filename = f"bao-cao-{review.kind.replace('_', '-')}-{vn.fold(review.initiative.name)[:60].replace(' ', '-')}.docx"
    return attachment(render_review(review), filename)
