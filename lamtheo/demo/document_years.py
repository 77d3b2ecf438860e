"""The demo's documents after its fixed history: the topics 2026–2030, a calendar of the year, the drafts.

`data/document_texts.yaml` holds the history as it was written, 03/2025 – 02/2026 (the 2025 reform, the congresses, the
term-long topic 2026–2030). A demo built later (`as_of`, its "today") goes on with:
- the yearly topics of 2026 and after, each issued by the Tỉnh ủy's plan (`YEARLY_TOPICS`; 2026's comes in March,
  once the new term's topic is out, which is why the tests' demo of 01/03/2026 has none);
- the documents every year brings (`calendar(year)`: quarterly giao ban, six-month and annual reports, the next
  year's resolution and work programme, the registration guidance, anniversaries), those dated from 01/03/2026 to
  the day before `as_of`;
- the drafts as the demo finds them on `as_of` (`drafts(as_of)`): one under consultation of the demo users.

Same shapes as `document_texts.py` (Text, its fields); "[Y]", "[Y-1]", "[Y+1]" in a calendar text stand for its year,
the year before and after.
"""

import datetime

from lamtheo.demo.document_texts import CAMPAIGN, Text, YearlyTopic, giao_ban, report
from lamtheo.indicators.periods import ROMAN

d = datetime.date

HISTORY_END = d(2026, 3, 1)  # the fixed history stops the day before; the calendar starts then

# The yearly topics under the term-long topic 2026–2030: the demo's own wording.
YEARLY_TOPICS = {
    2026: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về đổi mới sáng tạo, chuyển đổi số, nâng cao "
        "chất lượng phục vụ Nhân dân của đội ngũ cán bộ, đảng viên",
        d(2026, 4, 30),
        d(2026, 3, 10),
    ),
    2027: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách nhiệm, dám nghĩ, dám "
        "làm, dám chịu trách nhiệm vì lợi ích chung",
        d(2027, 3, 31),
        d(2027, 1, 12),
    ),
    2028: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng khối đại đoàn kết toàn dân tộc, "
        "phát huy quyền làm chủ của Nhân dân",
        d(2028, 3, 31),
        d(2028, 1, 12),
    ),
    2029: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về cần, kiệm, liêm, chính, chí công vô tư; "
        "phòng, chống tham nhũng, tiêu cực",
        d(2029, 3, 30),
        d(2029, 1, 11),
    ),
    2030: YearlyTopic(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng Đảng và hệ thống chính trị "
        "trong sạch, vững mạnh, chuẩn bị đại hội đảng bộ các cấp nhiệm kỳ 2030 – 2035",
        d(2030, 3, 29),
        d(2030, 1, 11),
    ),
}


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _years(text: str, year: int) -> str:
    return text.replace("[Y-1]", str(year - 1)).replace("[Y+1]", str(year + 1)).replace("[Y]", str(year))


def _text(year: int, key: str, kind: str, day: datetime.date, summary: str, body: str, **fields) -> Text:
    related = tuple(_years(k, year) for k in fields.pop("related", ()))
    return Text(
        _years(key, year),
        kind,
        _weekday(day),
        _years(summary, year),
        _years(body, year),
        related=related,
        **fields,
    )


