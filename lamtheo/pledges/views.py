"""A registration's pages. Thin: scoped fetch → form → one action → redirect or render.

A member works on "Bản đăng ký của tôi" and the registration's page (write, submit, progress, deeds, self-assess);
the reviewer accepts, returns, rates and locks there or, in one click, from the secretary's page (unit_views.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.lib import docx, vn
from lamtheo.lib.web import attachment, attempt, refuse, rendered_download, serve_file
from lamtheo.people.models import Person
from lamtheo.pledges import actions
from lamtheo.pledges.cell import cell_overview, mark_review_rights
from lamtheo.pledges.forms import (
    CreateForm,
    DeedForm,
    ItemFormSet,
    ProgressForm,
    PublishForm,
    RateForm,
    ReviewForm,
    SelfAssessForm,
    VersionForm,
    items_from,
)
from lamtheo.pledges.models import Deed, Pledge, RegistrationDeadline, Review
from lamtheo.pledges.rendering import render_pledge
from lamtheo.pledges.rules import holds_position, publishing_units, reviewed_by_committee
from lamtheo.units.views import breadcrumbs_for


def year_asked(request) -> int:
    """The year asked for (`?nam=2025`), else this year."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam") or request.POST.get("nam") or today.year)
    except ValueError:
        return today.year
    return year if actions.FIRST_YEAR <= year <= today.year + 1 else today.year


def get_pledge_for_user(request, pk) -> Pledge:
    return get_visible_or_404(
        request.user,
        Pledge.objects.select_related("person", "unit", "topic", "copied_from", "published_to", "rated_by"),
        pk=pk,
    )


def _back(request, pledge: Pledge):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(pledge)


# The member's own ------------------------------------------------------------------------------------------------


@login_required
def mine(request):
    """Bản đăng ký của tôi: this year's registration (or how to start it), and the earlier ones."""
    year = year_asked(request)
    person = None
    if request.user.person_id:
        person = Person.objects.select_related("unit").filter(pk=request.user.person_id).first()
    context = {"year": year, "person": person}
    if person is not None:
        pledges = list(Pledge.objects.filter(person=person).select_related("unit").order_by("-year"))
        current = next((p for p in pledges if p.year == year), None)
        deadline = RegistrationDeadline.objects.for_unit(person.unit, year)
        context.update(
            pledge=current,
            earlier=[p for p in pledges if p.year < year],
            previous=next((p for p in pledges if p.year < year), None),
            deadline=deadline,
            late=current.is_late(deadline.due_date, timezone.localdate())
            if current and deadline
            else bool(deadline and timezone.localdate() > deadline.due_date),
        )
    return render(request, "pledges/mine.html", context)


@login_required
@require_POST
def create(request):
    """Start a registration: one's own, or (`person`) someone's typed in by their secretary."""
    form = CreateForm(request.POST)
    if not form.is_valid():
        return refuse(request, "pledges:mine", _("Thiếu năm của bản đăng ký."))
    year = form.cleaned_data["year"]
    if request.POST.get("person"):
        person = get_visible_or_404(
            request.user, Person.objects.select_related("unit"), pk=request.POST["person"]
        )
    elif request.user.person_id:
        person = Person.objects.select_related("unit").get(pk=request.user.person_id)
    else:
        raise Http404
    require(request.user, "pledges.enter_for", person)
    copy_from = None
    if form.cleaned_data["copy"]:
        copy_from = Pledge.objects.filter(person=person, year__lt=year).order_by("-year").first()
    with attempt(request) as outcome:
        pledge = actions.create_pledge(person, year, actor=request.user, copy_from=copy_from)
    if not outcome:
        existing = Pledge.objects.filter(person=person, year=year).first()
        return redirect(existing) if existing else redirect("pledges:mine")
    if copy_from is not None:
        messages.success(
            request,
            _(
                "Đã sao nội dung bản đăng ký năm %(year)s làm điểm xuất phát. Hãy sửa cho sát nhiệm vụ năm nay: nếu "
                "nộp nguyên văn, bản đăng ký sẽ được đánh dấu «chưa thay đổi so với năm trước»."
            )
            % {"year": copy_from.year},
        )
    return redirect("pledges:edit", pledge.pk)


