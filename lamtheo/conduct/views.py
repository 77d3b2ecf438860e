"""Codes of conduct pages: a unit's codes, a code with its similarity to the template, drafting, editing,
adopting, retiring, the poster, and the coverage table for committees.

Every fetch goes through `visible_to` (404 outside); every write checks the rules of lamtheo.conduct.rules at the code's unit
(403 without it) and calls one action in lamtheo.conduct.actions.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.conduct import actions, poster
from lamtheo.conduct.coverage import coverage_for
from lamtheo.conduct.forms import AdoptForm, AdoptionMeetingForm, CodeForm
from lamtheo.conduct.models import ConductCode, ConductRule
from lamtheo.conduct.similarity import Comparison, Pair, compare, threshold
from lamtheo.lib import vn
from lamtheo.lib.web import Crumb, attempt, refuse, rendered_download, serve_file
from lamtheo.meetings.models import Meeting
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

TEMPLATE_CHOICES_LIMIT = 200
MEETING_CHOICES_LIMIT = 60  # five years of monthly meetings
FIRST_YEAR, LAST_YEAR = actions.FIRST_YEAR, actions.LAST_YEAR


# --- fetching and permissions ------------------------------------------------------------------------------


def get_code_for_user(request, pk) -> ConductCode:
    return get_visible_or_404(
        request.user,
        ConductCode.objects.select_related(
            "unit", "template__unit", "adopted_by", "created_by", "meeting__kind"
        ),
        pk=pk,
    )


def _crumbs(request, unit: Unit) -> list:
    return [
        *breadcrumbs_for(request, unit),
        Crumb(_("Chuẩn mực đạo đức"), reverse("conduct:unit", args=[unit.pk])),
    ]


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def _template_choices(user, unit: Unit):
    """Codes a unit may start from: adopted codes of the units above it and of its sibling units, newest first.

    Seeing a code is not enough to offer it: a province staff member sees thousands; these are the ones that
    make sense as a template, capped.
    """
    parent_path = unit.path[: (unit.depth - 1) * Unit.steplen]
    above = {unit.path[: i * Unit.steplen] for i in range(1, unit.depth)}
    siblings = Q(unit__path__startswith=parent_path, unit__depth=unit.depth) if parent_path else Q(pk__in=[])
    order = ("-unit__depth", "-end_year", "unit__sort_key")
    chosen = (
        ConductCode.objects.visible_to(user)
        .adopted()
        .filter(Q(unit__path__in=above) | siblings)
        .exclude(unit=unit)
        .order_by(*order)
        .values_list("pk", flat=True)[:TEMPLATE_CHOICES_LIMIT]
    )
    # Not the slice itself: a form field filters its queryset to validate the choice.
    return ConductCode.objects.filter(pk__in=list(chosen)).select_related("unit").order_by(*order)


def _stored_comparison(code: ConductCode, rules: list[ConductRule]) -> Comparison | None:
    """The pairs as stored with the code (no recomputing): each rule with its closest template rule."""
    if not code.template_id:
        return None
    pairs = [
        Pair(
            rule.text,
            rule.template_rule.text if rule.template_rule_id else None,
            None,
            rule.similarity or 0.0,
        )
        for rule in rules
    ]
    return Comparison(pairs, code.similarity, code.is_copied)


# --- pages -------------------------------------------------------------------------------------------------


@login_required
def index(request):
    """Where the user works: each unit their roles cover, with its coverage table or its codes."""
    scope = get_scope(request.user)
    units = list(
        Unit.objects.filter(Q(path__in=scope.staff_paths) | Q(pk__in=scope.member_unit_ids)).sorted()
    )
    return render(request, "conduct/index.html", {"units": units, "year": timezone.localdate().year})


@login_required
def unit_codes(request, unit_pk):
    """A unit's codes: the one in force, the template above, drafts (for those who write them), the past."""
    unit = get_unit_for_user(request, unit_pk)
    year = timezone.localdate().year
    codes = list(
        ConductCode.objects.visible_to(request.user)
        .filter(unit=unit)
        .select_related("unit", "template__unit")
        .prefetch_related(Prefetch("rules", queryset=ConductRule.objects.order_by("position")))
        .order_by("-end_year", "-start_year", "-pk")
    )
    in_force = next((c for c in codes if c.is_adopted and c.start_year <= year <= c.end_year), None)
    template = (
        ConductCode.objects.visible_to(request.user)
        .templates_for(unit)
        .select_related("unit")
        .prefetch_related(Prefetch("rules", queryset=ConductRule.objects.order_by("position")))
        .first()
    )
    can_edit = allows(request.user, "conduct.draft", unit)
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "codes": codes,
        "in_force": in_force,
        "template": template,
        "year": year,
        "can_edit": can_edit,
        "is_committee": unit.is_committee,
        "is_group": unit.kind == Unit.Kind.GROUP,
        "threshold": vn.number(threshold()),
    }
    return render(request, "conduct/unit.html", context)


