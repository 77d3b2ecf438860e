"""Every URL of the project × every persona: the status each must get on a GET.

A URL added without an expectation here fails `test_every_url_has_an_expectation`. The objects used belong to
the chi bộ Ấp Long Hòa (LB-01) in xã Long Bình; the outsider works in the sibling phường Châu Đốc and must get
404 for all of it (never 403, which would confirm the record exists).
"""

import datetime
import functools
import inspect
import re
import shutil

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lamtheo.people.models import Person
from lamtheo.reports.tests import permission_expectations as reports_expectations
from lamtheo.testing import ANONYMOUS, LOGIN, PERSONAS, built_once, forget_built, statuses, unit


def own_unit():
    return {"pk": unit("LB-01").pk}


def own_unit_pk():
    return {"unit_pk": unit("LB-01").pk}


def own_person():
    return {"pk": Person.objects.get(full_name="Nguyễn Thị Kim Ngọc").pk}


@built_once
def own_import():
    from lamtheo.imports.models import ImportJob

    job = ImportJob.objects.create(kind="people", unit=unit("LB-01"), original_name="danh-sach.xlsx")
    return {"pk": job.pk}


@built_once
def long_binh_topic():
    """A 2026 topic of xã Long Bình under the province's term-long topic, with one attachment."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lamtheo.topics import actions
    from lamtheo.topics.models import Topic

    term = actions.create_topic(
        Topic(
            unit=unit("TU"), kind=Topic.Kind.TERM, title="Chuyên đề toàn khóa", start_year=2025, end_year=2030
        ),
        actor=None,
    )
    topic = actions.create_topic(
        Topic(
            unit=unit("LB"),
            kind=Topic.Kind.YEAR,
            parent=term,
            title="Dân vận khéo",
            start_year=2026,
            end_year=2026,
        ),
        actor=None,
    )
    pdf = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = actions.add_attachment(topic, pdf, actor=None, name="Tài liệu")
    return topic, attachment


def own_topic():
    return {"pk": long_binh_topic()[0].pk}


def own_topic_attachment():
    topic, attachment = long_binh_topic()
    return {"pk": topic.pk, "attachment_pk": attachment.pk}


@built_once
def _documents():
    """Long Bình's issued plan 01-KH/ĐU (sent to LB-01, LB-02, with a PDF attached) and a draft notice."""
    import time_machine

    from lamtheo.accounts.models import User
    from lamtheo.documents.tests import helpers

    leader, staff = User.objects.get(username="commune_leader"), User.objects.get(username="province_staff")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        helpers.make_term("LB")
        plan = helpers.make_issued_plan(leader, staff)
        draft = helpers.make_draft(leader, key="thong_bao", summary="kết luận giao ban")
        return plan, draft, helpers.attach_pdf(plan, leader)


def issued_document():
    return {"pk": _documents()[0].pk}


def draft_document():
    return {"pk": _documents()[1].pk}


def document_attachment():
    return {"pk": _documents()[2].pk}


def document_distribution():
    return {"pk": _documents()[0].distributions.get(unit__code="LB-01").pk}


@built_once
def _conduct_codes():
    """An adopted code of conduct of LB-01 for this year, and a draft for next year."""
    import time_machine

    from lamtheo.conduct.tests import conftest as conduct

    this_year = datetime.date.today().year
    with time_machine.travel(datetime.datetime(this_year, 1, 20, 9, 0), tick=False):
        adopted = conduct.adopt(
            conduct.draft("LB-01", conduct.HAMLET_RULES, year=this_year), on=datetime.date(this_year, 1, 15)
        )
        draft = conduct.draft("LB-01", conduct.HAMLET_RULES[:3], year=this_year + 1)
    return adopted, draft


def adopted_code():
    return {"pk": _conduct_codes()[0].pk}


def draft_code():
    return {"pk": _conduct_codes()[1].pk}


@built_once
def _study_session():
    """A 2026 study session of LB-01 (Nguyễn Thị Kim Ngọc present) with its material, for a yearly topic."""
    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lamtheo.lib.attendance import Mark
    from lamtheo.study import actions
    from lamtheo.study.models import StudySession
    from lamtheo.topics import actions as topic_actions
    from lamtheo.topics.models import Topic

    with time_machine.travel(datetime.datetime(2026, 4, 10, 9, 0), tick=False):
        term = topic_actions.create_topic(
            Topic(unit=unit("TU"), kind=Topic.Kind.TERM, title="Toàn khóa", start_year=2025, end_year=2030),
            actor=None,
        )
        topic = topic_actions.create_topic(
            Topic(
                unit=unit("TU"),
                kind=Topic.Kind.YEAR,
                parent=term,
                title="Năm 2026",
                start_year=2026,
                end_year=2026,
            ),
            actor=None,
        )
        ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
        session = actions.create_session(
            StudySession(
                unit=unit("LB-01"), topic=topic, date=datetime.date(2026, 3, 5), title="Chuyên đề 2026"
            ),
            actor=None,
            attendance={ngoc.pk: Mark("present")},
        )
        pdf = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        material = actions.add_material(session, pdf, actor=None)
    return session, material


