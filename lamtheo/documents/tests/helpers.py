"""Documents the view and rendering tests share: drafts and issued documents of xã Long Bình (LB)."""

import datetime

from django.core.files.base import ContentFile

from lamtheo.documents import actions
from lamtheo.documents.models import Attachment, ConsultationResponse, Document, DocumentType, Term
from lamtheo.testing import unit

TODAY = datetime.date(2026, 3, 2)
BODY = (
    "Thực hiện Kế hoạch của Ban Thường vụ Tỉnh ủy về học tập chuyên đề năm 2026.\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "1. Nâng cao nhận thức của cán bộ, đảng viên.\n"
    "- Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể.\n"
    "II. NỘI DUNG\n"
    "Tổ chức học tập chuyên đề đến 100% chi bộ trực thuộc."
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_term(code="LB") -> Term:
    return Term.objects.create(
        unit=unit(code), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 7, 1)
    )


def make_draft(user, key="ke_hoach", summary="triển khai học tập chuyên đề năm 2026", issuer="LB", **fields):
    document = Document(
        unit=unit(issuer),
        doc_type=DocumentType.objects.get(key=key),
        summary=summary,
        body=fields.pop("body", BODY),
        signer_title="BÍ THƯ",
        signer_name="Nguyễn Văn Hùng",
        recipients=fields.pop("recipients", "Ban Thường vụ Tỉnh ủy (để báo cáo)\nCác chi bộ trực thuộc"),
        **fields,
    )
    return actions.create_draft(document, actor=user)


def consult(document, user, asked, verdict=ConsultationResponse.Verdict.AGREE, close=True):
    consultation = actions.open_consultation(
        document,
        users=[asked],
        deadline=TODAY + datetime.timedelta(days=5),
        message="Đề nghị các đồng chí cho ý kiến.",
        actor=user,
    )
    response = consultation.responses.get()
    actions.respond(response, verdict=verdict, comment="", actor=asked)
    if close:
        actions.close_consultation(consultation, actor=user)
    return document


def make_issued_plan(leader, asked, **fields) -> Document:
    """`01-KH/ĐU` of xã Long Bình, consulted, issued on TODAY and sent to LB-01 and LB-02."""
    plan = consult(make_draft(leader, **fields), leader, asked)
    return actions.issue_document(plan, actor=leader, date=TODAY)


def attach_pdf(document, user, name="ke-hoach-chi-tiet.pdf") -> Attachment:
    return Attachment.objects.create(
        document=document,
        file=ContentFile(PDF_BYTES, name=name),
        name=name,
        size=len(PDF_BYTES),
        uploaded_by=user,
    )
