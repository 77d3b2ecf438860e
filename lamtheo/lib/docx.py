"""The one Party-format document renderer (Hướng dẫn 36-HD/VPTW), used by every document, report, minutes and
registration print, and the PDF conversion through LibreOffice.

Layout: A4, Times New Roman. Top left the superior body (caps 14) and the issuing body (caps 14 bold) with `*`
under it and `Số 81-KH/ĐU` (no colon); top right `ĐẢNG CỘNG SẢN VIỆT NAM` (caps 15 bold) with a rule under it and
the place and date in italics; centred the type (caps bold) and the summary line (bold); the body (14, justified,
first-line indent); at the bottom `Nơi nhận:` on the left (last line `- Lưu Văn phòng.`) and the signature
block on the right (`T/M BAN THƯỜNG VỤ`, the title, room for the signature, the name).

Public API, for the prints that are not a Party document (the A3 poster of a code of conduct) and for the
previews that show a body as the DOCX lays it out:

- `render(PartyDocument)` -> DOCX bytes; `to_pdf(docx_bytes)` -> PDF bytes or `PdfUnavailable`.
- `new_document(paper="A4", landscape=False, ...)`: an empty document in the Party's font and page size.
- `paragraph(container, text, *, size, bold, italic, underline, colour, align, space_before, space_after,
  first_line)`, `run(paragraph, text, *, size, ...)`, `bottom_rule(paragraph)`, `picture(container, png,
  width_cm=...)`: the building blocks the renderer itself uses.
- `outline(body)` / `is_heading(line)`: how the renderer reads a body's lines (headings, bullets).
- Constants: FONT, PARTY_NAME, TABLE_STYLE, PAPER.
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
from docx.shared import Cm, Pt, RGBColor

from lamtheo.lib import vn

FONT = "Times New Roman"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
TABLE_STYLE = "Table Grid"  # the body's tables: a plain grid
PAPER = {"A4": (Cm(21.0), Cm(29.7)), "A3": (Cm(29.7), Cm(42.0))}  # (width, height) in portrait
# The Party's margins (top, right, bottom, left): 2 cm, 1,5 cm, 2 cm, 3 cm.
PARTY_MARGINS = (Cm(2.0), Cm(1.5), Cm(2.0), Cm(3.0))
SHORT_HEADING = 90  # a numbered line longer than this is a paragraph, not a heading

_SECTION = re.compile(r"^([IVXLC]+|[A-Z])\.\s")  # "I. MỤC ĐÍCH, YÊU CẦU", "A. ..."
_ITEM = re.compile(r"^\d+(\.\d+)*\.\s")  # "1. ...", "1.2. ...": a heading only when short


def party_language(func):
    """Party documents are always written in Vietnamese, whatever language the person printing them reads."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return func(*args, **kwargs)

    return wrapper


@dataclass
class Table:
    """A table of the body, with an optional caption above it (bold, kept with the table) and column widths."""

    headers: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths_cm: tuple[float, ...] = ()


@dataclass
class PartyDocument:
    superior_body: str  # ĐẢNG BỘ TỈNH AN GIANG
    issuing_body: str  # ĐẢNG ỦY XÃ LONG BÌNH
    code: str  # 81-KH/ĐU ("" for a draft: a blank `Số      -` line to fill by hand)
    place: str  # Long Bình
    date: datetime.date
    type_name: str  # KẾ HOẠCH (empty for a công văn)
    summary: str  # triển khai học tập chuyên đề năm 2026
    body: str  # paragraphs separated by line breaks; "I. ..." / "1. ..." lines are headings, "- ..." bullets
    signing_form: str = ""  # T/M BAN THƯỜNG VỤ, K/T BÍ THƯ, ...
    signer_title: str = ""  # BÍ THƯ, PHÓ BÍ THƯ
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    # After the body: Table, or (headers, rows).
    tables: list[Table | tuple[list[str], list[list[str]]]] = field(default_factory=list)
    pictures: list[bytes] = field(default_factory=list)  # PNG, centred after the tables, before the signature
    picture_width_cm: float = 16.0
    numbered: bool = (
        True  # False for a paper that never takes a number (a personal registration): no `Số` line
    )


