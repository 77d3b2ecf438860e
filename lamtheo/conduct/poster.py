"""An A3 poster of a code of conduct, to print large and hang in the office (seed 001, measure 1).

Portrait A3 in Times New Roman, built with the public building blocks of lamtheo.lib.docx: at the top the superior body
and the unit's name (caps), a rule, the title CHUẨN MỰC ĐẠO ĐỨC in red, the period; then the numbered rules in
large type, sized so that the whole code fits on one sheet; at the bottom the adoption line. A double red page
border frames it. The PDF is the same DOCX through LibreOffice (lamtheo.lib.docx.to_pdf).
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lamtheo.conduct.models import ConductCode
from lamtheo.lib import docx as party_docx
from lamtheo.lib import vn
from lamtheo.lib.docx import PARTY_NAME, party_language
from lamtheo.lib.text import xml_safe
from lamtheo.units.models import Unit

A3_WIDTH, A3_HEIGHT = party_docx.PAPER["A3"]
MARGIN = Cm(2.2)
RED = RGBColor(0xA5, 0x0E, 0x0E)
# Type sizes the rules may take, largest first; the first that fits the sheet is used.
RULE_SIZES = (60, 54, 48, 44, 40, 36, 32, 28, 26, 24, 22, 20, 18, 16)
TITLE_SIZE = 58
# Room the rules may fill, in points: the sheet (1190) less the margins (2 × 62) and what sits above them (the
# headings, the title and the period, about 300) and below them (the adoption line, about 50).
_RULES_HEIGHT = 1190 - 2 * 62 - 300 - 50
_AVERAGE_CHAR_WIDTH = 0.5  # of the type size: bold Times New Roman, mixed case, with a margin for safety


@dataclass
class Poster:
    """What the poster prints: plain text, so it can be built without the database."""

    superior_body: str  # ĐẢNG BỘ XÃ LONG BÌNH
    unit_name: str  # CHI BỘ ẤP LONG HÒA
    period: str  # Năm 2026 / Giai đoạn 2025 – 2030
    rules: list[str]
    footer: str = ""  # Thông qua tại cuộc họp chi bộ ngày 15/03/2026
    draft: bool = False


# How a committee's organisation is named above its units' papers: `Đảng ủy xã Long Bình` -> `Đảng bộ xã Long Bình`.
_PARTY_BODIES = (
    ("Tỉnh ủy", "Đảng bộ tỉnh"),
    ("Thành ủy", "Đảng bộ thành phố"),
    ("Huyện ủy", "Đảng bộ huyện"),
    ("Quận ủy", "Đảng bộ quận"),
    ("Thị ủy", "Đảng bộ thị xã"),
    ("Đảng ủy", "Đảng bộ"),
)


def _party_body(name: str) -> str:
    for committee, body in _PARTY_BODIES:
        if name.startswith(committee):
            return body + name[len(committee) :]
    return name


def headings(code: ConductCode) -> tuple[str, str]:
    """(superior body, unit) in capitals, as the unit's documents are headed: its issuer profile when the
    documents app has one for it, else derived from the names (`ĐẢNG BỘ XÃ LONG BÌNH`, `CHI BỘ ẤP LONG HÒA`)."""
    from lamtheo.documents.models import IssuerProfile

    profile = (
        IssuerProfile.objects.filter(unit=code.unit_id).values_list("superior_body", "issuing_body").first()
    )
    if profile is not None and all(profile):
        return profile[0].upper(), profile[1].upper()
    parent = Unit.objects.get_parent(code.unit)
    above = _party_body(parent.name) if parent is not None else PARTY_NAME
    return above.upper(), code.unit.name.upper()


def poster_for(code: ConductCode) -> Poster:
    footer = ""
    if code.adopted_on:
        footer = _("Thông qua tại cuộc họp ngày %(date)s") % {"date": vn.short_date(code.adopted_on)}
    above, unit = headings(code)
    return Poster(
        superior_body=above,
        unit_name=unit,
        period=code.period_label,
        rules=code.rule_texts(),
        footer=footer,
        draft=code.is_draft,
    )


def _lines(text: str, size: int, width_pt: float) -> int:
    """How many lines `text` takes at `size`, wrapping whole words as a word processor does."""
    per_line = max(int(width_pt / (size * _AVERAGE_CHAR_WIDTH)), 1)
    lines, used = 1, 0
    for word in text.split():
        length = len(word)
        if used and used + 1 + length > per_line:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + length
        if used > per_line:  # a word longer than a line
            lines += math.ceil(used / per_line) - 1
            used %= per_line
    return lines


def _indent(size: int) -> Pt:
    """Room for the rule's number ("10."), hanging to the left of its text."""
    return Pt(size * 1.5)


