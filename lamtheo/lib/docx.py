"""The one Party-format document renderer (Hướng dẫn 36-HD/VPTW), used by every document, report, minutes and
registration print, and the PDF conversion through LibreOffice.

Layout: A4, Times New Roman. Top left the superior body (caps 14) and the issuing body (caps 14 bold) with `*`
under it and `Số 81-KH/ĐU` (no colon); top right `ĐẢNG CỘNG SẢN VIỆT NAM` (caps 15 bold) with a rule under it and
the place and date in italics; centred the type (caps bold) and the summary line (bold); the body (14, justified,
first-line indent); at the bottom `Nơi nhận:` on the left (last line `- Lưu Văn phòng.`) and the signature
block on the right (`T/M BAN THƯỜNG VỤ`, the title, room for the signature, the name).

As HD 36 sets and clerks do: page numbers from page 2, top centre; a draft says `DỰ THẢO` top right and keeps its
number line with the number blank (`Số      -BC/TU`); the header is a two-row table so that `Số ...` and the
place-date line sit on one row, the date line never wraps (its size steps down when a place name is long) and
long names break between the body and its place (`ĐẢNG ỦY` / `PHƯỜNG LONG XUYÊN`), never inside a name; tables
carry a caption, an STT column, a total row, a header repeated on each page, rows never split and columns wide
enough for their longest figure; appendices (Phụ lục) follow the signature on landscape pages; the signature
keeps with the last paragraph before it.

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
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lamtheo.lib import vn
from lamtheo.lib.text import xml_safe

FONT = "Times New Roman"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
TABLE_STYLE = "Table Grid"  # the body's tables: a plain grid
PAPER = {"A4": (Cm(21.0), Cm(29.7)), "A3": (Cm(29.7), Cm(42.0))}  # (width, height) in portrait
# The Party's margins (top, right, bottom, left): 2 cm, 1,5 cm, 2 cm, 3 cm.
PARTY_MARGINS = (Cm(2.0), Cm(1.5), Cm(2.0), Cm(3.0))
SHORT_HEADING = 90  # a numbered line longer than this is a paragraph, not a heading
SHORT_TABLE_ROWS = 6  # a table this short that ends the body moves whole with the signature
HEADER_WIDTHS_CM = (7.0, 9.5)  # the header's two columns over the 16,5 cm between the margins
NUMBER_CM = 1.1  # the room given widths leave for a numbered table's STT column
CELL_PADDING_CM = 0.4  # a table cell's left and right padding together (Word's and LibreOffice's default)
# Words that start the place part of a body's name: a clerk breaks a long name before one of them, never after.
PLACE_WORDS = (
    "TỈNH",
    "THÀNH PHỐ",
    "HUYỆN",
    "QUẬN",
    "THỊ XÃ",
    "XÃ",
    "PHƯỜNG",
    "THỊ TRẤN",
    "ĐẶC KHU",
    "ẤP",
    "KHÓM",
    "THÔN",
    "BẢN",
    "TỔ",
    "KHU",
    "CÁC CƠ QUAN",
    "CƠ QUAN",
    "KHỐI",
    "TRƯỜNG",
    "BỆNH VIỆN",
    "CÔNG AN",
    "QUÂN SỰ",
    "VĂN PHÒNG",
    "ỦY BAN",
    "HỘI ĐỒNG",
)

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
    """A table of the body, with an optional caption above it (bold, kept with the table) and column widths.

    `numbered` adds an STT column in front (left out when the first header already is STT); `total` is the last
    row, in bold (its first cell says what it is: "Cộng", "Toàn tỉnh"); without `widths_cm` each column is as
    wide as its longest word or figure needs and the first text column takes the rest."""

    headers: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths_cm: tuple[float, ...] = ()
    total: list[str] | None = None
    numbered: bool = False
    size: float = 12  # points; an appendix's wide tables take 11

    def laid_out(self) -> "Table":
        """The table as printed: with its STT column when `numbered`."""
        if not self.numbered or (self.headers and self.headers[0].strip().upper() == "STT"):
            return self
        widths = self._with_number_column(self.widths_cm) if self.widths_cm else ()
        total = ["", *self.total] if self.total else None
        rows = [[str(n), *row] for n, row in enumerate(self.rows, 1)]
        return Table(["STT", *self.headers], rows, self.caption, widths, total, False, self.size)

    def _with_number_column(self, widths: tuple[float, ...]) -> tuple[float, ...]:
        """The given widths behind an STT column as wide as "STT" or the last number needs (never "ST T"); what it
        needs over the room it was given (NUMBER_CM) comes from the widest given column, so the table keeps its
        width."""
        number = max(
            text_width_cm("STT", self.size, bold=True), text_width_cm(str(len(self.rows)), self.size)
        )
        number = number * 1.04 + CELL_PADDING_CM
        widest = max(range(len(widths)), key=widths.__getitem__)
        given = [*widths]
        given[widest] = max(given[widest] - max(number - NUMBER_CM, 0.0), 1.0)
        return (number, *given)


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
    # A draft: "DỰ THẢO" (or "DỰ THẢO LẦN 2") top right; its number line keeps the type and issuer codes.
    draft: str = ""
    type_code: str = ""  # BC, KH... for a draft's `Số      -BC/TU`
    issuer_code: str = ""  # TU, ĐU, CB...
    # A second signature on the left, in place of the recipients (a biên bản's secretary): (title, name), or
    # (title, name, note) with an italic line under the title (the date of a chi bộ's confirmation).
    co_signer: tuple[str, ...] | None = None
    # Tables after the signature, each on a landscape page of its own as "Phụ lục 1", "Phụ lục 2"...
    appendices: list[Table] = field(default_factory=list)

    def number_line(self) -> str:
        """`Số 81-KH/ĐU`; a draft's `Số      -KH/ĐU` (the number blank, filled by hand when issued)."""
        if self.code:
            return f"Số {self.code}"
        if self.type_code and self.issuer_code:
            return f"Số      -{self.type_code}/{self.issuer_code}"
        return "Số      -"


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
    """Add `text` to `paragraph` in the Party's font; `style` as `style_run` (size, bold, italic, colour...).
    A control character, which XML cannot hold, is dropped (lamtheo.lib.text)."""
    return style_run(paragraph.add_run(xml_safe(text)), **style)


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


