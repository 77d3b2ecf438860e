"""A code's adoption linked to the chi bộ meeting that adopted it: the action's rules, the adoption form's scoped
list of meetings, and the code's page linking to the meeting. Time is frozen on 10/04/2026 (conftest)."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.conduct import actions
from lamtheo.conduct.models import ConductCode
from lamtheo.conduct.tests.conftest import HAMLET_RULES, adopt, draft, minutes_file
from lamtheo.conduct.tests.test_views import text
from lamtheo.lib.concurrency import ConflictError
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Meeting, MeetingKind
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def planned(unit_code: str, day: datetime.date, *, invitees=None) -> Meeting:
    meeting = Meeting(
        unit=unit(unit_code),
        kind=MeetingKind.objects.get(code=MeetingKind.MONTHLY),
        starts_at=_at(day, 19),
        ends_at=_at(day, 21),
    )
    return meeting_actions.plan_meeting(meeting, actor=None, invitees=invitees)


def held(unit_code: str, day: datetime.date, *, invitees=None) -> Meeting:
    meeting = planned(unit_code, day, invitees=invitees)
    marks = {
        pk: meeting_actions.Mark("present") for pk in meeting.attendances.values_list("person", flat=True)
    }
    return meeting_actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
    )


@pytest.fixture
def lb01_draft(commune_code):
    return draft("LB-01", HAMLET_RULES, template=commune_code)


@pytest.fixture
def april_meeting(db):
    """Chi bộ Ấp Long Hòa's monthly meeting of 08/04/2026, held."""
    return held("LB-01", datetime.date(2026, 4, 8))


