"""What the demo's topics and documents say: titles, summaries and bodies, in the Party's own style.

Plain data, like `catalogue.py`; `documents.py` writes it through the documents and topics actions. A body is a
`str.format` template, one paragraph a line ("I. ..." and "1. ..." lines are headings, "- ..." lines bullets).
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

d = datetime.date

CAMPAIGN = "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
KL01 = (
    "Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ "
    "Chính trị khóa XII về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
)
QD144 = (
    "Quy định số 144-QĐ/TW, ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng của cán bộ, đảng "
    "viên trong giai đoạn mới"
)
FIELDS = {"campaign": CAMPAIGN, "kl01": KL01, "qd144": QD144}

# Topics ---------------------------------------------------------------------------------------------------------

# The 2021–2025 title is the real one (Ban Tuyên giáo Trung ương, 2021). In 2021 the yearly topic was the term-long
# topic itself, issued after Kết luận 01 of 18/5/2021, hence its later dates. Since 2022 provinces choose their
# own yearly topics and An Giang's are not known to us: 2022 is the wording Tiền Giang chose that year, 2023 the
# wording many committees used that year (as we remember the press), 2024 the one a commune report quotes
# (seeds/003). The 2025 and 2026–2030 titles are the demo's own wording.
TERM_2021 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát "
    "triển đất nước phồn vinh, hạnh phúc"
)
TERM_2026 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về khơi dậy khát vọng phát triển, tinh thần "
    "đổi mới sáng tạo, đưa đất nước vững bước vào kỷ nguyên vươn mình của dân tộc"
)
TERM_DESCRIPTIONS = {
    2021: "Chuyên đề toàn khóa nhiệm kỳ Đại hội XIII của Đảng, thực hiện Kết luận số 01-KL/TW của Bộ Chính trị. Tư "
    "tưởng Hồ Chí Minh về độc lập dân tộc gắn với chủ nghĩa xã hội; ý chí tự lực, tự cường; khát vọng xây dựng "
    "đất nước phồn vinh, hạnh phúc; trách nhiệm nêu gương của cán bộ, đảng viên.",
    2026: "Chuyên đề toàn khóa nhiệm kỳ 2025 – 2030: phát huy ý chí, khát vọng phát triển; đổi mới sáng tạo, chuyển "
    "đổi số trong hoạt động của hệ thống chính trị; chuyển mạnh từ học tập sang thực hành, nêu gương, tự soi, tự "
    "sửa; lấy sự hài lòng của Nhân dân làm thước đo.",
}


@dataclass(frozen=True)
class YearlyTopic:
    title: str
    deploy_by: datetime.date  # the units below issue their plans by then
    plan_date: datetime.date  # the Tỉnh ủy's plan that issues the topic


YEARLY_TOPICS = {
    2021: YearlyTopic(TERM_2021, d(2021, 8, 31), d(2021, 7, 5)),
    2022: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng đội ngũ cán bộ, đảng viên thật "
        "sự tiên phong, gương mẫu, có đạo đức cách mạng trong sáng, bản lĩnh chính trị vững vàng",
        d(2022, 3, 31),
        d(2022, 1, 14),
    ),
    2023: YearlyTopic(
        "Xây dựng phong cách, tác phong công tác của người đứng đầu, của cán bộ, đảng viên trong học tập và làm "
        "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        d(2023, 3, 31),
        d(2023, 1, 10),
    ),
    2024: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy vai trò nêu gương của cán bộ, "
        "đảng viên, nhất là cán bộ lãnh đạo, quản lý các cấp",
        d(2024, 3, 31),
        d(2024, 1, 12),
    ),
    2025: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về thực hành tiết kiệm, chống lãng phí, "
        "xây dựng tổ chức bộ máy tinh gọn, hoạt động hiệu năng, hiệu lực, hiệu quả",
        d(2025, 3, 31),
        d(2025, 1, 15),
    ),
}
YEARLY_DESCRIPTION = (
    "Chuyên đề năm {year} của Ban Thường vụ Tỉnh ủy. Cán bộ, đảng viên học tập nội dung cốt lõi của chuyên đề, "
    "xây dựng bản đăng ký làm theo với việc làm cụ thể; chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần."
)

# Plans of topics --------------------------------------------------------------------------------------------------

TERM_PLAN = """{cite}; {standing} ban hành Kế hoạch {campaign} giai đoạn {period}, chuyên đề toàn khóa “{title}” như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Tiếp tục đưa việc {campaign} trở thành nội dung thường xuyên của cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể; chuyển mạnh từ học tập sang làm theo, thực hành.
2. Gắn với xây dựng, chỉnh đốn Đảng và hệ thống chính trị, với nhiệm vụ chính trị của từng địa phương, cơ quan, đơn vị; đề cao trách nhiệm nêu gương của người đứng đầu.
II. NHIỆM VỤ, GIẢI PHÁP
1. Mỗi năm Ban Thường vụ Tỉnh ủy chọn một chuyên đề năm thuộc chuyên đề toàn khóa; các đảng ủy trực thuộc ban hành kế hoạch triển khai chậm nhất trong quý I.
2. Cán bộ, đảng viên xây dựng bản đăng ký học tập và làm theo; chi bộ nhận xét, đánh giá kết quả thực hiện gắn với đánh giá, xếp loại chất lượng cuối năm.
3. Các cơ quan, đơn vị rà soát, bổ sung chuẩn mực đạo đức phù hợp chức năng, nhiệm vụ; không sao chép khuôn mẫu của cấp trên.
4. Phát hiện, bồi dưỡng, tuyên truyền, nhân rộng các điển hình tiên tiến; giao lưu điển hình mỗi năm hai lần.
III. TỔ CHỨC THỰC HIỆN
1. {propaganda} là cơ quan thường trực, hướng dẫn, theo dõi, tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh ủy.
2. Các đảng ủy trực thuộc Tỉnh ủy cụ thể hóa Kế hoạch này; báo cáo sơ kết 6 tháng trước ngày 15/6 và tổng kết năm trước ngày 30/11 hằng năm."""

YEARLY_PLAN = """Thực hiện {cite}, {standing} ban hành Kế hoạch triển khai học tập chuyên đề năm {year} “{title}” như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Giúp cán bộ, đảng viên và Nhân dân nắm vững nội dung cốt lõi của chuyên đề năm {year}; nâng cao nhận thức, trách nhiệm trong học tập và làm theo Bác.
2. Việc học tập phải nghiêm túc, thiết thực, tránh hình thức; 100% tổ chức đảng triển khai, phấn đấu trên 95% đảng viên tham gia.
II. NỘI DUNG, HÌNH THỨC, THỜI GIAN
1. Hội nghị học tập chuyên đề
- Tỉnh ủy tổ chức hội nghị trực tiếp kết hợp trực tuyến đến các điểm cầu {levels} trong {when}.
- Các đảng ủy trực thuộc ban hành kế hoạch triển khai, tổ chức học tập xong trước ngày {deploy_by}.
2. Bản đăng ký làm theo và chuẩn mực đạo đức
- Cán bộ, đảng viên xây dựng bản đăng ký học tập và làm theo với việc làm cụ thể, kiểm tra được; người đứng đầu công khai bản đăng ký trước tập thể.
- Chi bộ, cơ quan, đơn vị rà soát chuẩn mực đạo đức, sát với nhiệm vụ của mình.
3. Sinh hoạt chuyên đề: chi bộ đưa nội dung chuyên đề vào sinh hoạt thường kỳ; sinh hoạt chuyên đề ít nhất mỗi quý một lần.
III. TỔ CHỨC THỰC HIỆN
1. {propaganda} là cơ quan thường trực; biên soạn tài liệu, hướng dẫn, theo dõi, đôn đốc.
2. Các đảng ủy trực thuộc Tỉnh ủy báo cáo kết quả triển khai về Ban Thường vụ Tỉnh ủy (qua {propaganda}) trước ngày 15/4/{year}."""

# The plan of a commune or agency committee for a yearly topic: {aim}, {tasks} as below, chosen per committee.
PLAN_BELOW = """Thực hiện {cite}, {standing} xây dựng Kế hoạch triển khai học tập chuyên đề năm {year} như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Quán triệt nội dung chuyên đề năm {year} “{title}” đến 100% cán bộ, đảng viên{audience}.
{aim}
II. NỘI DUNG THỰC HIỆN
1. Học tập chuyên đề
- Tổ chức hội nghị học tập chuyên đề cho cán bộ chủ chốt, bí thư chi bộ trong {when}/{year}.
- Các chi bộ tổ chức sinh hoạt chuyên đề cho đảng viên; ghi biên bản, báo cáo số lượng tham dự.
2. Bản đăng ký học tập và làm theo
- Cán bộ, đảng viên xây dựng bản đăng ký làm theo năm {year}, thông qua chi bộ; chi ủy theo dõi, nhận xét việc thực hiện.
3. Làm theo
{tasks}
III. TỔ CHỨC THỰC HIỆN
- {helper} tham mưu triển khai, theo dõi, tổng hợp kết quả.
- Các chi bộ trực thuộc báo cáo kết quả về {standing} trước ngày 30/6/{year}."""
PLAN_AIMS = (
    "- Mỗi chi bộ, mỗi đảng viên xác định việc làm theo cụ thể, gắn với nhiệm vụ được giao; tránh hình thức, sao chép.",
    "- Việc học tập phải thiết thực, gắn với giải quyết những việc khó, việc tồn đọng ở cơ sở.",
    "- Gắn học tập chuyên đề với sinh hoạt chi bộ thường kỳ; không tổ chức tràn lan, tốn kém.",
)
PLAN_TASKS = {
    "commune": "- Gắn việc làm theo với nhiệm vụ chính trị của {name}: giải quyết thủ tục hành chính đúng hạn; chăm lo đời sống Nhân dân, nhất là hộ nghèo, gia đình chính sách.\n"
    "- Mỗi ấp, khóm chọn ít nhất một việc làm cụ thể do chi bộ lãnh đạo thực hiện trong năm.",
    "agency": "- Gắn việc làm theo với chuẩn mực đạo đức công vụ, tác phong, lề lối làm việc; giải quyết công việc đúng hạn, không để tồn đọng văn bản.\n"
    "- Người đứng đầu cơ quan, đơn vị công khai bản đăng ký làm theo trước tập thể.",
}

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


def decision(grounds: str, article1: str, article3: str, deciding: str = "BAN THƯỜNG VỤ TỈNH ỦY") -> str:
    """A Quyết định: its grounds, then Điều 1 (what), Điều 2 (from when), Điều 3 (who carries it out)."""
    return "\n".join(
        [
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
            grounds,
            f"{deciding} QUYẾT ĐỊNH",
            f"Điều 1. {article1}",
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
            f"Điều 3. {article3}",
        ]
    )


CALL_FOR_REPORTS = """Để tổng kết năm 2025, Ban Thường vụ Tỉnh ủy đề nghị các đảng ủy trực thuộc báo cáo:
1. Kết quả học tập chuyên đề năm 2025, số đảng viên, công chức, viên chức tham gia.
2. Kết quả thực hiện bản đăng ký làm theo; chuẩn mực đạo đức; điển hình tiên tiến.
3. Hạn chế, nguyên nhân, kiến nghị.
Báo cáo gửi về Ban Tuyên giáo và Dân vận Tỉnh ủy trước ngày {deadline}."""


# The year of documents --------------------------------------------------------------------------------------------


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


TU = "Thường trực Tỉnh ủy"
PROVINCE = (
    Text(
        "tb-2025-q1",
        "thong_bao",
        d(2025, 3, 7),
        "kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban với bí thư các đảng ủy trực thuộc về thực hiện "
        "Kết luận số 01-KL/TW quý I năm 2025",
        giao_ban(
            TU,
            "với bí thư các đảng ủy trực thuộc về thực hiện Kết luận số 01-KL/TW quý I năm 2025",
            "Các đảng ủy chưa ban hành kế hoạch triển khai chuyên đề năm 2025 khẩn trương hoàn thành trước ngày "
            "31/3/2025.",
        ),
        drafting=3,
    ),
    Text(
        "hd-pledge-2025",
        "huong_dan",
        d(2025, 3, 18),
        f"xây dựng bản đăng ký {CAMPAIGN} năm 2025",
        """Thực hiện {cite}, {standing} hướng dẫn xây dựng bản đăng ký như sau:
