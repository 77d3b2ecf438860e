"""The demo's reports and the HD 36 layout of every kind of Party print made from it, on a tiny demo province built
once for this module and rolled back after it."""

import datetime
import io
import random

import pytest
from django.utils import timezone
from docx import Document as DocxFile
from docx.oxml.ns import qn
from docx.shared import Pt

from lamtheo.accounts.models import Role, User
from lamtheo.audit.models import AuditEvent
from lamtheo.demo import builder
from lamtheo.demo.population import AS_OF
from lamtheo.demo.reports import KIND, PERIOD, RETURN_REMARK, SENT_ON, build_reports, delete_reports
from lamtheo.documents.models import Document
from lamtheo.documents.rendering import render_docx
from lamtheo.lib import docx as party
from lamtheo.meetings.minutes import minutes_document
from lamtheo.meetings.models import Meeting
from lamtheo.pledges.models import Pledge
from lamtheo.pledges.rendering import book_document, render_pledge
from lamtheo.reports.models import Deadline, Report, Submission
from lamtheo.reports.received import received
from lamtheo.reports.rendering import BODY_TABLE_ROWS, current_figures, render_report
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
    # The accepted commune is quoted, without the lines the province's own text already says.
    said = own.results.splitlines()
    quoted = [line for line in accepted.report.results.splitlines() if line not in said]
    if quoted:
        assert f"{accepted.unit.name}: {quoted[0]}" in own.results
    else:
        assert f"{accepted.unit.name}: " not in own.results
    rows, deadline = received(root, KIND, PERIOD, today=AS_OF)
    assert deadline is not None
    states = [row.submission.status if row.submission else "missing" for row in rows]
    assert states.count("accepted") == 1
    assert states.count("returned") == 1
    assert "missing" in states
    assert Submission.objects.get(status="returned").remark == RETURN_REMARK
    sent = Submission.objects.first().report
    assert (
        sent.prints.get(format="docx").status == "done"
    )  # made on issuing (its file under the build's media)
    opened = DocxFile(io.BytesIO(render_report(sent, sent.frozen_figures)))
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


# --- the HD 36 layout of every kind of print ---------------------------------------------------------------


def _signature_table(document, name: str):
    return next(t for t in document.tables if name and name in t.rows[0].cells[-1].text)


def assert_party_layout(content: bytes, *, signer: str, numbered: bool = True):
    """What every Party-format print shares, read back from its DOCX: A4 with the Party's margins, Times New Roman,
    the page number field from page 2, the two-row header, the sizes of each part, the signature kept with what
    precedes it."""
    document = DocxFile(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    assert [round(m.cm, 1) for m in margins] == [2.0, 1.5, 2.0, 3.0]
    assert section.different_first_page_header_footer
    assert [t.text for t in section.header.paragraphs[0]._p.iter(qn("w:instrText"))] == [" PAGE "]
    header = document.tables[0]
    assert len(header.rows) == (2 if numbered else 1)
    left, right = header.rows[0].cells
    party_name = right.paragraphs[0]
    assert party_name.text == party.PARTY_NAME
    assert party_name.runs[0].bold and party_name.runs[0].font.size == Pt(15)
    issuing = [p for p in left.paragraphs if p.runs and p.runs[0].bold]
    assert len(issuing) == 1 and issuing[0].runs[0].font.size == Pt(14)
    date_line = (header.rows[1].cells[1] if numbered else right).paragraphs[-1]
    assert date_line.runs[0].italic and ", ngày " in date_line.text and "\n" not in date_line.text
    if numbered:
        assert header.rows[1].cells[0].paragraphs[0].text.startswith("Số ")
    type_line = next(p for p in document.paragraphs if p.runs and p.runs[0].font.size == Pt(16))
    assert type_line.runs[0].bold and type_line.text == type_line.text.upper()
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs
    ]
    assert {r.font.name for r in runs if r.text} == {party.FONT}
    body = [p for p in document.paragraphs if p.text.strip() and p.runs and p.runs[0].font.size == Pt(14)]
    assert body  # the body is set at 14
    signature = _signature_table(document, signer)
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    before = signature._tbl.getprevious()
    assert before.xpath("./w:pPr/w:keepNext")  # the spacer keeps with the signature...
    last = before.getprevious()  # ...and so does the last paragraph, picture or table row before it
    assert last.xpath("./w:pPr/w:keepNext") or last.xpath(".//w:tr[last()]//w:keepNext")
    return document


def test_every_kind_of_print_has_the_hd36_layout(demo, db):
    plan = Document.objects.filter(doc_type__key="ke_hoach", status="issued").first()
    assert_party_layout(render_docx(plan), signer=plan.signer_name)
    draft = Document.objects.filter(status="draft").exclude(doc_type__key="bao_cao").first()
    if draft is not None:
        drafted = assert_party_layout(render_docx(draft), signer=draft.signer_name)
        assert drafted.paragraphs[0].text.strip().startswith("DỰ THẢO")
        number = drafted.tables[0].rows[1].cells[0].paragraphs[0].text
        assert number == f"Số      -{draft.doc_type.code}/{draft.unit.issuer_profile.issuer_code}"

    province = Report.objects.get(unit=demo)
    report = assert_party_layout(
        render_report(province, current_figures(province)), signer=province.document.signer_name
    )
    assert report.paragraphs[0].text.strip().startswith("DỰ THẢO")  # the province's report is still a draft
    by_unit = next(t for t in report.tables if t.rows[0].cells[0].text == "STT")
    assert by_unit.rows[-1].cells[1].text == "Toàn tỉnh"  # the total row
    assert by_unit.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    units_below = len(by_unit.rows) - 2
    if units_below > BODY_TABLE_ROWS:  # a long table: a Phụ lục on a landscape page after the signature
        assert len(report.sections) == 2 and "PHỤ LỤC" in [p.text for p in report.paragraphs]
        assert by_unit is report.tables[-1]
    else:
        assert len(report.sections) == 1 and "PHỤ LỤC" not in [p.text for p in report.paragraphs]
    sent = Report.objects.exclude(unit=demo).filter(issued_at__isnull=False).first()
    assert_party_layout(render_report(sent, sent.frozen_figures), signer=sent.document.signer_name)

    meeting = (
        Meeting.objects.with_figures()
        .filter(kind__code="monthly", status=Meeting.Status.HELD, secretary__isnull=False)
        .first()
    )
    minutes = assert_party_layout(
        party.render(minutes_document(meeting)), signer=meeting.chair.full_name, numbered=True
    )
    secretary, chair = _signature_table(minutes, meeting.chair.full_name).rows[0].cells
    assert meeting.secretary.full_name in secretary.text and "THƯ KÝ" in secretary.text
    assert "CHỦ TRÌ" in chair.text

    pledge = Pledge.objects.filter(status__in=Pledge.RATED_STATES).select_related("person", "unit").first()
    printed = assert_party_layout(render_pledge(pledge), signer=pledge.person.full_name, numbered=False)
    confirmation = _signature_table(printed, pledge.person.full_name).rows[0].cells[0].text
    assert "XÁC NHẬN CỦA CHI BỘ" in confirmation and "Ngày " in confirmation
    book = book_document(pledge.unit, pledge.year)
    assert_party_layout(party.render(book), signer=book.signer_name, numbered=False)
