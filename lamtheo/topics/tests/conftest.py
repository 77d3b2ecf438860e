"""Topics of the personas' province: a term-long topic of the Tỉnh ủy, its 2026 topic, and Long Bình's own."""

import datetime
import zoneinfo

import pytest
import time_machine

from lamtheo.documents.models import Document, DocumentType
from lamtheo.testing import unit
from lamtheo.topics import actions
from lamtheo.topics.models import Topic

TODAY = datetime.date(2026, 4, 10)
DEADLINE = datetime.date(2026, 3, 31)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def frozen():
    moment = datetime.datetime(2026, 4, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


def make_topic(code, kind=Topic.Kind.YEAR, *, title, start, end=None, actor=None, **fields):
    topic = Topic(unit=unit(code), kind=kind, title=title, start_year=start, end_year=end or start, **fields)
    return actions.create_topic(topic, actor=actor)


def make_plan(code, topic, date, *, status=Document.Status.ISSUED, key="ke_hoach"):
    """A document of `code` serving `topic`, written straight to the table: the documents workflow is not
    what these tests are about."""
    return Document.objects.create(
        unit=unit(code),
        doc_type=DocumentType.objects.get(key=key),
        summary=f"triển khai {topic.title}",
        topic=topic,
        status=status,
        date=date if status in Document.PUBLISHED else None,
    )


@pytest.fixture
def term(db):
    return make_topic(
        "TU",
        Topic.Kind.TERM,
        title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường",
        start=2025,
        end=2030,
    )


@pytest.fixture
def yearly(term):
    return make_topic(
        "TU", title="Chuyên đề năm 2026: phong cách nêu gương", start=2026, parent=term, deploy_by=DEADLINE
    )


@pytest.fixture
def lb_topic(term):
    """Long Bình's own 2026 topic, under the province's term-long topic."""
    return make_topic(
        "LB",
        title="Chuyên đề năm 2026 của Đảng ủy xã Long Bình: dân vận khéo",
        start=2026,
        parent=term,
        deploy_by=datetime.date(2026, 4, 30),
    )


def add_unit(parent, code, name, kind):
    from lamtheo.units.models import Unit

    child = Unit(code=code, name=name, kind=kind)
    child.refresh_derived()
    return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=child)


@pytest.fixture
def pdf_attachment(yearly, province_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("tai-lieu-2026.pdf", PDF, content_type="application/pdf")
    return actions.add_attachment(yearly, upload, actor=province_staff, name="Tài liệu học tập 2026")
