"""Registration pages: each for the right persona, 404 outside, 403 for writes without the role, the concurrent
review, bad input on the page, and the secretary's page in a fixed number of queries."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as open_docx
from openpyxl import load_workbook

from lamtheo.accounts.models import User
from lamtheo.audit.models import AuditEvent
from lamtheo.notifications.models import Notification
from lamtheo.people.models import Person, Position
from lamtheo.pledges import actions
from lamtheo.pledges.models import Deed, Pledge, RegistrationDeadline, Reminder
from lamtheo.pledges.tests.conftest import (
    YEAR,
    make_accepted,
    make_draft,
    make_locked,
    make_submitted,
)
from lamtheo.testing import unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def items_post(items, *, version, initial=(), extra=2, **more):
    """The edit form's POST: `items` are (area, commitment, measure, due) rows; `initial` the ids of existing
    items in the same order."""
    data = {
        "version": version,
        "items-TOTAL_FORMS": len(items) + extra,
        "items-INITIAL_FORMS": len(initial),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for index, (area, commitment, measure, due) in enumerate(items):
        data[f"items-{index}-area"] = area
        data[f"items-{index}-commitment"] = commitment
        data[f"items-{index}-measure"] = measure
        data[f"items-{index}-due_date"] = due
        if index < len(initial):
            data[f"items-{index}-id"] = initial[index]
            data[f"items-{index}-pledge"] = more.get("pledge", "")
    for index in range(len(items), len(items) + extra):
        data[f"items-{index}-area"] = "dao_duc"  # the initial value: an untouched blank row
    data.update({k: v for k, v in more.items() if k != "pledge"})
    return data


def messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Bản đăng ký của tôi ------------------------------------------------------------------------------------------


def test_mine_offers_to_start(login, member):
    response = login(member).get(reverse("pledges:mine"))
    assert response.status_code == 200
    assert "Lập bản đăng ký mới" in response.content.decode()


def test_mine_without_a_person(login, province_staff):
    response = login(province_staff).get(reverse("pledges:mine"))
    assert response.status_code == 200
    assert "chưa gắn với hồ sơ" in response.content.decode()


def test_mine_offers_to_start_from_last_year(login, member, secretary, ngoc):
    make_locked(ngoc, member, secretary, year=2025)
    response = login(member).get(reverse("pledges:mine"))
    assert "Bắt đầu từ bản đăng ký năm 2025" in response.content.decode()
    response = login(member).post(reverse("pledges:create"), {"year": YEAR, "copy": "1"})
    pledge = Pledge.objects.get(person=ngoc, year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse("pledges:edit", args=[pledge.pk])
    assert pledge.copied_from.year == 2025 and pledge.items.count() == 2


def test_a_member_writes_and_submits(login, member, ngoc):
    client = login(member)
    response = client.post(reverse("pledges:create"), {"year": YEAR})
    pledge = Pledge.objects.get(person=ngoc, year=YEAR)
    assert response["Location"] == reverse("pledges:edit", args=[pledge.pk])
    assert client.get(response["Location"]).status_code == 200
    data = items_post(
        [("dao_duc", "Đúng hẹn với dân", "Không hồ sơ trễ hạn", "2026-12-31")],
        version=pledge.version,
        submit="1",
    )
    response = client.post(reverse("pledges:edit", args=[pledge.pk]), data)
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
    assert list(pledge.items.values_list("commitment", flat=True)) == ["Đúng hẹn với dân"]


def test_the_edit_page_names_the_bad_item(login, member, ngoc):
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    data = items_post(
        [
            ("dao_duc", "Đúng hẹn với dân", "Không hồ sơ trễ hạn", "2026-12-31"),
            ("chuyen_mon", "Học tin học", "", "2027-02-01"),
        ],
        version=pledge.version,
    )
    response = login(member).post(reverse("pledges:edit", args=[pledge.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nội dung thứ 2: chưa ghi cách đo kết quả." in page
    assert "Nội dung thứ 2: thời hạn 01/02/2027 nằm ngoài năm 2026." in page
    assert not pledge.items.exists()


def test_a_locked_registration_cannot_be_edited(login, member, secretary, ngoc):
    pledge = make_locked(ngoc, member, secretary)
    response = login(member).get(reverse("pledges:edit", args=[pledge.pk]))
    assert response.status_code == 302
    response = login(member).post(
        reverse("pledges:edit", args=[pledge.pk]), items_post([], version=pledge.version), follow=True
    )
    assert "không sửa được nội dung" in " ".join(messages(response))
    assert pledge.items.count() == 2


def test_a_member_may_not_edit_someone_elses(login, member, secretary, anh):
    pledge = make_draft(anh, secretary)
    response = login(member).get(reverse("pledges:edit", args=[pledge.pk]))
    assert response.status_code == 404  # not even visible to them


def test_the_secretary_edits_a_paper_registration(login, secretary, anh):
    pledge = make_draft(anh, secretary)
    assert login(secretary).get(reverse("pledges:edit", args=[pledge.pk])).status_code == 200


def test_the_province_staff_may_read_but_not_edit(login, province_staff, member, ngoc):
    pledge = make_draft(ngoc, member)
    client = login(province_staff)
    assert client.get(reverse("pledges:detail", args=[pledge.pk])).status_code == 200
    assert (
        client.get(reverse("pledges:edit", args=[pledge.pk])).status_code == 200
    )  # committee staff may type in


def test_the_commune_leader_may_read_but_not_edit(login, commune_leader, member, ngoc):
    pledge = make_draft(ngoc, member)
    client = login(commune_leader)
    assert client.get(reverse("pledges:detail", args=[pledge.pk])).status_code == 200
    assert client.get(reverse("pledges:edit", args=[pledge.pk])).status_code == 403
    response = client.post(reverse("pledges:submit", args=[pledge.pk]), {"version": pledge.version})
    assert response.status_code == 403


# Who sees a registration --------------------------------------------------------------------------------------


def test_a_member_may_not_see_another_members_unpublished_registration(login, member, secretary, tam):
    pledge = make_submitted(tam, secretary)
    assert login(member).get(reverse("pledges:detail", args=[pledge.pk])).status_code == 404
    assert login(member).get(reverse("pledges:print", args=[pledge.pk])).status_code == 404


def test_a_published_registration_is_read_in_the_unit(login, member, secretary, tam):
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    pledge = make_submitted(tam, secretary)
    response = login(secretary).post(
        reverse("pledges:publish", args=[pledge.pk]),
        {"version": pledge.version, "publish": "1", "to_unit": unit("LB-01").pk},
    )
    assert response.status_code == 302
    client = login(member)
    assert client.get(reverse("pledges:detail", args=[pledge.pk])).status_code == 200
    page = client.get(reverse("pledges:published", args=[unit("LB-01").pk])).content.decode()
    assert "Lê Văn Tám" in page and "Giải quyết hồ sơ của dân đúng hẹn" in page


def test_the_outsider_gets_404_for_everything(login, outsider, member, secretary, ngoc):
    pledge = make_accepted(ngoc, member, secretary)
    client = login(outsider)
    for name in ("detail", "edit", "self_assess", "print"):
        assert client.get(reverse(f"pledges:{name}", args=[pledge.pk])).status_code == 404, name
    for name in ("submit", "review", "progress", "deed", "rate", "lock", "publish"):
        assert client.post(reverse(f"pledges:{name}", args=[pledge.pk]), {}).status_code == 404, name
    lb01 = unit("LB-01").pk
    for name in ("cell", "missing_export", "book", "published", "figures", "figures_export", "deadline"):
        assert client.get(reverse(f"pledges:{name}", args=[lb01])).status_code == 404, name
    assert client.post(reverse("pledges:remind", args=[lb01])).status_code == 404


def test_the_page_shows_the_whole_history(login, member, secretary, ngoc):
    pledge = make_submitted(ngoc, member)
    actions.return_pledge(pledge, actor=secretary, expected_version=pledge.version, remark="Ghi rõ số hộ.")
    page = login(member).get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    for text in ("Lập bản đăng ký", "Nộp bản đăng ký", "Trả lại để sửa", "Ghi rõ số hộ.", "Nộp lại"):
        assert text in page, text


# Reviewing ----------------------------------------------------------------------------------------------------


def test_the_secretary_accepts_and_returns(login, member, secretary, ngoc, anh):
    accepted = make_submitted(ngoc, member)
    returned = make_submitted(anh, secretary)
    client = login(secretary)
    response = client.post(
        reverse("pledges:review", args=[accepted.pk]), {"version": accepted.version, "decision": "accept"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("pledges:review", args=[returned.pk]),
        {"version": returned.version, "decision": "return", "remark": ""},
        follow=True,
    )
    assert "Hãy ghi lý do trả lại" in " ".join(messages(response))
    client.post(
        reverse("pledges:review", args=[returned.pk]),
        {"version": returned.version, "decision": "return", "remark": "Thêm thời hạn."},
    )
    statuses = dict(Pledge.objects.values_list("person__full_name", "status"))
    assert statuses == {"Nguyễn Thị Kim Ngọc": "accepted", "Trần Thị Ánh": "returned"}


def test_one_click_review_from_the_secretarys_page_returns_the_row(login, member, secretary, ngoc):
    pledge = make_submitted(ngoc, member)
    response = login(secretary).post(
        reverse("pledges:review", args=[pledge.pk]),
        {"version": pledge.version, "decision": "accept", "row": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert row.startswith("<tr") and "Đã chấp nhận bản đăng ký của Nguyễn Thị Kim Ngọc." in row


def test_two_secretaries_reviewing_at_once_on_the_page(login, member, secretary, deputy, ngoc, client):
    pledge = make_submitted(ngoc, member)
    version = pledge.version
    login(secretary).post(
        reverse("pledges:review", args=[pledge.pk]), {"version": version, "decision": "accept"}
    )
    client.force_login(deputy)
    response = client.post(
        reverse("pledges:review", args=[pledge.pk]),
        {"version": version, "decision": "return", "remark": "Chưa cụ thể.", "row": "1"},
        headers={"HX-Request": "true"},
    )
    row = response.content.decode()
    assert "vừa được secretary chấp nhận lúc 09:00 10/03/2026" in row
    assert "không ghi đè" in row
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACCEPTED
    assert not AuditEvent.objects.filter(action="pledge.return").exists()


def test_writes_without_the_role_are_refused(login, member, secretary, commune_leader, ngoc, tam):
    mine = make_submitted(ngoc, member)
    theirs = make_submitted(tam, secretary)
    client = login(member)
    assert (
        client.post(reverse("pledges:review", args=[mine.pk]), {"version": mine.version}).status_code == 403
    )
    assert client.post(reverse("pledges:rate", args=[mine.pk]), {"version": mine.version}).status_code == 403
    assert client.post(reverse("pledges:lock", args=[mine.pk]), {"version": mine.version}).status_code == 403
    # The secretary's own registration is the committee's to review.
    client = login(secretary)
    assert (
        client.post(reverse("pledges:review", args=[theirs.pk]), {"version": theirs.version}).status_code
        == 403
    )
    response = login(commune_leader).post(
        reverse("pledges:review", args=[theirs.pk]), {"version": theirs.version, "decision": "accept"}
    )
    assert response.status_code == 302
    assert Pledge.objects.get(pk=theirs.pk).status == Pledge.Status.ACCEPTED
    # A member does not publish someone else's, nor follow the chi bộ.
    assert login(member).post(reverse("pledges:publish", args=[theirs.pk]), {}).status_code == 404
    assert login(member).post(reverse("pledges:remind", args=[unit("LB-01").pk])).status_code == 403


# During and at the end of the year ----------------------------------------------------------------------------


def test_progress_deed_self_assessment_rating_and_lock(login, member, secretary, ngoc):
    pledge = make_accepted(ngoc, member, secretary)
    first, second = pledge.items.all()
    client = login(member)
    response = client.post(
        reverse("pledges:progress", args=[pledge.pk]),
        {"item": second.pk, "date": "2026-03-09", "text": "Đã vận động 3 hộ."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("pledges:deed", args=[pledge.pk]),
        {
            "date": "2026-03-08",
            "description": "Dọn vệ sinh đường ấp",
            "items": [second.pk],
            "attachment": SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    deed = Deed.objects.get()
    assert client.get(reverse("pledges:deed_file", args=[deed.pk])).status_code == 200
    assert (
        login(User.objects.get(username="outsider"))
        .get(reverse("pledges:deed_file", args=[deed.pk]))
        .status_code
        == 404
    )

    client = login(member)
    assert client.get(reverse("pledges:self_assess", args=[pledge.pk])).status_code == 200
    response = client.post(
        reverse("pledges:self_assess", args=[pledge.pk]),
        {"version": pledge.version, f"result_{first.pk}": "done"},
    )
    assert "Nội dung thứ 2: chưa chọn mức tự đánh giá." in response.content.decode()
    response = client.post(
        reverse("pledges:self_assess", args=[pledge.pk]),
        {"version": pledge.version, f"result_{first.pk}": "done", f"result_{second.pk}": "partly"},
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    response = login(secretary).post(
        reverse("pledges:rate", args=[pledge.pk]),
        {"version": pledge.version, "level": "tot", "remark": "Tích cực", "lock": "on"},
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.status, pledge.result_level) == (Pledge.Status.LOCKED, "tot")
    page = login(member).get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert (
        "Hoàn thành tốt nhiệm vụ" in page and "Đã vận động 3 hộ." in page and "Dọn vệ sinh đường ấp" in page
    )


def test_print_as_docx(login, member, ngoc):
    pledge = make_draft(ngoc, member)
    response = login(member).get(reverse("pledges:print", args=[pledge.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert "ban-dang-ky-2026-nguyen-thi-kim-ngoc.docx" in response["Content-Disposition"]
    document = open_docx(io.BytesIO(response.content))
    assert "BẢN ĐĂNG KÝ" in [p.text for p in document.paragraphs]


# The chi bộ ---------------------------------------------------------------------------------------------------


def test_the_secretarys_page(login, secretary, member, ngoc, tam, anh, commune_leader):
    RegistrationDeadline.objects.create(unit=unit("LB"), year=YEAR, due_date=datetime.date(2026, 3, 5))
    make_submitted(ngoc, member)  # on 10/03: after the deadline
    make_draft(anh, secretary)
    response = login(secretary).get(reverse("pledges:cell", args=[unit("LB-01").pk]))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert {row.person.full_name: row.group for row in overview.rows} == {
        "Nguyễn Thị Kim Ngọc": "waiting",
        "Lê Văn Tám": "missing",
        "Trần Thị Ánh": "draft",
    }
    assert overview.late == 3  # one submitted late, two not submitted past the deadline
    page = response.content.decode()
    assert "nộp sau hạn" in page and "Chấp nhận" in page and "Nhập bản đăng ký giấy" in page
    assert login(commune_leader).get(reverse("pledges:cell", args=[unit("LB-01").pk])).status_code == 200


def test_the_secretarys_page_is_not_for_members(login, member):
    assert login(member).get(reverse("pledges:cell", args=[unit("LB-01").pk])).status_code == 403


def add_people(count):
    people = []
    for number in range(count):
        person = Person(
            unit=unit("LB-02"),
            full_name=f"Đảng Viên Số {number}",
            party_status=Person.PartyStatus.FULL,
            date_joined_party=datetime.date(2010, 1, 1),
            date_official=datetime.date(2011, 1, 1),
        )
        person.refresh_derived()
        people.append(person)
    people = Person.objects.bulk_create(people)
    statuses = list(Pledge.Status)
    Pledge.objects.bulk_create(
        [
            Pledge(person=p, unit=p.unit, year=YEAR, status=statuses[i % len(statuses)])
            for i, p in enumerate(people)
            if i % 4
        ]
    )
    for person in people[:3]:
        Position.objects.create(person=person, unit=unit("LB-02"), kind=Position.Kind.KEY_CADRE)


def test_the_secretarys_page_in_a_fixed_number_of_queries(
    login, commune_leader, django_assert_max_num_queries
):
    client = login(commune_leader)
    url = reverse("pledges:cell", args=[unit("LB-02").pk])
    add_people(5)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_people(35)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert len(response.context["overview"].rows) == 40


def test_reminders(login, secretary, ngoc, tam):
    Person.objects.filter(pk=tam.pk).update(email="tam@example.vn")
    url = reverse("pledges:remind", args=[unit("LB-01").pk])
    login(secretary).post(url)  # without the year: nothing recorded
    assert not Reminder.objects.exists()
    response = login(secretary).post(url, {"nam": YEAR}, follow=True)
    text = " ".join(messages(response))
    assert "3 người chưa nộp" in text and "Đã ghi 1 lời nhắc" in text
    # Ngọc (member) and Tám (secretary) have accounts: told in the application; Ánh has no way to be reached.
    assert "Đã gửi thông báo trong hệ thống cho 2 người có tài khoản" in text
    assert "cần nhắc trực tiếp: Trần Thị Ánh." in text
    assert Reminder.objects.get().address == "tam@example.vn"
    assert Notification.objects.filter(recipient__person=ngoc).count() == 1


def test_missing_list_export(login, secretary, member, ngoc):
    make_submitted(ngoc, member)
    response = login(secretary).get(reverse("pledges:missing_export", args=[unit("LB-01").pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Trần Thị Ánh", "Lê Văn Tám"]  # sorted by given name: Ánh before Tám


def test_the_book(login, secretary, member, ngoc):
    make_submitted(ngoc, member)
    response = login(secretary).get(reverse("pledges:book", args=[unit("LB-01").pk]))
    assert response.status_code == 200
    document = open_docx(io.BytesIO(response.content))
    assert "SỔ ĐĂNG KÝ" in [p.text for p in document.paragraphs]


def test_figures_page_and_export(login, commune_leader, member, ngoc):
    make_submitted(ngoc, member)
    client = login(commune_leader)
    response = client.get(reverse("pledges:figures", args=[unit("LB").pk]))
    assert response.status_code == 200
    assert "Năm 2026 có 1 đảng viên, chiếm 50,0%" in response.content.decode()
    response = client.get(reverse("pledges:figures_export", args=[unit("LB").pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == (1, "Chi bộ Ấp Long Hòa", 3, 1, 33.3)
    assert rows[-1][1] == "Tổng cộng"
    assert login(member).get(reverse("pledges:figures", args=[unit("LB").pk])).status_code == 404
    assert login(member).get(reverse("pledges:figures", args=[unit("LB-01").pk])).status_code == 403


def test_deadline_page(login, commune_leader, member):
    client = login(commune_leader)
    url = reverse("pledges:deadline", args=[unit("LB").pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": YEAR, "due_date": "2027-03-31"})
    assert "Hạn nộp 31/03/2027 nằm ngoài năm 2026." in response.content.decode()
    response = client.post(url, {"year": YEAR, "due_date": "2026-03-31"})
    assert response.status_code == 302
    assert RegistrationDeadline.objects.get().due_date == datetime.date(2026, 3, 31)
    assert login(member).get(reverse("pledges:deadline", args=[unit("LB-01").pk])).status_code == 403


def test_the_admin_lists_them_read_only(login, admin, member, ngoc):
    pledge = make_submitted(ngoc, member)
    client = login(admin)
    for model in ("pledge", "registrationdeadline", "reminder"):
        assert client.get(reverse(f"admin:pledges_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:pledges_pledge_change", args=[pledge.pk])).status_code == 200
    assert client.get(reverse("admin:pledges_pledge_add")).status_code == 403
