"""Year-end review (QĐ 366): the criteria's sums, the bands, the self-assessment, the chi bộ's proposals and vote,
the decision within the cap and the chi bộ's rule, the lock and its amendments, publishing; the evidence shown to
assessors; the pages, their scoping and their queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lamtheo.appraisal import actions
from lamtheo.appraisal.evidence import evidence_for
from lamtheo.appraisal.models import Amendment, Appraisal, AppraisalRound, CellAppraisal, Level, level_for
from lamtheo.appraisal.tests.helpers import DEADLINES, add_members, open_round, rate, scores_for, self_assess
from lamtheo.audit.models import AuditEvent
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
X, T, H, K = Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE


def person(name):
    return Person.objects.get(full_name=name)


@pytest.mark.parametrize(
    ("score", "level"),
    [("100", X), ("90", X), ("89.9", T), ("70", T), ("69.9", H), ("50", H), ("49.9", K), ("0", K)],
)
def test_the_bands_give_the_level(score, level):
    assert level_for(Decimal(score)) == level


def test_a_round_takes_its_members_and_refuses_criteria_not_summing_30_and_70(commune_leader, member):
    round_ = open_round(commune_leader)
    assert sorted(round_.appraisals.values_list("person__full_name", flat=True)) == [
        "Lê Văn Tám",
        "Nguyễn Thị Kim Ngọc",
    ]
    assert sum(c.points for c in round_.criteria.filter(group="general")) == 30
    assert sum(c.points for c in round_.criteria.filter(group="results")) == 70
    assert AuditEvent.objects.filter(action="appraisal.open", target_id=round_.pk).exists()

    wrong = [("general", "Phẩm chất chính trị", 25), ("results", "Kết quả", 70)]
    with pytest.raises(ValidationError) as refused:
        open_round(commune_leader, year=2027, criteria=wrong)
    assert refused.value.message_dict == {
        "general_criteria": ["Các tiêu chí chung phải cộng lại đúng 30 điểm (hiện là 25 điểm)."]
    }
    with pytest.raises(ValidationError, match="kết quả thực hiện nhiệm vụ phải cộng lại đúng 70 điểm"):
        open_round(commune_leader, year=2027, criteria=[("general", "A", 30), ("results", "B", 69)])
    with pytest.raises(ValidationError, match="Hạn chi bộ đánh giá không thể trước hạn tự đánh giá"):
        open_round(
            commune_leader, year=2027, deadlines=DEADLINES | {"cell_review_due": datetime.date(2026, 12, 1)}
        )
    with pytest.raises(ValidationError, match="đã mở một đợt đánh giá cho kỳ này"):
        open_round(commune_leader)
    with pytest.raises(ValidationError, match="Chỉ cấp ủy mở đợt"):
        open_round(None, code="LB-01", year=2027)
    with pytest.raises(PermissionDenied):
        open_round(member, year=2027)


def test_a_quarter_round_reviews_its_quarter_and_may_include_non_members(commune_leader):
    round_ = open_round(
        commune_leader, period_kind="quarter", quarter=2, include_non_members=True, title="Quý II"
    )
    assert (round_.starts_on, round_.ends_on) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert round_.appraisals.filter(person__full_name="Trần Thị Ánh").exists()
    with pytest.raises(ValidationError) as refused:
        open_round(commune_leader, period_kind="quarter", title="Quý ?")
    assert refused.value.message_dict == {"quarter": ["Hãy chọn quý (từ 1 đến 4)."]}


def test_the_self_assessment_keeps_its_total_and_the_level_of_its_band(member, secretary):
    round_ = open_round()
    own = round_.appraisals.get(person__full_name="Nguyễn Thị Kim Ngọc")
    scores = scores_for(round_, 89)
    first = round_.criteria.first()
    scores[first.pk] = (Decimal("5.5"), "Giữ vững lập trường")
    own = actions.self_assess(own, actor=member, expected_version=own.version, scores=scores, summary="Tốt")
    assert own.self_total == Decimal("88.5") and own.self_level == T
    assert own.scores.get(criterion=first).note == "Giữ vững lập trường"
    with pytest.raises(ConflictError):
        actions.self_assess(own, actor=member, expected_version=own.version - 1, scores=scores)
    scores[first.pk] = (Decimal(7), "")
    with pytest.raises(ValidationError) as refused:
        actions.self_assess(own, actor=member, expected_version=own.version, scores=scores)
    assert refused.value.messages == ["Tiêu chí «Phẩm chất chính trị»: điểm phải từ 0 đến 6."]
    del scores[first.pk]
    with pytest.raises(ValidationError, match="«Phẩm chất chính trị»: hãy chấm điểm"):
        actions.self_assess(own, actor=member, expected_version=own.version, scores=scores)
    other = round_.appraisals.get(person__full_name="Lê Văn Tám")
    with pytest.raises(PermissionDenied):  # a member writes only their own
        actions.self_assess(
            other, actor=member, expected_version=other.version, scores=scores_for(round_, 80)
        )
    self_assess(other, 80, actor=secretary)  # the chi bộ types in a paper one


def test_the_chi_bo_proposes_with_a_majority_of_its_vote(secretary, outsider):
    round_ = open_round()
    ngoc, tam = (round_.appraisals.get(person__full_name=n) for n in ("Nguyễn Thị Kim Ngọc", "Lê Văn Tám"))
    self_assess(ngoc, 92)
    with pytest.raises(ValidationError) as refused:
        actions.propose(
            round_,
            unit("LB-01"),
            {
                ngoc.pk: {"level": X, "for": 2, "against": 2, "abstain": 0},
                tam.pk: {"level": T, "for": 4, "against": 0, "abstain": 0},
            },
            actor=secretary,
        )
    assert refused.value.messages == [
        "Nguyễn Thị Kim Ngọc: đề xuất cần quá nửa số phiếu tán thành (2/4).",
        "Lê Văn Tám chưa tự đánh giá: chi bộ chưa đề xuất xếp loại được.",
    ]
    row = {ngoc.pk: {"level": X, "for": 3, "against": 1, "abstain": 0, "remark": "Gương mẫu"}}
    assert actions.propose(round_, unit("LB-01"), row, actor=secretary) == 1
    ngoc.refresh_from_db()
    assert (ngoc.status, ngoc.proposed_level, ngoc.votes_for, ngoc.proposal_remark) == (
        Appraisal.Status.PROPOSED,
        X,
        3,
        "Gương mẫu",
    )
    with pytest.raises(ValidationError, match="Chi bộ đã đề xuất xếp loại"):
        self_assess(ngoc, 70)
    with pytest.raises(PermissionDenied):
        actions.propose(round_, unit("LB-01"), row, actor=outsider)


def test_the_decision_refuses_more_excellent_than_20_percent_of_good(commune_leader):
    others = add_members("LB-02", 10)
    round_ = open_round(commune_leader)
    levels = {p: T for p in others[:9]} | {
        others[9]: X,
        person("Nguyễn Thị Kim Ngọc"): X,
        person("Lê Văn Tám"): T,
    }
    rate(round_, levels)
    # 2 excellent, 10 good: at most 2 (20% of 10).
    actions.decide(round_, actor=commune_leader, expected_version=round_.version, levels={}, cell_levels={})
    round_.refresh_from_db()
    assert round_.status == AppraisalRound.Status.DECIDED
    assert Appraisal.objects.filter(round=round_, level=X).count() == 2


def test_over_the_cap_the_decision_says_the_numbers_and_writes_nothing(commune_leader):
    others = add_members("LB-02", 9)
    round_ = open_round(commune_leader)
    rate(
        round_,
        {p: T for p in others[:8]}
        | {others[8]: X, person("Nguyễn Thị Kim Ngọc"): X, person("Lê Văn Tám"): T},
    )
    with pytest.raises(ValidationError) as refused:
        actions.decide(
            round_, actor=commune_leader, expected_version=round_.version, levels={}, cell_levels={}
        )
    assert refused.value.messages == [
        "Đảng ủy xã Long Bình: 02 đảng viên xếp loại Hoàn thành xuất sắc nhiệm vụ, vượt quá 20% của 09 đảng viên "
        "xếp loại Hoàn thành tốt nhiệm vụ (nhiều nhất 01)."
    ]
    assert not Appraisal.objects.filter(round=round_).exclude(level="").exists()
    round_.refresh_from_db()
    assert round_.status == AppraisalRound.Status.OPEN
    # The committee lowers one of them: within the cap.
    ngoc = round_.appraisals.get(person__full_name="Nguyễn Thị Kim Ngọc")
    actions.decide(
        round_, actor=commune_leader, expected_version=round_.version, levels={ngoc.pk: T}, cell_levels={}
    )
    ngoc.refresh_from_db()
    assert (ngoc.proposed_level, ngoc.level) == (X, T)


def test_a_chi_bo_is_excellent_only_with_all_done_and_80_percent_good(commune_leader):
    others = add_members("LB-01", 3)
    round_ = open_round(commune_leader)
    ngoc, tam = person("Nguyễn Thị Kim Ngọc"), person("Lê Văn Tám")
    rate(round_, {others[0]: T, others[1]: H, others[2]: H, ngoc: T, tam: T})
    decide = dict(actor=commune_leader, expected_version=round_.version, cell_levels={unit("LB-01").pk: X})
    with pytest.raises(ValidationError) as refused:
        actions.decide(round_, levels={}, **decide)
    assert refused.value.messages == [
        "Chi bộ Ấp Long Hòa không thể xếp loại Hoàn thành xuất sắc nhiệm vụ: 5/5 đảng viên hoàn thành nhiệm vụ trở "
        "lên (cần 100%) và 3/5 đảng viên hoàn thành tốt nhiệm vụ trở lên (cần 80%)."
    ]
    by_person = {a.person_id: a.pk for a in round_.appraisals.all()}
    with pytest.raises(ValidationError, match="4/5 đảng viên hoàn thành nhiệm vụ trở lên"):
        actions.decide(round_, levels={by_person[others[1].pk]: T, by_person[others[2].pk]: K}, **decide)
    actions.decide(round_, levels={by_person[others[1].pk]: T}, **decide)  # 5/5 done, 4/5 good: 80%
    assert CellAppraisal.objects.get(round=round_).level == X


def test_a_decided_round_is_locked_and_a_change_is_a_recorded_amendment(commune_leader, secretary, member):
    others = add_members("LB-02", 10)
    round_ = open_round(commune_leader)
    ngoc, tam = person("Nguyễn Thị Kim Ngọc"), person("Lê Văn Tám")
    rate(round_, {p: T for p in others} | {ngoc: X, tam: H})
    actions.decide(
        round_,
        actor=commune_leader,
        expected_version=round_.version,
        levels={},
        cell_levels={},
        reference="15-QĐ/ĐU",
    )
    round_.refresh_from_db()
    own = round_.appraisals.get(person=ngoc)
    with pytest.raises(ValidationError, match="đã khóa"):
        self_assess(own, 99, actor=member)
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.propose(round_, unit("LB-01"), {}, actor=secretary)
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.decide(
            round_, actor=commune_leader, expected_version=round_.version, levels={}, cell_levels={}
        )
    tam_appraisal = round_.appraisals.get(person=tam)
    # A second "xuất sắc" among 10 "tốt" stays within the cap (2); a third would not.
    amendment = actions.amend(
        tam_appraisal,
        actor=commune_leader,
        expected_version=tam_appraisal.version,
        level=X,
        reason="Khen thưởng",
    )
    assert (amendment.from_level, amendment.to_level, amendment.by_name) == (H, X, "commune_leader")
    third = round_.appraisals.get(person=others[0])
    with pytest.raises(ValidationError, match="03 đảng viên xếp loại Hoàn thành xuất sắc nhiệm vụ"):
        actions.amend(third, actor=commune_leader, expected_version=third.version, level=X, reason="Thêm")
    with pytest.raises(ValidationError) as refused:
        actions.amend(third, actor=commune_leader, expected_version=third.version, level=H, reason=" ")
    assert refused.value.message_dict == {"reason": ["Hãy ghi lý do điều chỉnh."]}
    with pytest.raises(PermissionDenied):
        actions.amend(third, actor=secretary, expected_version=third.version, level=H, reason="Sai")
    assert Amendment.objects.count() == 1
    actions.publish(round_, actor=commune_leader, expected_version=round_.version)
    assert AppraisalRound.objects.get(pk=round_.pk).status == AppraisalRound.Status.PUBLISHED


def test_an_amendment_waits_for_the_decision(commune_leader):
    round_ = open_round(commune_leader)
    own = round_.appraisals.first()
    with pytest.raises(ValidationError, match="chưa có quyết định"):
        actions.amend(own, actor=commune_leader, expected_version=own.version, level=X, reason="Sớm")


def test_the_evidence_reads_the_registration_meetings_assignments_and_flags_not_done(secretary):
    from lamtheo.meetings import actions as meetings
    from lamtheo.meetings.models import Assignment, MeetingAttendance
    from lamtheo.meetings.tests.helpers import TZ, plan
    from lamtheo.pledges.models import Deed, Pledge

    ngoc, tam = person("Nguyễn Thị Kim Ngọc"), person("Lê Văn Tám")
    Pledge.objects.create(
        person=ngoc,
        unit=unit("LB-01"),
        year=2026,
        status=Pledge.Status.RATED,
        result_level=Pledge.Level.NOT_DONE,
    )
    Deed.objects.create(
        person=tam, unit=unit("LB-01"), date=datetime.date(2026, 5, 1), description="Dọn đường"
    )
    for month, ngoc_mark in ((3, "present"), (4, "absent"), (5, "late")):
        meeting = plan(starts_at=datetime.datetime(2026, month, 5, 8, tzinfo=TZ))
        marks = {pk: meetings.Mark("present") for pk in meeting.attendances.values_list("person", flat=True)}
        marks[ngoc.pk] = meetings.Mark(ngoc_mark)
        meetings.hold_meeting(
            meeting,
            marks,
            actor=None,
            expected_version=meeting.version,
            starts_at=meeting.starts_at,
            ends_at=meeting.starts_at + datetime.timedelta(hours=2),
        )
    assert MeetingAttendance.objects.filter(person=ngoc, status="absent").count() == 1
    for day, done in ((10, True), (11, False), (12, False)):
        Assignment.objects.create(
            meeting=meeting,
            what="Vận động",
            assignee_person=ngoc,
            deadline=datetime.date(2026, 6, day),
            done_at=datetime.datetime(2026, 6, day, 9, tzinfo=TZ) if done else None,
        )
    round_ = open_round()
    evidence = evidence_for(round_, [ngoc.pk, tam.pk], today=datetime.date(2026, 12, 1))
    mine = evidence[ngoc.pk]
    assert (mine.present, mine.listed, mine.attendance) == (2, 3, "2/3 (66,7%)")
    assert (mine.assignments_due, mine.assignments_on_time, mine.assignments_overdue) == (3, 1, 2)
    assert mine.flags == [
        "Bản đăng ký học tập và làm theo năm 2026 được chi bộ xếp loại Không hoàn thành nhiệm vụ.",
        "Hoàn thành 1/3 việc được giao có hạn trong kỳ, dưới 50%.",
    ]
    assert (evidence[tam.pk].deeds, evidence[tam.pk].flags, evidence[tam.pk].attendance) == (
        1,
        [],
        "3/3 (100%)",
    )


# --- pages ------------------------------------------------------------------------------------------------------


def test_opening_a_round_on_its_page_names_the_wrong_field(login, commune_leader):
    client = login(commune_leader)
    url = reverse("appraisal:create", args=[unit("LB").pk])
    form = client.get(url)
    assert "Trách nhiệm nêu gương | 6" in form.content.decode()
    data = {
        "title": "Năm 2026",
        "period_kind": "year",
        "year": "2026",
        **{name: day.isoformat() for name, day in DEADLINES.items()},
        "general_criteria": "Phẩm chất chính trị | 10\nĐạo đức, lối sống | 10",
        "result_criteria": "Kết quả | 70",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Các tiêu chí chung phải cộng lại đúng 30 điểm (hiện là 20 điểm)." in refused.content.decode()
    data["general_criteria"] = "Phẩm chất chính trị | 10\nĐạo đức, lối sống | 20"
    opened = client.post(url, data)
    round_ = AppraisalRound.objects.get()
    assert opened.status_code == 302 and opened["Location"] == round_.get_absolute_url()


def test_a_member_writes_their_bản_kiểm_điểm_and_sees_no_one_else(login, member):
    round_ = open_round()
    own = round_.appraisals.get(person__full_name="Nguyễn Thị Kim Ngọc")
    other = round_.appraisals.get(person__full_name="Lê Văn Tám")
    client = login(member)
    assert client.get(reverse("appraisal:detail", args=[round_.pk])).status_code == 200
    assert client.get(reverse("appraisal:person", args=[other.pk])).status_code == 404
    data = {"version": own.version, "summary": "Hoàn thành"}
    for criterion in round_.criteria.all():
        data[f"p-{criterion.pk}"] = str(criterion.points - 1).replace(".", ",")
        data[f"n-{criterion.pk}"] = "Ghi chú"
    response = client.post(reverse("appraisal:self_assess", args=[own.pk]), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.self_total, own.self_level) == (Decimal(92), X)
    page = client.get(own.get_absolute_url()).content.decode()
    assert "92,0" in page and "Hoàn thành xuất sắc nhiệm vụ" in page


def test_the_outsider_gets_404_everywhere(login, outsider, commune_leader):
    round_ = open_round(commune_leader)
    own = round_.appraisals.first()
    client = login(outsider)
    for url in (
        reverse("appraisal:detail", args=[round_.pk]),
        reverse("appraisal:decision", args=[round_.pk]),
        reverse("appraisal:person", args=[own.pk]),
        reverse("appraisal:self_assess", args=[own.pk]),
        reverse("appraisal:cell", args=[round_.pk, unit("LB-01").pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert not AppraisalRound.objects.visible_to(outsider).exists()


def test_the_chi_bo_sheet_saves_whole(login, secretary):
    round_ = open_round()
    ngoc, tam = (round_.appraisals.get(person__full_name=n) for n in ("Nguyễn Thị Kim Ngọc", "Lê Văn Tám"))
    self_assess(ngoc, 85)
    client = login(secretary)
    url = reverse("appraisal:cell", args=[round_.pk, unit("LB-01").pk])
    page = client.get(url).content.decode()
    assert "85,0 · Hoàn thành tốt nhiệm vụ" in page
    data = {
        f"level-{ngoc.pk}": T,
        f"for-{ngoc.pk}": "5",
        f"against-{ngoc.pk}": "0",
        f"abstain-{ngoc.pk}": "1",
    }
    refused = client.post(url, data | {f"level-{tam.pk}": T, f"for-{tam.pk}": "5"})
    assert refused.status_code == 200
    assert "Lê Văn Tám chưa tự đánh giá" in refused.content.decode()
    assert not Appraisal.objects.filter(status=Appraisal.Status.PROPOSED).exists()
    assert client.post(url, data).status_code == 302
    ngoc.refresh_from_db()
    assert (ngoc.proposed_level, ngoc.votes_for, ngoc.votes_abstain) == (T, 5, 1)


def test_the_decision_page_reads_everyone_in_the_same_queries(
    login, commune_leader, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = open_round(commune_leader, year=2025)
    client = login(commune_leader)
    url = reverse("appraisal:decision", args=[round_.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_members("LB-01", 15)
    add_members("LB-02", 15, prefix="Quần chúng")
    round_ = open_round(commune_leader)
    for appraisal in list(round_.appraisals.all())[:12]:
        self_assess(appraisal, 75)
    url = reverse("appraisal:decision", args=[round_.pk])
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('name="level-') == 32
    assert len(many) == len(few)


def test_the_decision_page_refuses_over_the_cap_and_then_decides(login, commune_leader):
    others = add_members("LB-02", 4)
    round_ = open_round(commune_leader)
    rate(round_, {p: T for p in others} | {person("Nguyễn Thị Kim Ngọc"): X, person("Lê Văn Tám"): X})
    client = login(commune_leader)
    url = reverse("appraisal:decision", args=[round_.pk])
    refused = client.post(url, {"version": round_.version}, follow=True)
    assert (
        "02 đảng viên xếp loại Hoàn thành xuất sắc nhiệm vụ, vượt quá 20% của 04 đảng viên"
        in refused.content.decode()
    )
    ngoc = round_.appraisals.get(person__full_name="Nguyễn Thị Kim Ngọc")
    decided = client.post(url, {"version": round_.version, f"level-{ngoc.pk}": T, "reference": "15-QĐ/ĐU"})
    assert decided.status_code == 302
    round_.refresh_from_db()
    assert (round_.status, round_.decision_reference) == (AppraisalRound.Status.DECIDED, "15-QĐ/ĐU")
    tam = round_.appraisals.get(person__full_name="Lê Văn Tám")
    amend = client.post(
        reverse("appraisal:amend", args=[tam.pk]),
        {"version": tam.version, "level": H, "reason": "Vi phạm được phát hiện sau"},
    )
    assert amend.status_code == 302
    page = client.get(tam.get_absolute_url()).content.decode()
    assert "Vi phạm được phát hiện sau" in page and "Điều chỉnh sau quyết định" in page


def test_the_summary_of_a_decided_round_is_a_party_document(login, commune_leader):
    import io

    from docx import Document as Docx

    others = add_members("LB-02", 8)
    round_ = open_round(commune_leader)
    client = login(commune_leader)
    url = reverse("appraisal:summary_docx", args=[round_.pk])
    assert client.get(url)["Location"] == round_.get_absolute_url()  # not decided yet
    rate(
        round_,
        {p: T for p in others[:7]}
        | {others[7]: H, person("Nguyễn Thị Kim Ngọc"): X, person("Lê Văn Tám"): T},
    )
    actions.decide(
        round_,
        actor=commune_leader,
        expected_version=round_.version,
        levels={},
        cell_levels={unit("LB-01").pk: X},
    )
    document = Docx(io.BytesIO(client.get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "TỔNG HỢP" in text
    assert (
        "Tổng số 10 đồng chí được đánh giá, xếp loại: Hoàn thành xuất sắc nhiệm vụ 01 đồng chí (10,0%); Hoàn thành "
        "tốt nhiệm vụ 08 đồng chí (80,0%); Hoàn thành nhiệm vụ 01 đồng chí (10,0%); Không hoàn thành nhiệm vụ 0 "
        "đồng chí (0%)."
    ) in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Chi bộ Ấp Long Hòa" in cells and "Hoàn thành xuất sắc nhiệm vụ" in cells
