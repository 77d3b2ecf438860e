"""The minutes page beyond notes and conclusions: votes checked against those present, each present member's
assessment beside their registration, criticism and self-criticism, guests; the biên bản DOCX and PDF."""

import datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse

from lamtheo.lib.docx import soffice_path
from lamtheo.lib.vn import weekday as vn_weekday
from lamtheo.meetings import actions
from lamtheo.meetings.models import AgendaItem, Meeting, MeetingGuest, MemberAssessment
from lamtheo.meetings.tests.helpers import NOW, add_people, everyone_present, plan
from lamtheo.people.models import Person
from lamtheo.pledges.models import Pledge
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def person(name):
    return Person.objects.get(full_name=name)


@pytest.fixture
def meeting():
    """LB-01's monthly meeting, held: Ngọc and Tám present, Ánh excused."""
    meeting = plan()
    marks = everyone_present(meeting)
    marks[person("Trần Thị Ánh").pk] = actions.Mark("excused", "Đi công tác")
    return actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=1,
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + datetime.timedelta(minutes=100),
    )


@pytest.fixture
def item(meeting):
    return meeting.agenda_items.get()


def post(client, meeting, data):
    return client.post(reverse("meetings:minutes", args=[meeting.pk]), {"version": meeting.version, **data})


