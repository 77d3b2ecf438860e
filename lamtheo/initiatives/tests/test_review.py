"""The sơ kết / tổng kết of a model: the report drafted from the goals and the teams' notes, its conference (a
meeting of lamtheo.meetings), its conclusions given as that meeting's assignments, its Party-format print."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from lamtheo.audit.models import AuditEvent
from lamtheo.initiatives import actions
from lamtheo.initiatives.models import Review
from lamtheo.initiatives.review import render_review
from lamtheo.lib.concurrency import ConflictError
from lamtheo.meetings import actions as meetings
from lamtheo.meetings.models import Assignment
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 10, 15, 9, tzinfo=datetime.UTC)
CONFERENCE = datetime.datetime(2025, 10, 20, 14, tzinfo=datetime.UTC)


@pytest.fixture
def model():
    tam = Person.objects.get(full_name="Lê Văn Tám")
    initiative = actions.launch_initiative(
        unit("LB"),
        actor=None,
        name="Cải cách hành chính",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        teams=[
            actions.TeamSpec("Tổ 2 - Khối chính quyền", "Nâng cao đạo đức công vụ", leader=tam),
            actions.TeamSpec("Tổ 3 - Cơ sở đảng", leader=tam),
        ],
    )
    government, cells = initiative.teams.order_by("name")
    on_time = actions.add_goal(
        government, actor=None, name="Hồ sơ đúng hạn", measure="%", baseline=Decimal(80), target=Decimal(100)
    )
    late = actions.add_goal(
        government, actor=None, name="Hồ sơ trễ hạn", measure="hồ sơ", baseline=Decimal(14), target=Decimal(0)
    )
    meetings_goal = actions.add_goal(
        cells,
        actor=None,
        name="Chi bộ họp chi ủy trước",
        measure="%",
        baseline=Decimal(60),
        target=Decimal(100),
    )
    with time_machine.travel(NOW, tick=False):
        for month in range(1, 10):
            values = {on_time.pk: Decimal(80 + 3 * month), late.pk: Decimal(max(14 - 2 * month, 0))}
            actions.record_month(government, datetime.date(2025, month, 1), values, actor=None)
        for month in (1, 2, 3, 4, 5, 6, 8):  # July forgotten
            actions.record_month(
                cells, datetime.date(2025, month, 1), {meetings_goal.pk: Decimal(70)}, actor=None
            )
    value = on_time.values.get(month=datetime.date(2025, 9, 1))
    value.note = "Một cửa liên thông ra mắt"
    value.save(update_fields=["note"])
    return initiative


def _open(model, actor=None, until=datetime.date(2025, 9, 1)):
    return actions.open_review(model, actor=actor, starts_at=CONFERENCE, until=until, place="Hội trường xã")


@time_machine.travel(NOW, tick=False)
def test_the_report_is_drafted_from_the_goals_and_the_teams_notes(model):
    actions.replicate(model, [unit("LB-01")], actor=None, starts_on=datetime.date(2025, 6, 1))
    review = _open(model)
    assert review.until == datetime.date(2025, 9, 1)
    assert "Từ tháng 01/2025 đến hết tháng 09/2025, Đảng ủy xã Long Bình triển khai thực hiện mô hình" in (
        review.results
    )
    assert "qua 02 tổ với 01 thành viên" in review.results
    assert "có 02/03 chỉ tiêu của các tổ đạt mục tiêu đề ra" in review.results
    # September: 107% on time passes the target; late dossiers 14 → 0 reached going down
    assert "hồ sơ đúng hạn tăng từ 80% lên 107%, đạt mục tiêu đề ra" in review.results
    assert "hồ sơ trễ hạn giảm từ 14 hồ sơ xuống 0 hồ sơ, đạt mục tiêu đề ra" in review.results
    assert "Đối với Tổ 2 - Khối chính quyền, qua thực hiện mô hình với chủ đề “Nâng cao đạo đức công vụ”" in (
        review.results
    )
    assert "Tổ ghi nhận: Một cửa liên thông ra mắt (tháng 09/2025)." in review.results
    assert "nhân rộng tại 01 đơn vị: Chi bộ Ấp Long Hòa (chưa có số liệu)" in review.results
    assert (
        "Còn 01/03 chỉ tiêu chưa đạt mục tiêu: Tổ 3 - Cơ sở đảng: chi bộ họp chi ủy trước mới đạt 70% "
        in (review.limitations)
    )
    assert "Tổ 3 - Cơ sở đảng chưa ghi đủ số liệu các tháng 07/2025, 09/2025." in review.limitations
    assert review.direction_lines == [
        "Tổ 3 - Cơ sở đảng tập trung nâng chi bộ họp chi ủy trước lên 100% trước ngày 31/12/2025."
    ]


@time_machine.travel(NOW, tick=False)
def test_the_review_plans_its_conference_inviting_the_replicas_and_is_audited(model, commune_leader):
    actions.replicate(model, [unit("LB-02")], actor=None)
    review = _open(model, actor=commune_leader)
    meeting = review.meeting
    assert meeting.unit == unit("LB") and meeting.kind.code == "so_ket" and meeting.place == "Hội trường xã"
    assert list(meeting.invited_units.all()) == [unit("LB-02")]
    assert meeting.agenda_items.order_by("position").first().title == (
        "Báo cáo sơ kết thực hiện mô hình “Cải cách hành chính”"
    )
    assert AuditEvent.objects.filter(action="initiatives.open_review", actor=commune_leader).exists()


@time_machine.travel(NOW, tick=False)
def test_a_review_is_refused_outside_the_committee_and_before_the_model_starts(model, secretary, outsider):
    with pytest.raises(PermissionDenied):
        _open(model, actor=secretary)
    with pytest.raises(PermissionDenied):
        _open(model, actor=outsider)
    with pytest.raises(Exception, match="Mô hình bắt đầu từ tháng 01/2025"):
        _open(model, until=datetime.date(2024, 12, 1))
    assert not Review.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_rewriting_is_version_checked_and_redrafting_reads_the_new_values(model, commune_leader):
    review = _open(model)
    actions.update_review(review, actor=commune_leader, expected_version=1, results="Viết tay.")
    with pytest.raises(ConflictError):
        actions.update_review(review, actor=commune_leader, expected_version=1, results="Chậm một bước.")
    review.refresh_from_db()
    assert review.results == "Viết tay." and review.version == 2
    cells = model.teams.get(name="Tổ 3 - Cơ sở đảng")
    actions.record_month(cells, datetime.date(2025, 9, 1), {cells.goals.get().pk: Decimal(100)}, actor=None)
    actions.redraft_review(review, actor=commune_leader, expected_version=2)
    review.refresh_from_db()
    assert "chi bộ họp chi ủy trước tăng từ 60% lên 100%, đạt mục tiêu đề ra" in review.results
    assert "07/2025." in review.limitations


@time_machine.travel(NOW, tick=False)
def test_the_print_is_a_party_report_with_the_goals_and_the_tasks_given(model, commune_leader):
    review = _open(model)
    tam = Person.objects.get(full_name="Lê Văn Tám")
    meetings.create_assignment(
        Assignment(
            meeting=review.meeting,
            what=review.direction_lines[0],
            assignee_person=tam,
            deadline=datetime.date(2025, 12, 31),
        ),
        actor=commune_leader,
    )
    document = Document(io.BytesIO(render_review(review)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "sơ kết thực hiện mô hình “Cải cách hành chính”" in text
    assert "Số      -BC/ĐU" in "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in text
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["2", "Tổ 2 - Khối chính quyền", "Hồ sơ trễ hạn", "14 hồ sơ", "0 hồ sơ", "0 hồ sơ", "Đạt"] in cells
    assert ["3", "Tổ 3 - Cơ sở đảng", "Chi bộ họp chi ủy trước", "60%", "100%", "70%", "Chưa đạt"] in cells
    assert any(row[1:] == [review.direction_lines[0], "Lê Văn Tám", "31/12/2025"] for row in cells)


@time_machine.travel(NOW, tick=False)
def test_the_pages_open_rewrite_and_download_the_review(login, commune_leader, model):
    client = login(commune_leader)
    html = client.get(model.get_absolute_url()).content.decode()
    assert reverse("initiatives:review_open", args=[model.pk]) in html
    response = client.post(
        reverse("initiatives:review_open", args=[model.pk]),
        {"kind": "so_ket", "starts_at": "2025-10-20T14:00", "place": "", "until": "2025-09"},
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == review.get_absolute_url()
    html = client.get(review.get_absolute_url()).content.decode()
    assert "hồ sơ đúng hạn tăng từ 80% lên 107%" in html
    assert reverse("meetings:assignment_create", args=[review.meeting.pk]) in html
    data = {"until": "2025-09", "results": "Kết quả viết lại.", "limitations": "", "directions": "- Một việc"}
    client.post(review.get_absolute_url(), data | {"version": 1})
    review.refresh_from_db()
    assert review.results == "Kết quả viết lại." and review.direction_lines == ["Một việc"]
    stale = client.post(review.get_absolute_url(), data | {"results": "Cũ", "version": 1})
    assert stale.status_code == 200 and "Cũ" not in Review.objects.get().results
    response = client.get(reverse("initiatives:review_docx", args=[review.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Kết quả viết lại." in "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    client.post(reverse("initiatives:review_redraft", args=[review.pk]), {"version": 2})
    assert "hồ sơ đúng hạn tăng" in Review.objects.get().results


@time_machine.travel(NOW, tick=False)
def test_the_review_answers_404_outside_and_refuses_a_member_to_rewrite(login, model, member, outsider):
    review = _open(model)
    assert login(outsider).get(review.get_absolute_url()).status_code == 404
    assert login(outsider).get(reverse("initiatives:review_docx", args=[review.pk])).status_code == 404
    client = login(member)
    assert client.get(reverse("initiatives:review_open", args=[model.pk])).status_code in (403, 404)
    response = client.post(review.get_absolute_url(), {"results": "x", "version": 1, "until": "2025-09"})
    assert response.status_code in (403, 404)
    assert Review.objects.get().version == 1