# --- measuring text ---------------------------------------------------------------------------------------

_FIGURE = re.compile(r"^[\d.,/%()+\-–—\s]+$")  # "2.175/2.458 (88,5%)", "98,1%", "—"
_NARROW = set(" .,;:/()-–'’\"!|")


def text_width_cm(text: str, size: float = 14, *, bold: bool = False) -> float:
    """About how wide `text` sets in Times New Roman at `size` points (within a few per cent of the font's own
    advance widths for Vietnamese text): enough to decide where a line must break before Word or LibreOffice do."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.27
        elif ch == "%":
            em += 0.83
        elif ch.isdigit():
            em += 0.5
        elif ch.isupper():
            em += 0.72 if bold else 0.67
        else:
            em += 0.49 if bold else 0.46
    return em * size / 72 * 2.54


def clerk_lines(name: str, width_cm: float, *, size: float = 14, bold: bool = False) -> list[str]:
    """`name` in the lines a clerk breaks it into to fit `width_cm`: between the body and its place
    (`ĐẢNG ỦY` / `PHƯỜNG LONG XUYÊN`), never inside the place's own name when it can be helped."""
    words = name.split()
    if len(words) < 2 or text_width_cm(name, size, bold=bold) <= width_cm:
        return [name]
    best, best_score = [name], None
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        lines = [head, *clerk_lines(tail, width_cm, size=size, bold=bold)]
        fits = all(text_width_cm(line, size, bold=bold) <= width_cm for line in lines)
        at_place = any(tail == word or tail.startswith(word + " ") for word in PLACE_WORDS)
        widths = [text_width_cm(line, size, bold=bold) for line in lines]
        # Fits, in few lines, before a place word (the first one: `ĐẢNG BỘ` / `ỦY BAN NHÂN DÂN TỈNH`), balanced.
        score = (fits, -len(lines), at_place, -cut if at_place else 0, -(max(widths) - min(widths)))
        if best_score is None or score > best_score:
            best, best_score = lines, score
    return best


