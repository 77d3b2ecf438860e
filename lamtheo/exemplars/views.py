"""Pages of exemplars: the list (with what waits for the user's verification), nominating, an exemplar's page with
its steps, and a unit's book of good deeds for the year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.rules import allows, require, units_allowing
from lamtheo.accounts.scoping import get_visible_or_404, subtree_q
from lamtheo.exemplars import actions
from lamtheo.exemplars.forms import (
    CollectiveDeedForm,
    ExchangeForm,
    NominationForm,
    RecogniseForm,
    VerifyForm,
)
from lamtheo.exemplars.models import Exemplar
from lamtheo.exemplars.rendering import render_book, render_decision
from lamtheo.lib import vn
from lamtheo.lib.web import Crumb, attachment, attempt
from lamtheo.pledges.models import Deed
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

PAGE_SIZE = 50


def get_exemplar_for_user(request, pk) -> Exemplar:
    queryset = Exemplar.objects.select_related(
        "unit", "verifier", "person__unit", "decision", "forwarded_from"
    )
    return get_visible_or_404(request.user, queryset, pk=pk)


def _year(request) -> int:
    try:
        return int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year


def _index_crumb():
    return Crumb(_("Gương điển hình"), reverse("exemplars:index"))


@login_required
def index(request):
    year = _year(request)
    visible = Exemplar.objects.visible_to(request.user).select_related("unit", "verifier", "person")
    waiting_all = visible.to_verify_by(request.user)
    waiting = list(waiting_all.order_by("pk")[:PAGE_SIZE])
    page = Paginator(
        visible.filter(year=year).exclude(pk__in=waiting_all.values("pk")).order_by("-pk"), PAGE_SIZE
    )
    page = page.get_page(request.GET.get("page"))
    nominating_units = units_allowing(request.user, "exemplars.nominate")
    exchange_units = {u.pk for u in units_allowing(request.user, "exemplars.exchange")}
    for unit in nominating_units:
        unit.may_exchange = unit.pk in exchange_units
    return render(
        request,
        "exemplars/index.html",
        {
            "year": year,
            "waiting": waiting,
            "waiting_count": waiting_all.count() if len(waiting) == PAGE_SIZE else len(waiting),
            "exemplars": page.object_list,
            "page": page,
            "nominating_units": nominating_units,
            "breadcrumbs": [_index_crumb()],
        },
    )


@login_required
def nominate(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "exemplars.nominate", unit)
    year = _year(request)
    deeds_url = reverse("exemplars:deed_choices", args=[unit.pk]) + f"?nam={year}"
    form = NominationForm(request.POST or None, unit=unit, year=year, deeds_url=deeds_url)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form, done=_("Đã gửi đề nghị lên cấp trên xác minh.")) as sent:
            exemplar = actions.nominate(
                unit,
                actor=request.user,
                year=year,
                kind=data["kind"],
                person=data["person"],
                collective=data["collective"],
                summary=data["summary"],
                deeds=data["deeds"],
            )
        if sent:
            return redirect(exemplar)
    return render(
        request,
        "exemplars/nominate.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()],
        },
    )


@login_required
def detail(request, pk):
    exemplar = get_exemplar_for_user(request, pk)
    may_verify = allows(request.user, "exemplars.verify", exemplar)
    verify_form = recognise_form = None
    if may_verify and exemplar.status == Exemplar.Status.NOMINATED:
        verify_form = VerifyForm(initial={"version": exemplar.version})
    if may_verify and exemplar.status == Exemplar.Status.VERIFIED:
        recognise_form = RecogniseForm(
            initial={"version": exemplar.version, "on": timezone.localdate()},
            exemplar=exemplar,
            user=request.user,
        )
    return render(
        request,
        "exemplars/detail.html",
        {
            "exemplar": exemplar,
            "deeds": exemplar.deeds.select_related("person").order_by("date"),
            "forwards": exemplar.forwards.visible_to(request.user).select_related("verifier"),
            "exchanges": exemplar.exchanges.visible_to(request.user)
            .select_related("kind")
            .order_by("starts_at"),
            "verify_form": verify_form,
            "recognise_form": recognise_form,
            "may_forward": may_verify
            and exemplar.status == Exemplar.Status.RECOGNISED
            and exemplar.verifier.depth > 1
            and not exemplar.forwards.exists(),
            "may_correct": allows(request.user, "exemplars.edit", exemplar)
            and exemplar.status in (Exemplar.Status.NOMINATED, Exemplar.Status.RETURNED),
            "may_consent": allows(request.user, "exemplars.consent", exemplar),
            "breadcrumbs": [*breadcrumbs_for(request, exemplar.unit), _index_crumb()],
        },
    )


@login_required
def correct(request, pk):
    exemplar = get_exemplar_for_user(request, pk)
    require(request.user, "exemplars.edit", exemplar)
    initial = {
        "kind": exemplar.kind,
        "person": exemplar.person_id,
        "collective": exemplar.collective,
        "summary": exemplar.summary,
        "deeds": list(exemplar.deeds.values_list("pk", flat=True)),
        "version": exemplar.version,
    }
    form = NominationForm(request.POST or None, initial=initial, unit=exemplar.unit, year=exemplar.year)
    for name in ("kind", "person", "collective"):
        form.fields[name].disabled = True  # the nominee stays; a different one is a new nomination
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with attempt(request, form, done=_("Đã gửi lại đề nghị.")) as sent:
            actions.correct(
                exemplar,
                actor=request.user,
                expected_version=data["version"] or 0,
                summary=data["summary"],
                deeds=data["deeds"],
            )
        if sent:
            return redirect(exemplar)
    return render(
        request,
        "exemplars/nominate.html",
        {
            "form": form,
            "unit": exemplar.unit,
            "year": exemplar.year,
            "exemplar": exemplar,
            "breadcrumbs": [*breadcrumbs_for(request, exemplar.unit), _index_crumb()],
        },
    )


@login_required
@require_POST
def verify(request, pk):
    exemplar = get_exemplar_for_user(request, pk)
    require(request.user, "exemplars.verify", exemplar)
    form = VerifyForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        done = _("Đã xác minh.") if accept else _("Đã trả lại đề nghị cho đơn vị.")
        with attempt(request, done=done):
            actions.verify(
                exemplar,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                accept=accept,
                remark=form.cleaned_data["remark"],
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(exemplar)


@login_required
@require_POST
def recognise(request, pk):
    exemplar = get_exemplar_for_user(request, pk)
    require(request.user, "exemplars.verify", exemplar)
    form = RecogniseForm(request.POST, exemplar=exemplar, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        with attempt(request, done=_("Đã ghi nhận khen.")):
            actions.recognise(
                exemplar,
                actor=request.user,
                expected_version=data["version"],
                honour=data["honour"],
                on=data["on"],
                decision=data["decision"],
            )
        return redirect(exemplar)
    return render(
        request,
        "exemplars/detail.html",
        {
            "exemplar": exemplar,
            "deeds": exemplar.deeds.all(),
            "recognise_form": form,
            "breadcrumbs": [*breadcrumbs_for(request, exemplar.unit), _index_crumb()],
        },
    )


@login_required
@require_POST
def forward(request, pk):
    exemplar = get_exemplar_for_user(request, pk)
    require(request.user, "exemplars.verify", exemplar)
    with attempt(request, done=_("Đã chuyển lên cấp trên.")):
        actions.forward(exemplar, actor=request.user)
    return redirect(exemplar)


@login_required
@require_POST
def consent(request, pk):
    exemplar = get_exemplar_for_user(request, pk)
    require(request.user, "exemplars.consent", exemplar)
    consents = request.POST.get("consents") == "1"
    with attempt(request, done=_("Đã ghi ý kiến về việc công khai.")):
        actions.set_consent(exemplar, actor=request.user, consents=consents)
    return redirect(exemplar)


@login_required
def book(request, unit_pk):
    """The unit's book of good deeds (sổ người tốt, việc tốt) for the year: every deed recorded in its subtree, and
    the exemplars nominated from it."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "accounts.see_tree")
    year = _year(request)
    deeds = (
        Deed.objects.visible_to(request.user)
        .filter(subtree_q(unit.path, "unit__path"), date__year=year)
        .select_related("person", "unit")
        .order_by("date", "pk")
    )
    exemplars = (
        Exemplar.objects.visible_to(request.user)
        .filter(subtree_q(unit.path, "unit__path"), year=year)
        .select_related("person", "verifier")
        .order_by("pk")
    )
    return render(
        request,
        "exemplars/book.html",
        {
            "unit": unit,
            "year": year,
            "deeds": deeds[:2000],
            "deed_count": deeds.count(),
            "may_record": allows(request.user, "exemplars.record_deed", unit),
            "exemplars": exemplars,
            "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()],
        },
    )