# One registration ------------------------------------------------------------------------------------------------


def _detail_context(request, pledge: Pledge) -> dict:
    user = request.user
    by_committee = reviewed_by_committee(pledge)
    can_review = allows(user, "pledges.review", pledge)
    can_enter = allows(user, "pledges.enter", pledge)
    is_owner = allows(user, "pledges.publish", pledge)
    deadline = RegistrationDeadline.objects.for_unit(pledge.unit, pledge.year)
    reviews = list(pledge.reviews.all())
    context = {
        "pledge": pledge,
        "breadcrumbs": breadcrumbs_for(request, pledge.unit)
        if allows(user, "units.see", pledge.unit)
        else [],
        "items": pledge.items.prefetch_related("rules", "deeds"),
        "reviews": reviews,
        "last_return": next((r for r in reversed(reviews) if r.kind == Review.Kind.RETURNED), None),
        "notes": pledge.progress_notes.select_related("item", "author"),
        "deeds": pledge.deeds.select_related("evidence").prefetch_related("items"),
        "history": history_for(pledge),
        "deadline": deadline,
        "late": pledge.is_late(deadline.due_date if deadline else None, timezone.localdate()),
        "by_committee": by_committee,
        "can_review": can_review,
        "can_enter": can_enter,
        "is_owner": is_owner,
        "can_add_progress": (can_enter or can_review) and pledge.status == Pledge.Status.ACCEPTED,
        "can_add_deed": (can_enter or can_review) and pledge.status in actions.DEED_STATES,
        "version_form": VersionForm(initial={"version": pledge.version}),
    }
    if can_review and pledge.status == Pledge.Status.SUBMITTED:
        context["review_form"] = ReviewForm(initial={"version": pledge.version}, auto_id="review_%s")
    if can_review and pledge.status == Pledge.Status.SELF_ASSESSED:
        context["rate_form"] = RateForm(initial={"version": pledge.version}, auto_id="rate_%s")
    if context["can_add_progress"]:
        context["progress_form"] = ProgressForm(
            pledge=pledge, initial={"date": timezone.localdate()}, auto_id="progress_%s"
        )
    if context["can_add_deed"]:
        context["deed_form"] = DeedForm(
            pledge=pledge, initial={"date": timezone.localdate()}, auto_id="deed_%s"
        )
    if is_owner and pledge.is_registered and holds_position(pledge.person):
        units = publishing_units(pledge.person)
        context["publish_form"] = PublishForm(
            units=units,
            initial={"version": pledge.version, "to_unit": pledge.published_to_id},
            auto_id="publish_%s",
        )
    return context


@login_required
def detail(request, pk):
    pledge = get_pledge_for_user(request, pk)
    return render(request, "pledges/detail.html", _detail_context(request, pledge))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.enter", pledge)
    if not pledge.is_editable:
        messages.error(
            request,
            _("Bản đăng ký đang ở tình trạng «%(status)s»: không sửa được nội dung.")
            % {"status": pledge.get_status_display()},
        )
        return redirect(pledge)
    rules = actions.allowed_rules(pledge.unit, pledge.year)
    rules = rules if rules.exists() else None
    version_form = VersionForm(request.POST or None, initial={"version": pledge.version})
    formset = ItemFormSet(request.POST or None, instance=pledge, prefix="items", form_kwargs={"rules": rules})
    if request.method == "POST" and version_form.is_valid() and formset.is_valid():
        with attempt(request, version_form) as outcome:
            actions.update_items(
                pledge,
                items_from(formset),
                actor=request.user,
                expected_version=version_form.cleaned_data["version"],
            )
            if "submit" in request.POST:
                actions.submit_pledge(pledge, actor=request.user, expected_version=pledge.version)
        if outcome:
            if "submit" in request.POST:
                messages.success(request, _("Đã nộp bản đăng ký; chi bộ sẽ xem xét."))
            else:
                messages.success(request, _("Đã lưu bản đăng ký (chưa nộp)."))
            return redirect(pledge)
    context = {
        "pledge": pledge,
        "formset": formset,
        "version_form": version_form,
        "has_rules": rules is not None,
        "breadcrumbs": breadcrumbs_for(request, pledge.unit)
        if allows(request.user, "units.see", pledge.unit)
        else [],
    }
    return render(request, "pledges/edit.html", context)


