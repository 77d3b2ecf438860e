"""Pages of study sessions: a unit's sessions, recording and editing a session with its attendance, the phone tick
view, the printed list, material, and a member's own study. The coverage pages are in coverage_views.py."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.lib import vn
from lamtheo.lib.attendance import ATTENDED, Presence, posted_ids, read_marks
from lamtheo.lib.forms import StoredFileForm
from lamtheo.lib.web import Crumb, add_stored_file, attempt, serve_stored
from lamtheo.study import actions, checklist
from lamtheo.study.coverage import default_topic, figures_for, not_studied
from lamtheo.study.forms import SessionForm, VersionForm
from lamtheo.study.models import Attendance, StudyMaterial, StudySession
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user

SESSIONS_PER_PAGE = 30
NOT_STUDIED_PREVIEW = 50  # on a unit's sessions page; the coverage page pages through all of them
PRINT_LIMIT = 5000


def get_session_for_user(request, pk) -> StudySession:
    return get_visible_or_404(
        request.user, StudySession.objects.select_related("unit", "topic__unit", "makeup_for"), pk=pk
    )


def topics_for(request, unit):
    """The topics a unit studies that the user sees: the unit's own and those of the committees above it."""
    return (
        Topic.objects.visible_to(request.user)
        .applying_to(unit)
        .select_related("unit")
        .order_by("-start_year", "-kind", "pk")
    )


def chosen_topic(request, topics: list[Topic], today) -> Topic | None:
    """`?topic=` (one of `topics`, else 404), or the default one."""
    raw = request.GET.get("topic")
    if raw:
        chosen = next((t for t in topics if str(t.pk) == raw), None)
        if chosen is None:
            raise Http404
        return chosen
    return default_topic(topics, today)


def _session_crumbs(request, session) -> list:
    return [*breadcrumbs_for(request, session.unit), Crumb(str(session), session.get_absolute_url())]


def _sub_unit(request, session) -> Unit:
    """`?unit=`: a unit inside the session's subtree that the user sees; else the session's unit."""
    if request.GET.get("unit"):
        return get_visible_or_404(request.user, Unit.objects.subtree_of(session.unit), pk=request.GET["unit"])
    return session.unit


def _date_of(form, default: datetime.date) -> datetime.date:
    """The date typed on a bound form (even while other fields are wrong), else `default`."""
    if not form.is_bound:
        return form.initial.get("date") or default
    try:
        return forms.DateField().to_python(form["date"].value()) or default
    except ValidationError:
        return default


def _makeup_topic(form, topics):
    """The topic whose not-yet-studied people a make-up session lists, while the form says it is a make-up."""
    if not form["is_makeup"].value():
        return None
    value = form["topic"].value()
    try:
        return topics.filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None


def _marks_from_query(query) -> dict:
    """The marks a form sent (with an htmx request, or a POST refused), to keep them on the list rebuilt."""
    return read_marks(query, posted_ids(query), default=Presence.ABSENT)


def _posted_marks(data, listing) -> dict:
    """The marks posted for the people on `listing`, and for anyone else posted as attending (a list rebuilt for
    another date): kept, so that the action refuses them by name rather than they vanish."""
    listed = set(listing.ids)
    extra = [pk for pk, mark in _marks_from_query(data).items() if pk not in listed and mark.attended]
    return read_marks(data, [*listing.ids, *extra], default=Presence.ABSENT)


# A unit's sessions -------------------------------------------------------------------------------------------


@login_required
def unit_sessions(request, unit_pk):
    """The sessions held in a unit's subtree; for those whose role covers the unit, the chosen topic's figures and
    who has not studied it yet. A member sees only the sessions they attended."""
    unit = get_unit_for_user(request, unit_pk)
    today = timezone.localdate()
    staff = allows(request.user, "study.see_figures", unit)
    topics = list(topics_for(request, unit)) if staff else []
    topic = chosen_topic(request, topics, today) if staff else None
    sessions = (
        StudySession.objects.visible_to(request.user)
        .in_subtree(unit)
        .select_related("unit", "topic")
        .annotate(
            listed=Count("attendances"),
            present=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
        )
        .newest_first()
    )
    if topic is not None:
        sessions = sessions.for_topic(topic)
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    figures = missing = None
    if topic is not None:
        figures = figures_for(topic, unit, today=today)
        missing = (
            list(not_studied(topic, unit, expected=figures.people)[:NOT_STUDIED_PREVIEW])
            if figures.not_studied
            else []
        )
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "page": page,
        "topics": topics,
        "topic": topic,
        "figures": figures,
        "missing": missing,
        "today": today,
        "staff": staff,
        "can_record": allows(request.user, "study.record", unit),
    }
    return render(request, "study/unit_sessions.html", context)


# Recording and editing ------------------------------------------------------------------------------------------