def calendar(year: int) -> tuple[list[Text], list[Text]]:
    """The Tỉnh ủy's and the demo commune's documents of `year` (all of them; the caller keeps those it needs)."""
    y = year
    tu = "Thường trực Tỉnh ủy"
    province = [
        _text(
            y,
            "ctr-[Y]",
            "chuong_trinh",
            d(y, 1, 8),
            "làm việc năm [Y] của Ban Chấp hành, Ban Thường vụ Tỉnh ủy",
            """Thực hiện {cite}, {standing} ban hành Chương trình làm việc năm [Y] như sau:
I. QUÝ I: ban hành kế hoạch chuyên đề năm [Y]; giao ban với bí thư các đảng ủy trực thuộc.
II. QUÝ II: sơ kết 6 tháng; biểu dương điển hình tiên tiến.
III. QUÝ III: kiểm tra việc thực hiện chuẩn mực đạo đức ở một số đảng ủy.
IV. QUÝ IV: tổng kết năm [Y]; giao lưu điển hình tiên tiến.""",
            related=("nq-[Y]",),
            signer="secretary",
            drafting=8,
        ),
        _text(
            y,
            "kh-party-[Y]",
            "ke_hoach",
            d(y, 1, 15),
            f"tuyên truyền kỷ niệm {y - 1930} năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/[Y])",
            """{standing} ban hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Giáo dục truyền thống vẻ vang của Đảng; củng cố niềm tin của cán bộ, đảng viên và Nhân dân.
II. NỘI DUNG, HÌNH THỨC
- Tuyên truyền trên báo chí, mạng xã hội, pa-nô, khẩu hiệu; tổ chức trao Huy hiệu Đảng đợt 03/02/[Y].
III. TỔ CHỨC THỰC HIỆN
- {propaganda} hướng dẫn nội dung; các đảng ủy trực thuộc triển khai.""",
        ),
        _text(
            y,
            "hd-pledge-[Y]",
            "huong_dan",
            d(y, 1, 27),
            f"xây dựng bản đăng ký {CAMPAIGN} năm [Y]",
            """Thực hiện {cite}, {standing} hướng dẫn như sau:
1. Bản đăng ký năm [Y] kế thừa kết quả năm [Y-1]: việc chưa làm được ghi rõ lý do, cách khắc phục.
2. Mỗi người đăng ký từ 3 đến 5 việc làm cụ thể, đo đếm được; đảng viên là người đứng đầu đăng ký thêm ít nhất một việc khó, việc mới.
3. Chi bộ thông qua bản đăng ký trong sinh hoạt tháng 3/[Y]; chi ủy theo dõi hằng tháng.""",
            related=("nq-[Y]", "hd-pledge-[Y-1]"),
        ),
        _text(
            y,
            "kh-bac-[Y]",
            "ke_hoach",
            d(y, 4, 10),
            f"tổ chức các hoạt động kỷ niệm {y - 1890} năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/[Y])",
            """{standing} ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Tuyên truyền sâu rộng cuộc đời, sự nghiệp cách mạng của Chủ tịch Hồ Chí Minh; tổ chức trang trọng, thiết thực, tiết kiệm.
II. NỘI DUNG
- Tuyên truyền trên báo chí, hệ thống loa truyền thanh cơ sở; biểu dương điển hình học tập và làm theo Bác dịp 19/5.
III. TỔ CHỨC THỰC HIỆN
- {propaganda} chủ trì; các đảng ủy trực thuộc báo cáo kết quả trước ngày 30/5/[Y].""",
        ),
        _text(
            y,
            "bc-[Y]-h1",
            "bao_cao",
            d(y, 6, 19),
            f"sơ kết 6 tháng đầu năm [Y] việc {CAMPAIGN}",
            report(
                "6 tháng đầu năm [Y]",
                "100% đảng ủy trực thuộc triển khai chuyên đề năm [Y]",
                "91,2% chi bộ sinh hoạt chuyên đề",
            ),
            related=("year-[Y]",),
            to="none",
            recipients="report",
            drafting=5,
        ),
        _text(
            y,
            "cv-report-[Y]",
            "cong_van",
            d(y, 11, 5),
            f"báo cáo tổng kết năm [Y] việc {CAMPAIGN}",
            """Để tổng kết năm [Y], {standing} đề nghị các đảng ủy trực thuộc báo cáo:
1. Kết quả học tập chuyên đề năm [Y], số đảng viên, công chức, viên chức tham gia.
2. Kết quả thực hiện bản đăng ký làm theo; chuẩn mực đạo đức; điển hình tiên tiến.
3. Hạn chế, nguyên nhân, kiến nghị.
Báo cáo gửi về {propaganda} trước ngày 10/01/[Y+1].""",
            related=("year-[Y]",),
            drafting=3,
        ),
        _text(
            y,
            "bc-[Y]",
            "bao_cao",
            d(y, 12, 10),
            f"tổng kết năm [Y] việc {CAMPAIGN}; phương hướng năm [Y+1]",
            report(
                "năm [Y]",
                "100% đảng ủy trực thuộc học tập chuyên đề năm [Y]",
                "95,8% đảng viên thực hiện bản đăng ký làm theo",
            ),
            related=("bc-[Y]-h1",),
            to="none",
            recipients="report",
            drafting=8,
        ),
        _text(
            y,
            "nq-[Y+1]",
            "nghi_quyet",
            d(y, 12, 22),
            "về lãnh đạo thực hiện nhiệm vụ năm [Y+1]",
            """I. ĐÁNH GIÁ KẾT QUẢ NĂM [Y]
Việc học tập và làm theo Bác trong Đảng bộ tỉnh tiếp tục chuyển biến, nhất là trách nhiệm nêu gương của người đứng đầu.
II. MỤC TIÊU, NHIỆM VỤ NĂM [Y+1]
1. Xây dựng Đảng bộ trong sạch, vững mạnh; nâng cao chất lượng sinh hoạt chi bộ.
2. Triển khai chuyên đề năm [Y+1]; {campaign} gắn với thực hành, nêu gương.
III. TỔ CHỨC THỰC HIỆN
- Các đảng ủy trực thuộc xây dựng nghị quyết, chương trình công tác năm [Y+1] sát với Nghị quyết này.""",
            related=("bc-[Y]",),
            signer="secretary",
            drafting=10,
        ),
    ]
    for quarter, (month, day) in enumerate(((3, 6), (6, 5), (9, 11), (12, 4))):
        province.append(
            _text(
                y,
                f"tb-[Y]-q{quarter + 1}",
                "thong_bao",
                d(y, month, day),
                f"kết luận của Thường trực Tỉnh ủy tại hội nghị giao ban quý {ROMAN[quarter + 1]} năm [Y]",
                giao_ban(
                    tu,
                    f"với bí thư các đảng ủy trực thuộc quý {ROMAN[quarter + 1]} năm [Y]",
                    "Các đảng ủy đôn đốc chi bộ sinh hoạt chuyên đề, nhận xét bản đăng ký làm theo đúng hạn.",
                ),
                drafting=3,
            )
        )
    if y == 2026:  # what the drafts of 01/03/2026 became
        province += [
            _text(
                y,
                "kh-review-kl01",
                "ke_hoach",
                d(y, 3, 6),
                "sơ kết 5 năm thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
                """Thực hiện {cite}, {standing} ban hành Kế hoạch sơ kết như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Đánh giá khách quan kết quả 5 năm; chỉ rõ hạn chế, nguyên nhân, bài học kinh nghiệm.
II. NỘI DUNG, THỜI GIAN
- Các đảng ủy trực thuộc sơ kết xong trước ngày 15/4/2026.
- Tỉnh ủy tổ chức hội nghị sơ kết trong tháng 5/2026.""",
                related=("cv-review-kl01",),
                drafting=10,
            ),
            _text(
                y,
                "nq-2030",
                "nghi_quyet",
                d(y, 3, 20),
                f"về đẩy mạnh {CAMPAIGN} gắn với xây dựng, chỉnh đốn Đảng giai đoạn 2026 – 2030",
                """I. TÌNH HÌNH
Sau 5 năm thực hiện Kết luận số 01-KL/TW, việc học tập và làm theo Bác trong Đảng bộ tỉnh có nhiều chuyển biến; tuy vậy ở một số nơi còn hình thức, chưa có tiêu chí đánh giá cụ thể.
II. MỤC TIÊU
- Đến năm 2030, 100% chi bộ có chuẩn mực đạo đức riêng; 100% đảng viên có bản đăng ký làm theo được chi bộ nhận xét hằng năm.
III. NHIỆM VỤ, GIẢI PHÁP
1. Gắn kết quả làm theo với đánh giá, xếp loại chất lượng cán bộ, đảng viên.
2. Phát huy vai trò giám sát của Nhân dân đối với cán bộ, đảng viên.""",
                related=("term-2026",),
                signer="secretary",
                drafting=20,
            ),
        ]
    btv = "Ban Thường vụ Đảng ủy"
    commune = [
        _text(
            y,
            "c-ctr-[Y]",
            "chuong_trinh",
            d(y, 1, 9),
            "làm việc năm [Y] của Ban Chấp hành, Ban Thường vụ Đảng ủy xã",
            """Thực hiện {cite}, {standing} ban hành Chương trình làm việc năm [Y]:
I. QUÝ I: kế hoạch chuyên đề năm [Y]; giao ban bí thư chi bộ.
II. QUÝ II: sơ kết 6 tháng.
III. QUÝ III: kiểm tra việc thực hiện chuẩn mực đạo đức ở các chi bộ ấp.
IV. QUÝ IV: tổng kết năm; đánh giá, xếp loại đảng viên.""",
            related=("c-nq-[Y]",),
            drafting=6,
        ),
        _text(
            y,
            "c-bc-[Y]-h1",
            "bao_cao",
            d(y, 6, 18),
            f"sơ kết 6 tháng đầu năm [Y] việc {CAMPAIGN}",
            report(
                "6 tháng đầu năm [Y]",
                "29/30 chi bộ sinh hoạt chuyên đề",
                "618 đảng viên xây dựng bản đăng ký làm theo, đạt 96,1%",
            ),
            related=("plan-[Y]",),
            to="up",
            recipients="report",
            drafting=4,
        ),
        _text(
            y,
            "c-cv-report-[Y]",
            "cong_van",
            d(y, 11, 10),
            f"báo cáo tổng kết năm [Y] việc {CAMPAIGN}",
            """Thực hiện {cite}, {standing} đề nghị các chi bộ:
1. Báo cáo kết quả sinh hoạt chuyên đề, thực hiện bản đăng ký làm theo của đảng viên năm [Y].
2. Giới thiệu gương người tốt, việc tốt tiêu biểu của chi bộ.
Báo cáo gửi về Văn phòng Đảng ủy trước ngày 20/11/[Y].""",
            related=("cv-report-[Y]",),
            drafting=2,
        ),
        _text(
            y,
            "c-bc-[Y]",
            "bao_cao",
            d(y, 11, 26),
            f"tổng kết năm [Y] việc {CAMPAIGN}; phương hướng năm [Y+1]",
            report(
                "năm [Y]",
                "100% chi bộ sinh hoạt chuyên đề mỗi quý",
                "631 đảng viên thực hiện bản đăng ký làm theo, đạt 96,8%",
            ),
            related=("cv-report-[Y]",),
            to="up",
            recipients="report",
            drafting=6,
        ),
        _text(
            y,
            "c-nq-[Y+1]",
            "nghi_quyet",
            d(y, 12, 26),
            "về lãnh đạo thực hiện nhiệm vụ chính trị năm [Y+1]",
            """Thực hiện {cite}, Ban Chấp hành Đảng bộ {name} quyết nghị:
I. MỤC TIÊU
- Xây dựng Đảng bộ trong sạch, vững mạnh; 100% chi bộ sinh hoạt chuyên đề mỗi quý.
II. NHIỆM VỤ
1. Triển khai chuyên đề năm [Y+1] ngay khi Tỉnh ủy ban hành kế hoạch.
2. Giải quyết thủ tục hành chính đúng hạn; không để hồ sơ trễ hạn.
III. TỔ CHỨC THỰC HIỆN
- Các chi bộ xây dựng nghị quyết sát với Nghị quyết này.""",
            related=("nq-[Y+1]",),
            signer="secretary",
            drafting=8,
        ),
    ]
    # The giao ban of each quarter, held early in the next one (as the demo's meetings hold them).
    for quarter, (month, day) in enumerate(((4, 10), (7, 10), (10, 10))):
        commune.append(
            _text(
                y,
                f"c-tb-[Y]-q{quarter + 1}",
                "thong_bao",
                d(y, month, day + 3),
                f"kết luận của Ban Thường vụ Đảng ủy tại hội nghị giao ban bí thư chi bộ quý {ROMAN[quarter + 1]} năm [Y]",
                giao_ban(
                    btv,
                    f"với bí thư các chi bộ trực thuộc quý {ROMAN[quarter + 1]} năm [Y]",
                    "Các chi bộ hoàn thành sinh hoạt chuyên đề của quý; chi ủy nhận xét việc thực hiện bản đăng ký làm theo.",
                    assign="Ban Xây dựng Đảng",
                ),
                drafting=2,
            )
        )
    return province, commune


