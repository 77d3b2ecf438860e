"""The pages of exemplars: nominating from a chi bộ, the commune's list of what waits for it, verifying and
recognising from the exemplar's page, the chi bộ's book of good deeds."""

import datetime

import pytest
from django.urls import reverse

from lamtheo.exemplars import actions
from lamtheo.exemplars.models import Exemplar
from lamtheo.people.models import Person
from lamtheo.pledges.models import Deed
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def deed():
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    return Deed.objects.create(
        person=ngoc, unit=ngoc.unit, date=datetime.date(2026, 4, 10), description="Hiến 200 m² đất làm đường"
    )


def test_a_secretary_nominates_with_the_persons_deed_and_the_commune_sees_it_waiting(
    login, secretary, commune_leader, deed
):
    client = login(secretary)
    url = reverse("exemplars:nominate", args=[unit("LB-01").pk]) + "?nam=2026"
    page = client.get(url).content.decode()
    # the person first, then their deeds (a commune has thousands): swapped in by htmx when the person changes
    assert "Hiến 200 m² đất làm đường" not in page and "Chọn người được đề nghị để thấy" in page
    choices = reverse("exemplars:deed_choices", args=[unit("LB-01").pk])
    assert f'hx-get="{choices}?nam=2026"' in page
    tam = Person.objects.get(full_name="Lê Văn Tám")
    Deed.objects.create(person=tam, unit=tam.unit, date=datetime.date(2026, 5, 2), description="Sửa cầu khỉ")
    fragment = client.get(choices, {"nam": 2026, "kind": "person", "person": deed.person_id}).content.decode()
    assert "Hiến 200 m² đất làm đường" in fragment and "Sửa cầu khỉ" not in fragment
    assert 'id="deed-choices"' in fragment
    fragment = client.get(choices, {"nam": 2025, "kind": "person", "person": deed.person_id}).content.decode()
    assert "chưa có việc tốt nào trong năm 2025" in fragment
    fragment = client.get(choices, {"nam": 2026, "kind": "collective"}).content.decode()
    assert (
        "chưa có việc tốt nào của tập thể trong năm 2026" in fragment
    )  # members' logs are not a collective's
    refused = client.post(url, {"kind": "person", "person": tam.pk, "summary": "Sửa cầu", "deeds": [deed.pk]})
    assert "deeds" in refused.context["form"].errors  # another person's deed is not offered, hence refused
    refused = client.post(url, {"kind": "person", "summary": "Vận động hiến đất"})
    assert "Hãy chọn người được đề nghị." in refused.content.decode()
    response = client.post(
        url, {"kind": "person", "person": deed.person_id, "summary": "Vận động hiến đất", "deeds": [deed.pk]}
    )
    exemplar = Exemplar.objects.get()
    assert response["Location"] == exemplar.get_absolute_url()
    html = login(commune_leader).get(reverse("exemplars:index")).content.decode()
    assert "1 đề nghị chờ anh/chị xác minh" in html and "Nguyễn Thị Kim Ngọc" in html


def test_the_deed_picker_is_scoped_and_refused_to_a_member(login, member, outsider, deed):
    choices = reverse("exemplars:deed_choices", args=[unit("LB-01").pk])
    assert login(outsider).get(choices, {"person": deed.person_id}).status_code == 404
    assert login(member).get(choices, {"person": deed.person_id}).status_code == 403
    outside = Person.objects.get(full_name="Võ Văn Bình")  # a person of another commune is not a choice
    html = (
        login(outsider)
        .get(reverse("exemplars:deed_choices", args=[unit("CD-01").pk]), {"person": deed.person_id})
        .content.decode()
    )
    assert "Hiến 200 m² đất làm đường" not in html and outside.pk


def test_the_commune_verifies_then_recognises_from_the_page(login, secretary, commune_leader, deed):
    exemplar = actions.nominate(
        unit("LB-01"),
        actor=secretary,
        year=2026,
        person=deed.person,
        summary="Vận động hiến đất",
        deeds=[deed],
    )
    client = login(commune_leader)
    page = client.get(exemplar.get_absolute_url()).content.decode()
    assert "Ghi kết quả xác minh" in page and "Hiến 200 m² đất làm đường" in page
    client.post(
        reverse("exemplars:verify", args=[exemplar.pk]), {"decision": "accept", "version": exemplar.version}
    )
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.VERIFIED
    response = client.post(
        reverse("exemplars:recognise", args=[exemplar.pk]),
        {"honour": "praise", "on": "2026-05-19", "version": exemplar.version},
    )
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.get_honour_display() == "Biểu dương"
    page = client.get(exemplar.get_absolute_url()).content.decode()
    assert "Chuyển lên cấp trên xét chọn" in page
    # The chi bộ's secretary sees the result but none of the committee's buttons.
    page = login(secretary).get(exemplar.get_absolute_url()).content.decode()
    assert "Biểu dương" in page and "Chuyển lên cấp trên xét chọn" not in page


def test_the_book_of_good_deeds_lists_the_years_deeds_without_a_query_per_row(
    login, secretary, deed, django_assert_max_num_queries
):
    for day in range(1, 30):
        Deed.objects.create(
            person=deed.person,
            unit=deed.unit,
            date=datetime.date(2026, 5, day),
            description=f"Việc tốt {day}",
        )
    Deed.objects.create(
        person=deed.person, unit=deed.unit, date=datetime.date(2025, 5, 1), description="Năm trước"
    )
    client = login(secretary)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("exemplars:book", args=[unit("LB-01").pk]) + "?nam=2026").content.decode()
    assert "30 việc tốt được ghi trong năm." in html
    assert "Hiến 200 m² đất làm đường" in html and "Năm trước" not in html


def test_the_book_prints_in_the_party_format_with_the_deeds_and_the_nominations(login, secretary, deed):
    import io

    from docx import Document as Docx

    actions.nominate(
        unit("LB-01"),
        actor=secretary,
        year=2026,
        person=deed.person,
        summary="Vận động hiến đất",
        deeds=[deed],
    )
    response = login(secretary).get(reverse("exemplars:book_docx", args=[unit("LB-01").pk]) + "?nam=2026")
    assert response["Content-Disposition"].endswith('so-nguoi-tot-viec-tot-2026-chi-bo-ap-long-hoa.docx"')
    document = Docx(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "SỔ NGƯỜI TỐT, VIỆC TỐT" in text
    assert "Năm 2026, Chi bộ Ấp Long Hòa ghi nhận 01 việc tốt của 01 người." in text
    assert "Đơn vị đã đề nghị 01 gương điển hình, chưa có trường hợp nào được khen." in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Hiến 200 m² đất làm đường" in cells and "Chờ xác minh (Đảng ủy xã Long Bình)" in cells
