"""The prints of exemplars: the decision that recognised one (quyết định khen thưởng, biểu dương), in HD 36's
layout through the one renderer."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from lamtheo.exemplars import actions
from lamtheo.exemplars.models import Exemplar
from lamtheo.exemplars.rendering import render_decision
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


def _recognised(honour=Exemplar.Honour.CERTIFICATE, person="Nguyễn Thị Kim Ngọc", **nominee):
    if not nominee:
        nominee = {"person": Person.objects.get(full_name=person)}
    exemplar = actions.nominate(
        unit("LB-01"), actor=None, year=2025, summary="Vận động hiến 200 m² đất làm đường ấp.", **nominee
    )
    actions.verify(exemplar, actor=None, expected_version=exemplar.version, accept=True)
    return actions.recognise(
        exemplar, actor=None, expected_version=exemplar.version, honour=honour, on=datetime.date(2025, 12, 20)
    )


def _text(content: bytes) -> tuple[str, str]:
    document = Document(io.BytesIO(content))
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join(p.text for p in document.paragraphs), cells


def test_a_certificate_decision_names_the_member_the_honour_and_who_carries_it_out():
    body, header = _text(render_decision(_recognised()))
    assert "ĐẢNG ỦY XÃ LONG BÌNH" in header and "Số      -QĐ/ĐU" in header  # the number left to fill by hand
    assert "ngày 20 tháng 12 năm 2025" in header
    assert "QUYẾT ĐỊNH\nvề việc tặng Giấy khen gương điển hình năm 2025" in body
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in body and "Xét đề nghị của Chi bộ Ấp Long Hòa," in body
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ LONG BÌNH QUYẾT ĐỊNH:" in body
    assert (
        "Điều 1. Tặng Giấy khen cho đồng chí Nguyễn Thị Kim Ngọc, đảng viên Chi bộ Ấp Long Hòa, đã có thành tích "
        "tiêu biểu năm 2025: vận động hiến 200 m² đất làm đường ấp."
    ) in body
    assert (
        "Điều 3. Văn phòng Đảng ủy xã Long Bình, Chi bộ Ấp Long Hòa và đồng chí Nguyễn Thị Kim Ngọc chịu trách "
        "nhiệm thi hành Quyết định này."
    ) in body
    assert "T/M BAN THƯỜNG VỤ" in header and "- Như Điều 3," in header and "- Lưu Văn phòng." in header


def test_praise_of_a_non_member_and_of_a_collective():
    body, _header = _text(render_decision(_recognised(Exemplar.Honour.PRAISE, person="Trần Thị Ánh")))
    assert "về việc biểu dương gương điển hình năm 2025" in body
    assert "Điều 1. Biểu dương bà Trần Thị Ánh, Chi bộ Ấp Long Hòa, đã có thành tích" in body
    collective = _recognised(
        Exemplar.Honour.MERIT, kind=Exemplar.Kind.COLLECTIVE, collective="Chi hội Phụ nữ ấp"
    )
    body, _header = _text(render_decision(collective))
    assert "Điều 1. Tặng Bằng khen cho Chi hội Phụ nữ ấp, đã có thành tích" in body


def test_the_decision_downloads_once_recognised_and_only_in_scope(login, commune_leader, member, outsider):
    exemplar = _recognised()
    url = reverse("exemplars:decision_docx", args=[exemplar.pk])
    assert url in login(member).get(exemplar.get_absolute_url()).content.decode()
    response = login(member).get(url)  # the person recognised
    assert response.status_code == 200 and "Tặng Giấy khen" in _text(response.content)[0]
    assert login(outsider).get(url).status_code == 404
    waiting = actions.nominate(
        unit("LB-01"),
        actor=None,
        year=2025,
        summary="Chờ xác minh",
        person=Person.objects.get(full_name="Lê Văn Tám"),
    )
    assert login(commune_leader).get(reverse("exemplars:decision_docx", args=[waiting.pk])).status_code == 404