def study_session():
    return {"pk": _study_session()[0].pk}


def study_material():
    session, material = _study_session()
    return {"pk": session.pk, "material_pk": material.pk}


def lb01_with_a_topic():
    _study_session()
    return {"unit_pk": unit("LB-01").pk}


@built_once
def _pledges():
    """Nguyễn Thị Kim Ngọc's 2026 registration as a draft, and the secretary's own accepted one with a deed."""
    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lamtheo.accounts.models import User
    from lamtheo.pledges import actions
    from lamtheo.pledges.tests import conftest as pledges

    member, secretary = User.objects.get(username="member"), User.objects.get(username="secretary")
    commune_leader = User.objects.get(username="commune_leader")
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0), tick=False):
        draft = pledges.make_draft(Person.objects.get(full_name="Nguyễn Thị Kim Ngọc"), member)
        accepted = pledges.make_accepted(
            Person.objects.get(full_name="Lê Văn Tám"), secretary, commune_leader
        )
        png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
        deed = actions.add_deed(
            accepted,
            actor=secretary,
            date=datetime.date(2026, 3, 9),
            description="Giúp hộ nghèo sửa nhà",
            upload=png,
        )
    return draft, deed


def own_pledge():
    return {"pk": _pledges()[0].pk}


def own_deed():
    return {"pk": _pledges()[1].pk}


@built_once
def _meeting():
    """A planned monthly meeting of LB-01 (the member is invited) with one assignment."""
    import time_machine

    from lamtheo.meetings import actions
    from lamtheo.meetings.models import Assignment
    from lamtheo.meetings.tests import helpers

    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0), tick=False):
        meeting = helpers.plan()
        assignment = actions.create_assignment(
            Assignment(
                meeting=meeting,
                what="Rà soát bản đăng ký",
                deadline=datetime.date(2026, 3, 15),
                assignee_person=Person.objects.get(full_name="Lê Văn Tám"),
            ),
            actor=None,
        )
    return meeting, assignment


def own_meeting():
    return {"pk": _meeting()[0].pk}


def own_assignment():
    return {"pk": _meeting()[1].pk}


@built_once
def own_schedule():
    from lamtheo.meetings.models import MeetingKind, MeetingSchedule

    schedule = MeetingSchedule.objects.create(
        unit=unit("LB-01"),
        kind=MeetingKind.objects.get(code="monthly"),
        day_of_month=5,
        time=datetime.time(19, 30),
    )
    return {"pk": schedule.pk}


@built_once
def own_notification():
    """A notification sent to the member persona."""
    from lamtheo.notifications.models import Notification

    recipient = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc").user
    return {"pk": Notification.objects.create(recipient=recipient, text="Mời họp", key="matrix", link="/").pk}


@built_once
def own_calendar_feed():
    """The member persona's secret calendar address."""
    from lamtheo.notifications import actions

    member = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc").user
    return {"token": actions.renew_calendar_feed(actor=member).token}


@built_once
def _initiative():
    """Xã Long Bình's model with one team led by the chi bộ's secretary (its member in it too), and one goal."""
    from decimal import Decimal

    from lamtheo.initiatives import actions

    initiative = actions.launch_initiative(
        unit("LB"),
        actor=None,
        name="Dân vận khéo",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        teams=[
            actions.TeamSpec(
                "Tổ 1 - Khối Vận xã",
                leader=Person.objects.get(full_name="Lê Văn Tám"),
                members=[Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")],
            )
        ],
    )
    team = initiative.teams.get()
    actions.add_goal(
        team, actor=None, name="Hộ được vận động", measure="hộ", baseline=Decimal(0), target=Decimal(50)
    )
    return initiative, team


def own_initiative():
    return {"pk": _initiative()[0].pk}


def own_team():
    return {"pk": _initiative()[1].pk}


@built_once
def _exemplar():
    """Chi bộ Ấp Long Hòa's nomination of its member Nguyễn Thị Kim Ngọc, waiting for xã Long Bình."""
    from lamtheo.exemplars import actions

    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    return actions.nominate(
        unit("LB-01"), actor=None, year=2026, person=ngoc, summary="Vận động hiến đất làm đường"
    )


def own_exemplar():
    return {"pk": _exemplar().pk}


@built_once
def _drive():
    """Xã Long Bình's emulation drive over its members, on two criteria."""
    from lamtheo.emulation import actions

    return actions.launch_drive(
        unit("LB"),
        actor=None,
        name="Thi đua quý II",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 30),
        criteria=[("Đúng hẹn với dân", 60), ("Nói đi đôi với làm", 40)],
    )


def own_drive():
    return {"pk": _drive().pk}


def own_drive_sheet():
    return {"pk": _drive().pk, "unit_pk": unit("LB-01").pk}


@built_once
def _model_cell():
    """Xã Long Bình's criteria of a model chi bộ for 2026, with Chi bộ Ấp Long Hòa registered."""
    from decimal import Decimal

    from lamtheo.modelcells import actions

    standard = actions.declare_standard(
        unit("LB"), actor=None, year=2026, name="Chi bộ 4 tốt", criteria=[("attendance_rate", Decimal(80))]
    )
    return standard, actions.register(standard, unit("LB-01"), actor=None)