def recent(as_of: datetime.date) -> tuple[list[Text], list[Text]]:
    """The calendar's documents from HISTORY_END to the day before `as_of` (none for the tests' 01/03/2026)."""
    province, commune = [], []
    for year in range(HISTORY_END.year, as_of.year + 1):
        for texts, found in zip((province, commune), calendar(year), strict=True):
            texts.extend(t for t in found if HISTORY_END <= t.date < as_of)
    return province, commune


def drafts(as_of: datetime.date) -> tuple[list[Text], list[Text]]:
    """The drafts of the Tỉnh ủy and of the demo commune on `as_of` (after the tests' 01/03/2026, whose drafts are
    in document_texts.py): a plan under consultation of the demo users, a revised guidance, a report being written."""
    y, quarter = as_of.year, (as_of.month - 1) // 3
    pledges = y if as_of.month >= 7 else y - 1  # the registrations the year's checks look at
    later = (as_of.replace(day=1) + datetime.timedelta(days=45)).replace(day=1)
    province = [
        Text(
            f"draft-kh-inspect-{y}",
            "ke_hoach",
            as_of - datetime.timedelta(days=2),
            f"kiểm tra, giám sát việc thực hiện chuẩn mực đạo đức và bản đăng ký {CAMPAIGN} năm {pledges} ở một "
            "số đảng ủy trực thuộc",
            f"""Thực hiện {{cite}}, {{standing}} xây dựng Kế hoạch kiểm tra, giám sát như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Đánh giá thực chất việc làm theo của cán bộ, đảng viên; chấn chỉnh biểu hiện hình thức.
II. ĐỐI TƯỢNG, THỜI GIAN
- 04 đảng ủy xã, phường và 01 đảng ủy trực thuộc; trong tháng {later.month:02d}/{later.year}.
III. TỔ CHỨC THỰC HIỆN
- {{propaganda}} chủ trì, phối hợp Ủy ban Kiểm tra Tỉnh ủy.""",
            related=(f"ctr-{y}",) if as_of.month > 1 else (f"ctr-{y - 1}",),
            state="consultation",
            drafting=3,
        ),
        Text(
            f"draft-hd-assess-{pledges}",
            "huong_dan",
            as_of - datetime.timedelta(days=3),
            f"tự đánh giá, nhận xét bản đăng ký {CAMPAIGN} năm {pledges}",
            f"""Thực hiện {{cite}}, {{standing}} hướng dẫn như sau:
1. Cán bộ, đảng viên tự đánh giá từng việc đã đăng ký năm {pledges}, nêu rõ kết quả, việc chưa làm được và lý do.
2. Chi bộ nhận xét, xếp mức kết quả gắn với đánh giá, xếp loại chất lượng đảng viên cuối năm.""",
            related=(f"hd-pledge-{pledges}",),
            state="revised",
            drafting=7,
        ),
        Text(
            f"draft-bc-{y}-q{quarter + 1}",
            "bao_cao",
            as_of - datetime.timedelta(days=2),
            f"kết quả thực hiện Kết luận số 01-KL/TW của Bộ Chính trị quý {ROMAN[quarter + 1]} năm {y}",
            f"""I. KẾT QUẢ
- (Tổng hợp từ báo cáo của các đảng ủy trực thuộc.)
II. HẠN CHẾ, NGUYÊN NHÂN
III. NHIỆM VỤ QUÝ {ROMAN[(quarter + 1) % 4 + 1]} NĂM {y + (quarter == 3)}""",
            state="draft",
            drafting=1,
        ),
    ]
    commune = [
        Text(
            f"c-draft-inspection-{y}",
            "ke_hoach",
            as_of - datetime.timedelta(days=4),
            f"kiểm tra việc thực hiện bản đăng ký học tập và làm theo năm {pledges} ở một số chi bộ",
            f"""I. MỤC ĐÍCH: đánh giá thực chất việc làm theo của đảng viên; chấn chỉnh biểu hiện hình thức.
II. ĐỐI TƯỢNG: 05 chi bộ ấp và Chi bộ Ủy ban nhân dân xã.
III. THỜI GIAN: tháng {later.month}/{later.year}.""",
            state="draft",
            drafting=1,
        ),
    ]
    return province, commune
