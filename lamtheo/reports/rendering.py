"""A report as a Party document: the documents app's renderer with the report's body, tables and charts.

The header, number, date line, signature and recipients come from lamtheo.documents.rendering.party_document
(the one Party renderer); this module only writes the body from the narrative and the figures, adds the table of
units below, and hands the renderer the two charts (PNG from lamtheo.lib.charts), which it sets before the signature.
"""

from django.utils.translation import gettext as _

from lamtheo.documents.rendering import party_document
from lamtheo.lib import docx
from lamtheo.reports.lagging import lagging_sentence
from lamtheo.reports.models import Report, ReportKind

# The parts of a report after its figures, by narrative field, as a committee titles them; a monthly report has
# fewer (Report.narrative_fields). Numbered I, II, ... in the order they appear: an empty part is left out.
PART_TITLES = {
    "limitations": "HẠN CHẾ",
    "causes": "NGUYÊN NHÂN",
    "lessons": "BÀI HỌC KINH NGHIỆM",
    "directions": "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
}
MONTHLY_TITLES = {"limitations": "HẠN CHẾ, NGUYÊN NHÂN", "directions": "NHIỆM VỤ TRỌNG TÂM THÁNG TỚI"}
ROMAN = ("I", "II", "III", "IV", "V", "VI")
CHART_WIDTH_CM = 16
# A table by unit longer than this goes to an appendix (Phụ lục) after the signature; a short one stays in the body.
BODY_TABLE_ROWS = 8


def _narrative(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@docx.party_language
def compose_body(report: Report, figures: dict) -> str:
    """The report's text as the renderer reads it: "I. ..." sections, "1. ..." items, "- ..." bullets."""
    lines = ["I. KẾT QUẢ THỰC HIỆN", _("1. Số liệu chủ yếu")]
    for section in figures["sections"]:
        said = [f["sentence"] for f in section["figures"] if f["sentence"]]
        if said:
            lines.append(f"- {section['title']}: " + " ".join(said))
    if figures.get("table") and figures["table"]["rows"]:
        if len(figures["table"]["rows"]) > BODY_TABLE_ROWS:
            lines.append(_("(Số liệu của từng đơn vị trực thuộc tại Phụ lục kèm theo.)"))
        else:
            lines.append(_("(Số liệu của từng đơn vị trực thuộc tại bảng dưới đây.)"))
    number = 2
    if figures.get("lagging"):
        if figures.get("table"):
            lines.append(_("%(n)s. Các đơn vị cần quan tâm") % {"n": number})
        else:  # a chi bộ: its own tasks, not units below
            lines.append(_("%(n)s. Những việc cần quan tâm") % {"n": number})
        lines.extend(f"- {text}" for text in map(lagging_sentence, figures["lagging"]) if text)
        number += 1
    if said := _narrative(report.results):  # a part not written yet is left out, never "(chưa có nội dung)"
        lines.append(_("%(n)s. Đánh giá chung") % {"n": number})
        lines.extend(said)
    titles = {**PART_TITLES, **(MONTHLY_TITLES if report.kind == ReportKind.MONTHLY else {})}
    parts = [(titles[f], _narrative(getattr(report, f))) for f in report.narrative_fields if f != "results"]
    for roman, (title, said) in zip(ROMAN[1:], [part for part in parts if part[1]], strict=False):
        lines.append(f"{roman}. {title}")
        lines.extend(said)
    return "\n".join(lines)


def chart_pictures(figures: dict) -> list[bytes]:
    """The bars per unit below and the month trend, as PNG, from the snapshot's chart rows."""
    from lamtheo.lib import charts

    data = figures.get("charts") or {}
    pictures = []
    if bars := data.get("bars"):
        pictures.append(
            charts.bars_png(
                [tuple(row) for row in bars["rows"]],
                title=bars["title"],
                bar=bars["bar"],
            )
        )
    if trend := data.get("trend"):
        pictures.append(
            charts.trend_png(
                [tuple(row) for row in trend["rows"]],
                title=_("%(name)s theo tháng") % {"name": trend["title"]},
            )
        )
    return pictures


@docx.party_language
def render_report(report: Report, figures: dict) -> bytes:
    """The report's DOCX with `figures` (live for a draft, the frozen snapshot when issued)."""
    doc = party_document(report.document)
    doc.body = compose_body(report, figures)
    table = figures.get("table")
    doc.tables, doc.appendices = [], []
    if table and table["rows"]:
        by_unit = docx.Table(
            table["headers"],
            table["rows"],
            _("SỐ LIỆU CỦA CÁC ĐƠN VỊ TRỰC THUỘC"),
            total=table.get("total"),  # snapshots frozen before the total row was added have none
            numbered=True,
        )
        if len(table["rows"]) > BODY_TABLE_ROWS:
            doc.appendices = [by_unit]
        else:
            doc.tables = [by_unit]
    doc.pictures = chart_pictures(figures)
    doc.picture_width_cm = CHART_WIDTH_CM
    return docx.render(doc)


@docx.party_language
def current_figures(report: Report) -> dict:
    """The frozen snapshot of an issued report; the live figures of a draft."""
    if report.frozen_figures is not None:
        return report.frozen_figures
    from lamtheo.reports.figures import build_figures

    return build_figures(report.unit, report.period)