1. Đối tượng: cán bộ, đảng viên; công chức, viên chức, người lao động chưa là đảng viên.
2. Nội dung: mỗi người đăng ký từ 3 đến 5 việc làm cụ thể, gắn với chức trách, nhiệm vụ và chuẩn mực đạo đức của cơ quan, đơn vị; có thời hạn và kết quả kiểm tra được.
3. Quy trình: cá nhân xây dựng bản đăng ký, thông qua chi bộ trong tháng 4; chi ủy theo dõi hằng tháng; cuối năm cá nhân tự đánh giá, chi bộ nhận xét.
4. Người đứng đầu công khai bản đăng ký trước tập thể cơ quan, đơn vị.""",
        related=("year-2025",),
    ),
    Text(
        "cv-remind-2025",
        "cong_van",
        d(2025, 4, 8),
        "đôn đốc ban hành kế hoạch triển khai học tập chuyên đề năm 2025",
        """Theo {cite}, các đảng ủy trực thuộc ban hành kế hoạch triển khai và tổ chức học tập xong trước ngày 31/3/2025. Đến nay, một số đảng ủy chưa ban hành kế hoạch.
{standing} đề nghị các đảng ủy:
1. Khẩn trương ban hành kế hoạch, tổ chức học tập chuyên đề, hoàn thành trong tháng 4/2025.
2. Báo cáo rõ nguyên nhân chậm triển khai về Ban Thường vụ Tỉnh ủy (qua {propaganda}) trước ngày 20/4/2025.""",
        related=("year-2025",),
        to="late",
        recipients="Các đảng ủy chưa ban hành kế hoạch\nLưu Văn phòng Tỉnh ủy",
        drafting=2,
    ),
    Text(
        "kh-135",
        "ke_hoach",
        d(2025, 4, 10),
        "tổ chức các hoạt động kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/2025)",
        """{standing} ban hành Kế hoạch tổ chức các hoạt động kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Tuyên truyền sâu rộng cuộc đời, sự nghiệp cách mạng của Chủ tịch Hồ Chí Minh; khẳng định giá trị tư tưởng, đạo đức, phong cách của Người.
