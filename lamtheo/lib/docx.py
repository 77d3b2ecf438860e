"""The one Party-format document renderer (Hướng dẫn 36-HD/VPTW), used by every document, report, minutes and
registration print, and the PDF conversion through LibreOffice.

Layout: A4, Times New Roman. Top left the superior body (caps 14) and the issuing body (caps 14 bold) with `*`
under it and `Số 81-KH/ĐU` (no colon); top right `ĐẢNG CỘNG SẢN VIỆT NAM` (caps 15 bold) with a rule under it and
the place and date in italics; centred the type (caps bold) and the summary line (bold); the body (14, justified,
first-line indent); at the bottom `Nơi nhận:` on the left (last line `- Lưu Văn phòng.`) and the signature
block on the right (`T/M BAN THƯỜNG VỤ`, the title, room for the signature, the name).
"""

import datetime
import functools
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lamtheo.lib import vn

FONT = "Times New Roman"


def party_language(func):
    """Party documents are always written in Vietnamese, whatever language the person printing them reads."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return func(*args, **kwargs)

    return wrapper


PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
_SECTION = re.compile(r"^([IVXLC]+|[A-Z])\.\s")  # "I. MỤC ĐÍCH, YÊU CẦU", "A. ..."
_ITEM = re.compile(r"^\d+(\.\d+)*\.\s")  # "1. ...", "1.2. ...": a heading only when short
_SHORT_HEADING = 90


@dataclass
class PartyDocument:
    superior_body: str  # ĐẢNG BỘ TỈNH AN GIANG
    issuing_body: str  # ĐẢNG ỦY XÃ LONG BÌNH
    code: str  # 81-KH/ĐU
    place: str  # Long Bình
    date: datetime.date
    type_name: str  # KẾ HOẠCH (empty for a công văn)
    summary: str  # triển khai học tập chuyên đề năm 2026
    body: str  # paragraphs separated by line breaks; "I. ..." / "1. ..." lines are headings, "- ..." bullets
    signing_form: str = ""  # T/M BAN THƯỜNG VỤ, K/T BÍ THƯ, ...
    signer_title: str = ""  # BÍ THƯ, PHÓ BÍ THƯ
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    tables: list[tuple[list[str], list[list[str]]]] = field(
        default_factory=list
    )  # (headers, rows) after the body


def _font(run, size: float, *, bold=False, italic=False, underline=False, caps=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run.font.all_caps = caps
    # East-Asian fallback name too, so Word never swaps the font for Vietnamese characters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _paragraph(
    container,
    text="",
    size=14,
    *,
    align=None,
    bold=False,
    italic=False,
    underline=False,
    space_after=0,
    first_line=None,
):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if first_line is not None:
        paragraph.paragraph_format.first_line_indent = first_line
    if text:
        _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _bottom_border(paragraph):
    """The short rule under ĐẢNG CỘNG SẢN VIỆT NAM."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _two_columns(document, widths):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table.rows[0].cells


def _header(document, doc: PartyDocument):
    left, right = _two_columns(document, (Cm(7.5), Cm(9.0)))
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, doc.superior_body.upper(), 14, align=center)
    _paragraph(left, doc.issuing_body.upper(), 14, align=center, bold=True)
    _paragraph(left, "*", 14, align=center)
    _paragraph(left, f"Số {doc.code}" if doc.code else "Số      -", 14, align=center)
    party = _paragraph(right, PARTY_NAME, 15, align=center, bold=True)
    # The rule sits under the words only: a tiny empty paragraph, indented, with its bottom border.
    rule = _paragraph(right, "", 2, align=center)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(1.3)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(3)
    _font(rule.add_run(" "), 2)
    _bottom_border(rule)
    party.paragraph_format.space_after = Pt(0)
    _paragraph(right, "", 14, space_after=8)  # the date line faces "Số ..." on the left
    _paragraph(right, vn.long_date(doc.date, doc.place), 14, align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True)


def _title(document, doc: PartyDocument):
    _paragraph(document, "", 14)
    if doc.type_name:
        _paragraph(document, doc.type_name.upper(), 16, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _paragraph(document, doc.summary, 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _paragraph(document, "-----", 14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    else:  # a công văn: the summary sits under the number, in italics
        _paragraph(
            document, f"V/v {doc.summary}", 12, align=WD_ALIGN_PARAGRAPH.LEFT, italic=True, space_after=6
        )


def _is_formula(text: str) -> bool:
    """A whole line in capitals ending with a colon, like `QUYẾT ĐỊNH:` or `BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:`."""
    return (
        text.endswith(":") and text == text.upper() and any(ch.isalpha() for ch in text) and len(text) <= 90
    )


def _body(document, doc: PartyDocument):
    for line in doc.body.splitlines():
        text = line.strip()
        if not text:
            continue
        if _is_formula(text):  # "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:" stands centred, in bold
            _paragraph(document, text, 14, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=6)
            continue
        heading = bool(_SECTION.match(text)) or (bool(_ITEM.match(text)) and len(text) <= _SHORT_HEADING)
        paragraph = _paragraph(
            document,
            text,
            14,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            bold=heading,
            italic=text.startswith("Căn cứ"),  # the legal bases of a decision are set in italics
            space_after=6,
            first_line=Cm(1),
        )
        paragraph.paragraph_format.line_spacing = 1.15
    for headers, rows in doc.tables:
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), 12, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _font(cell.paragraphs[0].add_run(str(text)), 12)
        _paragraph(document, "", 12)


def _signature(document, doc: PartyDocument):
    _paragraph(document, "", 14)
    left, right = _two_columns(document, widths=(Cm(8.0), Cm(8.5)))
    if doc.recipients:
        heading = _paragraph(left, "Nơi nhận:", 12, underline=True, bold=True)
        heading.paragraph_format.keep_with_next = True
        recipients = [r for r in doc.recipients if r.strip()]
        for index, recipient in enumerate(recipients):
            text = recipient if recipient.startswith("-") else f"- {recipient}"
            text = text.rstrip(",.;") + ("." if index == len(recipients) - 1 else ",")
            _paragraph(left, text, 12)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.signing_form:
        _paragraph(right, doc.signing_form.upper(), 14, align=center, bold=True)
    if doc.signer_title:
        _paragraph(right, doc.signer_title.upper(), 14, align=center, bold=True)
    for _blank in range(3):
        _paragraph(right, "", 14)
    if doc.signer_name:
        _paragraph(right, doc.signer_name, 14, align=center, bold=True)


def render(doc: PartyDocument) -> bytes:
    """The document as DOCX bytes."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _signature(document, doc)
    document.core_properties.title = f"{doc.type_name} {doc.summary}".strip()
    document.core_properties.author = doc.issuing_body
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or failed: the DOCX is still there to download."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """Convert DOCX bytes to PDF with LibreOffice (`soffice --headless`)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(
            _("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; anh/chị vẫn tải được bản DOCX.")
        )
    with tempfile.TemporaryDirectory(prefix="lamtheo-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        # A private profile directory: parallel conversions must not share LibreOffice's lock.
        profile = Path(tmp) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)  # noqa: S603
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(_("LibreOffice không chuyển được tài liệu sang PDF.")) from error
        output = Path(tmp) / "document.pdf"
        if not output.exists():
            raise PdfUnavailable(_("LibreOffice không chuyển được tài liệu sang PDF."))
        return output.read_bytes()