def _session_form(request, unit, *, instance=None, initial=None):
    return SessionForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial=initial,
        unit=unit,
        topics=topics_for(request, unit),
        sessions=StudySession.objects.visible_to(request.user).filter(unit=unit).select_related("topic"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request, unit_pk):
    """Record a session with its attendance in one form (`?topic=`, `?makeup=1`, `?makeup_for=` prefill it)."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "study.record", unit)
    today = timezone.localdate()
    topics = topics_for(request, unit)
    initial = {"date": today, "form": StudySession.Form.IN_PERSON}
    if request.GET.get("topic"):
        initial["topic"] = get_visible_or_404(request.user, topics, pk=request.GET["topic"]).pk
    if request.GET.get("makeup"):
        initial["is_makeup"] = True
    if request.GET.get("makeup_for"):
        original = get_visible_or_404(
            request.user, StudySession.objects.filter(unit=unit), pk=request.GET["makeup_for"]
        )
        initial.update(is_makeup=True, makeup_for=original.pk, topic=original.topic_id)
    form = _session_form(request, unit, initial=initial)
    makeup_topic = _makeup_topic(form, topics)
    posted = _marks_from_query(request.POST) if request.method == "POST" else None
    listing = checklist.build(unit, _date_of(form, today), makeup_topic=makeup_topic, marks=posted)
    attendance_errors = []
    if request.method == "POST" and form.is_valid():
        marks = None if listing.too_many else _posted_marks(request.POST, listing)
        upload = form.cleaned_data.get("material")
        with attempt(request, form, aside="attendance") as outcome:
            session = actions.create_session(
                form.instance,
                actor=request.user,
                attendance=marks,
                today=today,
                materials=[upload] if upload else [],
            )
        if outcome:
            messages.success(request, _("Đã ghi nhận buổi học «%(session)s».") % {"session": session})
            if listing.too_many:
                return redirect("study:tick", session.pk)
            return redirect(session)
        attendance_errors = outcome.aside
    context = {
        "unit": unit,
        "form": form,
        "checklist": listing,
        "attendance_errors": attendance_errors,
        "today": today,
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "study/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    session = get_session_for_user(request, pk)
    require(request.user, "study.record", session.unit)
    today = timezone.localdate()
    topics = topics_for(request, session.unit)
    form = _session_form(request, session.unit, instance=session)
    makeup_topic = _makeup_topic(form, topics)
    posted = _marks_from_query(request.POST) if request.method == "POST" else None
    listing = checklist.build(
        session.unit, _date_of(form, session.date), session=session, makeup_topic=makeup_topic, marks=posted
    )
    attendance_errors = []
    if request.method == "POST" and form.is_valid():
        marks = None if listing.too_many else _posted_marks(request.POST, listing)
        with attempt(request, form, done=_("Đã lưu buổi học."), aside="attendance") as outcome:
            actions.update_session(
                form.instance,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                attendance=marks,
                today=today,
            )
        if outcome:
            return redirect(session)
        attendance_errors = outcome.aside
    context = {
        "unit": session.unit,
        "session": session,
        "form": form,
        "checklist": listing,
        "attendance_errors": attendance_errors,
        "today": today,
        "breadcrumbs": _session_crumbs(request, session),
    }
    return render(request, "study/form.html", context)


@login_required
def candidates(request, unit_pk):
    """htmx fragment: the attendance checklist for the date, topic and make-up choice typed on the form."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "study.record", unit)
    today = timezone.localdate()
    session = None
    if request.GET.get("session"):
        session = get_visible_or_404(
            request.user, StudySession.objects.filter(unit=unit), pk=request.GET["session"]
        )
    try:
        date = forms.DateField().to_python(request.GET.get("date")) or (session.date if session else today)
    except ValidationError:
        date = session.date if session else today
    makeup_topic = None
    if request.GET.get("is_makeup") and request.GET.get("topic"):
        topics = topics_for(request, unit)
        makeup_topic = get_visible_or_404(request.user, topics, pk=request.GET["topic"])
    listing = checklist.build(
        unit, date, session=session, makeup_topic=makeup_topic, marks=_marks_from_query(request.GET)
    )
    return render(
        request,
        "study/_checklist.html",
        {"unit": unit, "checklist": listing, "today": today, "session": session},
    )


# A session ---------------------------------------------------------------------------------------------------


def _attendance_counts(session) -> dict:
    from lamtheo.people.models import Person

    member = ~Q(person__party_status=Person.PartyStatus.NON_MEMBER)
    present = Q(status__in=ATTENDED)
    return Attendance.objects.filter(session=session).aggregate(
        listed=Count("pk"),
        present=Count("pk", filter=present),
        members=Count("pk", filter=member),
        members_present=Count("pk", filter=member & present),
        non_members=Count("pk", filter=~member),
        non_members_present=Count("pk", filter=~member & present),
    )


