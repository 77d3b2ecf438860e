"""A document as a Party-format DOCX (and PDF), through the one renderer in lamtheo.lib.docx."""

from django.utils import timezone

from lamtheo.documents.actions import profile_for
from lamtheo.documents.models import Document
from lamtheo.lib import docx
from lamtheo.lib.docx import PartyDocument


def party_document(document: Document) -> PartyDocument:
    profile = profile_for(document.unit)
    recipients = document.recipient_lines()
    if not any("Lưu" in line for line in recipients):
        recipients.append("Lưu Văn phòng")
    draft = ""
    if document.is_editable:
        draft = "DỰ THẢO" if document.version <= 1 else f"DỰ THẢO LẦN {document.version}"
    return PartyDocument(
        draft=draft,
        type_code=document.doc_type.code,
        issuer_code=profile.issuer_code,
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code=document.code,
        place=document.place or profile.place,
        # A draft carries the day it was last saved, in local time (not UTC's day).
        date=document.date or timezone.localdate(document.updated_at),
        type_name="" if document.doc_type.code == "CV" else document.doc_type.name,
        summary=document.summary,
        body=document.body,
        signing_form=document.signing_form,
        signer_title=document.signer_title,
        signer_name=document.signer_name,
        recipients=recipients,
    )


def render_docx(document: Document) -> bytes:
    return docx.render(party_document(document))


def render_pdf(document: Document) -> bytes:
    return docx.to_pdf(render_docx(document))