def own_standard():
    return {"pk": _model_cell()[0].pk}


def own_model_cell():
    return {"pk": _model_cell()[1].pk}


EVERYONE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=200
)
SCOPED_READ = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=404
)
STAFF_READ = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=404
)
PEOPLE_EDIT = statuses(
    admin=200, province_staff=200, commune_leader=403, secretary=200, member=403, outsider=404
)
DOCUMENT_MANAGE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=403, member=403, outsider=404
)
DRAFT_EDIT = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=404, member=404, outsider=404
)
POST_ONLY = statuses(
    admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405
)
# PDFs come from LibreOffice; where it is missing the page redirects back with a message instead.
PDF_READ = (
    SCOPED_READ
    if shutil.which("soffice") or shutil.which("libreoffice")
    else {persona: 302 if status == 200 else status for persona, status in SCOPED_READ.items()}
)
STUDY_RECORD = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=403, outsider=404
)
PDF_RECORD = (
    STUDY_RECORD
    if shutil.which("soffice") or shutil.which("libreoffice")
    else {persona: 302 if status == 200 else status for persona, status in STUDY_RECORD.items()}
)
# A commune's model: its committee manages it; the chi bộ's secretary who leads a team and the member in it see it.
INITIATIVE_MANAGE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=403, member=403, outsider=404
)
TOPIC_WRITE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=403, member=403, outsider=403
)
# Importing is for people editors; the form itself is for any of them, wherever their subtree is.
IMPORTERS = statuses(
    admin=200, province_staff=200, commune_leader=403, secretary=200, member=403, outsider=200
)
# An import job belongs to its unit: 404 outside the subtree, 403 inside without the editor's role.
IMPORT_JOB = statuses(
    admin=200, province_staff=200, commune_leader=403, secretary=200, member=404, outsider=404
)
# Dashboards are for staff roles covering the unit; a member sees their chi bộ's page instead.
DASHBOARD = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=404, outsider=404
)
ADMIN_ONLY = statuses(
    admin=200, province_staff=403, commune_leader=403, secretary=403, member=403, outsider=404
)
API_ANON = 401