@login_required
def book_docx(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "accounts.see_tree")
    year = _year(request)
    filename = f"so-nguoi-tot-viec-tot-{year}-{vn.fold(unit.name).replace(' ', '-')}.docx"
    return attachment(render_book(unit, year), filename)


@login_required
def decision_docx(request, pk):
    """The decision that recognised the exemplar (quyết định khen thưởng), in the Party format; none before."""
    exemplar = get_exemplar_for_user(request, pk)
    if exemplar.status != Exemplar.Status.RECOGNISED:
        raise Http404
    filename = f"quyet-dinh-khen-{exemplar.year}-{vn.fold(exemplar.name).replace(' ', '-')}.docx"
    return attachment(render_decision(exemplar), filename)


@login_required
def exchange(request, unit_pk):
    """Plan a giao lưu gương điển hình at the unit: the exemplars it presents, chosen among the recognised ones of
    its subtree; the event is a meeting of the unit (its page, attendance and minutes are the meetings')."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "exemplars.exchange", unit)
    candidates = actions.exchange_candidates(unit)
    form = ExchangeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã lên lịch buổi giao lưu.")) as planned:
            meeting = actions.plan_exchange(unit, actor=request.user, **form.cleaned_data)
        if planned:
            return redirect(meeting)
    return render(
        request,
        "exemplars/exchange.html",
        {"form": form, "unit": unit, "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()]},
    )


@login_required
def deed_choices(request, unit_pk):
    """The deeds a nomination may cite, for the person (or the collective) chosen on the form (htmx)."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "exemplars.nominate", unit)
    year = _year(request)
    initial = {"kind": request.GET.get("kind", Exemplar.Kind.PERSON), "person": request.GET.get("person")}
    form = NominationForm(initial=initial, unit=unit, year=year)
    return render(request, "exemplars/_deeds.html", {"form": form, "year": year})


@login_required
def collective_deed(request, unit_pk):
    """Record a collective's good deed in the unit's book (a collective exemplar cites these)."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "exemplars.record_deed", unit)
    form = CollectiveDeedForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã ghi việc tốt vào sổ.")) as recorded:
            deed = actions.record_collective_deed(unit, actor=request.user, **form.cleaned_data)
        if recorded:
            return redirect(reverse("exemplars:book", args=[unit.pk]) + f"?nam={deed.date.year}")
    return render(
        request,
        "exemplars/collective_deed.html",
        {"form": form, "unit": unit, "breadcrumbs": [*breadcrumbs_for(request, unit), _index_crumb()]},
    )
