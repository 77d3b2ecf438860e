"""Pages of year-end reviews: the list, opening a round, its page, a person's bản kiểm điểm with their evidence, the
self-assessment, the chi bộ's sheet of proposals and votes, the committee's decision, an amendment, publishing."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.rules import allows, require, units_allowing
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.appraisal import actions
from lamtheo.appraisal.evidence import evidence_for
from lamtheo.appraisal.forms import AmendForm, RoundForm, VersionForm
from lamtheo.appraisal.models import Appraisal, AppraisalRound, Level
from lamtheo.appraisal.rendering import render_summary
from lamtheo.lib.web import Crumb, attempt, refuse, rendered_download
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

LEVELS = Level.choices


def get_round_for_user(request, pk) -> AppraisalRound:
    return get_visible_or_404(request.user, AppraisalRound.objects.select_related("unit"), pk=pk)


def get_appraisal_for_user(request, pk) -> Appraisal:
    return get_visible_or_404(
        request.user, Appraisal.objects.select_related("round__unit", "person", "unit"), pk=pk
    )


def _index_crumb():
    return Crumb(_("Đánh giá, xếp loại"), reverse("appraisal:index"))


def _crumbs(request, round_):
    return [
        *breadcrumbs_for(request, round_.unit),
        _index_crumb(),
        Crumb(round_.title, round_.get_absolute_url()),
    ]


@login_required
def index(request):
    rounds = AppraisalRound.objects.visible_to(request.user).select_related("unit")[:200]
    person_id = getattr(request.user, "person_id", None)
    mine = (
        Appraisal.objects.filter(person=person_id)
        .select_related("round")
        .order_by("-round__year", "-pk")[:20]
        if person_id
        else []
    )
    open_units = [u for u in units_allowing(request.user, "appraisal.manage") if u.is_committee]
    return render(
        request,
        "appraisal/index.html",
        {"rounds": rounds, "mine": mine, "open_units": open_units, "breadcrumbs": [_index_crumb()]},
    )


@login_required
def create(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "appraisal.manage", unit)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form, done=_("Đã mở đợt đánh giá, xếp loại.")) as opened:
            round_ = actions.open_round(
                unit,
                actor=request.user,
                title=data["title"],
                period_kind=data["period_kind"],
                year=data["year"],
                quarter=data["quarter"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                include_non_members=data["include_non_members"],
                deadlines=form.deadlines(),
                criteria=[*data["general_criteria"], *data["result_criteria"]],
            )
        if opened:
            return redirect(round_)
    return render(
        request,
        "appraisal/form.html",
        {"form": form, "unit": unit, "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()]},
    )


@login_required
def detail(request, pk):
    round_ = get_round_for_user(request, pk)
    status = Appraisal.Status
    progress = list(
        Appraisal.objects.in_round(round_)
        .visible_to(request.user)
        .values("unit", "unit__name", "unit__path")
        .annotate(
            people=Count("pk"),
            self_assessed=Count("pk", filter=~Q(status=status.WAITING)),
            proposed=Count("pk", filter=Q(status__in=[status.PROPOSED, status.DECIDED])),
        )
        .order_by("unit__path")
    )
    units = Unit.objects.in_bulk([row["unit"] for row in progress])
    for row in progress:
        row["may_review"] = not round_.is_locked and allows(
            request.user, "appraisal.review", units[row["unit"]]
        )
    person_id = getattr(request.user, "person_id", None)
    own = Appraisal.objects.in_round(round_).filter(person=person_id).first() if person_id else None
    # Once published, each chi bộ's people see the levels of its members.
    published = []
    if round_.status == AppraisalRound.Status.PUBLISHED:
        units = [a.unit_id for a in get_scope(request.user).assignments]
        published = list(
            Appraisal.objects.in_round(round_)
            .filter(unit__in=units)
            .select_related("person", "unit")
            .order_by("unit__path", "person__sort_key")
        )
    may_manage = allows(request.user, "appraisal.manage", round_.unit)
    return render(
        request,
        "appraisal/detail.html",
        {
            "round": round_,
            "criteria": round_.criteria.all(),
            "progress": progress,
            "own": own,
            "published": published,
            "may_manage": may_manage,
            "may_see_all": allows(request.user, "appraisal.see_all", round_.unit),
            "publish_form": VersionForm(initial={"version": round_.version})
            if may_manage and round_.status == AppraisalRound.Status.DECIDED
            else None,
            "breadcrumbs": [*breadcrumbs_for(request, round_.unit), _index_crumb()],
        },
    )


@login_required
def person(request, pk):
    appraisal = get_appraisal_for_user(request, pk)
    round_ = appraisal.round
    scores = {s.criterion_id: s for s in appraisal.scores.all()}
    rows = [(c, scores.get(c.pk)) for c in round_.criteria.all()]
    evidence = evidence_for(round_, [appraisal.person_id])[appraisal.person_id]
    may_amend = round_.is_locked and allows(request.user, "appraisal.manage", round_.unit)
    return render(
        request,
        "appraisal/person.html",
        {
            "appraisal": appraisal,
            "round": round_,
            "rows": rows,
            "evidence": evidence,
            "amendments": appraisal.amendments.all(),
            "may_self_assess": not round_.is_locked
            and appraisal.status in (Appraisal.Status.WAITING, Appraisal.Status.SELF_ASSESSED)
            and allows(request.user, "appraisal.self_assess", appraisal),
            "amend_form": AmendForm(initial={"version": appraisal.version}) if may_amend else None,
            "breadcrumbs": _crumbs(request, round_),
        },
    )


def _decimal(raw: str) -> Decimal | None:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return Decimal(-1)  # not a number: refused by the action's range check, naming the criterion


@login_required
def self_assess(request, pk):
    appraisal = get_appraisal_for_user(request, pk)
    require(request.user, "appraisal.self_assess", appraisal)
    round_ = appraisal.round
    criteria = list(round_.criteria.all())
    stored = {s.criterion_id: s for s in appraisal.scores.all()}
    values = {
        c.pk: (
            "" if c.pk not in stored else f"{stored[c.pk].points.normalize():f}",
            stored[c.pk].note if c.pk in stored else "",
        )
        for c in criteria
    }
    summary, version = appraisal.self_summary, appraisal.version
    if request.method == "POST":
        values = {
            c.pk: (request.POST.get(f"p-{c.pk}", ""), request.POST.get(f"n-{c.pk}", "")) for c in criteria
        }
        summary = request.POST.get("summary", "")
        version = request.POST.get("version", "")
        if not version.isdigit():
            messages.error(request, _("Trang đã cũ; hãy tải lại rồi ghi lại bản kiểm điểm."))
        else:
            scores = {pk: (_decimal(points), note) for pk, (points, note) in values.items()}
            with attempt(request, done=_("Đã lưu bản kiểm điểm.")) as saved:
                actions.self_assess(
                    appraisal,
                    actor=request.user,
                    expected_version=int(version),
                    scores=scores,
                    summary=summary,
                )
            if saved:
                return redirect(appraisal)
    rows = [(c, f"p-{c.pk}", f"n-{c.pk}", *values[c.pk]) for c in criteria]
    return render(
        request,
        "appraisal/self_assess.html",
        {
            "appraisal": appraisal,
            "round": round_,
            "rows": rows,
            "summary": summary,
            "version": version,
            "breadcrumbs": _crumbs(request, round_),
        },
    )


def _count(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


@login_required
def cell(request, pk, unit_pk):
    """The chi bộ's sheet: a row per person with their self-assessment and evidence, the proposed level and the
    chi bộ's vote; saved whole or not at all (a row without a level is left as it is)."""
    round_ = get_round_for_user(request, pk)
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "appraisal.review", unit)
    people = actions.cell_people(round_, unit)
    posted = request.method == "POST"
    if posted:
        rows = {}
        for a in people:
            level = request.POST.get(f"level-{a.pk}", "")
            if level:
                rows[a.pk] = {
                    "level": level,
                    "for": _count(request.POST.get(f"for-{a.pk}", "")),
                    "against": _count(request.POST.get(f"against-{a.pk}", "")),
                    "abstain": _count(request.POST.get(f"abstain-{a.pk}", "")),
                    "remark": request.POST.get(f"remark-{a.pk}", ""),
                }
        with attempt(request) as saved:
            changed = actions.propose(round_, unit, rows, actor=request.user)
        if saved:
            messages.success(request, _("Đã lưu đề xuất xếp loại của %(n)s người.") % {"n": changed})
            return redirect(round_)
    evidence = evidence_for(round_, [a.person_id for a in people])
    lines = []
    for a in people:

        def value(name, stored, a=a):
            return request.POST.get(f"{name}-{a.pk}", "") if posted else ("" if stored is None else stored)

        lines.append(
            {
                "appraisal": a,
                "evidence": evidence[a.person_id],
                "level": value("level", a.proposed_level or a.self_level),
                "for": value("for", a.votes_for),
                "against": value("against", a.votes_against),
                "abstain": value("abstain", a.votes_abstain),
                "remark": value("remark", a.proposal_remark),
            }
        )
    return render(
        request,
        "appraisal/cell.html",
        {
            "round": round_,
            "unit": unit,
            "lines": lines,
            "levels": LEVELS,
            "locked": round_.is_locked,
            "breadcrumbs": _crumbs(request, round_),
        },
    )