# --- building blocks -------------------------------------------------------------------------------------


def style_run(
    run,
    *,
    size: float = 14,
    bold=False,
    italic=False,
    underline=False,
    caps=False,
    colour: RGBColor | None = None,
):
    """Set a run in the Party's font: Times New Roman at `size` points."""
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run.font.all_caps = caps
    if colour is not None:
        run.font.color.rgb = colour
    # East-Asian fallback name too, so Word never swaps the font for Vietnamese characters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def run(paragraph, text: str, **style):
    """Add `text` to `paragraph` in the Party's font; `style` as `style_run` (size, bold, italic, colour...)."""
    return style_run(paragraph.add_run(text), **style)


def paragraph(
    container,
    text: str = "",
    *,
    size: float = 14,
    align=None,
    bold=False,
    italic=False,
    underline=False,
    colour: RGBColor | None = None,
    space_before: float = 0,
    space_after: float = 0,
    first_line=None,
):
    """A new paragraph at the end of `container` (a document or a table cell); spaces in points."""
    new = container.add_paragraph()
    new.paragraph_format.space_after = Pt(space_after)
    new.paragraph_format.space_before = Pt(space_before)
    if align is not None:
        new.alignment = align
    if first_line is not None:
        new.paragraph_format.first_line_indent = first_line
    if text:
        run(new, text, size=size, bold=bold, italic=italic, underline=underline, colour=colour)
    return new


def bottom_rule(paragraph) -> None:
    """A thin rule under `paragraph` (the one under ĐẢNG CỘNG SẢN VIỆT NAM)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def picture(container, png: bytes, *, width_cm: float = 16.0):
    """A PNG centred in a paragraph of its own at the end of `container`, `width_cm` wide."""
    new = container.add_paragraph()
    new.alignment = WD_ALIGN_PARAGRAPH.CENTER
    new.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    return new


def new_document(
    paper: str = "A4", *, landscape: bool = False, margins=PARTY_MARGINS, font_size: float = 14
) -> Document:
    """An empty document: `paper` ("A4" or "A3") in portrait or landscape, `margins` (top, right, bottom, left,
    or one length for all four), Times New Roman at `font_size` as the Normal style."""
    document = Document()
    section = document.sections[0]
    width, height = PAPER[paper]
    if landscape:
        width, height = height, width
    section.page_width, section.page_height = width, height
    if not isinstance(margins, tuple):
        margins = (margins,) * 4
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = margins
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(font_size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def is_heading(line: str) -> bool:
    """A section ("I. ...", "A. ...") or a short numbered item ("1. ...", "1.2. ..."): set in bold."""
    text = line.strip()
    return bool(_SECTION.match(text)) or (bool(_ITEM.match(text)) and len(text) <= SHORT_HEADING)


def is_formula(text: str) -> bool:
    """A whole line in capitals ending with a colon, like `QUYẾT ĐỊNH:` or `BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:`."""
    return (
        text.endswith(":") and text == text.upper() and any(ch.isalpha() for ch in text) and len(text) <= 90
    )


def outline(body: str) -> list[dict]:
    """The body's non-empty lines as the DOCX lays them out: `{"text", "heading", "bullet"}` each (previews)."""
    rows = []
    for line in body.splitlines():
        text = line.strip()
        if text:
            rows.append({"text": text, "heading": is_heading(text), "bullet": text.startswith(("- ", "+ "))})
    return rows


# --- the Party document ----------------------------------------------------------------------------------


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
    return table