@login_required
def detail(request, pk):
    code = get_code_for_user(request, pk)
    rules = list(code.rules.select_related("template_rule").order_by("position"))
    editor = allows(request.user, "conduct.edit", code.unit)
    context = {
        "code": code,
        "rules": rules,
        "comparison": _stored_comparison(code, rules),
        "threshold": vn.number(threshold()),
        "template_visible": bool(code.template_id)
        and ConductCode.objects.visible_to(request.user).filter(pk=code.template_id).exists(),
        "breadcrumbs": _crumbs(request, code.unit),
        "can_edit": editor and code.is_draft,
        "can_adopt": editor and code.is_draft,
        "can_retire": editor and code.is_adopted,
        "can_link_meeting": editor and not code.is_draft,
        "can_new_version": not code.is_draft and allows(request.user, "conduct.draft", code.unit),
        "meeting_visible": code.meeting_id is not None
        and Meeting.objects.visible_to(request.user).filter(pk=code.meeting_id).exists(),
        "history": history_for(code),
    }
    return render(request, "conduct/detail.html", context)


def _form_context(request, form, unit, *, code=None, template=None, source=None) -> dict:
    rules = form["rules"].value() if form.is_bound else form.initial.get("rules", "")
    template_rules = template.rule_texts() if template is not None else []
    parsed = actions.parse_rules(rules or "")
    return {
        "form": form,
        "unit": unit,
        "code": code,
        "template": template,
        "source": source,
        "comparison": compare(parsed, template_rules) if template_rules and parsed else None,
        "threshold": vn.number(threshold()),
        "breadcrumbs": _crumbs(request, unit),
    }