def _lines_paragraph(container, lines: list[str], **style):
    """One paragraph whose `lines` are joined by line breaks (a long name broken where a clerk breaks it)."""
    new = paragraph(container, "", **style)
    style.pop("align", None)
    for index, line in enumerate(lines):
        piece = run(new, line, **{k: v for k, v in style.items() if k in ("size", "bold", "italic")})
        if index < len(lines) - 1:
            piece.add_break()
    return new


# --- the Party document ----------------------------------------------------------------------------------


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _row_flag(row, name: str) -> None:
    """`w:cantSplit` (the row never breaks across pages) or `w:tblHeader` (repeated at the top of each page)."""
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{name}"))


def _two_columns(document, widths, rows: int = 1):
    table = document.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid: LibreOffice lays the columns out from it, not from the cells
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def _page_numbers(document) -> None:
    """HD 36: the page number in Arabic figures, top centre, from the second page (the first has none)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        piece = run(number, "", size=14)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            piece._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            piece._r.append(instruction)
        else:
            piece.text = text


def _draft_mark(document, doc: PartyDocument) -> None:
    """A draft's mark, top right in a box, above the header."""
    mark = paragraph(document, "", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=2)
    run(mark, f" {doc.draft.upper()} ", size=13, bold=True)
    p_pr = mark._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    # A box as wide as the words: the paragraph is indented to them from the left.
    mark.paragraph_format.left_indent = Cm(
        16.5 - text_width_cm(doc.draft.upper() + "  ", 13, bold=True) - 0.3
    )
    for edge in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "2"), ("w:color", "000000")):
            line.set(qn(key), value)
        borders.append(line)
    p_pr.append(borders)


def _header(document, doc: PartyDocument):
    """Two rows: the bodies (left) facing ĐẢNG CỘNG SẢN VIỆT NAM (right) from the same top line, then `Số ...`
    facing the place-date line, so the two sit level whatever the names' lengths."""
    widths = tuple(Cm(w) for w in HEADER_WIDTHS_CM)
    room = [w - CELL_PADDING_CM for w in HEADER_WIDTHS_CM]
    table = _two_columns(document, widths, rows=2 if doc.numbered else 1)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.superior_body.strip():
        _lines_paragraph(left, clerk_lines(doc.superior_body.upper(), room[0]), align=center)
    _lines_paragraph(left, clerk_lines(doc.issuing_body.upper(), room[0], bold=True), align=center, bold=True)
    paragraph(left, "*", align=center)
    party = paragraph(right, PARTY_NAME, size=15, align=center, bold=True)
    party.paragraph_format.space_after = Pt(0)
    # The rule sits under the words only: a tiny empty paragraph, indented, with its bottom border.
    rule = paragraph(right, "", size=2, align=center)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = Cm(1.3)
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(3)
    run(rule, " ", size=2)
    bottom_rule(rule)
    date_line = vn.long_date(doc.date, doc.place)
    size = 14.0
    while size > 11 and text_width_cm(date_line, size) > room[1]:
        size -= 0.5  # a long place name: the line shrinks a little rather than wrap
    if doc.numbered:
        number_cell, date_cell = table.rows[1].cells
        _row_flag(table.rows[1], "cantSplit")
    else:  # a paper without a number: the date line under the rule
        number_cell, date_cell = None, right
        paragraph(right, "", size=6)
    if number_cell is not None:
        paragraph(number_cell, doc.number_line(), align=center)
        if not doc.type_name:  # a công văn: its summary under the number, in italics, never cut
            paragraph(number_cell, f"V/v {doc.summary}", size=12, align=center, italic=True)
    paragraph(date_cell, date_line, size=size, align=center, italic=True)


def _title(document, doc: PartyDocument):
    paragraph(document, "")
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.type_name:
        paragraph(
            document, doc.type_name.upper(), size=16, align=center, bold=True
        ).paragraph_format.keep_with_next = True
        paragraph(document, doc.summary, align=center, bold=True).paragraph_format.keep_with_next = True
        paragraph(document, "-----", align=center, space_after=6)
    elif not doc.numbered:  # an unnumbered paper without a type: its summary alone
        paragraph(document, doc.summary, align=center, bold=True, space_after=6)