def refusal(code, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        actions.adopt_code(code, actor=None, expected_version=code.version, **kwargs)
    code.refresh_from_db()
    assert code.is_draft and code.meeting_id is None  # nothing written
    return error.value.message_dict


# The action


def test_adopting_at_a_held_meeting_takes_its_date_and_needs_no_file(lb01_draft, april_meeting, secretary):
    code = actions.adopt_code(
        lb01_draft, actor=secretary, expected_version=lb01_draft.version, meeting=april_meeting
    )
    assert code.is_adopted
    assert code.meeting == april_meeting
    assert code.adopted_on == datetime.date(2026, 4, 8)
    assert not code.minutes
    assert list(april_meeting.adopted_conduct_codes.all()) == [code]
    event = AuditEvent.objects.for_object(code).latest("pk")
    assert event.action == "conduct.adopt"
    assert event.changes["meeting"] == [None, "Sinh hoạt chi bộ thường kỳ (08/04/2026)"]


def test_the_meeting_and_the_minutes_file_together(lb01_draft, april_meeting):
    code = actions.adopt_code(
        lb01_draft,
        actor=None,
        expected_version=lb01_draft.version,
        adopted_on=datetime.date(2026, 4, 8),
        meeting=april_meeting,
        minutes=minutes_file(),
    )
    assert code.meeting == april_meeting and code.minutes_name == "bien-ban-hop-chi-bo.pdf"


def test_a_meeting_of_another_unit_is_refused_by_name(lb01_draft):
    sibling = held("LB-02", datetime.date(2026, 4, 8))
    errors = refusal(lb01_draft, meeting=sibling)
    assert errors["meeting"] == [
        "Cuộc họp «Sinh hoạt chi bộ thường kỳ (08/04/2026)» là của Chi bộ Ấp Long Thạnh, không phải của Chi bộ "
        "Ấp Long Hòa: bộ chuẩn mực chỉ được thông qua tại cuộc họp của chính đơn vị."
    ]
    # Its date is not taken either: the date field asks for one.
    assert set(errors) == {"meeting", "adopted_on"}


def test_a_meeting_not_held_is_refused(lb01_draft):
    meeting = planned("LB-01", datetime.date(2026, 4, 8))
    errors = refusal(lb01_draft, meeting=meeting, adopted_on=datetime.date(2026, 4, 8))
    assert errors["meeting"][0].startswith(
        "Cuộc họp «Sinh hoạt chi bộ thường kỳ (08/04/2026)» đã lên lịch, chưa được ghi nhận là đã họp"
    )


def test_a_date_other_than_the_meetings_is_refused(lb01_draft, april_meeting):
    errors = refusal(lb01_draft, meeting=april_meeting, adopted_on=datetime.date(2026, 4, 9))
    assert errors == {
        "adopted_on": [
            "Ngày thông qua 09/04/2026 khác ngày của cuộc họp đã chọn (08/04/2026): hãy để trống hoặc ghi đúng "
            "ngày cuộc họp."
        ]
    }


def test_neither_meeting_nor_minutes_is_refused(lb01_draft):
    errors = refusal(lb01_draft, adopted_on=datetime.date(2026, 4, 8))
    assert errors["minutes"][0].endswith(
        "hoặc chọn cuộc họp đó trong danh sách các cuộc họp đã diễn ra của đơn vị."
    )


def test_deleting_the_meeting_keeps_the_adoption(lb01_draft, april_meeting):
    code = actions.adopt_code(lb01_draft, actor=None, expected_version=1, meeting=april_meeting)
    april_meeting.delete()
    code.refresh_from_db()
    assert code.is_adopted and code.meeting_id is None and code.adopted_on == datetime.date(2026, 4, 8)


# The adoption form: a scoped list


def test_the_form_offers_only_the_units_held_meetings(login, secretary, lb01_draft, april_meeting):
    planned("LB-01", datetime.date(2026, 4, 20))  # not held yet
    held("LB-01", datetime.date(2024, 12, 5))  # before the year ahead of the code's period
    held("LB-02", datetime.date(2026, 4, 8))  # the sibling chi bộ's
    held("CD-01", datetime.date(2026, 4, 8))  # another commune's
    march = held("LB-01", datetime.date(2026, 3, 5))
    response = login(secretary).get(reverse("conduct:adopt", args=[lb01_draft.pk]))
    choices = [label for value, label in response.context["form"].fields["meeting"].choices if value]
    assert choices == [
        f"{april_meeting.local_start:%d/%m/%Y} – Sinh hoạt chi bộ thường kỳ",
        f"{march.local_start:%d/%m/%Y} – Sinh hoạt chi bộ thường kỳ",
    ]
    assert "Cuộc họp chi bộ thông qua" in text(response)


def test_without_held_meetings_the_form_says_to_attach_the_minutes(login, secretary, lb01_draft):
    response = login(secretary).get(reverse("conduct:adopt", args=[lb01_draft.pk]))
    assert "Đơn vị chưa có cuộc họp nào được ghi nhận là đã họp trong thời gian này" in text(response)


def test_adopting_through_the_form(login, secretary, lb01_draft, april_meeting):
    response = login(secretary).post(
        reverse("conduct:adopt", args=[lb01_draft.pk]),
        {"meeting": april_meeting.pk, "adopted_on": "", "version": lb01_draft.version},
        follow=True,
    )
    page = text(response)
    assert "Đã ghi nhận: chi bộ thông qua bộ chuẩn mực ngày 08/04/2026." in page
    code = ConductCode.objects.get(pk=lb01_draft.pk)
    assert code.is_adopted and code.meeting == april_meeting
    assert "Cuộc họp thông qua Sinh hoạt chi bộ thường kỳ (08/04/2026)" in page
    assert f'href="{april_meeting.get_absolute_url()}"' in response.content.decode()
    assert "Cuộc họp thông qua" in page  # the history names the field


def test_a_commune_leader_choosing_a_sibling_chi_bos_meeting_gets_the_clear_message(
    login, commune_leader, lb01_draft
):
    sibling = held("LB-02", datetime.date(2026, 4, 8))  # the leader sees it: the action refuses it by name
    response = login(commune_leader).post(
        reverse("conduct:adopt", args=[lb01_draft.pk]),
        {"meeting": sibling.pk, "version": lb01_draft.version},
    )
    assert response.status_code == 200
    assert "là của Chi bộ Ấp Long Thạnh, không phải của Chi bộ Ấp Long Hòa" in text(response)
    assert ConductCode.objects.get(pk=lb01_draft.pk).is_draft


def test_a_meeting_the_user_does_not_see_is_not_a_choice_and_is_not_named(login, secretary, lb01_draft):
    other = held("CD-01", datetime.date(2026, 4, 8))
    response = login(secretary).post(
        reverse("conduct:adopt", args=[lb01_draft.pk]),
        {"meeting": other.pk, "version": lb01_draft.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"]
    assert "Chi bộ Khóm 1" not in text(response)
    assert ConductCode.objects.get(pk=lb01_draft.pk).is_draft


# The code's page


def test_the_codes_page_links_to_the_meeting_for_those_who_see_it(
    login, secretary, lb01_draft, april_meeting
):
    code = actions.adopt_code(lb01_draft, actor=None, expected_version=1, meeting=april_meeting)
    response = login(secretary).get(code.get_absolute_url())
    assert f'href="{april_meeting.get_absolute_url()}"' in response.content.decode()
    page = text(response)
    assert "Cuộc họp thông qua Sinh hoạt chi bộ thường kỳ (08/04/2026)" in page
    assert "Biên bản cuộc họp —" not in page  # the meeting holds the minutes: no empty file row


def test_a_member_not_invited_reads_the_meeting_without_a_link(login, member, secretary, lb01_draft):
    only_secretary = {secretary.person_id: meeting_actions.Mark("invited")}
    meeting = held("LB-01", datetime.date(2026, 4, 8), invitees=only_secretary)
    code = adopt_with(lb01_draft, meeting)
    response = login(member).get(code.get_absolute_url())
    assert response.status_code == 200
    assert "Sinh hoạt chi bộ thường kỳ (08/04/2026)" in text(response)
    assert meeting.get_absolute_url() not in response.content.decode()


def test_a_code_adopted_with_a_file_only_shows_no_meeting(login, secretary, lb01_draft):
    code = adopt(lb01_draft)
    page = text(login(secretary).get(code.get_absolute_url()))
    assert "Cuộc họp thông qua" not in page
    assert "Biên bản cuộc họp bien-ban-hop-chi-bo.pdf" in page


def adopt_with(code, meeting):
    return actions.adopt_code(code, actor=None, expected_version=code.version, meeting=meeting)


# Naming the meeting afterwards, for a code adopted with its minutes file


@pytest.fixture
def adopted_with_file(lb01_draft):
    """Adopted on 08/04/2026 with its minutes file only."""
    return adopt(lb01_draft, on=datetime.date(2026, 4, 8))


def test_the_meeting_of_a_code_adopted_with_a_file_can_be_named_later(
    adopted_with_file, april_meeting, secretary
):
    code = actions.link_adoption_meeting(
        adopted_with_file, actor=secretary, expected_version=adopted_with_file.version, meeting=april_meeting
    )
    code.refresh_from_db()
    assert code.meeting == april_meeting and code.minutes_name == "bien-ban-hop-chi-bo.pdf"
    event = AuditEvent.objects.for_object(code).latest("pk")
    assert event.action == "conduct.adoption_meeting"
    assert event.changes == {"meeting": [None, "Sinh hoạt chi bộ thường kỳ (08/04/2026)"]}
    # ...and removed again: the file still records the adoption.
    code = actions.link_adoption_meeting(code, actor=secretary, expected_version=code.version, meeting=None)
    assert ConductCode.objects.get(pk=code.pk).meeting_id is None


def link_refusal(code, meeting) -> str:
    version = code.version
    with pytest.raises(ValidationError) as error:
        actions.link_adoption_meeting(code, actor=None, expected_version=version, meeting=meeting)
    code.refresh_from_db()
    assert code.version == version  # nothing written
    return error.value.message_dict["meeting"][0]


def test_naming_a_meeting_of_another_day_is_refused(adopted_with_file):
    march = held("LB-01", datetime.date(2026, 3, 5))
    assert link_refusal(adopted_with_file, march) == (
        "Cuộc họp «Sinh hoạt chi bộ thường kỳ (05/03/2026)» diễn ra ngày 05/03/2026, còn bộ chuẩn mực được thông "
        "qua ngày 08/04/2026: hãy chọn cuộc họp của ngày thông qua."
    )


def test_naming_a_meeting_of_another_unit_is_refused(adopted_with_file):
    sibling = held("LB-02", datetime.date(2026, 4, 8))
    assert "là của Chi bộ Ấp Long Thạnh, không phải của Chi bộ Ấp Long Hòa" in link_refusal(
        adopted_with_file, sibling
    )


def test_the_only_record_of_an_adoption_cannot_be_removed(lb01_draft, april_meeting):
    code = adopt_with(lb01_draft, april_meeting)
    assert link_refusal(code, None).startswith("Bộ chuẩn mực không có tệp biên bản")


def test_a_draft_gets_its_meeting_when_adopted(lb01_draft, april_meeting):
    assert link_refusal(lb01_draft, april_meeting).startswith("Bộ chuẩn mực còn là dự thảo")


def test_a_stale_link_is_a_conflict(adopted_with_file, april_meeting):
    with pytest.raises(ConflictError):
        actions.link_adoption_meeting(
            adopted_with_file,
            actor=None,
            expected_version=adopted_with_file.version - 1,
            meeting=april_meeting,
        )


def test_the_page_offers_the_meetings_of_the_adoption_day(login, secretary, adopted_with_file, april_meeting):
    held("LB-01", datetime.date(2026, 3, 5))
    client = login(secretary)
    detail = text(client.get(adopted_with_file.get_absolute_url()))
    assert "Gắn cuộc họp thông qua" in detail
    url = reverse("conduct:adoption_meeting", args=[adopted_with_file.pk])
    response = client.get(url)
    field = response.context["form"].fields["meeting"]
    assert [label for value, label in field.choices if value] == ["08/04/2026 – Sinh hoạt chi bộ thường kỳ"]
    assert response.context["form"].initial["meeting"] == april_meeting.pk
    saved = client.post(url, {"meeting": april_meeting.pk, "version": adopted_with_file.version}, follow=True)
    page = text(saved)
    assert "Đã lưu cuộc họp thông qua bộ chuẩn mực." in page
    assert "Cuộc họp thông qua Sinh hoạt chi bộ thường kỳ (08/04/2026)" in page
    assert "Biên bản cuộc họp bien-ban-hop-chi-bo.pdf" in page  # the file stays
    assert "Đổi cuộc họp thông qua" in page


def test_the_link_page_refuses_a_member_and_hides_from_the_outsider(
    login, member, outsider, adopted_with_file
):
    url = reverse("conduct:adoption_meeting", args=[adopted_with_file.pk])
    assert login(member).post(url, {"version": adopted_with_file.version}).status_code == 403
    assert login(outsider).post(url, {"version": adopted_with_file.version}).status_code == 404
    assert ConductCode.objects.get(pk=adopted_with_file.pk).version == adopted_with_file.version


def test_a_drafts_link_page_sends_back_to_the_code(login, secretary, lb01_draft):
    response = login(secretary).get(reverse("conduct:adoption_meeting", args=[lb01_draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == lb01_draft.get_absolute_url()
    assert "hãy chọn cuộc họp khi ghi nhận chi bộ thông qua" in text(response)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("province_staff", 200),
        ("commune_leader", 200),
        ("secretary", 200),
        ("member", 403),
        ("outsider", 404),
    ],
)
def test_an_empty_post_writes_nothing(request, client, adopted_with_file, persona, status):
    """The root permission matrix's write check: the form again with its errors, or a refusal."""
    events = AuditEvent.objects.count()
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("conduct:adoption_meeting", args=[adopted_with_file.pk]), {})
    assert response.status_code == status
    assert AuditEvent.objects.count() == events


def test_the_adoption_form_reads_its_meetings_in_a_fixed_number_of_queries(login, secretary, lb01_draft):
    client = login(secretary)
    url = reverse("conduct:adopt", args=[lb01_draft.pk])
    held("LB-01", datetime.date(2026, 4, 8))
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in (5, 12, 19, 26):
        held("LB-01", datetime.date(2026, 2, day))
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(response.context["form"].fields["meeting"].choices) == 6  # the empty choice and five meetings
    assert len(five) == len(one)
