import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lamtheo.audit.models import AuditEvent
from lamtheo.study import actions
from lamtheo.study.models import Attendance, StudySession
from lamtheo.study.tests.conftest import FIRST, PDF, named, person, record
from lamtheo.study.tests.test_coverage import commune_with
from lamtheo.testing import unit

pytestmark = pytest.mark.usefixtures("frozen")

LOGIN = "login"
PERSONAS = ["admin", "province_staff", "commune_leader", "secretary", "member", "outsider"]


def text(response) -> str:
    """The page's visible text, whitespace collapsed, to check sentences as a reader sees them."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def statuses(admin, province_staff, commune_leader, secretary, member, outsider, anonymous=LOGIN):
    return {
        "anonymous": anonymous,
        "admin": admin,
        "province_staff": province_staff,
        "commune_leader": commune_leader,
        "secretary": secretary,
        "member": member,
        "outsider": outsider,
    }


# The permission matrix of the study pages: GET status per persona, on objects of LB-01 (and LB).

EVERYONE = statuses(200, 200, 200, 200, 200, 200)
SCOPED_READ = statuses(200, 200, 200, 200, 200, 404)  # a member sees what concerns them
FIGURES = statuses(200, 200, 200, 200, 403, 404)  # lists and figures about everyone in the unit
RECORD = statuses(200, 200, 200, 200, 403, 404)  # recording: staff, leaders, admins, the cell secretary
COMMUNE_FIGURES = statuses(200, 200, 200, 404, 404, 404)  # the commune is outside the chi bộ's scope
POST_ONLY = statuses(405, 405, 405, 405, 405, 405)

MATRIX = {
    "study:mine": (None, EVERYONE),
    "study:unit_sessions": ("unit", SCOPED_READ),
    "study:create": ("unit", RECORD),
    "study:candidates": ("unit", RECORD),
    "study:coverage": ("unit", FIGURES),
    "study:coverage_export": ("unit", FIGURES),
    "study:not_studied_export": ("unit", FIGURES),
    "study:detail": ("session", SCOPED_READ),
    "study:edit": ("session", RECORD),
    "study:tick": ("session", RECORD),
    "study:print": ("session", FIGURES),
    "study:upload": ("session", POST_ONLY),
    "study:material": ("material", SCOPED_READ),
}


@pytest.fixture
def lb01_session(topic, secretary):
    """A session of LB-01 at which the member (Nguyễn Thị Kim Ngọc) was present, with one material."""
    session = record(
        "LB-01", topic, FIRST, present=["Nguyễn Thị Kim Ngọc", "Lê Văn Tám"], absent=[("Trần Thị Ánh", "Ốm")]
    )
    actions.add_material(session, SimpleUploadedFile("bai-giang.pdf", PDF), actor=secretary, name="Bài giảng")
    return session


def kwargs_for(kind, session):
    if kind == "unit":
        return {"unit_pk": unit("LB-01").pk}
    if kind == "session":
        return {"pk": session.pk}
    if kind == "material":
        return {"pk": session.pk, "material_pk": session.materials.get().pk}
    return {}


def get_statuses(client, request, url):
    got = {}
    for persona in ["anonymous", *PERSONAS]:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        response = client.get(url)
        is_login = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        got[persona] = LOGIN if is_login else response.status_code
    return got


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(request, client, name, lb01_session):
    kind, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(kind, lb01_session))
    assert get_statuses(client, request, url) == expected


@pytest.mark.parametrize(
    "name", ["study:unit_sessions", "study:coverage", "study:coverage_export", "study:not_studied_export"]
)
def test_the_communes_pages_are_outside_a_chi_bos_scope(request, client, name, lb01_session):
    url = reverse(name, kwargs={"unit_pk": unit("LB").pk})
    expected = COMMUNE_FIGURES if name != "study:unit_sessions" else statuses(200, 200, 200, 404, 404, 404)
    assert get_statuses(client, request, url) == expected


def test_every_study_url_is_in_the_matrix():
    from lamtheo.study import urls

    assert {f"study:{pattern.name}" for pattern in urls.urlpatterns} == set(MATRIX)


# Writes are refused without the role, and nothing is written --------------------------------------------------

WRITES = {
    "study:create": "unit",
    "study:edit": "session",
    "study:tick": "session",
    "study:upload": "session",
}


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize(("persona", "expected"), [("member", 403), ("outsider", 404)])
def test_a_write_without_the_role_is_refused(request, client, name, persona, expected, lb01_session):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name, kwargs=kwargs_for(WRITES[name], lb01_session))
    sessions, rows, events = (
        StudySession.objects.count(),
        Attendance.objects.count(),
        AuditEvent.objects.count(),
    )
    response = client.post(url, {**ticked(named("Trần Thị Ánh").pk), "version": 1, "date": "2026-03-06"})
    assert response.status_code == expected
    assert (StudySession.objects.count(), Attendance.objects.count(), AuditEvent.objects.count()) == (
        sessions,
        rows,
        events,
    )


# Recording a session ----------------------------------------------------------------------------------------


def ticked(*ids) -> dict:
    """The posted marks of people ticked present (templates/includes/mark.html)."""
    return {f"status-{pk}": "present" for pk in ids}


def shown_present(html: str, pk) -> bool:
    """Whether the list shows `pk` marked present (their select's option chosen)."""
    select = html.split(f'name="status-{pk}"', 1)[1].split("</select>", 1)[0]
    return '<option value="present" selected>' in select


def session_data(topic, **extra):
    data = {
        "topic": topic.pk,
        "title": "Học tập chuyên đề năm 2026",
        "date": "2026-04-08",
        "start_time": "19:30",
        "form": "in_person",
        "place": "Nhà văn hóa ấp Long Hòa",
        "lecturers": "Đồng chí Lê Văn Tám, Bí thư Chi bộ",
        "audience": "",
        "note": "",
    }
    data.update(extra)
    return data


def test_the_secretary_records_a_session_with_its_attendance(login, secretary, topic):
    client = login(secretary)
    page = client.get(reverse("study:create", args=[unit("LB-01").pk]))
    assert page.status_code == 200
    listed = text(page)
    for name in ("Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh"):
        assert name in listed
    assert "Võ Văn Bình" not in listed
    assert "0 /3 người có mặt" in listed  # the count is in its own element, updated as boxes are ticked
    ngoc, tam, anh = named("Nguyễn Thị Kim Ngọc"), named("Lê Văn Tám"), named("Trần Thị Ánh")
    response = client.post(
        reverse("study:create", args=[unit("LB-01").pk]),
        session_data(topic, **ticked(ngoc.pk, tam.pk), **{f"reason-{anh.pk}": "  Đi   khám bệnh "}),
    )
    session = StudySession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert dict(session.attendances.values_list("person__full_name", "reason")) == {
        "Nguyễn Thị Kim Ngọc": "",
        "Lê Văn Tám": "",
        "Trần Thị Ánh": "Đi khám bệnh",
    }
    assert session.start_time == datetime.time(19, 30)
    detail = text(client.get(session.get_absolute_url()))
    assert "2/3 người có mặt" in detail
    assert "Đi khám bệnh" in detail


def test_someone_outside_the_secretarys_scope_is_not_named_and_nothing_is_saved(login, secretary, topic):
    client = login(secretary)
    binh = named("Võ Văn Bình")
    response = client.post(
        reverse("study:create", args=[unit("LB-01").pk]),
        session_data(topic, **ticked(named("Lê Văn Tám").pk, binh.pk)),
    )
    assert response.status_code == 200
    assert (
        "Không thể điểm danh 1 người ngoài phạm vi của anh/chị: vào ngày 08/04/2026 họ không sinh hoạt tại Chi bộ "
        "Ấp Long Hòa hoặc đơn vị trực thuộc." in text(response)
    )
    assert "Võ Văn Bình" not in text(response) and "Khóm 1" not in text(response)
    assert not StudySession.objects.exists()
    assert not Attendance.objects.exists()


def test_a_future_date_marked_present_is_refused_with_the_ticks_kept(login, secretary, topic):
    client = login(secretary)
    tam = named("Lê Văn Tám")
    response = client.post(
        reverse("study:create", args=[unit("LB-01").pk]),
        session_data(topic, date="2026-04-20", **ticked(tam.pk)),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Buổi học ngày 20/04/2026 chưa diễn ra nên chưa thể điểm danh có mặt." in page
    assert shown_present(response.content.decode(), tam.pk)
    assert not StudySession.objects.exists()


def test_a_topic_from_outside_is_not_a_choice(login, secretary, topic):
    from lamtheo.topics.models import Topic

    other = Topic.objects.create(
        unit=unit("CD"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="Của Châu Đốc",
        start_year=2026,
        end_year=2026,
    )
    response = login(secretary).post(reverse("study:create", args=[unit("LB-01").pk]), session_data(other))
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert not StudySession.objects.exists()


def test_a_material_can_come_with_the_session(login, secretary, topic):
    data = session_data(topic, material=SimpleUploadedFile("bai-giang.docx", b"not a docx"))
    response = login(secretary).post(reverse("study:create", args=[unit("LB-01").pk]), data)
    assert response.status_code == 200
    assert "không phải là Word (.docx)" in text(response)
    assert not StudySession.objects.exists()
    data = session_data(topic, material=SimpleUploadedFile("bai-giang.pdf", PDF))
    response = login(secretary).post(reverse("study:create", args=[unit("LB-01").pk]), data)
    assert response.status_code == 302
    assert StudySession.objects.get().materials.get().name == "bai-giang.pdf"


def test_the_checklist_follows_the_date_typed(login, secretary, topic):
    person("LB-01", "Mai Văn Lâm", stays=[("LB-01", datetime.date(2026, 3, 1), None)])
    client = login(secretary)
    url = reverse("study:candidates", args=[unit("LB-01").pk])
    tam = named("Lê Văn Tám")
    before = client.get(url, {"date": "2026-02-20", **ticked(tam.pk)}, HTTP_HX_REQUEST="true")
    assert b"<html" not in before.content
    assert "Mai Văn Lâm" not in text(before)
    assert shown_present(before.content.decode(), tam.pk)  # the ticks survive the change
    after = client.get(url, {"date": "2026-03-02"}, HTTP_HX_REQUEST="true")
    assert "Mai Văn Lâm" in text(after)


def test_a_make_up_session_lists_only_those_who_have_not_studied(login, secretary, studied_world, topic):
    client = login(secretary)
    url = reverse("study:create", args=[unit("LB-01").pk])
    page = text(client.get(url, {"topic": topic.pk, "makeup": 1}))
    assert "Huỳnh Văn Lộc" in page
    assert "Lê Văn Tám" not in page
    first, _makeup = studied_world
    page = client.get(url, {"makeup_for": first.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["makeup_for"] == first.pk


def test_a_committee_conference_with_a_long_list_is_ticked_unit_by_unit(
    login, province_staff, topic, monkeypatch
):
    monkeypatch.setattr("lamtheo.study.checklist.CHECKLIST_LIMIT", 5)
    commune = commune_with(3, topic)  # 12 people
    client = login(province_staff)
    page = client.get(reverse("study:create", args=[commune.pk]))
    assert "có 12 người trong diện dự học" in text(page)
    response = client.post(reverse("study:create", args=[commune.pk]), session_data(topic, date="2026-04-09"))
    session = StudySession.objects.get(unit=commune)
    assert response["Location"] == reverse("study:tick", args=[session.pk])
    tick = client.get(response["Location"])
    rows = text(tick)
    assert "Chọn đơn vị để điểm danh" in rows
    assert "Chi bộ ấp 0 0 4" in rows  # present, listed
    cell = tick.context["branches"][0].unit
    one = client.get(reverse("study:tick", args=[session.pk]), {"unit": cell.pk})
    ids = one.context["checklist"].ids
    assert len(ids) == 4
    response = client.post(
        reverse("study:tick", args=[session.pk]) + f"?unit={cell.pk}", {"version": 1, **ticked(*ids[:3])}
    )
    assert response.status_code == 302
    assert session.attendances.present().count() == 3


# Editing and ticking ----------------------------------------------------------------------------------------


def test_a_concurrent_edit_gets_a_clear_conflict_and_nothing_is_overwritten(
    login, secretary, commune_leader, lb01_session, topic
):
    anh = named("Trần Thị Ánh").pk
    form_data = session_data(topic, date="2026-03-05", version=1, **ticked(anh))
    login(commune_leader).post(
        reverse("study:edit", args=[lb01_session.pk]),
        {**form_data, "place": "Trụ sở ấp", f"status-{anh}": "absent"},
    )
    response = login(secretary).post(reverse("study:edit", args=[lb01_session.pk]), form_data)
    assert response.status_code == 200
    assert "vừa được người khác sửa sau khi anh/chị mở nó" in text(response)
    fresh = StudySession.objects.get(pk=lb01_session.pk)
    assert fresh.place == "Trụ sở ấp"
    assert fresh.version == 2


def test_the_secretary_ticks_on_a_phone(login, secretary, lb01_session):
    client = login(secretary)
    page = client.get(reverse("study:tick", args=[lb01_session.pk]))
    assert "2 /3 người có mặt" in text(page)
    anh = named("Trần Thị Ánh")
    response = client.post(
        reverse("study:tick", args=[lb01_session.pk]),
        {"version": lb01_session.version, **ticked(anh.pk)},
    )
    assert response.status_code == 302
    assert dict(lb01_session.attendances.values_list("person__full_name", "status")) == {
        "Nguyễn Thị Kim Ngọc": "absent",
        "Lê Văn Tám": "absent",
        "Trần Thị Ánh": "present",
    }
    stale = client.post(reverse("study:tick", args=[lb01_session.pk]), {"version": 1, **ticked(anh.pk)})
    assert "vừa được người khác sửa" in text(stale)


def test_the_printed_list_has_a_box_for_everyone(login, commune_leader, lb01_session):
    page = text(login(commune_leader).get(reverse("study:print", args=[lb01_session.pk])))
    assert "DANH SÁCH ĐIỂM DANH" in page.upper()
    assert "CHI BỘ ẤP LONG HÒA" in page
    assert "Trần Thị Ánh" in page and "Ốm" in page
    assert "Tổng số: 3 người. Có mặt: 2 người." in page


def test_the_member_sees_their_own_attendance_only(login, member, lb01_session):
    page = text(login(member).get(reverse("study:detail", args=[lb01_session.pk])))
    assert "Điểm danh của anh/chị" in page
    assert "Có mặt" in page
    assert "Trần Thị Ánh" not in page
    assert "Sửa buổi học" not in page


def test_material_upload_and_download(login, secretary, member, lb01_session):
    response = login(secretary).post(
        reverse("study:upload", args=[lb01_session.pk]),
        {"file": SimpleUploadedFile("danh-sach-ky.pdf", PDF), "name": "Danh sách ký tên"},
    )
    assert response.status_code == 302
    material = lb01_session.materials.get(name="Danh sách ký tên")
    download = login(member).get(material.get_absolute_url())
    assert download.status_code == 200
    assert "Danh%20s%C3%A1ch%20k%C3%BD%20t%C3%AAn.pdf" in download["Content-Disposition"]
    refused = login(secretary).post(
        reverse("study:upload", args=[lb01_session.pk]), {"file": SimpleUploadedFile("x.pdf", b"no")}
    )
    assert refused.status_code == 200
    assert "không phải là PDF" in text(refused)
    other = record("LB-01", material.session.topic, FIRST, present=["Lê Văn Tám"])
    # Another session's address, or a material that is no longer there: not found, as outside the subtree.
    assert login(secretary).get(reverse("study:material", args=[other.pk, material.pk])).status_code == 404
    assert login(secretary).get(reverse("study:material", args=[lb01_session.pk, 0])).status_code == 404


# Coverage --------------------------------------------------------------------------------------------------


def test_the_commune_coverage_page(login, commune_leader, studied_world, topic):
    page = text(
        login(commune_leader).get(reverse("study:coverage", args=[unit("LB").pk]), {"topic": topic.pk})
    )
    assert "2 lớp, 4/5 đảng viên, đạt 80,0%; 1/3 cán bộ, công chức, viên chức, đạt 33,3%" in page
    assert "Chi bộ Ấp Long Hòa 2 3/3 100% 1/2 50,0% 1" in page
    assert "Chi bộ Ấp Long Thạnh chưa tổ chức 0 1/2 50,0% 0/1 0% 2" in page
    assert "Tổng cộng 2 4/5 80,0% 1/3 33,3% 3" in page
    assert "Chưa học tập chuyên đề (3 người)" in page
    assert page.index("Huỳnh Văn Lộc") < page.index("Trương Thị Mai") < page.index("Ngô Văn Phúc")


def test_the_not_studied_list_links_to_a_make_up_session(login, commune_leader, studied_world, topic):
    response = login(commune_leader).get(reverse("study:coverage", args=[unit("LB").pk]), {"topic": topic.pk})
    links = {p.full_name: p.makeup_url for p in response.context["missing"]}
    assert links["Huỳnh Văn Lộc"] == f"/hoc-tap/don-vi/{unit('LB-01').pk}/ghi-nhan/?topic={topic.pk}&makeup=1"


def test_the_secretarys_page_lists_sessions_and_who_has_not_studied(login, secretary, studied_world, topic):
    page = text(login(secretary).get(reverse("study:unit_sessions", args=[unit("LB-01").pk])))
    assert "2 lớp, 3/3 đảng viên, đạt 100%; 1/2 cán bộ, công chức, viên chức, đạt 50,0%" in page
    assert "05/03/2026 Học tập chuyên đề năm 2026" in page
    assert "Chưa học tập chuyên đề (1 người)" in page
    assert "Huỳnh Văn Lộc" in page


def test_a_member_sees_only_the_sessions_they_attended(login, member, studied_world, topic):
    page = text(login(member).get(reverse("study:unit_sessions", args=[unit("LB-01").pk])))
    assert "Huỳnh Văn Lộc" not in page  # no list of others
    assert "đảng viên, đạt" not in page
    assert "05/03/2026" in page and "20/03/2026" in page


def test_my_study(login, member, studied_world, topic):
    page = text(login(member).get(reverse("study:mine")))
    assert "20/03/2026" in page and "05/03/2026" in page
    assert "chưa học" not in page


def test_my_study_without_a_person(login, admin):
    page = text(login(admin).get(reverse("study:mine")))
    assert "Tài khoản của anh/chị chưa gắn với hồ sơ đảng viên, cán bộ nào." in page


def test_my_study_says_what_is_missing(login, member, topic):
    page = text(login(member).get(reverse("study:mine")))
    assert "Chuyên đề năm 2026 anh/chị chưa học: Chuyên đề năm 2026: phong cách nêu gương" in page


def test_an_unknown_topic_answers_404(login, commune_leader, topic):
    response = login(commune_leader).get(reverse("study:coverage", args=[unit("LB").pk]), {"topic": 999999})
    assert response.status_code == 404


def test_the_exports(login, commune_leader, studied_world, topic):
    client = login(commune_leader)
    response = client.get(reverse("study:coverage_export", args=[unit("LB").pk]), {"topic": topic.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["STT", "Đơn vị", "Số lớp đã tổ chức"]
    assert rows[1] == [1, "Chi bộ Ấp Long Hòa", 2, 1, 3, 3, 100, 1, 2, 50]
    assert rows[-1] == [None, "Tổng cộng", 2, 1, 4, 5, 80, 1, 3, 33.3]
    response = client.get(reverse("study:not_studied_export", args=[unit("LB").pk]), {"topic": topic.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[1] for row in rows[1:]] == ["Huỳnh Văn Lộc", "Trương Thị Mai", "Ngô Văn Phúc"]
    assert rows[1][2] == "Chưa là đảng viên"


@pytest.mark.parametrize("name", ["study:coverage", "study:unit_sessions"])
def test_pages_take_the_same_queries_for_3_and_25_chi_bo(login, province_staff, topic, name):
    counts = []
    for cells in (3, 25):
        commune = commune_with(cells, topic)
        client = login(province_staff)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=[commune.pk]), {"topic": topic.pk})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_province_page_has_one_row_per_commune(login, province_staff, studied_world, topic):
    response = login(province_staff).get(reverse("study:coverage", args=[unit("TU").pk]))
    assert response.context["topic"] == topic  # this year's topic by default
    assert [row.unit.code for row in response.context["coverage"].rows] == ["CD", "LB"]


# As the project's permission matrix posts them: an empty POST, per persona. Those with the role get the form
# back with its errors (200); nothing is written for anyone.
EMPTY_POST = {
    "study:create": ("unit", statuses(200, 200, 200, 200, 403, 404)),
    "study:edit": ("session", statuses(200, 200, 200, 200, 403, 404)),
    "study:tick": ("session", statuses(200, 200, 200, 200, 403, 404)),
    "study:upload": ("session", statuses(200, 200, 200, 200, 403, 404)),
}


@pytest.mark.parametrize("name", sorted(EMPTY_POST))
def test_an_empty_post_writes_nothing(request, client, name, lb01_session):
    kind, expected = EMPTY_POST[name]
    url = reverse(name, kwargs=kwargs_for(kind, lb01_session))
    before = (StudySession.objects.count(), Attendance.objects.count(), AuditEvent.objects.count())
    got = {}
    for persona in ["anonymous", *PERSONAS]:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        response = client.post(url, {})
        is_login = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        got[persona] = LOGIN if is_login else response.status_code
    assert got == expected
    assert (StudySession.objects.count(), Attendance.objects.count(), AuditEvent.objects.count()) == before


def test_the_admin_lists_sessions(login, admin, lb01_session):
    response = login(admin).get(reverse("admin:study_studysession_change", args=[lb01_session.pk]))
    assert response.status_code == 200
    assert "Trần Thị Ánh" in text(response)
    assert login(admin).get(reverse("admin:study_studysession_changelist")).status_code == 200


def test_a_to_dang_member_is_made_up_with_the_chi_bo(login, commune_leader, studied_world, topic):
    from lamtheo.units.models import Unit

    group = Unit(code="LB-01-T1", name="Tổ đảng số 1 Ấp Long Hòa", kind=Unit.Kind.GROUP)
    group.refresh_derived()
    Unit.objects.add_child(unit("LB-01"), instance=group)
    person("LB-01-T1", "Châu Văn Tổ")
    response = login(commune_leader).get(reverse("study:coverage", args=[unit("LB").pk]), {"topic": topic.pk})
    links = {p.full_name: p.makeup_url for p in response.context["missing"]}
    assert links["Châu Văn Tổ"] == f"/hoc-tap/don-vi/{unit('LB-01').pk}/ghi-nhan/?topic={topic.pk}&makeup=1"


def test_a_refused_form_keeps_the_reasons_typed(login, secretary, topic):
    anh = named("Trần Thị Ánh")
    response = login(secretary).post(
        reverse("study:create", args=[unit("LB-01").pk]),
        session_data(
            topic, date="2026-04-20", **ticked(named("Lê Văn Tám").pk), **{f"reason-{anh.pk}": "Ốm"}
        ),
    )
    assert response.status_code == 200
    assert f'name="reason-{anh.pk}" value="Ốm"' in response.content.decode()