@login_required
def decision(request, pk):
    """The committee's decision: every person of the round with their evidence and the chi bộ's proposal, a level
    for each (the proposal by default) and for each chi bộ, the cap counted per grassroots organisation."""
    round_ = get_round_for_user(request, pk)
    require(request.user, "appraisal.see_all", round_.unit)
    may_decide = not round_.is_locked and allows(request.user, "appraisal.manage", round_.unit)
    appraisals = actions.round_people(round_)
    cells = actions.round_cells(round_)
    stored_cells = {c.unit_id: c.level for c in round_.cell_appraisals.all()}
    posted = request.method == "POST"
    if posted:
        require(request.user, "appraisal.manage", round_.unit)
        levels = {a.pk: request.POST.get(f"level-{a.pk}", "") for a in appraisals}
        cell_levels = {u.pk: request.POST.get(f"cell-{u.pk}", "") for u in cells}
        version = request.POST.get("version", "")
        if not version.isdigit():
            messages.error(request, _("Trang đã cũ; hãy tải lại rồi quyết định lại."))
        else:
            with attempt(request, done=_("Đã quyết định xếp loại; đợt đánh giá đã khóa.")) as decided:
                actions.decide(
                    round_,
                    actor=request.user,
                    expected_version=int(version),
                    levels={pk: level for pk, level in levels.items() if level},
                    cell_levels={pk: level for pk, level in cell_levels.items() if level},
                    reference=request.POST.get("reference", ""),
                )
            if decided:
                return redirect(round_)
    else:
        levels = {a.pk: a.level or a.proposed_level for a in appraisals}
        cell_levels = stored_cells
    evidence = evidence_for(round_, [a.person_id for a in appraisals])
    rows = [(a, evidence[a.person_id], levels.get(a.pk, "")) for a in appraisals]
    return render(
        request,
        "appraisal/decision.html",
        {
            "round": round_,
            "rows": rows,
            "cells": [(u, cell_levels.get(u.pk, "")) for u in cells],
            "caps": actions.cap_counts(round_, appraisals, levels),
            "levels": LEVELS,
            "may_decide": may_decide,
            "version": round_.version,
            "breadcrumbs": _crumbs(request, round_),
        },
    )