def test_a_vote_is_saved_and_shown(login, secretary, meeting, item):
    client = login(secretary)
    response = post(
        client,
        meeting,
        {
            f"vote-subject-{item.pk}": "Nghị quyết tháng 3",
            f"vote-for-{item.pk}": "2",
            f"vote-against-{item.pk}": "0",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.vote_subject, item.votes_for, item.votes_against, item.votes_abstain) == (
        "Nghị quyết tháng 3",
        2,
        0,
        None,
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "2 tán thành, 0 không tán thành, 0 không biểu quyết" in page


def test_votes_above_those_present_are_refused_naming_the_figures(login, secretary, meeting, item):
    response = post(
        login(secretary),
        meeting,
        {
            f"notes-{item.pk}": "Ý kiến đã ghi",
            f"vote-for-{item.pk}": "2",
            f"vote-abstain-{item.pk}": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "tán thành 2 + không tán thành 0 + không biểu quyết 1 = 3, nhiều hơn số người có mặt (2)" in page
    assert "Ý kiến đã ghi" in page  # what was typed comes back
    item.refresh_from_db()
    assert item.votes_for is None and item.notes == ""
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version  # nothing written


def test_a_malformed_count_is_refused_by_name(login, secretary, meeting, item):
    response = post(login(secretary), meeting, {f"vote-against-{item.pk}": "-1"})
    page = response.content.decode()
    assert "Số phiếu «không tán thành»" in page and "phải là số nguyên không âm" in page


def test_members_present_are_listed_with_their_registration(login, secretary, meeting):
    ngoc = person("Nguyễn Thị Kim Ngọc")
    pledge = Pledge.objects.create(person=ngoc, unit=unit("LB-01"), year=2026, status=Pledge.Status.ACCEPTED)
    page = login(secretary).get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert f'href="{pledge.get_absolute_url()}"' in page and "Bản đăng ký năm 2026" in page
    assert f'name="assessment-{ngoc.pk}"' in page
    assert f'name="assessment-{person("Lê Văn Tám").pk}"' in page and "chưa có bản đăng ký năm nay" in page
    assert f'name="assessment-{person("Trần Thị Ánh").pk}"' not in page  # excused: not assessed here


def test_the_minutes_page_queries_do_not_grow_with_the_members(
    login, secretary, meeting, django_assert_max_num_queries
):
    Pledge.objects.create(person=person("Nguyễn Thị Kim Ngọc"), unit=unit("LB-01"), year=2026)
    client = login(secretary)
    url = reverse("meetings:minutes", args=[meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    newcomers = add_people("LB-01", 25)
    Pledge.objects.bulk_create(Pledge(person=p, unit=unit("LB-01"), year=2026) for p in newcomers)
    marks = everyone_present(meeting)
    actions.record_attendance(meeting, marks, actor=None, expected_version=meeting.version)
    actions.record_attendance(
        meeting,
        {**marks, **{p.pk: actions.Mark("present") for p in newcomers}},
        actor=None,
        expected_version=meeting.version,
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Bản đăng ký năm 2026") == 26


def test_assessments_criticism_and_guests_are_saved_and_printed(login, secretary, meeting, item):
    from docx import Document

    ngoc, tam = person("Nguyễn Thị Kim Ngọc"), person("Lê Văn Tám")
    client = login(secretary)
    response = post(
        client,
        meeting,
        {
            f"notes-{item.pk}": "Chi bộ đánh giá từng đồng chí.",
            f"conclusion-{item.pk}": "Các đồng chí thực hiện tốt bản đăng ký.",
            f"vote-for-{item.pk}": "2",
            f"assessment-{ngoc.pk}": "Thực hiện tốt cam kết giúp hộ nghèo.",
            f"self-{tam.pk}": "Còn chậm nộp báo cáo.",
            f"criticism-{tam.pk}": "Cần đôn đốc đảng viên sát hơn.",
            "guests": "Trần Văn Hùng – Đảng ủy viên, phụ trách chi bộ\nNguyễn Văn Nam, Trưởng ấp",
        },
    )
    assert response.status_code == 302
    assert MemberAssessment.objects.filter(meeting=meeting).count() == 2
    assert list(MeetingGuest.objects.values_list("name", "title")) == [
        ("Trần Văn Hùng", "Đảng ủy viên, phụ trách chi bộ"),
        ("Nguyễn Văn Nam", "Trưởng ấp"),
    ]
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "Trần Văn Hùng – Đảng ủy viên" in detail and "Còn chậm nộp báo cáo." in detail
    assert "66,7%" in detail  # guests are not counted in the rate (2 present of 3)

    response = client.get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Khách mời:" in text and "- Trần Văn Hùng – Đảng ủy viên, phụ trách chi bộ." in text
    assert "Biểu quyết: 2 tán thành, 0 không tán thành, 0 không biểu quyết." in text
    assert "ĐÁNH GIÁ VIỆC HỌC TẬP VÀ LÀM THEO" in text
    assert "- Nguyễn Thị Kim Ngọc: Thực hiện tốt cam kết giúp hộ nghèo." in text
    assert "- Đồng chí Lê Văn Tám tự phê bình: Còn chậm nộp báo cáo." in text
    assert "- Ý kiến phê bình, góp ý đối với đồng chí Lê Văn Tám: Cần đôn đốc đảng viên sát hơn." in text


def test_conflict_keeps_everything_typed(login, secretary, meeting, item):
    ngoc = person("Nguyễn Thị Kim Ngọc")
    stale = meeting.version
    actions.save_minutes(meeting, {item.pk: ("Người khác viết", "")}, actor=None, expected_version=stale)
    response = login(secretary).post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {
            "version": stale,
            f"notes-{item.pk}": "Bản của tôi",
            f"vote-for-{item.pk}": "1",
            f"assessment-{ngoc.pk}": "Nhận xét của tôi",
            "guests": "Khách của tôi",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "người khác sửa" in page
    for typed in ("Bản của tôi", "Nhận xét của tôi", "Khách của tôi", 'value="1"'):
        assert typed in page
    assert not MemberAssessment.objects.exists() and not MeetingGuest.objects.exists()
    assert AgendaItem.objects.get(pk=item.pk).notes == "Người khác viết"


def test_remarks_only_for_people_on_the_list(meeting):
    outsider = Person.objects.get(full_name="Võ Văn Bình")
    data = actions.MinutesInput(remarks={outsider.pk: actions.Remark("x")})
    with pytest.raises(actions.ValidationError):
        actions.save_minutes(meeting, data, actor=None, expected_version=meeting.version)
    assert not MemberAssessment.objects.exists()


def test_pdf_without_libreoffice_redirects_with_a_message(login, secretary, meeting, monkeypatch):
    monkeypatch.setattr("lamtheo.lib.docx.soffice_path", lambda: None)
    response = login(secretary).get(reverse("meetings:minutes_pdf", args=[meeting.pk]), follow=True)
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "chưa cài LibreOffice" in response.content.decode()


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_pdf_of_the_biên_bản(login, secretary, meeting):
    response = login(secretary).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_pdf_is_refused_to_a_member_and_hidden_from_an_outsider(login, member, outsider, meeting):
    url = reverse("meetings:minutes_pdf", args=[meeting.pk])
    assert login(member).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404


def test_the_minutes_are_written_in_vietnamese_for_an_english_reader(login, secretary, meeting):
    from docx import Document

    client = login(secretary)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "BIÊN BẢN" in text and "Minutes" not in text


def body_of(meeting) -> str:
    from lamtheo.meetings.minutes import _body

    return _body(Meeting.objects.with_figures().get(pk=meeting.pk))


def test_the_biên_bản_lines_are_whole_sentences(meeting, item):
    """Each line comes from one message with placeholders: no status label lower-cased and dropped in, no optional
    fragment glued on."""
    start = meeting.local_start
    end = (meeting.starts_at + datetime.timedelta(minutes=100)).astimezone(start.tzinfo)
    text = body_of(meeting)
    assert (
        f"Thời gian: bắt đầu lúc {start:%H giờ %M} ngày {start:%d/%m/%Y} ({vn_weekday(start.date())}), "
        f"kết thúc lúc {end:%H giờ %M}." in text
    )
    assert "- Trần Thị Ánh: vắng có lý do (đi công tác)." in text
    assert "Biểu quyết" not in text  # no vote yet

    AgendaItem.objects.filter(pk=item.pk).update(vote_subject="", votes_for=2)
    assert "Biểu quyết: 2 tán thành, 0 không tán thành, 0 không biểu quyết." in body_of(meeting)
    AgendaItem.objects.filter(pk=item.pk).update(vote_subject="Nghị quyết tháng")
    text = body_of(meeting)
    assert "Biểu quyết (Nghị quyết tháng): 2 tán thành, 0 không tán thành, 0 không biểu quyết." in text

    Meeting.objects.filter(pk=meeting.pk).update(ends_at=None)
    assert (
        f"Thời gian: bắt đầu lúc {start:%H giờ %M} ngày {start:%d/%m/%Y} ({vn_weekday(start.date())})."
        in (body_of(meeting))
    )


def test_an_absence_without_a_reason_has_no_empty_brackets(meeting):
    from lamtheo.meetings.models import MeetingAttendance

    MeetingAttendance.objects.filter(meeting=meeting, person=person("Trần Thị Ánh")).update(
        status=MeetingAttendance.Status.ABSENT, reason=""
    )
    text = body_of(meeting)
    assert "- Trần Thị Ánh: vắng không lý do." in text and "()" not in text


def test_a_reason_reads_in_lower_case_inside_the_brackets(meeting):
    from lamtheo.meetings.models import MeetingAttendance

    absent = MeetingAttendance.objects.filter(meeting=meeting, person=person("Trần Thị Ánh"))
    absent.update(status=MeetingAttendance.Status.EXCUSED, reason="Đi công tác.")
    assert "- Trần Thị Ánh: vắng có lý do (đi công tác)." in body_of(meeting)
    absent.update(reason="UBND xã triệu tập")
    assert "- Trần Thị Ánh: vắng có lý do (UBND xã triệu tập)." in body_of(meeting)


def test_the_summary_keeps_the_title_as_written(meeting):
    from lamtheo.meetings.minutes import _summary

    start = meeting.local_start
    assert _summary(meeting) == f"sinh hoạt chi bộ tháng {start.month} năm {start.year}"
    other = plan("chi_uy", title="Họp chi ủy về Chỉ thị 05")
    assert _summary(other) == f"Họp chi ủy về Chỉ thị 05 ngày {other.local_start:%d/%m/%Y}"


def test_the_attendance_sentence_and_the_closing_formula_as_committees_write_them(meeting):
    from lamtheo.meetings.models import MeetingAttendance

    end = (meeting.starts_at + datetime.timedelta(minutes=100)).astimezone(meeting.local_start.tzinfo)
    text = body_of(meeting)
    assert "Tổng số đảng viên của chi bộ: 03 đồng chí." in text
    assert "Có mặt: 02 đồng chí; vắng: 01 đồng chí (có lý do). Tỷ lệ dự họp: 66,7%." in text
    assert text.splitlines()[-1] == (
        f"Cuộc họp kết thúc vào lúc {end:%H} giờ {end:%M} cùng ngày. Biên bản đã được thông qua trước cuộc họp, "
        "các đồng chí dự họp nhất trí với nội dung biên bản."
    )
    MeetingAttendance.objects.filter(meeting=meeting, person=person("Lê Văn Tám")).update(
        status=MeetingAttendance.Status.LATE
    )
    assert "Có mặt: 02 đồng chí (đến muộn 01); vắng: 01 đồng chí (có lý do)." in body_of(meeting)
    MeetingAttendance.objects.filter(meeting=meeting).update(
        status=MeetingAttendance.Status.PRESENT, reason=""
    )
    assert "Có mặt: 03 đồng chí; không có đồng chí nào vắng. Tỷ lệ dự họp: 100%." in body_of(meeting)
    sections = [line for line in body_of(meeting).splitlines() if line[:3] in ("I. ", "II.")]
    assert sections == ["I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", "II. NỘI DUNG CUỘC HỌP"]


def test_the_chair_and_the_secretary_both_sign_under_a_blank_bb_number(meeting):
    from docx import Document as open_docx

    from lamtheo.lib import docx
    from lamtheo.meetings.minutes import minutes_document

    Meeting.objects.filter(pk=meeting.pk).update(
        chair=person("Lê Văn Tám"), secretary=person("Nguyễn Thị Kim Ngọc")
    )
    printed = open_docx(BytesIO(docx.render(minutes_document(Meeting.objects.get(pk=meeting.pk)))))
    assert printed.tables[0].rows[1].cells[0].text == "Số      -BB/CB"
    secretary, chair = (
        [line for line in cell.text.splitlines() if line] for cell in printed.tables[-1].rows[0].cells
    )
    assert secretary == ["THƯ KÝ", "Nguyễn Thị Kim Ngọc"] and chair == ["CHỦ TRÌ", "Lê Văn Tám"]