# url name -> (kwargs or a function returning them, query string, statuses)
MATRIX = {
    "home": (
        None,
        "",
        statuses(admin=302, province_staff=302, commune_leader=302, secretary=302, member=302, outsider=302),
    ),
    "accounts:login": (
        None,
        "",
        statuses(
            200, admin=302, province_staff=302, commune_leader=302, secretary=302, member=302, outsider=302
        ),
    ),
    "accounts:logout": (
        None,
        "",
        statuses(
            405, admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405
        ),
    ),
    "accounts:profile": (None, "", EVERYONE),
    "accounts:password_change": (None, "", EVERYONE),
    "accounts:keepalive": (
        None,
        "",
        statuses(
            405, admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405
        ),
    ),
    "units:index": (None, "", EVERYONE),
    "units:search": (None, "q=long+hoa", EVERYONE),
    "units:detail": (own_unit, "", SCOPED_READ),
    "units:children": (own_unit, "", SCOPED_READ),
    "units:people": (own_unit, "", STAFF_READ),
    "units:people_export": (own_unit, "", STAFF_READ),
    "units:rename": (own_unit, "", ADMIN_ONLY),
    "units:merge": (own_unit, "", ADMIN_ONLY),
    "people:detail": (own_person, "", SCOPED_READ),
    "people:edit": (own_person, "", PEOPLE_EDIT),
    "people:transfer": (own_person, "", PEOPLE_EDIT),
    "people:create": (lambda: {"unit_pk": unit("LB-01").pk}, "", PEOPLE_EDIT),
    "imports:upload": (None, "", IMPORTERS),
    "imports:template": (lambda: {"kind": "people"}, "", IMPORTERS),
    "imports:job": (own_import, "", IMPORT_JOB),
    "imports:job_status": (own_import, "", IMPORT_JOB),
    "imports:job_errors": (own_import, "", IMPORT_JOB),
    "imports:retry": (
        own_import,
        "",
        statuses(admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405),
    ),
    "topics:index": (None, "", EVERYONE),
    "topics:create": (None, "", TOPIC_WRITE),
    "topics:detail": (own_topic, "", SCOPED_READ),
    "topics:edit": (own_topic, "", {**TOPIC_WRITE, "outsider": 404}),
    "topics:upload": (
        own_topic,
        "",
        statuses(admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405),
    ),
    "topics:attachment": (own_topic_attachment, "", SCOPED_READ),
    "documents:index": (None, "", EVERYONE),
    "documents:inbox": (None, "", EVERYONE),
    "documents:search_related": (None, "q=ke+hoach", EVERYONE),
    "documents:search_units": (None, "q=long", EVERYONE),
    "documents:create": (None, "", {**EVERYONE, "member": 403}),
    "documents:detail": (issued_document, "", SCOPED_READ),
    "documents:docx": (issued_document, "", SCOPED_READ),
    "documents:pdf": (issued_document, "", PDF_READ),
    "documents:attachment": (document_attachment, "", SCOPED_READ),
    "documents:recall": (issued_document, "", DOCUMENT_MANAGE),
    "documents:edit": (draft_document, "", DRAFT_EDIT),
    "documents:versions": (draft_document, "", DRAFT_EDIT),
    "documents:consult": (draft_document, "", DRAFT_EDIT),
    "documents:search_invitees": (draft_document, "q=tam", DRAFT_EDIT),
    "documents:issue": (draft_document, "", DRAFT_EDIT),
    "documents:issuer": (lambda: {"unit_pk": unit("LB-01").pk}, "", DOCUMENT_MANAGE),
    "documents:acknowledge": (document_distribution, "", POST_ONLY),
    "documents:respond": (draft_document, "", POST_ONLY),
    "documents:close_consultation": (draft_document, "", POST_ONLY),
    "documents:attach": (draft_document, "", POST_ONLY),
    "documents:attachment_delete": (document_attachment, "", POST_ONLY),
    "documents:add_term": (lambda: {"unit_pk": unit("LB").pk}, "", POST_ONLY),
    "conduct:index": (None, "", EVERYONE),
    "initiatives:index": (None, "", EVERYONE),
    "exemplars:index": (None, "", EVERYONE),
    "emulation:index": (None, "", EVERYONE),
    "emulation:create": (own_unit_pk, "", STUDY_RECORD),
    "emulation:detail": (own_drive, "", SCOPED_READ),  # a chi bộ's people see the commune's drive they are in
    "emulation:sheet": (own_drive_sheet, "", STUDY_RECORD),
    "emulation:conclude": (own_drive, "", POST_ONLY),
    "modelcells:index": (None, "", EVERYONE),
    "modelcells:create": (lambda: {"unit_pk": unit("LB").pk}, "", DRAFT_EDIT),  # a committee's criteria
    "modelcells:detail": (own_standard, "", SCOPED_READ),  # a chi bộ sees the criteria it registers for
    "modelcells:register": (own_standard, "", POST_ONLY),
    "modelcells:assess": (own_standard, "", POST_ONLY),
    "modelcells:recognise": (own_model_cell, "", POST_ONLY),
    "exemplars:nominate": (own_unit_pk, "", STUDY_RECORD),
    "exemplars:book": (own_unit_pk, "", STUDY_RECORD),
    "exemplars:book_docx": (own_unit_pk, "", STUDY_RECORD),
    "exemplars:detail": (own_exemplar, "", SCOPED_READ),  # the member is the person nominated
    "exemplars:correct": (own_exemplar, "", STUDY_RECORD),
    "exemplars:verify": (own_exemplar, "", POST_ONLY),
    "exemplars:recognise": (own_exemplar, "", POST_ONLY),
    "exemplars:forward": (own_exemplar, "", POST_ONLY),
    "exemplars:consent": (own_exemplar, "", POST_ONLY),
    "initiatives:create": (own_unit_pk, "", STUDY_RECORD),
    "initiatives:detail": (own_initiative, "", SCOPED_READ),
    "initiatives:edit": (own_initiative, "", INITIATIVE_MANAGE),
    "initiatives:add_team": (own_initiative, "", INITIATIVE_MANAGE),
    "initiatives:replicate": (own_initiative, "", INITIATIVE_MANAGE),
    "initiatives:add_goal": (own_team, "", INITIATIVE_MANAGE),
    "initiatives:record": (own_team, "", STUDY_RECORD),  # the team's leader (the secretary) records
    "conduct:check": (None, "", POST_ONLY),
    "conduct:unit": (lambda: {"unit_pk": unit("LB-01").pk}, "", SCOPED_READ),
    "conduct:create": (lambda: {"unit_pk": unit("LB-01").pk}, "", {**SCOPED_READ, "member": 403}),
    "conduct:coverage": (lambda: {"unit_pk": unit("LB").pk}, "", {**DRAFT_EDIT, "secretary": 404}),
    "conduct:detail": (adopted_code, "", SCOPED_READ),
    "conduct:edit": (draft_code, "", {**DRAFT_EDIT, "secretary": 200}),
    "conduct:adopt": (draft_code, "", {**DRAFT_EDIT, "secretary": 200}),
    "conduct:retire": (adopted_code, "", POST_ONLY),
    "conduct:minutes": (adopted_code, "", SCOPED_READ),
    "conduct:poster_docx": (adopted_code, "", SCOPED_READ),
    "conduct:poster_pdf": (adopted_code, "", PDF_READ),
    "conduct:adoption_meeting": (adopted_code, "", STUDY_RECORD),
    "study:mine": (None, "", EVERYONE),
    "study:unit_sessions": (own_unit_pk, "", SCOPED_READ),
    "study:create": (own_unit_pk, "", STUDY_RECORD),
    "study:candidates": (own_unit_pk, "", STUDY_RECORD),
    "study:coverage": (lb01_with_a_topic, "", STUDY_RECORD),
    "study:coverage_export": (lb01_with_a_topic, "", STUDY_RECORD),
    "study:not_studied_export": (lb01_with_a_topic, "", STUDY_RECORD),
    "study:detail": (study_session, "", SCOPED_READ),
    "study:edit": (study_session, "", STUDY_RECORD),
    "study:tick": (study_session, "", STUDY_RECORD),
    "study:print": (study_session, "", STUDY_RECORD),
    "study:upload": (study_session, "", POST_ONLY),
    "study:material": (study_material, "", SCOPED_READ),
    "pledges:mine": (None, "", EVERYONE),
    "pledges:detail": (own_pledge, "", SCOPED_READ),
    "pledges:print": (own_pledge, "", SCOPED_READ),
    "pledges:edit": (own_pledge, "", {**SCOPED_READ, "admin": 403, "commune_leader": 403}),
    "pledges:self_assess": (
        own_pledge,
        "",
        statuses(admin=403, province_staff=302, commune_leader=403, secretary=302, member=302, outsider=404),
    ),
    # The secretary's deed: a member of the chi bộ may not see another member's unpublished records.
    "pledges:deed_file": (own_deed, "", {**SCOPED_READ, "member": 404}),
    "pledges:cell": (own_unit_pk, "", STUDY_RECORD),
    "pledges:missing_export": (own_unit_pk, "", STUDY_RECORD),
    "pledges:book": (own_unit_pk, "", STUDY_RECORD),
    "pledges:figures": (own_unit_pk, "", STUDY_RECORD),
    "pledges:figures_export": (own_unit_pk, "", STUDY_RECORD),
    "pledges:deadline": (own_unit_pk, "", STUDY_RECORD),
    "pledges:published": (own_unit_pk, "", SCOPED_READ),
    "pledges:create": (None, "", POST_ONLY),
    "pledges:submit": (own_pledge, "", POST_ONLY),
    "pledges:review": (own_pledge, "", POST_ONLY),
    "pledges:progress": (own_pledge, "", POST_ONLY),
    "pledges:deed": (own_pledge, "", POST_ONLY),
    "pledges:rate": (own_pledge, "", POST_ONLY),
    "pledges:lock": (own_pledge, "", POST_ONLY),
    "pledges:publish": (own_pledge, "", POST_ONLY),
    "pledges:remind": (own_unit_pk, "", POST_ONLY),
    "meetings:unit_meetings": (own_unit_pk, "", SCOPED_READ),
    "meetings:plan": (own_unit_pk, "", STUDY_RECORD),
    "meetings:assignments": (own_unit_pk, "", SCOPED_READ),
    "meetings:month": (own_unit_pk, "thang=2026-03", STUDY_RECORD),
    "meetings:calendar": (own_unit_pk, "", SCOPED_READ),
    "meetings:detail": (own_meeting, "", SCOPED_READ),
    "meetings:edit": (own_meeting, "", STUDY_RECORD),
    "meetings:hold": (own_meeting, "", STUDY_RECORD),
    "meetings:minutes": (own_meeting, "", STUDY_RECORD),
    "meetings:minutes_docx": (own_meeting, "", STUDY_RECORD),
    "meetings:assignment_create": (own_meeting, "", STUDY_RECORD),
    "meetings:assignment_done": (own_assignment, "", POST_ONLY),
    "dashboard:index": (
        None,
        "",
        statuses(admin=302, province_staff=302, commune_leader=302, secretary=302, member=302, outsider=302),
    ),
    "dashboard:unit": (own_unit_pk, "", DASHBOARD),
    "dashboard:export": (own_unit_pk, "", DASHBOARD),
    "meetings:cancel": (own_meeting, "", STUDY_RECORD),
    "meetings:conclude": (own_meeting, "", STUDY_RECORD),
    "meetings:minutes_pdf": (own_meeting, "", PDF_RECORD),
    "meetings:mine": (None, "", EVERYONE),
    "meetings:schedule": (own_unit_pk, "", STUDY_RECORD),
    "meetings:schedule_plan": (own_schedule, "", POST_ONLY),
    "meetings:calendar_month": (own_unit_pk, "thang=2026-03&toan-bo=1", SCOPED_READ),
    "meetings:my_calendar": (None, "", EVERYONE),
    "notifications:inbox": (None, "", EVERYONE),
    "notifications:assignments": (None, "", EVERYONE),
    # Anyone holding the secret address gets the calendar, with or without a session.
    "meetings:calendar_feed": (
        own_calendar_feed,
        "",
        statuses(
            anonymous=200,
            admin=200,
            province_staff=200,
            commune_leader=200,
            secretary=200,
            member=200,
            outsider=200,
        ),
    ),
    "meetings:calendar_subscription": (None, "", POST_ONLY),
    "notifications:mark_read": (own_notification, "", POST_ONLY),
    "notifications:mark_all_read": (None, "", POST_ONLY),
    "set_language": (
        None,
        "",
        statuses(
            302, admin=302, province_staff=302, commune_leader=302, secretary=302, member=302, outsider=302
        ),
    ),
    "api:api-root": (
        None,
        "",
        statuses(
            404, admin=404, province_staff=404, commune_leader=404, secretary=404, member=404, outsider=404
        ),
    ),
    # The schema is documentation: like the docs page, it sends a stranger to the login page.
    "api:openapi-json": (
        None,
        "",
        statuses(
            LOGIN,
            admin=200,
            province_staff=200,
            commune_leader=200,
            secretary=200,
            member=200,
            outsider=200,
        ),
    ),
    "api:openapi-view": (None, "", EVERYONE),
    "api:list_units": (
        None,
        "",
        statuses(
            API_ANON,
            admin=200,
            province_staff=200,
            commune_leader=200,
            secretary=200,
            member=200,
            outsider=200,
        ),
    ),
    "api:get_unit": (lambda: {"unit_id": unit("LB-01").pk}, "", {**SCOPED_READ, ANONYMOUS: API_ANON}),
    "api:list_people": (
        None,
        "",
        statuses(
            API_ANON,
            admin=200,
            province_staff=200,
            commune_leader=200,
            secretary=200,
            member=200,
            outsider=200,
        ),
    ),
    "api:get_person": (lambda: {"person_id": own_person()["pk"]}, "", {**SCOPED_READ, ANONYMOUS: API_ANON}),
}


