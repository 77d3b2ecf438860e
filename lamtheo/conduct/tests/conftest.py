"""Codes of conduct of the personas' province: the Tỉnh ủy's term-long code, xã Long Bình's 2026 code made from
it, and the rules a chi bộ of hamlets writes for itself. Time is frozen on 10/04/2026."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.conduct import actions
from lamtheo.testing import unit

TODAY = datetime.date(2026, 4, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

PROVINCE_RULES = [
    "Trung thành – Trách nhiệm – Liêm chính – Gương mẫu",
    "Nói đi đôi với làm",
    "Gần dân, trọng dân, hiểu dân, giúp dân, có trách nhiệm với dân",
    "Tận tụy, sáng tạo, hiệu quả",
    "Đoàn kết, kỷ cương, thân thiện",
    "Không tham nhũng, không tiêu cực, không lợi ích nhóm",
]
COMMUNE_RULES = [
    "Trung thành – Trách nhiệm – Liêm chính – Gương mẫu",
    "Đúng hẹn với dân, không để dân chờ lâu",
    "Nói đi đôi với làm",
    "Giải quyết hồ sơ nhanh, gọn, đúng luật",
    "Lắng nghe dân, thấu hiểu dân, giúp dân",
    "Chung sức xây dựng xã nông thôn mới kiểu mẫu",
]
HAMLET_RULES = [
    "Gần dân, hiểu dân, giúp dân",
    "Mỗi đảng viên gắn bó với mười hộ dân",
    "Họp ấp đúng giờ, nói ngắn, làm ngay",
    "Giữ ấp xanh, sạch, đẹp, an toàn",
    "Đảng viên đi trước, xóm làng theo sau",
]


@pytest.fixture(autouse=True)
def frozen():
    moment = datetime.datetime(2026, 4, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


def minutes_file(name="bien-ban-hop-chi-bo.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft(code, rules=None, *, template=None, year=2026, end=None, actor=None, **fields):
    return actions.create_code(
        unit(code), actor=actor, start_year=year, end_year=end, template=template, rules=rules, **fields
    )


def adopt(code, *, on=datetime.date(2026, 3, 15), actor=None):
    return actions.adopt_code(
        code, actor=actor, expected_version=code.version, adopted_on=on, minutes=minutes_file()
    )


def adopted(
    unit_code, rules=None, *, template=None, year=2026, end=None, on=datetime.date(2026, 3, 15), actor=None
):
    return adopt(
        draft(unit_code, rules, template=template, year=year, end=end, actor=actor), on=on, actor=actor
    )


@pytest.fixture
def province_code(db):
    """The Tỉnh ủy's code for the 2025–2030 term, adopted on 15/10/2025."""
    return adopted("TU", PROVINCE_RULES, year=2025, end=2030, on=datetime.date(2025, 10, 15))


@pytest.fixture
def commune_code(province_code):
    """Xã Long Bình's 2026 code, made from the province's: two rules kept, four of its own."""
    return adopted("LB", COMMUNE_RULES, template=province_code, on=datetime.date(2026, 1, 20))