def _versioned_step(request, pk, *, rule: str, action, done: str):
    """A one-step transition from the registration's page: scoped fetch, role check, the version the page showed,
    the action, a message, back to the registration."""
    pledge = get_pledge_for_user(request, pk)
    require(request.user, rule, pledge)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return refuse(request, pledge, _("Trang đã cũ; hãy tải lại rồi thử lại."))
    with attempt(request) as outcome:
        action(pledge, actor=request.user, expected_version=form.cleaned_data["version"])
    if outcome:
        messages.success(request, done)
    return redirect(pledge)


@login_required
@require_POST
def submit(request, pk):
    return _versioned_step(
        request,
        pk,
        rule="pledges.enter",
        action=actions.submit_pledge,
        done=_("Đã nộp bản đăng ký; chi bộ sẽ xem xét."),
    )


@login_required
@require_POST
def review(request, pk):
    """Accept or return a submitted registration; from the secretary's page (htmx: the row comes back) or the
    registration's page."""
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.review", pledge)
    form = ReviewForm(request.POST)
    row = request.headers.get("HX-Request") and request.POST.get("row")
    error_text = done = ""
    if not form.is_valid():
        error_text = _("Trang đã cũ; hãy tải lại rồi thử lại.")
    else:
        data = form.cleaned_data
        accept = data["decision"] == "accept"
        review_pledge = actions.accept_pledge if accept else actions.return_pledge
        # The row that comes back shows the refusal itself; the page says it.
        with attempt(request, say=not row) as outcome:
            review_pledge(pledge, actor=request.user, expected_version=data["version"], remark=data["remark"])
        if not outcome:
            error_text = " ".join(outcome.messages)
        elif accept:
            done = _("Đã chấp nhận bản đăng ký của %(name)s.") % {"name": pledge.person}
        else:
            done = _("Đã trả lại bản đăng ký của %(name)s để sửa.") % {"name": pledge.person}
    if row:
        overview = cell_overview(
            pledge.unit, pledge.year, today=timezone.localdate(), people=[pledge.person_id]
        )
        rows = mark_review_rights(overview, request.user)
        if not rows:  # the person has left the chi bộ since
            return HttpResponse(status=204)
        context = {"row": rows[0], "overview": overview, "row_error": error_text, "row_done": done}
        return render(request, "pledges/_cell_row.html", context)
    if done:
        messages.success(request, done)
    elif not form.is_valid():
        messages.error(request, error_text)
    return _back(request, pledge)


