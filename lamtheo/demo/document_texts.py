"""What the demo's topics and documents say: titles, summaries and bodies, in the Party's own style.

The texts are data, in `data/document_texts.yaml`; this module reads them once and gives them their shapes (and
keeps the two shapes `document_years.py` composes its texts with). `documents.py` writes them through the documents
and topics actions. A body is a `str.format` template, one paragraph a line ("I. ..." and "1. ..." lines are
headings, "- ..." lines bullets).
The fields it may use are filled in when the document is written:

    {cite}, {cite2}   the documents it cites (căn cứ), as "Kế hoạch số 06-KH/TU, ngày 15/01/2025 của ..."
    {standing}        who issues it: "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Đảng ủy xã Cù Lao Giêng"
    {propaganda}      "Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy" from 01/03/2025
    {held}            the day of the meeting a Thông báo reports (a few days before it)
    {name}            the issuing committee's organisation: "xã Cù Lao Giêng"
    {kl01}, {qd144}, {campaign}   the directives and the campaign, spelled out
and, in plans, {year}, {title}, {deploy_by}, {levels}, {when}, {period}, {helper}.
"""

import datetime
from dataclasses import dataclass

from lamtheo.demo.data import load


@dataclass(frozen=True)
class YearlyTopic:
    title: str
    deploy_by: datetime.date  # the units below issue their plans by then
    plan_date: datetime.date  # the Tỉnh ủy's plan that issues the topic


@dataclass(frozen=True)
class Text:
    """A document of the year. `to`: where it is sent — "below" (the units below), "up" (the Tỉnh ủy), "none",
    "late" (committees without a 2025 plan), "commune" (the demo commune). `recipients`: its Nơi nhận —
    "default", "report" (upwards), or the lines themselves. `state`: "issued", "draft", "revised" (a draft with a
    second version) or "consultation" (a draft under consultation). `replaces`: a document this one replaces,
    recalled when this one is issued."""

    key: str
    type: str
    date: datetime.date
    summary: str
    body: str
    related: tuple[str, ...] = ()
    signer: str = "deputy"
    to: str = "below"
    recipients: str = "default"
    state: str = "issued"
    drafting: int = 6
    replaces: str = ""

    @classmethod
    def from_data(cls, data: dict) -> "Text":
        return cls(**{**data, "related": tuple(data.get("related", ()))})


# Shapes a few documents share -------------------------------------------------------------------------------------


def giao_ban(who: str, meeting: str, *points: str, assign: str = "{propaganda}") -> str:
    """A Thông báo kết luận of a giao ban: the meeting, what went well and badly, then the conclusions."""
    numbered = [f"{number}. {point}" for number, point in enumerate(points, 2)]
    return "\n".join(
        [
            f"Ngày {{held}}, {who} chủ trì hội nghị giao ban {meeting}. Sau khi nghe báo cáo và ý kiến của các "
            f"đồng chí bí thư, đồng chí chủ trì kết luận như sau:",
            "1. Các cấp ủy đã quan tâm lãnh đạo việc học tập và làm theo Bác; nhiều nơi có cách làm hay, việc làm cụ "
            "thể. Tuy nhiên, một số nơi còn hình thức, chậm ban hành kế hoạch, chưa lấy ý kiến tập thể trước khi "
            "ban hành.",
            *numbered,
            f"{len(points) + 2}. Giao {assign} theo dõi, đôn đốc, tổng hợp kết quả.",
        ]
    )


def report(period: str, *figures: str) -> str:
    """A Báo cáo sơ kết / tổng kết: results with figures, shortcomings and their causes, what comes next."""
    return "\n".join(
        [
            f"Thực hiện {{cite}}, {{standing}} báo cáo kết quả {period} như sau:",
            "I. KẾT QUẢ THỰC HIỆN",
            "1. Công tác lãnh đạo, chỉ đạo: cấp ủy ban hành văn bản kịp thời, quán triệt đến chi bộ.",
            "2. Kết quả: " + "; ".join(figures) + ".",
            "3. Việc làm theo có chuyển biến; nhiều mô hình được nhân rộng; người đứng đầu nêu gương.",
            "II. HẠN CHẾ, NGUYÊN NHÂN",
            "- Một số nơi còn hình thức, “sáng đông, chiều vắng”; bản đăng ký làm theo chung chung, khó kiểm tra.",
            "- Việc theo dõi, đánh giá kết quả chưa có tiêu chí cụ thể.",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
            "- Tiếp tục nâng cao chất lượng sinh hoạt chuyên đề; gắn kết quả làm theo với đánh giá, xếp loại.",
        ]
    )


_DATA = load("document_texts")

CAMPAIGN: str = _DATA["campaign"]
KL01: str = _DATA["kl01"]
QD144: str = _DATA["qd144"]
FIELDS = {"campaign": CAMPAIGN, "kl01": KL01, "qd144": QD144}
TERM_2021: str = _DATA["term_2021"]
TERM_2026: str = _DATA["term_2026"]
TERM_DESCRIPTIONS: dict[int, str] = _DATA["term_descriptions"]
YEARLY_TOPICS = {year: YearlyTopic(**topic) for year, topic in _DATA["yearly_topics"].items()}
YEARLY_DESCRIPTION: str = _DATA["yearly_description"]
TERM_PLAN: str = _DATA["term_plan"]
YEARLY_PLAN: str = _DATA["yearly_plan"]
PLAN_BELOW: str = _DATA["plan_below"]
PLAN_AIMS = tuple(_DATA["plan_aims"])
PLAN_TASKS: dict[str, str] = _DATA["plan_tasks"]
PROVINCE = tuple(Text.from_data(text) for text in _DATA["province"])
COMMUNE = tuple(Text.from_data(text) for text in _DATA["commune"])
# Consultations: what invitees write, and the line the drafter then adds to the draft.
COMMENTS = tuple((pair["comment"], pair["line"]) for pair in _DATA["comments"])
CONSULTATION_MESSAGE: str = _DATA["consultation_message"]