def _rules_height(rules: list[str], size: int) -> float:
    width = (A3_WIDTH - 2 * MARGIN - _indent(size)) / 12700  # EMU -> points
    return sum(_lines(rule, size, width) * size * 1.32 + size * 0.5 for rule in rules)


def rule_size(rules: list[str]) -> int:
    """The largest type size at which every rule fits the sheet (a line is 1.15 × 1.15 of the size in Times New Roman, and half a line between rules)."""
    for size in RULE_SIZES:
        if _rules_height(rules, size) <= _RULES_HEIGHT:
            return size
    return RULE_SIZES[-1]


def _page_border(section) -> None:
    """A double red border around the page, as on the boards hung in offices."""
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "double"), ("w:sz", "18"), ("w:space", "24"), ("w:color", "A50E0E")):
            element.set(qn(key), value)
        borders.append(element)
    section._sectPr.append(borders)


def _centred(document, text, size, *, bold=False, italic=False, space_after=0, colour=None):
    return party_docx.paragraph(
        document,
        text,
        size=size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=bold,
        italic=italic,
        colour=colour,
        space_after=space_after,
    )


def render(poster: Poster) -> bytes:
    """The poster as DOCX bytes: one A3 portrait sheet."""
    document = party_docx.new_document("A3", margins=MARGIN, font_size=20)
    _page_border(document.sections[0])

    if poster.draft:
        _centred(document, _("DỰ THẢO – CHƯA THÔNG QUA"), 20, bold=True, colour=RED, space_after=6)
    _centred(document, poster.superior_body.upper(), 22)
    unit = _centred(document, poster.unit_name.upper(), 26, bold=True, space_after=4)
    party_docx.bottom_rule(unit)
    _centred(document, "", 20)
    _centred(document, _("CHUẨN MỰC ĐẠO ĐỨC"), TITLE_SIZE, bold=True, colour=RED, space_after=4)
    _centred(document, poster.period, 30, italic=True, space_after=30)

    size = rule_size(poster.rules)
    indent = _indent(size)
    # A short code sits lower on the sheet rather than leaving the bottom half empty.
    spare = max(_RULES_HEIGHT - _rules_height(poster.rules, size), 0)
    for number, text in enumerate(poster.rules, 1):
        paragraph = document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.left_indent = indent
        layout.first_line_indent = -indent
        layout.tab_stops.add_tab_stop(indent)
        layout.space_before = Pt(min(spare * 0.3, 150) if number == 1 else 0)
        layout.space_after = Pt(size * 0.5)
        layout.line_spacing = 1.15
        layout.keep_together = True
        party_docx.run(paragraph, f"{number}.\t", size=size, bold=True, colour=RED)
        party_docx.run(paragraph, text, size=size, bold=True)

    if poster.footer:
        _centred(document, "", 16)
        _centred(document, poster.footer, 18, italic=True)
    document.core_properties.title = xml_safe(
        f"{_('Chuẩn mực đạo đức')} – {poster.unit_name} – {poster.period}"
    )
    document.core_properties.author = xml_safe(poster.unit_name)
    return party_docx.to_bytes(document)


@party_language
def render_docx(code: ConductCode) -> bytes:
    return render(poster_for(code))


@party_language
def render_pdf(code: ConductCode) -> bytes:
    """PdfUnavailable (lamtheo.lib.docx) when LibreOffice is missing or fails."""
    return party_docx.to_pdf(render_docx(code))


def filename(code: ConductCode, extension: str) -> str:
    """`Chuẩn mực đạo đức - Chi bộ Ấp Long Hòa - 2026.pdf`."""
    return f"{_('Chuẩn mực đạo đức')} - {code.unit.name} - {code.period}.{extension}"