@login_required
@require_http_methods(["GET", "POST"])
def create(request, unit_pk):
    """A new draft: from the template (its rules copied when the list is left empty), from one of the unit's
    own codes (`?from=`, a new version), or written from scratch."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "conduct.edit", unit)
    if not allows(request.user, "conduct.draft", unit):
        return refuse(request, reverse("conduct:unit", args=[unit.pk]), actions.unit_errors(unit)["unit"])
    templates = _template_choices(request.user, unit)
    year = timezone.localdate().year
    nearest = ConductCode.objects.visible_to(request.user).templates_for(unit).first()
    initial = {"start_year": year, "template": nearest.pk if nearest else None}
    source = None
    if request.GET.get("from"):
        source = get_visible_or_404(
            request.user, ConductCode.objects.filter(unit=unit), pk=request.GET["from"]
        )
        initial.update(
            start_year=max(source.start_year, year)
            if source.start_year == source.end_year
            else source.start_year,
            end_year=None if source.start_year == source.end_year else source.end_year,
            template=source.template_id or initial["template"],
            rules="\n".join(source.rule_texts()),
        )
    form = CodeForm(request.POST or None, initial=initial, templates=templates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form) as outcome:
            code = actions.create_code(
                unit,
                actor=request.user,
                start_year=data["start_year"],
                end_year=data["end_year"],
                title=data["title"],
                template=data["template"],
                rules=data["rules"] or None,
            )
        if outcome:
            messages.success(request, _("Đã lưu dự thảo «%(title)s».") % {"title": code.title})
            if code.is_copied:
                messages.warning(request, _copied_warning(code))
                return redirect("conduct:edit", code.pk)
            return redirect(code)
    chosen = getattr(form, "cleaned_data", {}).get("template")
    if chosen is None and not form.is_bound:
        chosen = next((t for t in templates if t.pk == initial["template"]), None)
    return render(
        request, "conduct/form.html", _form_context(request, form, unit, template=chosen, source=source)
    )


def _copied_warning(code: ConductCode) -> str:
    return _(
        "Dự thảo đang giống chuẩn mực mẫu %(similarity)s, từ %(threshold)s%% trở lên là «sao chép nguyên văn». Hãy "
        "cùng chi bộ sửa từng điều cho sát với công việc của đơn vị trước khi thông qua."
    ) % {"similarity": code.similarity_display, "threshold": vn.number(threshold())}


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    code = get_code_for_user(request, pk)
    require(request.user, "conduct.edit", code.unit)
    if not code.is_draft:
        return refuse(request, code, _("Bộ chuẩn mực đã thông qua không sửa được; hãy soạn phiên bản mới."))
    initial = {
        "title": code.title,
        "start_year": code.start_year,
        "end_year": code.end_year if code.end_year != code.start_year else None,
        "rules": "\n".join(code.rule_texts()),
        "version": code.version,
    }
    form = CodeForm(request.POST or None, initial=initial, code=code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form) as outcome:
            actions.update_code(
                code,
                actor=request.user,
                expected_version=data["version"],
                title=data["title"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                rules=data["rules"],
            )
        if outcome:
            messages.success(request, _("Đã lưu dự thảo."))
            if code.is_copied:
                messages.warning(request, _copied_warning(code))
            return redirect(code)
    return render(
        request,
        "conduct/form.html",
        _form_context(request, form, code.unit, code=code, template=code.template),
    )


@login_required
@require_POST
def check(request):
    """htmx: how close the rules being typed are to the template, before anything is saved."""
    template = None
    if request.POST.get("template"):
        template = get_visible_or_404(request.user, ConductCode, pk=request.POST["template"])
    elif request.POST.get("code"):
        code = get_visible_or_404(request.user, ConductCode, pk=request.POST["code"])
        template = code.template
    rules = actions.parse_rules(request.POST.get("rules", ""))
    template_rules = template.rule_texts() if template is not None else []
    comparison = compare(rules, template_rules) if template_rules and rules else None
    context = {
        "comparison": comparison,
        "template": template,
        "threshold": vn.number(threshold()),
        "live": True,
    }
    return render(request, "conduct/_comparison.html", context)


def _adoption_meetings(user, code: ConductCode):
    """What the adoption form accepts (the meetings the user sees) and what it offers: the code's unit's meetings
    held since the year before its period, newest first, capped."""
    visible = Meeting.objects.visible_to(user).select_related("unit", "kind")
    since = timezone.make_aware(datetime.datetime(code.start_year - 1, 1, 1))
    offered = list(
        visible.filter(unit=code.unit_id, starts_at__gte=since)
        .held()
        .order_by("-starts_at", "-pk")[:MEETING_CHOICES_LIMIT]
    )
    return visible, offered


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, pk):
    code = get_code_for_user(request, pk)
    require(request.user, "conduct.edit", code.unit)
    if not code.is_draft:
        return refuse(request, code, _("Bộ chuẩn mực này đã được thông qua (hoặc đã hết hiệu lực)."))
    meetings, offered = _adoption_meetings(request.user, code)
    form = AdoptForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": code.version},
        meetings=meetings,
        offered=offered,
    )
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            code = actions.adopt_code(
                code,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                adopted_on=form.cleaned_data["adopted_on"],
                minutes=form.cleaned_data["minutes"],
                meeting=form.cleaned_data["meeting"],
            )
        if outcome:
            messages.success(
                request,
                _("Đã ghi nhận: chi bộ thông qua bộ chuẩn mực ngày %(date)s.")
                % {"date": vn.short_date(code.adopted_on)},
            )
            if code.is_copied:
                messages.warning(
                    request,
                    _(
                        "Bộ chuẩn mực giống chuẩn mực của cấp trên %(similarity)s nên được đánh dấu «sao chép "
                        "nguyên văn»; cấp trên sẽ thấy điều này."
                    )
                    % {"similarity": code.similarity_display},
                )
            return redirect(code)
    rules = list(code.rules.select_related("template_rule").order_by("position"))
    context = {
        "code": code,
        "form": form,
        "rules": rules,
        "comparison": _stored_comparison(code, rules),
        "threshold": vn.number(threshold()),
        "offered": offered,
        "breadcrumbs": _crumbs(request, code.unit),
    }
    return render(request, "conduct/adopt.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_meeting(request, pk):
    """Name the meeting that adopted a code already adopted (one recorded with a file before, or corrected)."""
    code = get_code_for_user(request, pk)
    require(request.user, "conduct.edit", code.unit)
    if code.is_draft:
        messages.error(
            request, _("Bộ chuẩn mực còn là dự thảo: hãy chọn cuộc họp khi ghi nhận chi bộ thông qua.")
        )
        return redirect(code)
    meetings, offered = _adoption_meetings(request.user, code)
    on_the_day = [m for m in offered if m.local_start.date() == code.adopted_on]
    form = AdoptionMeetingForm(
        request.POST or None,
        initial={
            "version": code.version,
            "meeting": code.meeting_id or (on_the_day[0].pk if on_the_day else None),
        },
        meetings=meetings,
        offered=on_the_day or offered,
    )
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã lưu cuộc họp thông qua bộ chuẩn mực.")) as outcome:
            actions.link_adoption_meeting(
                code,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                meeting=form.cleaned_data["meeting"],
            )
        if outcome:
            return redirect(code)
    context = {
        "code": code,
        "form": form,
        "on_the_day": on_the_day,
        "breadcrumbs": _crumbs(request, code.unit),
    }
    return render(request, "conduct/adoption_meeting.html", context)


@login_required
@require_POST
def retire(request, pk):
    code = get_code_for_user(request, pk)
    require(request.user, "conduct.edit", code.unit)
    with attempt(request) as outcome:
        actions.retire_code(code, actor=request.user)
    if outcome:
        messages.success(request, _("Bộ chuẩn mực «%(title)s» đã hết hiệu lực.") % {"title": code.title})
    return redirect(code)


@login_required
@require_GET
def minutes(request, pk):
    """The adoption minutes, to those who see the code: never a public media address."""
    code = get_code_for_user(request, pk)
    return serve_file(code.minutes, code.minutes_download_name)


@login_required
@require_GET
def poster_docx(request, pk):
    code = get_code_for_user(request, pk)
    return rendered_download(request, code, lambda: poster.render_docx(code), poster.filename(code, "docx"))


@login_required
@require_GET
def poster_pdf(request, pk):
    code = get_code_for_user(request, pk)
    return rendered_download(request, code, lambda: poster.render_pdf(code), poster.filename(code, "pdf"))


@login_required
def coverage(request, unit_pk):
    """For a committee: the units below it, how many adopted a code for the year, and the codes flagged."""
    unit = get_unit_for_user(request, unit_pk)
    if not unit.is_committee:
        raise Http404
    year = _year(request)
    context = {
        "unit": unit,
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
        "coverage": coverage_for(unit, request.user, year),
        "threshold": vn.number(threshold()),
        "copy_threshold": threshold(),
        "breadcrumbs": _crumbs(request, unit),
    }
    return render(request, "conduct/coverage.html", context)
