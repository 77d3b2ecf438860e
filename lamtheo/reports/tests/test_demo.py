"""The demo's reports, on a tiny demo province built once for this module and rolled back after it."""

import datetime
import io
import random

import pytest
from django.utils import timezone
from docx import Document as DocxFile

from lamtheo.accounts.models import Role, User
from lamtheo.audit.models import AuditEvent
from lamtheo.demo import builder
from lamtheo.demo.population import AS_OF
from lamtheo.demo.reports import KIND, PERIOD, RETURN_REMARK, SENT_ON, build_reports, delete_reports
from lamtheo.reports.models import Deadline, Report, Submission
from lamtheo.reports.received import received
from lamtheo.units.models import Unit

TINY = builder.Scale(communes=3, people_per_cell=8)  # the size of conftest.tiny_demo
pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers


@pytest.fixture(scope="module")
def demo(tiny_demo, django_db_blocker):
    """The tiny demo (conftest.py), built once for all the modules that read it; what this changes is rolled back."""
    with django_db_blocker.unblock():
        root = Unit.objects.get(code=builder.ROOT_CODE)
        if not Report.objects.filter(unit=root).exists():  # until the builder calls it itself
            admin = User.objects.filter(is_demo=True, role_assignments__role=Role.SYSTEM_ADMIN).first()
            build_reports(root, random.Random(11), actor=admin)
        yield root


def test_the_province_drafts_and_the_communes_sent_theirs(demo, db):
    root = demo
    own = Report.objects.get(unit=root)
    assert own.is_editable and own.period == PERIOD
    accepted = Submission.objects.get(status="accepted")
    assert f"{accepted.unit.name}: " in own.results  # quoted from the accepted commune
    rows, deadline = received(root, KIND, PERIOD, today=AS_OF)
    assert deadline is not None
    states = [row.submission.status if row.submission else "missing" for row in rows]
    assert states.count("accepted") == 1
    assert states.count("returned") == 1
    assert "missing" in states
    assert Submission.objects.get(status="returned").remark == RETURN_REMARK
    sent = Submission.objects.first().report
    opened = DocxFile(io.BytesIO(bytes(sent.frozen_docx)))
    assert sent.document.code in "\n".join(c.text for t in opened.tables for c in t._cells)


def test_the_reports_are_dated_in_the_demos_history(demo, db):
    """Issued and sent on the demo's days, never after its "today" (01/03/2026), whatever the real clock says."""
    end = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time()))
    sent = Submission.objects.select_related("report__document").order_by("first_submitted_at")
    assert [timezone.localdate(s.first_submitted_at) for s in sent] == list(SENT_ON[: len(sent)])
    for submission in sent:
        document = submission.report.document
        assert timezone.localdate(document.issued_at) == document.date == submission.report.issued_at.date()
        assert document.created_at <= document.issued_at
    reports = Report.objects.filter(unit__in=Unit.objects.subtree_of(demo))
    assert not reports.filter(created_at__gte=end).exists()
    assert not AuditEvent.objects.filter(action__startswith="report.", at__gte=end).exists()


def test_delete_reports_removes_them(demo, db):
    units = Unit.objects.subtree_of(demo)
    assert delete_reports(units) >= 3
    assert not Report.objects.filter(unit__in=units).exists()
    assert not Submission.objects.exists() and not Deadline.objects.filter(unit__in=units).exists()