@login_required
@require_POST
def amend(request, pk):
    appraisal = get_appraisal_for_user(request, pk)
    require(request.user, "appraisal.manage", appraisal.round.unit)
    form = AmendForm(request.POST)
    if form.is_valid():
        with attempt(request, done=_("Đã ghi điều chỉnh xếp loại.")):
            actions.amend(
                appraisal,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
            )
    else:
        messages.error(request, _("Hãy chọn mức xếp loại mới và ghi lý do điều chỉnh."))
    return redirect(appraisal)


@login_required
@require_POST
def publish(request, pk):
    round_ = get_round_for_user(request, pk)
    require(request.user, "appraisal.manage", round_.unit)
    form = VersionForm(request.POST)
    if form.is_valid():
        with attempt(request, done=_("Đã công khai kết quả xếp loại đến các chi bộ.")):
            actions.publish(round_, actor=request.user, expected_version=form.cleaned_data["version"])
    else:
        messages.error(request, _("Trang đã cũ; hãy tải lại trang."))
    return redirect(round_)


@login_required
def summary_docx(request, pk):
    """The summary of the decided results (tổng hợp kết quả xếp loại) as a Party-format Word file."""
    round_ = get_round_for_user(request, pk)
    require(request.user, "appraisal.see_all", round_.unit)
    if not round_.is_locked:
        return refuse(request, round_, _("Bản tổng hợp có khi đã quyết định xếp loại."))
    return rendered_download(
        request, round_, lambda: render_summary(round_), f"tong-hop-xep-loai-{round_.year}-{round_.pk}.docx"
    )