MATRIX["server:health"] = (  # for a monitoring probe: open to anyone, tells nothing of any unit
    None,
    "",
    statuses(200, admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=200),
)


# The reports app keeps its expectations next to its tests (its sample builders make issued, submitted reports).
MATRIX.update(
    {name: (kwargs, "", expected) for name, (kwargs, expected) in reports_expectations.MATRIX.items()}
)


def _all_url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _all_url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)


def test_every_url_has_an_expectation():
    names = {name for name in _all_url_names() if not name.startswith("admin:")}
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "these URLs no longer exist"


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every case's URL arguments, its records built once in a transaction of the module (rolled back after it;
    each case runs in a savepoint of its own): (their files' MEDIA_ROOT, {method: {URL name: arguments}})."""
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            forget_built()
            yield (
                media,
                {
                    "GET": {name: make() if make else None for name, (make, *_rest) in MATRIX.items()},
                    "POST": {name: make() if make else None for name, (make, _expected) in WRITES.items()},
                },
            )
        finally:
            forget_built()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def url_of(records, settings, db):
    media, arguments = records
    settings.MEDIA_ROOT = media
    return lambda url_name, method="GET": reverse(url_name, kwargs=arguments[method][url_name])


@pytest.mark.parametrize("persona", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_status(url_name, persona, client, request, url_of):
    _kwargs, query, expected = MATRIX[url_name]
    if persona != ANONYMOUS:
        client.force_login(request.getfixturevalue(persona))
    url = url_of(url_name)
    response = client.get(f"{url}?{query}" if query else url)
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, f"{url_name} as {persona}"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin", 200), ("province_staff", 302), ("secretary", 302), ("member", 302), ("outsider", 302)],
)
def test_admin_site_is_for_system_admins_only(persona, expected, client, request, db):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:index"))
    assert response.status_code == expected


# What an empty POST gets from the one-click steps (no form but the record's version): a redirect back with the
# message that the page is stale or the step not possible, nothing written.
RETURNS = statuses(admin=302, province_staff=302, commune_leader=302, secretary=302, member=302, outsider=302)
RETURNS_TO_STAFF = {"admin": 302, "province_staff": 302, "commune_leader": 302}
# A registration's own steps: the person, or staff and the cell secretary typing in a paper registration.
PLEDGE_OWNER_OR_ENTRY = statuses(
    admin=403, province_staff=302, commune_leader=403, secretary=302, member=302, outsider=404
)
# Reviewing, rating and locking an ordinary member's registration: the chi bộ's secretary only.
PLEDGE_CELL_REVIEWER = statuses(
    admin=403, province_staff=403, commune_leader=403, secretary=302, member=403, outsider=404
)


# Every write URL × every persona on an empty POST: refused (403, or 404 outside) without the role, and
# for those with the role the form comes back with its errors. Nothing is written either way.
WRITES = {
    "people:edit": (own_person, PEOPLE_EDIT),
    "people:transfer": (own_person, PEOPLE_EDIT),
    "people:create": (lambda: {"unit_pk": unit("LB-01").pk}, PEOPLE_EDIT),
    "units:rename": (own_unit, ADMIN_ONLY),
    "units:merge": (own_unit, ADMIN_ONLY),
    # A job still queued is not retried: a message and a redirect for those who see it, nothing written.
    "imports:retry": (
        own_import,
        statuses(admin=302, province_staff=302, commune_leader=403, secretary=302, member=404, outsider=404),
    ),
    "imports:upload": (
        None,
        statuses(admin=400, province_staff=400, commune_leader=403, secretary=400, member=403, outsider=400),
    ),
    "topics:create": (None, TOPIC_WRITE),
    "topics:edit": (own_topic, {**TOPIC_WRITE, "outsider": 404}),
    "topics:upload": (own_topic, {**TOPIC_WRITE, "outsider": 404}),
    "study:create": (own_unit_pk, STUDY_RECORD),
    "study:edit": (study_session, STUDY_RECORD),
    "study:tick": (study_session, STUDY_RECORD),
    "study:upload": (study_session, STUDY_RECORD),
    "meetings:cancel": (own_meeting, STUDY_RECORD),
    "meetings:conclude": (own_meeting, STUDY_RECORD),
    "meetings:schedule": (own_unit_pk, STUDY_RECORD),
    "meetings:schedule_plan": (
        own_schedule,
        {**STUDY_RECORD, "admin": 302, "province_staff": 302, "commune_leader": 302, "secretary": 302},
    ),
    "meetings:calendar_subscription": (  # an empty POST names no action: refused, nothing written
        None,
        statuses(admin=400, province_staff=400, commune_leader=400, secretary=400, member=400, outsider=400),
    ),
    # Only the recipient marks a notification read; marking all concerns one's own only.
    "notifications:mark_read": (
        own_notification,
        statuses(admin=404, province_staff=404, commune_leader=404, secretary=404, member=302, outsider=404),
    ),
    "notifications:mark_all_read": (
        None,
        statuses(admin=302, province_staff=302, commune_leader=302, secretary=302, member=302, outsider=302),
    ),
    "conduct:adoption_meeting": (adopted_code, STUDY_RECORD),
    "accounts:keepalive": (
        None,
        statuses(admin=204, province_staff=204, commune_leader=204, secretary=204, member=204, outsider=204),
    ),
    # Codes of conduct: the chi bộ's secretary and the committees above write them; a member sees the adopted code
    # but changes nothing. Retiring a draft is refused (only an adopted code is retired): nothing written.
    "conduct:create": (own_unit_pk, STUDY_RECORD),
    # Models: an empty POST comes back with the form's errors for those who may, nothing written.
    "initiatives:create": (own_unit_pk, STUDY_RECORD),
    "initiatives:edit": (own_initiative, INITIATIVE_MANAGE),
    "initiatives:add_team": (own_initiative, INITIATIVE_MANAGE),
    "initiatives:replicate": (own_initiative, INITIATIVE_MANAGE),
    "initiatives:add_goal": (own_team, INITIATIVE_MANAGE),
    "initiatives:record": (own_team, STUDY_RECORD),
    # Exemplars: the chi bộ nominates and corrects; xã Long Bình's committee (and those above) verifies. An empty
    # POST is refused or comes back with its errors: nothing written.
    "exemplars:nominate": (own_unit_pk, STUDY_RECORD),
    # Emulation: an empty sheet changes nothing (back to the drive); concluding needs its text.
    "emulation:create": (own_unit_pk, STUDY_RECORD),
    "emulation:sheet": (own_drive_sheet, {**STUDY_RECORD, **RETURNS_TO_STAFF, "secretary": 302}),
    "emulation:conclude": (own_drive, {**INITIATIVE_MANAGE, **RETURNS_TO_STAFF}),
    # Model chi bộ: the committee's form comes back with its errors; registering without a chi bộ chosen goes back
    # to the criteria (nothing written); assessing and recognising are the committee's.
    "modelcells:create": (lambda: {"unit_pk": unit("LB").pk}, DRAFT_EDIT),
    "modelcells:register": (own_standard, {**RETURNS, "outsider": 404}),
    "modelcells:assess": (own_standard, {**INITIATIVE_MANAGE, **RETURNS_TO_STAFF}),
    "modelcells:recognise": (own_model_cell, {**INITIATIVE_MANAGE, **RETURNS_TO_STAFF}),
    "exemplars:correct": (own_exemplar, STUDY_RECORD),
    "exemplars:verify": (own_exemplar, {**INITIATIVE_MANAGE, **RETURNS_TO_STAFF}),
    "exemplars:recognise": (own_exemplar, INITIATIVE_MANAGE),
    "exemplars:forward": (own_exemplar, {**INITIATIVE_MANAGE, **RETURNS_TO_STAFF}),
    "exemplars:consent": (own_exemplar, {**RETURNS, "outsider": 404}),
    "conduct:edit": (draft_code, {**STUDY_RECORD, "member": 404}),
    "conduct:adopt": (draft_code, {**STUDY_RECORD, "member": 404}),
    "conduct:retire": (draft_code, {**RETURNS, "member": 404, "outsider": 404}),
    # Comparing typed rules with a template (htmx) writes nothing and shows only templates the user sees.
    "conduct:check": (None, EVERYONE),
    # Documents: the issuing committee's staff and leaders (DOCUMENT_MANAGE); a chi bộ's secretary drafts for
    # their own chi bộ (the form, for anyone who drafts somewhere) and acknowledges what their chi bộ received.
    "documents:create": (None, {**EVERYONE, "member": 403}),
    "documents:edit": (draft_document, DRAFT_EDIT),
    "documents:issue": (draft_document, DRAFT_EDIT),
    "documents:consult": (draft_document, DRAFT_EDIT),
    "documents:attach": (draft_document, DRAFT_EDIT),
    "documents:close_consultation": (draft_document, {**DRAFT_EDIT, **RETURNS_TO_STAFF}),
    "documents:recall": (issued_document, DOCUMENT_MANAGE),
    "documents:attachment_delete": (document_attachment, {**DOCUMENT_MANAGE, **RETURNS_TO_STAFF}),
    "documents:add_term": (lambda: {"unit_pk": unit("LB").pk}, DRAFT_EDIT),
    "documents:issuer": (own_unit_pk, DOCUMENT_MANAGE),
    # Only those consulted answer a consultation; the committee that opened it does not answer itself.
    "documents:respond": (
        draft_document,
        statuses(admin=403, province_staff=403, commune_leader=403, secretary=404, member=404, outsider=404),
    ),
    "documents:acknowledge": (document_distribution, {**RETURNS, "member": 403, "outsider": 404}),
    # Meetings: those who record for the chi bộ (its secretary, the committees above).
    "meetings:plan": (own_unit_pk, STUDY_RECORD),
    "meetings:edit": (own_meeting, STUDY_RECORD),
    "meetings:hold": (own_meeting, STUDY_RECORD),
    "meetings:minutes": (own_meeting, STUDY_RECORD),
    "meetings:assignment_create": (own_meeting, STUDY_RECORD),
    "meetings:assignment_done": (own_assignment, {**RETURNS, "member": 404, "outsider": 404}),
    # Registrations: each step by whom pledges/rules.py names; an empty form changes nothing (a stale page).
    "pledges:create": (None, {**RETURNS, "outsider": 302}),
    "pledges:deadline": (own_unit_pk, STUDY_RECORD),
    "pledges:remind": (own_unit_pk, {**RETURNS, "member": 403, "outsider": 404}),
    "pledges:edit": (
        own_pledge,
        {**PLEDGE_OWNER_OR_ENTRY, "province_staff": 200, "secretary": 200, "member": 200},
    ),
    "pledges:submit": (own_pledge, PLEDGE_OWNER_OR_ENTRY),
    "pledges:progress": (own_pledge, PLEDGE_OWNER_OR_ENTRY),
    "pledges:deed": (own_pledge, PLEDGE_OWNER_OR_ENTRY),
    "pledges:self_assess": (own_pledge, PLEDGE_OWNER_OR_ENTRY),
    "pledges:review": (own_pledge, PLEDGE_CELL_REVIEWER),
    "pledges:rate": (own_pledge, PLEDGE_CELL_REVIEWER),
    "pledges:lock": (own_pledge, PLEDGE_CELL_REVIEWER),
    "pledges:publish": (
        own_pledge,
        statuses(admin=403, province_staff=403, commune_leader=403, secretary=403, member=302, outsider=404),
    ),
}
# The reports app keeps its write expectations next to its tests too. Before the parametrised test below takes
# `sorted(WRITES)`: added after it, they were never collected.
WRITES.update(reports_expectations.WRITES)


@pytest.mark.parametrize("persona", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("url_name", sorted(WRITES))
def test_write_status(url_name, persona, client, request, url_of):
    from lamtheo.audit.models import AuditEvent

    _kwargs, expected = WRITES[url_name]
    if persona != ANONYMOUS:
        client.force_login(request.getfixturevalue(persona))
    url = url_of(url_name, "POST")
    events = AuditEvent.objects.count()
    response = client.post(url, {})
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, f"POST {url_name} as {persona}"
    assert AuditEvent.objects.count() == events


def test_every_write_url_is_in_the_read_matrix_too():
    assert set(WRITES) <= set(MATRIX)


def _accepts_post(callback) -> bool:
    """Whether a view takes a POST: its source (with its decorators) names `require_POST`, a method list with
    POST, or reads `request.POST` / `request.FILES` / `request.method`."""
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    while isinstance(view, functools.partial):
        view = view.func
    source = inspect.getsource(view)
    return bool(
        re.search(r"require_POST|require_http_methods\(\[[^]]*POST|request\.(POST|FILES|method)", source)
    )


def _write_url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _write_url_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and _accepts_post(pattern.callback):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


# Views that name a POST but write nothing of the application's: Django's language switch (a cookie), and the
# calendar feed, which refuses every method but GET and HEAD.
NOT_WRITES = {"set_language", "meetings:calendar_feed"}


def test_the_collected_write_cases_cover_every_write_url(request):
    """Every view of the URLconf that takes a POST (the admin and the API apart: the API has its own tests and
    schemathesis) is a collected case of test_write_status, for every persona."""
    writes = {name for name in _write_url_names() if not name.startswith(("admin:", "api:"))} - NOT_WRITES
    collected = {}
    for item in request.session.items:
        if item.originalname == "test_write_status":
            collected.setdefault(item.callspec.params["url_name"], set()).add(item.callspec.params["persona"])
    if not collected or request.config.option.keyword or request.config.option.markexpr:
        pytest.skip("the write cases are not all part of this run")
    assert writes - set(collected) == set(), "add these write URLs to WRITES"
    assert "reports:issue" in collected  # the reports' cases, once added after the collection
    assert all(personas == {ANONYMOUS, *PERSONAS} for personas in collected.values())