- Tổ chức trang trọng, thiết thực, tiết kiệm; gắn với biểu dương điển hình học tập và làm theo Bác.
II. NỘI DUNG
1. Tuyên truyền trên Báo và Phát thanh, Truyền hình An Giang, cổng thông tin điện tử, hệ thống loa truyền thanh cơ sở.
2. Tổ chức lễ dâng hoa, dâng hương tại các khu di tích; tọa đàm về tư tưởng Hồ Chí Minh.
3. Biểu dương tập thể, cá nhân điển hình trong học tập và làm theo Bác dịp 19/5.
III. TỔ CHỨC THỰC HIỆN
- {propaganda} chủ trì, hướng dẫn; các đảng ủy trực thuộc xây dựng kế hoạch và báo cáo kết quả trước ngày 30/5/2025.""",
    ),
    Text(
        "bc-2025-q1",
        "bao_cao",
        d(2025, 4, 22),
        "kết quả thực hiện Kết luận số 01-KL/TW của Bộ Chính trị quý I năm 2025",
        report(
            "quý I năm 2025",
            "100% đảng ủy trực thuộc quán triệt chuyên đề năm 2025",
            "86,4% chi bộ sinh hoạt chuyên đề",
        ),
        related=("year-2025",),
        to="none",
        recipients="report",
        drafting=5,
    ),
    Text(
        "qd-honour-2025",
        "quyet_dinh",
        d(2025, 5, 14),
        f"tuyên dương tập thể, cá nhân điển hình tiêu biểu trong {CAMPAIGN} năm 2025",
        decision(
            "Căn cứ {cite};\nXét đề nghị của {propaganda},",
            "Tuyên dương 12 tập thể và 25 cá nhân điển hình tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, "
            "phong cách Hồ Chí Minh năm 2025 (có danh sách kèm theo).",
            "Văn phòng Tỉnh ủy, {propaganda}, các tập thể và cá nhân có tên tại Điều 1 thi hành Quyết định này.",
        ),
        related=("kh-135",),
        signer="secretary",
        drafting=4,
    ),
    Text(
        "tb-2025-q2",
        "thong_bao",
        d(2025, 6, 6),
        "kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban quý II năm 2025",
        giao_ban(
            TU,
            "quý II năm 2025",
            "Chuẩn bị tốt việc sắp xếp tổ chức đảng cấp xã; bảo đảm sinh hoạt chi bộ và việc học tập, làm theo "
            "không bị gián đoạn.",
        ),
        drafting=3,
    ),
    Text(
        "bc-2025-h1",
        "bao_cao",
        d(2025, 6, 20),
        f"sơ kết 6 tháng đầu năm 2025 việc {CAMPAIGN}; phương hướng, nhiệm vụ 6 tháng cuối năm",
        report(
            "6 tháng đầu năm 2025",
            "tổ chức 1.184 lớp học tập chuyên đề với 112.360 lượt cán bộ, đảng viên tham dự, đạt 96,2%",
            "104.518 đảng viên xây dựng bản đăng ký làm theo, đạt 94,1%",
        ),
        related=("year-2025",),
        to="none",
        recipients="report",
    ),
    Text(
        "qd-commune",
        "quyet_dinh",
        d(2025, 6, 30),
        "thành lập Đảng bộ {commune} trực thuộc Đảng bộ tỉnh An Giang",
        decision(
            "Căn cứ Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã của tỉnh An "
            "Giang năm 2025;\nXét đề nghị của Ban Tổ chức Tỉnh ủy,",
            "Thành lập Đảng bộ {commune} trực thuộc Đảng bộ tỉnh An Giang, trên cơ sở hợp nhất các đảng bộ xã trên "
            "địa bàn, kể từ ngày 01/7/2025.",
            "Ban Tổ chức Tỉnh ủy, Văn phòng Tỉnh ủy và Đảng bộ {commune} thi hành Quyết định này.",
        ),
        to="commune",
        recipients="Như Điều 3\nLưu Văn phòng Tỉnh ủy",
        signer="secretary",
        drafting=5,
    ),
    Text(
        "cv-helpers",
        "cong_van",
        d(2025, 7, 15),
        "kiện toàn bộ phận giúp việc thực hiện Kết luận số 01-KL/TW sau sắp xếp tổ chức bộ máy",
        """Sau sắp xếp tổ chức bộ máy, nhiều đảng ủy mới thành lập chưa có bộ phận giúp việc thực hiện Kết luận số 01-KL/TW. {standing} đề nghị các đảng ủy trực thuộc:
1. Kiện toàn bộ phận giúp việc, giao Ban Xây dựng Đảng làm cơ quan thường trực, xong trước ngày 31/7/2025.
2. Rà soát, bảo đảm việc sinh hoạt chuyên đề và theo dõi bản đăng ký làm theo của đảng viên không bị gián đoạn sau hợp nhất.""",
        drafting=3,
    ),
    Text(
        "hd-conduct",
        "huong_dan",
        d(2025, 7, 25),
        "rà soát, xây dựng chuẩn mực đạo đức của cơ quan, đơn vị, địa phương sau sắp xếp tổ chức bộ máy",
        """Thực hiện {cite}, {standing} hướng dẫn rà soát, xây dựng chuẩn mực đạo đức như sau:
1. Chuẩn mực đạo đức do chính cơ quan, đơn vị thảo luận, thống nhất tại chi bộ; ngắn gọn, dễ nhớ, dễ thực hiện, dễ kiểm tra; không sao chép chuẩn mực của cấp trên.
2. Mỗi chuẩn mực gắn với chức năng, nhiệm vụ; treo nơi làm việc, đưa vào nội dung kiểm điểm hằng tuần, hằng tháng.
3. Hoàn thành việc rà soát, ban hành chuẩn mực trước ngày 30/9/2025.""",
        related=("cv-helpers",),
    ),
    Text(
        "tb-2025-q3",
        "thong_bao",
        d(2025, 8, 12),
        "kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban với bí thư các đảng ủy xã, phường, đặc khu sau sắp xếp",
        giao_ban(
            TU,
            "với bí thư các đảng ủy xã, phường, đặc khu sau sắp xếp",
            "Các đảng ủy xã, phường, đặc khu ổn định tổ chức, sớm hoàn thành bản đăng ký làm theo của đảng viên "
            "chuyển sinh hoạt về chi bộ mới.",
            "Chấn chỉnh việc ban hành văn bản không lấy ý kiến tập thể cấp ủy.",
        ),
        drafting=3,
    ),
    Text(
        "kh-144",
        "ke_hoach",
        d(2025, 9, 22),
        "thực hiện Quy định số 144-QĐ/TW của Bộ Chính trị về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên "
        "trong giai đoạn mới",
        """Thực hiện {qd144}, {standing} ban hành Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Cụ thể hóa các chuẩn mực đạo đức cách mạng thành việc làm của từng cán bộ, đảng viên.
- Gắn với học tập và làm theo Bác, với đánh giá, xếp loại chất lượng cuối năm.
II. NHIỆM VỤ, GIẢI PHÁP
1. Quán triệt Quy định số 144-QĐ/TW đến 100% chi bộ trong quý IV/2025.
2. Đưa chuẩn mực đạo đức cách mạng vào nội dung sinh hoạt chi bộ, kiểm điểm tự phê bình và phê bình.
3. Kiểm tra, giám sát việc thực hiện, nhất là đối với người đứng đầu.
III. TỔ CHỨC THỰC HIỆN
- {propaganda} chủ trì, phối hợp Ủy ban Kiểm tra Tỉnh ủy theo dõi, báo cáo.""",
        related=("hd-conduct",),
    ),
    Text(
        "bc-2025-q3",
        "bao_cao",
        d(2025, 9, 26),
        "kết quả thực hiện Kết luận số 01-KL/TW của Bộ Chính trị 9 tháng năm 2025",
        report(
            "9 tháng năm 2025",
            "98% đảng ủy trực thuộc rà soát chuẩn mực đạo đức",
            "bổ sung 214 điển hình tiên tiến",
        ),
        related=("bc-2025-h1",),
        to="none",
        recipients="report",
        drafting=4,
    ),
    # The 2025–2030 term starts on 03/10/2025: numbers restart at 01.
    Text(
        "qd-rules",
        "quyet_dinh",
        d(2025, 10, 8),
        "ban hành Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa I, nhiệm kỳ 2025 – 2030",
        decision(
            "Căn cứ Quy chế làm việc mẫu của tỉnh ủy, thành ủy;\nXét đề nghị của Văn phòng Tỉnh ủy,",
            "Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa I, nhiệm kỳ "
            "2025 – 2030.",
            "Các đồng chí Tỉnh ủy viên, các đảng ủy trực thuộc, các ban, Văn phòng Tỉnh ủy thi hành Quyết định này.",
        ),
        signer="secretary",
        drafting=4,
    ),
    Text(
        "qd-duties",
        "quyet_dinh",
        d(2025, 10, 10),
        "phân công nhiệm vụ các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy khóa I, nhiệm kỳ 2025 – 2030",
        decision(
            "Căn cứ {cite};",
            "Phân công nhiệm vụ các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy khóa I, nhiệm kỳ 2025 – 2030 (có danh "
            "sách kèm theo).",
            "Các đồng chí có tên tại Điều 1, Văn phòng Tỉnh ủy và các cơ quan liên quan thi hành Quyết định này.",
        ),
        related=("qd-rules",),
        signer="secretary",
        drafting=2,
    ),
    Text(
        "action-programme",
        "chuong_trinh",
        d(2025, 10, 28),
        "hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 – 2030",
        """Để đưa Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I vào cuộc sống, Ban Chấp hành Đảng bộ tỉnh ban hành Chương trình hành động như sau:
I. MỤC TIÊU
- Xây dựng Đảng bộ và hệ thống chính trị trong sạch, vững mạnh; phát huy sức mạnh đoàn kết sau hợp nhất: “Một An Giang - Một tầm nhìn - Một ý chí - Một niềm tin thắng lợi”.
II. NHIỆM VỤ, GIẢI PHÁP
1. Đẩy mạnh {campaign}; đề cao trách nhiệm nêu gương, chuyển mạnh từ học tập sang thực hành.
2. Hoàn thiện tổ chức bộ máy tinh gọn; chuyển đổi số trong hoạt động của các cơ quan đảng.
3. Chăm lo đời sống Nhân dân; lấy sự hài lòng của Nhân dân làm thước đo.
III. TỔ CHỨC THỰC HIỆN
- Các đảng ủy trực thuộc xây dựng chương trình, kế hoạch cụ thể hóa, xong trong quý IV/2025.""",
        related=("qd-rules",),
        signer="secretary",
        drafting=14,
    ),
    Text(
        "cv-report-2025",
        "cong_van",
        d(2025, 11, 5),
        f"báo cáo tổng kết năm 2025 việc {CAMPAIGN}",
        CALL_FOR_REPORTS.replace("{deadline}", "15/11/2025"),
        drafting=2,
    ),
    Text(
        "cv-report-2025-bis",
        "cong_van",
        d(2025, 11, 6),
        f"báo cáo tổng kết năm 2025 việc {CAMPAIGN}",
        "Công văn này thay thế {cite} (ghi sai thời hạn gửi báo cáo).\n"
        + CALL_FOR_REPORTS.replace("{deadline}", "30/11/2025"),
        related=("cv-report-2025",),
        drafting=1,
        replaces="cv-report-2025",
    ),
    Text(
        "kh-exemplars",
        "ke_hoach",
        d(2025, 11, 18),
        f"tổ chức giao lưu điển hình tiên tiến trong {CAMPAIGN} năm 2025",
        """{standing} ban hành Kế hoạch tổ chức giao lưu điển hình tiên tiến như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Tôn vinh, lan tỏa những tấm gương bình dị mà cao quý; nhân rộng mô hình hay, cách làm hiệu quả.
II. NỘI DUNG, THỜI GIAN
- Mỗi đảng ủy trực thuộc giới thiệu 01 – 02 điển hình tiêu biểu trước ngày 05/12/2025.
- Chương trình giao lưu tổ chức trong tháng 12/2025, truyền hình trực tiếp.
III. TỔ CHỨC THỰC HIỆN
- {propaganda} chủ trì, phối hợp Báo và Phát thanh, Truyền hình An Giang.""",
    ),
    Text(
        "tb-2025-q4",
        "thong_bao",
        d(2025, 12, 3),
        "kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban quý IV năm 2025",
        giao_ban(
            TU,
            "quý IV năm 2025",
            "Tập trung tổng kết năm 2025; nhận xét bản đăng ký làm theo của từng đảng viên trước khi xếp loại.",
        ),
        drafting=3,
    ),
    Text(
        "bc-2025",
        "bao_cao",
        d(2025, 12, 16),
        f"tổng kết năm 2025 việc {CAMPAIGN}; phương hướng, nhiệm vụ năm 2026",
        report(
            "năm 2025",
            "100% đảng ủy trực thuộc triển khai chuyên đề năm 2025, một số đảng ủy ban hành kế hoạch chậm",
            "118.240 đảng viên thực hiện bản đăng ký làm theo, đạt 95,3%",
            "biểu dương 306 tập thể, 1.024 cá nhân điển hình",
        ),
        related=("year-2025", "bc-2025-h1"),
        to="none",
        recipients="report",
        drafting=8,
    ),
    Text(
        "nq-2026",
        "nghi_quyet",
        d(2025, 12, 22),
        "về lãnh đạo thực hiện nhiệm vụ năm 2026",
        """I. ĐÁNH GIÁ KẾT QUẢ NĂM 2025
Năm 2025, Đảng bộ tỉnh hoàn thành sắp xếp tổ chức bộ máy, tổ chức thành công đại hội đảng bộ các cấp; việc học tập và làm theo Bác có chuyển biến, nhất là trách nhiệm nêu gương.
II. MỤC TIÊU, NHIỆM VỤ NĂM 2026
1. Xây dựng Đảng bộ trong sạch, vững mạnh; nâng cao chất lượng sinh hoạt chi bộ.
2. Triển khai chuyên đề toàn khóa 2026 – 2030 và chuyên đề năm 2026; {campaign} gắn với thực hành, nêu gương.
3. Đẩy mạnh chuyển đổi số trong các cơ quan đảng; giải quyết dứt điểm việc tồn đọng.
III. TỔ CHỨC THỰC HIỆN
- Các đảng ủy trực thuộc xây dựng nghị quyết, chương trình công tác năm 2026 sát với Nghị quyết này.""",
        related=("action-programme", "bc-2025"),
        signer="secretary",
        drafting=10,
    ),
    Text(
        "ctr-2026",
        "chuong_trinh",
        d(2026, 1, 8),
        "làm việc năm 2026 của Ban Chấp hành, Ban Thường vụ Tỉnh ủy",
        """Thực hiện {cite}, {standing} ban hành Chương trình làm việc năm 2026 như sau:
I. QUÝ I: ban hành kế hoạch chuyên đề năm 2026; giao ban với bí thư các đảng ủy trực thuộc.
II. QUÝ II: sơ kết 5 năm thực hiện Kết luận số 01-KL/TW; sơ kết 6 tháng.
III. QUÝ III: kiểm tra việc thực hiện chuẩn mực đạo đức ở một số đảng ủy.
IV. QUÝ IV: tổng kết năm 2026; giao lưu điển hình tiên tiến.""",
        related=("nq-2026",),
        signer="secretary",
        drafting=8,
    ),
    Text(
        "kh-party-96",
        "ke_hoach",
        d(2026, 1, 15),
        "tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2026)",
        """{standing} ban hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Giáo dục truyền thống vẻ vang của Đảng; củng cố niềm tin của cán bộ, đảng viên và Nhân dân.
II. NỘI DUNG, HÌNH THỨC
- Tuyên truyền trên báo chí, mạng xã hội, pa-nô, khẩu hiệu; gắn với tuyên truyền kết quả đại hội đảng bộ các cấp.
- Tổ chức trao Huy hiệu Đảng đợt 03/02/2026.
III. TỔ CHỨC THỰC HIỆN
- {propaganda} hướng dẫn nội dung; các đảng ủy trực thuộc triển khai.""",
    ),
    Text(
        "hd-pledge-2026",
        "huong_dan",
        d(2026, 1, 27),
        f"xây dựng bản đăng ký {CAMPAIGN} năm 2026",
        """Thực hiện {cite}, {standing} hướng dẫn như sau:
1. Bản đăng ký năm 2026 kế thừa kết quả năm 2025: việc chưa làm được ghi rõ lý do, cách khắc phục.
2. Mỗi người đăng ký từ 3 đến 5 việc làm cụ thể, đo đếm được; đảng viên là người đứng đầu đăng ký thêm ít nhất một việc khó, việc mới.
3. Chi bộ thông qua bản đăng ký trong sinh hoạt tháng 3/2026; chi ủy theo dõi hằng tháng.""",
        related=("nq-2026", "hd-pledge-2025"),
    ),
    Text(
        "term-2026",  # issues the term-long topic 2026–2030
        "ke_hoach",
        d(2026, 2, 10),
        f"{CAMPAIGN} giai đoạn 2026 – 2030",
        TERM_PLAN.replace("{cite}", "Thực hiện {cite}")
        .replace("{period}", "2026 – 2030")
        .replace("{title}", TERM_2026),
        related=("action-programme",),
        signer="secretary",
        drafting=15,
    ),
    Text(
        "tb-2026-q1",
        "thong_bao",
        d(2026, 2, 12),
        "kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban đầu năm 2026 với bí thư các đảng ủy trực thuộc",
        giao_ban(
            TU,
            "đầu năm 2026 với bí thư các đảng ủy trực thuộc",
            "Chuẩn bị triển khai chuyên đề năm 2026 ngay khi Ban Thường vụ Tỉnh ủy ban hành kế hoạch; không để "
            "chậm như năm 2025.",
        ),
        drafting=3,
    ),
    Text(
        "cv-review-kl01",
        "cong_van",
        d(2026, 2, 24),
        "chuẩn bị sơ kết 5 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        """Thực hiện {cite}, {standing} đề nghị các đảng ủy trực thuộc chuẩn bị sơ kết 5 năm thực hiện Kết luận số 01-KL/TW:
1. Rà soát số liệu học tập chuyên đề, bản đăng ký làm theo, điển hình tiên tiến các năm 2021 – 2025.
2. Gửi báo cáo sơ kết về {propaganda} trước ngày 15/4/2026.""",
        related=("ctr-2026",),
        drafting=3,
    ),
    # Drafts, as the demo finds them on 01/03/2026.
    Text(
        "draft-review-kl01",
        "ke_hoach",
        d(2026, 2, 26),
        "sơ kết 5 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        """Thực hiện {cite}, {standing} xây dựng Kế hoạch sơ kết như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Đánh giá khách quan kết quả 5 năm; chỉ rõ hạn chế, nguyên nhân, bài học kinh nghiệm.
II. NỘI DUNG, THỜI GIAN
- Các đảng ủy trực thuộc sơ kết xong trước ngày 15/4/2026.
- Tỉnh ủy tổ chức hội nghị sơ kết trong tháng 5/2026.""",
        related=("cv-review-kl01",),
        state="revised",
        drafting=7,
    ),
    Text(
        "draft-nq-2030",
        "nghi_quyet",
        d(2026, 2, 27),
        f"về đẩy mạnh {CAMPAIGN} gắn với xây dựng, chỉnh đốn Đảng giai đoạn 2026 – 2030",
        """I. TÌNH HÌNH
Sau 5 năm thực hiện Kết luận số 01-KL/TW, việc học tập và làm theo Bác trong Đảng bộ tỉnh có nhiều chuyển biến; tuy vậy ở một số nơi còn hình thức, chưa có tiêu chí đánh giá cụ thể.
II. MỤC TIÊU
- Đến năm 2030, 100% chi bộ có chuẩn mực đạo đức riêng; 100% đảng viên có bản đăng ký làm theo được chi bộ nhận xét hằng năm.
III. NHIỆM VỤ, GIẢI PHÁP
1. Gắn kết quả làm theo với đánh giá, xếp loại chất lượng cán bộ, đảng viên.
2. Phát huy vai trò giám sát của Nhân dân đối với cán bộ, đảng viên.""",
        related=("term-2026",),
        state="consultation",
        signer="secretary",
        drafting=3,
    ),
    Text(
        "draft-bc-2026-q1",
        "bao_cao",
        d(2026, 2, 27),
        "kết quả thực hiện Kết luận số 01-KL/TW của Bộ Chính trị quý I năm 2026",
        """I. KẾT QUẢ