def _say_errors(request, form) -> None:
    """A form posted from the registration's page, which it goes back to: its errors said as messages."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@login_required
@require_POST
def progress(request, pk):
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.record", pledge)
    form = ProgressForm(request.POST, pledge=pledge)
    if form.is_valid():
        data = form.cleaned_data
        with attempt(request, done=_("Đã ghi tiến độ.")):
            actions.add_progress(
                pledge, actor=request.user, text=data["text"], date=data["date"], item=data["item"]
            )
    else:
        _say_errors(request, form)
    return redirect(f"{pledge.get_absolute_url()}#tien-do")


@login_required
@require_POST
def deed(request, pk):
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.record", pledge)
    form = DeedForm(request.POST, request.FILES, pledge=pledge)
    if form.is_valid():
        data = form.cleaned_data
        with attempt(request, done=_("Đã ghi việc làm theo vào nhật ký.")):
            actions.add_deed(
                pledge,
                actor=request.user,
                date=data["date"],
                description=data["description"],
                items=data["items"],
                upload=data["attachment"],
            )
    else:
        _say_errors(request, form)
    return redirect(f"{pledge.get_absolute_url()}#nhat-ky")


@login_required
@require_http_methods(["GET", "POST"])
def self_assess(request, pk):
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.enter", pledge)
    if pledge.status != Pledge.Status.ACCEPTED:
        messages.error(
            request,
            _("Chỉ tự đánh giá khi bản đăng ký đã được chấp nhận; tình trạng hiện nay: «%(status)s».")
            % {"status": pledge.get_status_display()},
        )
        return redirect(pledge)
    form = SelfAssessForm(request.POST or None, pledge=pledge, initial={"version": pledge.version})
    if request.method == "POST" and form.is_valid():
        with attempt(
            request, form, done=_("Đã gửi tự đánh giá cuối năm; chi bộ sẽ nhận xét, xếp loại.")
        ) as outcome:
            actions.self_assess(
                pledge,
                form.results(),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
            )
        if outcome:
            return redirect(pledge)
    context = {
        "pledge": pledge,
        "form": form,
        "breadcrumbs": breadcrumbs_for(request, pledge.unit)
        if allows(request.user, "units.see", pledge.unit)
        else [],
    }
    return render(request, "pledges/self_assess.html", context)


@login_required
@require_POST
def rate(request, pk):
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.review", pledge)
    form = RateForm(request.POST)
    if not form.is_valid():
        return refuse(request, pledge, _("Trang đã cũ; hãy tải lại rồi thử lại."))
    data = form.cleaned_data
    with attempt(request) as outcome:
        actions.rate_pledge(
            pledge,
            actor=request.user,
            expected_version=data["version"],
            level=data["level"],
            remark=data["remark"],
        )
        if data["lock"]:
            actions.lock_pledge(pledge, actor=request.user, expected_version=pledge.version)
    if outcome:
        if data["lock"]:
            messages.success(request, _("Đã nhận xét, xếp loại và khóa bản đăng ký."))
        else:
            messages.success(request, _("Đã nhận xét, xếp loại."))
    return _back(request, pledge)


@login_required
@require_POST
def lock(request, pk):
    return _versioned_step(
        request, pk, rule="pledges.review", action=actions.lock_pledge, done=_("Đã khóa bản đăng ký.")
    )


@login_required
@require_POST
def publish(request, pk):
    pledge = get_pledge_for_user(request, pk)
    require(request.user, "pledges.publish", pledge)
    form = PublishForm(request.POST, units=publishing_units(pledge.person))
    if not form.is_valid():
        return refuse(request, pledge, _("Trang đã cũ; hãy tải lại rồi thử lại."))
    data = form.cleaned_data
    try:
        with attempt(request) as outcome:
            actions.publish_pledge(
                pledge,
                actor=request.user,
                expected_version=data["version"],
                publish=data["publish"],
                to_unit=data["to_unit"],
            )
    except PermissionDenied as error:  # not holding a position: said on the page rather than a 403
        messages.error(request, str(error))
        outcome = False
    if outcome:
        if data["publish"]:
            messages.success(
                request,
                _("Đã công khai bản đăng ký tại %(unit)s: mọi người trong đơn vị đọc được.")
                % {"unit": pledge.published_to},
            )
        else:
            messages.success(request, _("Đã thôi công khai bản đăng ký."))
    return redirect(pledge)


@login_required
def print_pledge(request, pk):
    """The registration as a Party-format DOCX (`?dinh-dang=pdf`: PDF, when LibreOffice is installed)."""
    pledge = get_pledge_for_user(request, pk)
    name = f"ban-dang-ky-{pledge.year}-{vn.fold(pledge.person.full_name).replace(' ', '-')}"
    if request.GET.get("dinh-dang") == "pdf":
        return rendered_download(request, pledge, lambda: docx.to_pdf(render_pledge(pledge)), f"{name}.pdf")
    return attachment(render_pledge(pledge), f"{name}.docx")


@login_required
def deed_file(request, pk):
    """A deed's photo or document, for those who may see the deed or its registration."""
    user = request.user
    deed = (
        Deed.objects.filter(
            Q(pk__in=Deed.objects.visible_to(user).values("pk"))
            | Q(pledge__in=Pledge.objects.visible_to(user).values("pk"))
        )
        .filter(pk=pk)
        .first()
    )
    evidence = deed.evidence_file if deed is not None else None
    if evidence is None:
        raise Http404
    return serve_file(evidence.file, evidence.download_name, as_attachment=not evidence.is_image)