def _detail_context(request, session, *, upload_form=None) -> dict:
    today = timezone.localdate()
    staff = allows(request.user, "study.see_figures", session.unit)
    can_record = allows(request.user, "study.record", session.unit)
    context = {
        "session": session,
        "today": today,
        "staff": staff,
        "can_record": can_record,
        "materials": session.materials.all(),
        "upload_form": upload_form or (StoredFileForm(model=StudyMaterial) if can_record else None),
        "breadcrumbs": _session_crumbs(request, session),
    }
    if staff:
        counts = _attendance_counts(session)
        context["counts"] = counts
        context["counts_members"] = vn.percent(counts["members_present"], counts["members"])
        context["counts_non_members"] = vn.percent(counts["non_members_present"], counts["non_members"])
        rows = Attendance.objects.filter(session=session).select_related("person", "unit")
        if counts["listed"] <= checklist.CHECKLIST_LIMIT:
            context["attendance"] = sorted(rows, key=lambda a: (a.unit.sort_key, a.person.sort_key))
        else:
            absent = rows.exclude(status__in=ATTENDED)
            context["absent"] = sorted(absent, key=lambda a: (a.unit.sort_key, a.person.sort_key))
        context["makeups"] = session.makeups.select_related("unit")
        context["history"] = history_for(session)
    else:
        person_id = getattr(request.user, "person_id", None)
        context["own"] = Attendance.objects.filter(session=session, person=person_id).first()
    return context


@login_required
def detail(request, pk):
    session = get_session_for_user(request, pk)
    return render(request, "study/detail.html", _detail_context(request, session))


@login_required
@require_http_methods(["GET", "POST"])
def tick(request, pk):
    """Tick attendance on a phone, or off a printed list: the session's people, or one unit's (`?unit=`) when the
    list is long."""
    session = get_session_for_user(request, pk)
    require(request.user, "study.record", session.unit)
    today = timezone.localdate()
    unit = _sub_unit(request, session)
    form = VersionForm(request.POST or None, initial={"version": session.version})
    posted = _marks_from_query(request.POST) if request.method == "POST" else None
    listing = checklist.build(unit, session.date, session=session, marks=posted)
    attendance_errors = []
    if request.method == "POST" and not listing.too_many and form.is_valid():
        marks = _posted_marks(request.POST, listing)
        with attempt(request, form, aside="attendance") as outcome:
            actions.record_attendance(
                session, marks, actor=request.user, expected_version=form.cleaned_data["version"], today=today
            )
        if outcome:
            messages.success(
                request,
                _("Đã điểm danh %(unit)s: %(present)s/%(listed)s người có mặt.")
                % {
                    "unit": unit,
                    "present": vn.number(sum(m.attended for m in marks.values())),
                    "listed": vn.number(len(marks)),
                },
            )
            if unit.pk != session.unit_id:
                return redirect(reverse("study:tick", args=[session.pk]))
            return redirect(session)
        attendance_errors = outcome.aside
    context = {
        "session": session,
        "unit": unit,
        "form": form,
        "checklist": listing,
        "branches": checklist.branches(session, unit, request.user) if listing.too_many else [],
        "attendance_errors": attendance_errors,
        "today": today,
        "breadcrumbs": _session_crumbs(request, session),
    }
    return render(request, "study/tick.html", context)


@login_required
def print_list(request, pk):
    """The attendance list to print: blank boxes to tick at the door, or the attendance as recorded."""
    session = get_session_for_user(request, pk)
    require(request.user, "study.see_figures", session.unit)
    unit = _sub_unit(request, session)
    listing = checklist.build(unit, session.date, session=session, limit=PRINT_LIMIT)
    context = {"session": session, "unit": unit, "checklist": listing, "today": timezone.localdate()}
    return render(request, "study/print.html", context)


@login_required
@require_POST
def upload(request, pk):
    session = get_session_for_user(request, pk)
    require(request.user, "study.record", session.unit)
    return add_stored_file(
        request, session, StudyMaterial, actions.add_material, "study/detail.html", _detail_context
    )


@login_required
def material(request, pk, material_pk):
    """A session's material, to those who see the session: never a public media address."""
    return serve_stored(get_session_for_user(request, pk).materials, material_pk)


# A member's own study ----------------------------------------------------------------------------------------


@login_required
def mine(request):
    """The sessions the user attended (or missed), and this year's topics they have not studied yet."""
    person = getattr(request.user, "person", None)
    today = timezone.localdate()
    context = {"person": person, "today": today}
    if person is not None:
        rows = list(
            Attendance.objects.filter(person=person)
            .select_related("session__unit", "session__topic")
            .order_by("-session__date", "-session__pk")
        )
        studied = {row.topic_id for row in rows if row.is_present}
        topics = (
            Topic.objects.applying_to(person.unit)
            .for_year(today.year)
            .filter(kind=Topic.Kind.YEAR)
            .select_related("unit")
        )
        context.update(rows=rows, pending=[t for t in topics if t.pk not in studied])
    return render(request, "study/mine.html", context)