- (Tổng hợp từ báo cáo của các đảng ủy trực thuộc.)
II. HẠN CHẾ, NGUYÊN NHÂN
III. NHIỆM VỤ QUÝ II NĂM 2026""",
        state="draft",
        drafting=1,
    ),
)

BTV = "Ban Thường vụ Đảng ủy"
BTV_XA = "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ"
COMMUNE = (
    Text(
        "c-tb-2025-q1",
        "thong_bao",
        d(2025, 3, 10),
        "kết luận của Ban Thường vụ Đảng ủy tại hội nghị giao ban bí thư chi bộ quý I năm 2025",
        giao_ban(
            BTV,
            "với bí thư các chi bộ trực thuộc quý I năm 2025",
            "Hoàn thành việc đăng ký làm theo năm 2025 của đảng viên trong tháng 3; chi bộ nhận xét từng bản.",
            "Chi ủy họp trước sinh hoạt chi bộ một ngày; tỷ lệ đảng viên dự sinh hoạt trên 80%, vắng phải có lý do.",
            assign="Văn phòng Đảng ủy",
        ),
        drafting=2,
    ),
    Text(
        "c-kh-135",
        "ke_hoach",
        d(2025, 4, 16),
        "tổ chức các hoạt động kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh",
        """Thực hiện {cite}, {standing} xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Tuyên truyền cuộc đời, sự nghiệp của Bác đến từng ấp; tổ chức thiết thực, tiết kiệm.
II. NỘI DUNG
- Tuyên truyền trên hệ thống loa truyền thanh; sinh hoạt chuyên đề tại chi bộ trong tháng 5.
- Biểu dương gương người tốt, việc tốt tiêu biểu của {name}.
III. TỔ CHỨC THỰC HIỆN
- Các chi bộ báo cáo kết quả về Ban Thường vụ Đảng ủy trước ngày 25/5/2025.""",
        related=("kh-135",),
    ),
    Text(
        "c-bc-2025-h1",
        "bao_cao",
        d(2025, 6, 18),
        f"sơ kết 6 tháng đầu năm 2025 việc {CAMPAIGN}",
        report(
            "6 tháng đầu năm 2025",
            "28/30 chi bộ sinh hoạt chuyên đề",
            "612 đảng viên xây dựng bản đăng ký làm theo, đạt 95,6%",
        ),
        related=("plan-2025",),
        to="up",
        recipients="report",
        drafting=4,
    ),
    Text(
        "c-qd-duties",
        "quyet_dinh",
        d(2025, 7, 3),
        "phân công nhiệm vụ các đồng chí Ủy viên Ban Thường vụ, Ban Chấp hành Đảng bộ xã",
        decision(
            "Căn cứ {cite};",
            "Phân công nhiệm vụ các đồng chí Ủy viên Ban Thường vụ, Ban Chấp hành Đảng bộ xã (có danh sách kèm "
            "theo), kể từ ngày ký.",
            "Các đồng chí có tên tại Điều 1 và Văn phòng Đảng ủy thi hành Quyết định này.",
            BTV_XA,
        ),
        related=("qd-commune",),
        signer="secretary",
        drafting=2,
    ),
    Text(
        "c-qd-helpers",
        "quyet_dinh",
        d(2025, 7, 21),
        "kiện toàn Tổ giúp việc thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        decision(
            "Căn cứ {cite};\nXét đề nghị của Ban Xây dựng Đảng,",
            "Kiện toàn Tổ giúp việc thực hiện Kết luận số 01-KL/TW gồm 07 đồng chí; Trưởng Ban Xây dựng Đảng làm "
            "tổ trưởng.",
            "Ban Xây dựng Đảng, Văn phòng Đảng ủy và các đồng chí có tên tại Điều 1 thi hành Quyết định này.",
            BTV_XA,
        ),
        related=("cv-helpers",),
        drafting=3,
    ),
    Text(
        "c-hd-conduct",
        "huong_dan",
        d(2025, 8, 27),
        "các chi bộ trực thuộc rà soát, xây dựng chuẩn mực đạo đức",
        """Thực hiện {cite}, {standing} hướng dẫn các chi bộ:
1. Mỗi chi bộ tự thảo luận, thống nhất 3 – 5 chuẩn mực ngắn gọn, sát với công việc của ấp, cơ quan; không chép lại chuẩn mực của Đảng ủy.
2. Chuẩn mực được treo tại nơi sinh hoạt, đưa vào kiểm điểm hằng tháng.
3. Gửi chuẩn mực đã thông qua về Ban Xây dựng Đảng trước ngày 20/9/2025.""",
        related=("hd-conduct",),
    ),
    Text(
        "c-tb-2025-q3",
        "thong_bao",
        d(2025, 9, 12),
        "kết luận của Ban Thường vụ Đảng ủy tại hội nghị giao ban bí thư chi bộ quý III năm 2025",
        giao_ban(
            BTV,
            "với bí thư các chi bộ trực thuộc quý III năm 2025",
            "Các chi bộ chuyển về từ các xã cũ ổn định sinh hoạt; cập nhật bản đăng ký làm theo của đảng viên.",
            assign="Ban Xây dựng Đảng",
        ),
        drafting=2,
    ),
    Text(
        "c-kh-144",
        "ke_hoach",
        d(2025, 10, 14),
        "thực hiện Quy định số 144-QĐ/TW của Bộ Chính trị về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên "
        "trong giai đoạn mới",
        """Thực hiện {cite}, {standing} xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- 100% cán bộ, đảng viên được quán triệt Quy định số 144-QĐ/TW.
II. NỘI DUNG
- Quán triệt tại hội nghị Ban Chấp hành mở rộng trong tháng 10/2025 và sinh hoạt chi bộ tháng 11/2025.
- Đưa chuẩn mực đạo đức cách mạng vào kiểm điểm cuối năm.
III. TỔ CHỨC THỰC HIỆN
- Ủy ban Kiểm tra Đảng ủy giám sát việc thực hiện của người đứng đầu các chi bộ.""",
        related=("kh-144",),
    ),
    Text(
        "c-cv-report",
        "cong_van",
        d(2025, 11, 10),
        f"báo cáo tổng kết năm 2025 việc {CAMPAIGN}",
        """Thực hiện {cite}, {standing} đề nghị các chi bộ:
1. Báo cáo kết quả sinh hoạt chuyên đề, thực hiện bản đăng ký làm theo của đảng viên năm 2025.
2. Giới thiệu gương người tốt, việc tốt tiêu biểu của chi bộ.
Báo cáo gửi về Văn phòng Đảng ủy trước ngày 20/11/2025.""",
        related=("cv-report-2025-bis",),
        drafting=2,
    ),
    Text(
        "c-bc-2025",
        "bao_cao",
        d(2025, 11, 26),
        f"tổng kết năm 2025 việc {CAMPAIGN}; phương hướng năm 2026",
        report(
            "năm 2025",
            "100% chi bộ sinh hoạt chuyên đề mỗi quý",
            "625 đảng viên thực hiện bản đăng ký làm theo, đạt 96,4%",
            "nhân rộng mô hình “Tổ nhân dân tự quản” ra 08 ấp",
        ),
        related=("cv-report-2025-bis",),
        to="up",
        recipients="report",
        drafting=6,
    ),
    Text(
        "c-nq-2026",
        "nghi_quyet",
        d(2025, 12, 26),
        "về lãnh đạo thực hiện nhiệm vụ chính trị năm 2026",
        """Thực hiện {cite}, Ban Chấp hành Đảng bộ {name} quyết nghị:
I. MỤC TIÊU
- Xây dựng Đảng bộ trong sạch, vững mạnh; 100% chi bộ sinh hoạt chuyên đề mỗi quý.
II. NHIỆM VỤ
1. Triển khai chuyên đề năm 2026 ngay khi Tỉnh ủy ban hành kế hoạch.
2. Giải quyết thủ tục hành chính đúng hạn; không để hồ sơ trễ hạn.
III. TỔ CHỨC THỰC HIỆN
- Các chi bộ xây dựng nghị quyết sát với Nghị quyết này.""",
        related=("nq-2026",),
        signer="secretary",
        drafting=8,
    ),
    Text(
        "c-ctr-2026",
        "chuong_trinh",
        d(2026, 1, 9),
        "làm việc năm 2026 của Ban Chấp hành, Ban Thường vụ Đảng ủy xã",
        """Thực hiện {cite}, {standing} ban hành Chương trình làm việc năm 2026:
I. QUÝ I: kế hoạch chuyên đề năm 2026; giao ban bí thư chi bộ.
II. QUÝ II: sơ kết 5 năm thực hiện Kết luận số 01-KL/TW.
III. QUÝ III: kiểm tra việc thực hiện chuẩn mực đạo đức ở các chi bộ ấp.
IV. QUÝ IV: tổng kết năm; đánh giá, xếp loại đảng viên.""",
        related=("c-nq-2026",),
        drafting=6,
    ),
    Text(
        "c-tb-2026-q1",
        "thong_bao",
        d(2026, 1, 20),
        "kết luận của Ban Thường vụ Đảng ủy tại hội nghị giao ban bí thư chi bộ đầu năm 2026",
        giao_ban(
            BTV,
            "với bí thư các chi bộ trực thuộc đầu năm 2026",
            "Chuẩn bị sinh hoạt chuyên đề quý I/2026; hoàn thành nhận xét bản đăng ký năm 2025.",
            assign="Ban Xây dựng Đảng",
        ),
        drafting=2,
    ),
    Text(
        "c-kh-study-q1",
        "ke_hoach",
        d(2026, 2, 5),
        "tổ chức sinh hoạt chuyên đề quý I năm 2026 ở các chi bộ trực thuộc",
        """Thực hiện {cite}, {standing} xây dựng Kế hoạch như sau:
I. NỘI DUNG: sinh hoạt chuyên đề “Nêu gương, tự soi, tự sửa” gắn với Quy định số 144-QĐ/TW.
II. THỜI GIAN: các chi bộ sinh hoạt xong trước ngày 31/3/2026.
III. TỔ CHỨC THỰC HIỆN: đảng ủy viên phụ trách chi bộ dự, báo cáo kết quả về Ban Xây dựng Đảng.""",
        related=("c-ctr-2026",),
    ),
    Text(
        "c-draft-inspection",
        "ke_hoach",
        d(2026, 2, 25),
        "kiểm tra việc thực hiện bản đăng ký học tập và làm theo năm 2025 ở một số chi bộ",
        """I. MỤC ĐÍCH: đánh giá thực chất việc làm theo của đảng viên; chấn chỉnh biểu hiện hình thức.
II. ĐỐI TƯỢNG: 05 chi bộ ấp và Chi bộ Ủy ban nhân dân xã.
III. THỜI GIAN: tháng 4/2026.""",
        state="draft",
        drafting=1,
    ),
)

# Consultations: what invitees write, and the line the drafter then adds to the draft.
COMMENTS = (
    (
        "Đề nghị bổ sung thời gian hoàn thành và đơn vị chủ trì cho từng nội dung.",
        "- Giao Văn phòng theo dõi, đôn đốc tiến độ; mỗi nội dung ghi rõ đơn vị chủ trì, thời gian hoàn thành.",
    ),
    (
        "Đề nghị nhấn mạnh trách nhiệm nêu gương của người đứng đầu cấp ủy, cơ quan, đơn vị.",
        "- Người đứng đầu cấp ủy, cơ quan, đơn vị gương mẫu thực hiện trước, công khai bản đăng ký làm theo trước "
        "tập thể.",
    ),
    (
        "Đề nghị bổ sung chỉ tiêu cụ thể để có căn cứ đánh giá kết quả cuối năm.",
        "- Phấn đấu 100% chi bộ sinh hoạt chuyên đề; trên 95% đảng viên xây dựng bản đăng ký làm theo.",
    ),
    (
        "Nên gắn nội dung này với kiểm tra, giám sát định kỳ của cấp ủy để tránh hình thức.",
        "- Đưa việc thực hiện nội dung này vào chương trình kiểm tra, giám sát năm của cấp ủy.",
    ),
)
CONSULTATION_MESSAGE = "Đề nghị các đồng chí nghiên cứu, cho ý kiến vào dự thảo trước thời hạn."
