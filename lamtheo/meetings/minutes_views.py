"""The minutes of a meeting (biên bản): per agenda item what was said, concluded and voted; for a giao ban or
conference, what each unit below said; for a chi bộ meeting, each present member's assessment of "học tập và làm
theo" beside their registration of the year, their self-criticism and the criticism they received; the guests.
And the biên bản as DOCX and PDF."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lamtheo.accounts.rules import require
from lamtheo.lib import docx
from lamtheo.lib.attendance import ATTENDED
from lamtheo.lib.web import attempt, rendered_download
from lamtheo.meetings import actions
from lamtheo.meetings.forms import VersionForm, read_minutes
from lamtheo.meetings.minutes import minutes_document
from lamtheo.meetings.models import Contribution, MeetingAttendance, MemberAssessment
from lamtheo.meetings.views import get_meeting_for_user, meeting_page
from lamtheo.pledges.models import Pledge
from lamtheo.units.models import Unit

BLANK_CONTRIBUTIONS = 3  # blank rows offered under each topic of a giao ban


def _members(meeting, user, remarks: dict):
    """The people whose assessment the minutes record: those present (or everyone listed before attendance is
    taken), each with their registration of the meeting's year and their remark. Three queries."""
    rows = (
        MeetingAttendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__sort_key")
    )
    if meeting.status == meeting.Status.HELD:
        rows = rows.filter(status__in=ATTENDED)
    rows = list(rows)
    ids = [row.person_id for row in rows]
    pledges = {p.person_id: p for p in Pledge.objects.filter(person__in=ids, year=meeting.local_start.year)}
    visible = set(
        Pledge.objects.visible_to(user)
        .filter(pk__in=[p.pk for p in pledges.values()])
        .values_list("pk", flat=True)
    )
    return [
        {
            "person": row.person,
            "pledge": pledges.get(row.person_id),
            "pledge_visible": row.person_id in pledges and pledges[row.person_id].pk in visible,
            "remark": remarks.get(row.person_id) or MemberAssessment(),
        }
        for row in rows
    ]


def _contribution_units(meeting):
    """The units a contribution may come from: those invited, and the units directly below the host."""
    invited = meeting.invited_units.values("pk")
    below = Unit.objects.children_of(meeting.unit).values("pk")
    return Unit.objects.filter(Q(pk__in=invited) | Q(pk__in=below)).sorted()


def _contribution_rows(items, by_item: dict):
    for item in items:
        rows = list(by_item.get(item.pk, []))
        item.contribution_rows = [*rows, *([None] * BLANK_CONTRIBUTIONS)]


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request, pk):
    """The minutes, item by item; everything on the page is saved at once, or nothing (conflict, bad counts)."""
    meeting = get_meeting_for_user(request, pk)
    require(request.user, "meetings.manage", meeting.unit)
    conference = meeting.kind.is_conference
    items = list(meeting.agenda_items.all())
    form = VersionForm(request.POST or None, initial={"version": meeting.version})
    remarks = {r.person_id: r for r in MemberAssessment.objects.filter(meeting=meeting)}
    contributions = {}
    for row in Contribution.objects.filter(meeting=meeting).select_related("unit"):
        contributions.setdefault(row.agenda_item_id, []).append(row)
    guests_text = "\n".join(f"{g.name} – {g.title}" if g.title else g.name for g in meeting.guests.all())
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        people = [] if conference else list(_listed_people(meeting))
        written, errors = read_minutes(request.POST, items, people=people, conference=conference)
        if not errors:
            with attempt(request, form, done=_("Đã lưu biên bản.")) as outcome:
                actions.save_minutes(
                    meeting, written, actor=request.user, expected_version=form.cleaned_data["version"]
                )
            if outcome:
                return redirect(meeting)
        # Refused: show what was typed, so nothing is lost.
        for item in items:
            item.notes, item.conclusion = written.items[item.pk]
            vote = written.votes[item.pk]
            item.vote_subject = vote.subject
            item.votes_for, item.votes_against, item.votes_abstain = (
                vote.votes_for,
                vote.votes_against,
                vote.votes_abstain,
            )
        if written.remarks is not None:
            remarks = {
                pk: MemberAssessment(
                    person_id=pk,
                    assessment=r.assessment,
                    self_criticism=r.self_criticism,
                    criticism=r.criticism,
                )
                for pk, r in written.remarks.items()
            }
        if written.contributions is not None:
            contributions = {
                item_pk: [Contribution(unit_id=s.unit_id, speaker=s.speaker, content=s.content) for s in rows]
                for item_pk, rows in written.contributions.items()
            }
        guests_text = request.POST.get("guests", "")
    context = {
        "form": form,
        "items": items,
        "errors": errors,
        "conference": conference,
        "guests_text": guests_text,
    }
    if conference:
        _contribution_rows(items, contributions)
        context["contribution_units"] = list(_contribution_units(meeting))
    else:
        context["members"] = _members(meeting, request.user, remarks)
    return meeting_page(request, meeting, "meetings/minutes.html", **context)


def _listed_people(meeting):
    rows = MeetingAttendance.objects.filter(meeting=meeting)
    if meeting.status == meeting.Status.HELD:
        rows = rows.filter(status__in=ATTENDED)
    return rows.values_list("person", flat=True)


def _document_for(request, pk):
    meeting = get_meeting_for_user(request, pk, figures=True)
    require(request.user, "meetings.see_figures", meeting.unit)
    return meeting


def _filename(meeting, extension):
    return f"bien-ban-{meeting.local_start:%Y-%m-%d}-{meeting.pk}.{extension}"


@login_required
@require_GET
def minutes_docx(request, pk):
    meeting = _document_for(request, pk)
    return rendered_download(
        request, meeting, lambda: docx.render(minutes_document(meeting)), _filename(meeting, "docx")
    )


@login_required
@require_GET
def minutes_pdf(request, pk):
    """The biên bản as PDF through LibreOffice; where it is missing, back to the meeting with a message."""
    meeting = _document_for(request, pk)
    return rendered_download(
        request,
        meeting,
        lambda: docx.to_pdf(docx.render(minutes_document(meeting))),
        _filename(meeting, "pdf"),
    )