def _column_widths(table: Table, usable_cm: float, size: float) -> list[float]:
    """Each column at least as wide as its longest word or figure (a figure never breaks); then the text columns
    (a unit's name) get what they need on one line, then the figure columns, and what is left goes to the widest
    text column. When the room runs short at a step, it is shared in proportion to what each column lacks."""
    columns = list(zip(table.headers, *table.rows, *([table.total] if table.total else []), strict=True))
    least, natural, is_text = [], [], []
    for index, column in enumerate(columns):
        header, cells = str(column[0]), [str(c) for c in column[1:]]
        tokens = [t for c in cells for t in c.split()]  # `2.175/2.458` whole; `(88,5%)` may go under it
        widest = max(
            [text_width_cm(t, size) for t in tokens]
            + [text_width_cm(w, size, bold=True) for w in header.split()],
            default=0.5,
        )
        least.append(widest * 1.04 + CELL_PADDING_CM)  # a little over the estimate: a figure never breaks
        full = max((text_width_cm(c, size) for c in cells), default=0.0)
        natural.append(max(full * 1.04, text_width_cm(header, size, bold=True) / 3) + CELL_PADDING_CM)
        stt = index == 0 and header.strip().upper() == "STT"
        is_text.append(not stt and any(c and not _FIGURE.match(c) for c in cells))
        if stt:
            natural[-1] = least[-1]
    widths = list(least)
    room = usable_cm - sum(widths)
    for group in (
        [i for i in range(len(widths)) if is_text[i]],
        [i for i in range(len(widths)) if not is_text[i]],
    ):
        if room <= 0:
            break
        lacking = {i: max(natural[i] - widths[i], 0.0) for i in group}
        wanted = sum(lacking.values())
        if not wanted:
            continue
        given = min(room, wanted)
        for i, lack in lacking.items():
            widths[i] += given * lack / wanted
        room -= given
    if room > 0:
        texts = [i for i in range(len(widths)) if is_text[i]] or list(range(len(widths)))
        widest = max(texts, key=lambda i: natural[i])
        widths[widest] += room
    return widths


def _table(document, table: Table, *, usable_cm: float = 16.5, caption: bool = True):
    table = table.laid_out()
    if caption and table.caption:
        heading = paragraph(document, table.caption, size=13, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True)
        heading.paragraph_format.keep_with_next = True
    size = table.size
    widths = list(table.widths_cm)
    if not widths:
        widths = _column_widths(table, usable_cm, size)
        while size > 9 and sum(widths) > usable_cm + 0.01:  # too many columns: a smaller size first
            size -= 0.5
            widths = _column_widths(table, usable_cm, size)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = TABLE_STYLE
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _row_flag(header, "tblHeader")
    _row_flag(header, "cantSplit")
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(cell.paragraphs[0], str(text), size=size, bold=True)
    body_rows = [(row, False) for row in table.rows] + ([(table.total, True)] if table.total else [])
    for row, is_total in body_rows:
        line = grid.add_row()
        _row_flag(line, "cantSplit")
        for index, (cell, text) in enumerate(zip(line.cells, row, strict=True)):
            text = str(text)
            if _FIGURE.match(text) or (index == 0 and table.headers[0].strip().upper() == "STT"):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            run(cell.paragraphs[0], text, size=size, bold=is_total)
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=False):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    return grid


def _body(document, doc: PartyDocument):
    last = None  # the element the signature keeps with
    for line in doc.body.splitlines():
        text = line.strip()
        if not text:
            continue
        if is_formula(text):  # "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:" stands centred, in bold
            last = paragraph(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, space_after=6)
            last.paragraph_format.keep_with_next = True
            continue
        heading = is_heading(text)
        last = paragraph(
            document,
            text,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            bold=heading,
            italic=text.startswith("Căn cứ"),  # the legal bases of a decision are set in italics
            space_after=6,
            first_line=Cm(1),
        )
        last.paragraph_format.line_spacing = 1.15
        last.paragraph_format.keep_with_next = heading or None
    grid = None
    for table in doc.tables:
        grid = _table(document, table if isinstance(table, Table) else Table(*table))
        last = paragraph(document, "", size=12)
    for png in doc.pictures:
        last, grid = picture(document, png, width_cm=doc.picture_width_cm), None
    return last, grid