def _header(document, doc: PartyDocument):
    left, right = _two_columns(document, (Cm(7.5), Cm(9.0))).rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(left, doc.superior_body.upper(), align=center)
    paragraph(left, doc.issuing_body.upper(), align=center, bold=True)
    paragraph(left, "*", align=center)
    if doc.numbered:
        paragraph(left, f"Số {doc.code}" if doc.code else "Số      -", align=center)
    party = paragraph(right, PARTY_NAME, size=15, align=center, bold=True)
    # The rule sits under the words only: a tiny empty paragraph, indented, with its bottom border.
    rule = paragraph(right, "", size=2, align=center)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(1.3)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(3)
    run(rule, " ", size=2)
    bottom_rule(rule)
    party.paragraph_format.space_after = Pt(0)
    paragraph(right, "", space_after=8)  # the date line faces "Số ..." on the left
    paragraph(right, vn.long_date(doc.date, doc.place), align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True)


def _title(document, doc: PartyDocument):
    paragraph(document, "")
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.type_name:
        paragraph(document, doc.type_name.upper(), size=16, align=center, bold=True)
        paragraph(document, doc.summary, align=center, bold=True)
        paragraph(document, "-----", align=center, space_after=6)
    else:  # a công văn: the summary sits under the number, in italics
        paragraph(
            document, f"V/v {doc.summary}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT, italic=True, space_after=6
        )


def _table(document, table: Table):
    if table.caption:
        caption = paragraph(document, table.caption, size=13, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True)
        caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = TABLE_STYLE
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        run(cell.paragraphs[0], str(text), size=12, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run(cell.paragraphs[0], str(text), size=12)
    if table.widths_cm:
        grid.autofit = False
        for column, width in zip(grid.columns, table.widths_cm, strict=False):
            column.width = Cm(width)
        for row in grid.rows:
            for cell, width in zip(row.cells, table.widths_cm, strict=False):
                cell.width = Cm(width)
    paragraph(document, "", size=12)


def _body(document, doc: PartyDocument):
    for line in doc.body.splitlines():
        text = line.strip()
        if not text:
            continue
        if is_formula(text):  # "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:" stands centred, in bold
            paragraph(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=6)
            continue
        line_paragraph = paragraph(
            document,
            text,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            bold=is_heading(text),
            italic=text.startswith("Căn cứ"),  # the legal bases of a decision are set in italics
            space_after=6,
            first_line=Cm(1),
        )
        line_paragraph.paragraph_format.line_spacing = 1.15
    for table in doc.tables:
        _table(document, table if isinstance(table, Table) else Table(*table))
    for png in doc.pictures:
        picture(document, png, width_cm=doc.picture_width_cm)


def _signature(document, doc: PartyDocument):
    paragraph(document, "")
    table = _two_columns(document, widths=(Cm(8.0), Cm(8.5)))
    # The recipients and the signature stay on one page.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    if doc.recipients:
        heading = paragraph(left, "Nơi nhận:", size=12, underline=True, bold=True)
        heading.paragraph_format.keep_with_next = True
        recipients = [r for r in doc.recipients if r.strip()]
        for index, recipient in enumerate(recipients):
            text = recipient if recipient.startswith("-") else f"- {recipient}"
            text = text.rstrip(",.;") + ("." if index == len(recipients) - 1 else ",")
            paragraph(left, text, size=12)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.signing_form:
        paragraph(right, doc.signing_form.upper(), align=center, bold=True)
    if doc.signer_title:
        paragraph(right, doc.signer_title.upper(), align=center, bold=True)
    for _blank in range(3):
        paragraph(right, "")
    if doc.signer_name:
        paragraph(right, doc.signer_name, align=center, bold=True)


def render(doc: PartyDocument) -> bytes:
    """The document as DOCX bytes."""
    document = new_document("A4")
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _signature(document, doc)
    document.core_properties.title = f"{doc.type_name} {doc.summary}".strip()
    document.core_properties.author = doc.issuing_body
    return to_bytes(document)


# --- PDF -------------------------------------------------------------------------------------------------


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