def _keep_with_signature(last, grid) -> None:
    """The signature never stands alone on a page: the last paragraph (and table row) before it goes with it."""
    if last is not None:
        last.paragraph_format.keep_with_next = True
    if grid is not None:  # a table ends the body: its last rows (all of a short one) keep with what follows
        for row in grid.rows[-1:] if len(grid.rows) > SHORT_TABLE_ROWS else grid.rows:
            for cell in row.cells:
                for inner in cell.paragraphs:
                    inner.paragraph_format.keep_with_next = True


def _signature_block(cell, lines: list[str], name: str, note: str = "", *, height: int = 0):
    """Titles in bold capitals, an italic note, room to sign, the name; `height` lines before the room, so that
    two blocks side by side put their names level."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    for text in lines:
        paragraph(cell, text.upper(), align=center, bold=True).paragraph_format.keep_with_next = True
    if note:
        paragraph(cell, note, align=center, italic=True).paragraph_format.keep_with_next = True
    for _blank in range(3 + max(height - len(lines) - bool(note), 0)):
        paragraph(cell, "").paragraph_format.keep_with_next = True
    if name:
        paragraph(cell, name, align=center, bold=True)


def _signature(document, doc: PartyDocument):
    spacer = paragraph(document, "")
    spacer.paragraph_format.keep_with_next = True
    table = _two_columns(document, widths=(Cm(8.0), Cm(8.5)))
    # The recipients and the signature stay on one page.
    _row_flag(table.rows[0], "cantSplit")
    left, right = table.rows[0].cells
    titles = [line for line in (doc.signing_form, doc.signer_title) if line]
    height = len(titles)
    if doc.co_signer:
        title, name, *note = doc.co_signer
        height = max(height, 1 + len(note))
        _signature_block(left, [title], name, *note, height=height)
    elif doc.recipients:
        heading = paragraph(left, "Nơi nhận:", size=12, underline=True, bold=True)
        heading.paragraph_format.keep_with_next = True
        recipients = [r for r in doc.recipients if r.strip()]
        for index, recipient in enumerate(recipients):
            text = recipient if recipient.startswith("-") else f"- {recipient}"
            text = text.rstrip(",.;") + ("." if index == len(recipients) - 1 else ",")
            paragraph(left, text, size=12)
    _signature_block(right, titles, doc.signer_name, height=height)


def _appendices(document, doc: PartyDocument):
    """Each appendix on landscape pages after the signature, its title, what it goes with and its table."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    for number, table in enumerate(doc.appendices, 1):
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = PAPER["A4"]
        section.page_width, section.page_height = height, width
        section.different_first_page_header_footer = False  # numbered like every page after the first
        title = "PHỤ LỤC" if len(doc.appendices) == 1 else f"PHỤ LỤC {number}"
        paragraph(document, title, size=14, bold=True, align=center).paragraph_format.keep_with_next = True
        if table.caption:
            caption = paragraph(document, table.caption, size=14, bold=True, align=center)
            caption.paragraph_format.keep_with_next = True
        kind = doc.type_name.capitalize() if doc.type_name else "Công văn"
        if doc.code:
            reference = f"(Kèm theo {kind} số {doc.code}, ngày {vn.short_date(doc.date)})"
        else:
            reference = f"(Kèm theo dự thảo {kind.lower()} ngày {vn.short_date(doc.date)})"
        paragraph(
            document, reference, italic=True, align=center, space_after=8
        ).paragraph_format.keep_with_next = True
        usable = (height - section.left_margin - section.right_margin) / Cm(1)
        _table(document, table, usable_cm=usable, caption=False)


def render(doc: PartyDocument) -> bytes:
    """The document as DOCX bytes."""
    document = new_document("A4")
    _page_numbers(document)
    if doc.draft:
        _draft_mark(document, doc)
    _header(document, doc)
    _title(document, doc)
    _keep_with_signature(*_body(document, doc))
    _signature(document, doc)
    _appendices(document, doc)
    document.core_properties.title = xml_safe(f"{doc.type_name} {doc.summary}".strip())
    document.core_properties.author = xml_safe(doc.issuing_body)
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
