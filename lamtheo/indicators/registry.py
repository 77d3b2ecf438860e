"""Every indicator, declared once: what it counts, over what, for which period, with which splits.

The dashboard, the reports and the exports read the names and descriptions from here and the numbers from
engine.figures(); each indicator names the source (source.py) and the counts it divides. Every figure rolls up the tree by
summing numerators and denominators over the unit's whole subtree (never by averaging percentages), and units
merged into another count under it: they stay in the tree, moved under the unit they merged into.

Year-end results of the registrations are one indicator per level (result_excellent ... result_not_done), each over
the registrations rated, so each has its own percent, trend and ranking; the reports list the four together.

Each indicator also declares how a report says it (`report_phrase`): one whole sentence, translated as a whole,
with `%(scope)s` (how the report names its unit: "Toàn tỉnh", "Toàn Đảng bộ", "Chi bộ") and, for a plain count,
`%(count)s`, for a ratio `%(ratio)s` ("40.539/41.324") and `%(percent)s` ("98,1%"); `%(members)s`,
`%(non_members)s` are the counts of a split, `%(during)s` ("Trong năm") and `%(subject)s` ("toàn tỉnh", "chi bộ")
start a sentence on the period. `report_phrase_cell` is the sentence of a unit with no units below (a chi bộ) where the
general one would speak of units below it; `report_phrase_none` the sentence when a count it says is zero (zero is
said in words, never "0 lớp" or "0/1"); `report_phrase_pending` what a report says, once, of a figure that does not
exist yet (its base is empty): when it will. A figure with an empty base and no such sentence is left out.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SPLITS = {
    "members": _("Đảng viên"),
    "non_members": _("Cán bộ, công chức, viên chức chưa là đảng viên"),
    "key_cadres": _("Cán bộ chủ chốt"),
}
PEOPLE_SPLITS = ("members", "non_members", "key_cadres")

SECTIONS = {
    "people": _("Đảng viên, cán bộ"),
    "study": _("Học tập chuyên đề"),
    "registrations": _("Đăng ký học tập và làm theo"),
    "conduct": _("Chuẩn mực đạo đức"),
    "meetings": _("Sinh hoạt chi bộ"),
    "documents": _("Triển khai chuyên đề"),
    "initiatives": _("Mô hình, nội dung đột phá"),
    "exemplars": _("Gương điển hình"),
    "emulation": _("Thi đua, chi bộ mẫu"),
}


@dataclass(frozen=True)
class Indicator:
    code: str  # English slug
    name: str  # Vietnamese (lazy)
    section: str  # a key of SECTIONS
    numerator: str  # what is counted
    denominator: str  # over what ("" for a plain count)
    higher_is_better: bool = True
    bar: float | None = None  # a percent bar: below it the unit needs attention
    splits: tuple[str, ...] = ()  # supported keys of SPLITS
    period: str = ""  # how the period applies (Vietnamese)
    report_phrase: str = (
        ""  # the report's sentence (see the module): "%(scope)s đã mở được %(count)s lớp ..."
    )
    report_phrase_cell: str = ""  # the same for a unit with no units below, when it must read otherwise
    report_phrase_none: str = ""  # the sentence when a count it says is zero
    report_phrase_pending: str = ""  # said once when the figure does not exist yet (empty base)
    # In a one-month report a chi bộ meets once: the turns counted over several months are chi bộ, and a chi bộ's
    # own figure is yes or no. The month's sentences where they differ (empty: the ones above): with units below,
    # of a chi bộ, and each when its count is zero.
    month_phrase: str = ""
    month_phrase_cell: str = ""
    month_phrase_none: str = ""
    month_phrase_cell_none: str = ""
    # How it is computed: the source (source.py; declared by the app owning the records) and the names of its counts
    # divided, summed over the unit's subtree; `month_source`: the source split by month that gives its trend in one
    # query (empty: the trend computes it month by month).
    source: str = ""
    count: str = ""
    over: str = ""  # empty for a plain count
    month_source: str = ""
    # The definition in one sentence a staff member reads beside the figure: what is counted, over whom, as of when.
    definition: str = ""

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)

    def phrase(self, *, units_below: bool) -> str:
        """The report's sentence, with its placeholders, for a unit with or without units below it."""
        if not units_below and self.report_phrase_cell:
            return str(self.report_phrase_cell)
        return str(self.report_phrase)

    def month_sentence(self, *, units_below: bool, zero: bool) -> str:
        """The one-month sentence (see month_phrase), or "" where the general one is said."""
        if zero:
            return str(self.month_phrase_none if units_below else self.month_phrase_cell_none)
        return str(self.month_phrase if units_below else self.month_phrase_cell)

    def value(self, counts: dict[str, int]):
        """The indicator's value from the summed counts of its source for one unit."""
        from lamtheo.indicators.values import Value

        if not self.over:
            return Value(counts.get(self.count, 0))
        return Value(counts.get(self.count, 0), counts.get(self.over, 0))

    def below_bar(self, value) -> bool:
        """Whether `value` (an engine.Value) falls on the wrong side of the bar."""
        if self.bar is None or value.percent is None:
            return False
        return value.percent < self.bar if self.higher_is_better else value.percent > self.bar


_TODAY = _("Tính theo danh sách hiện tại (đang sinh hoạt).")
_YEAR = _("Năm của ngày cuối kỳ.")
_MONTHS = _("Các tháng của kỳ, đến tháng hiện tại.")

_LEVELS = (
    (
        "result_excellent",
        _("Hoàn thành xuất sắc nhiệm vụ"),
        _("Số người được xếp loại hoàn thành xuất sắc nhiệm vụ"),
        _("%(scope)s có %(ratio)s người được xếp loại hoàn thành xuất sắc nhiệm vụ, chiếm %(percent)s."),
    ),
    (
        "result_good",
        _("Hoàn thành tốt nhiệm vụ"),
        _("Số người được xếp loại hoàn thành tốt nhiệm vụ"),
        _("%(scope)s có %(ratio)s người được xếp loại hoàn thành tốt nhiệm vụ, chiếm %(percent)s."),
    ),
    (
        "result_done",
        _("Hoàn thành nhiệm vụ"),
        _("Số người được xếp loại hoàn thành nhiệm vụ"),
        _("%(scope)s có %(ratio)s người được xếp loại hoàn thành nhiệm vụ, chiếm %(percent)s."),
    ),
    (
        "result_not_done",
        _("Không hoàn thành nhiệm vụ"),
        _("Số người được xếp loại không hoàn thành nhiệm vụ"),
        _("%(scope)s có %(ratio)s người được xếp loại không hoàn thành nhiệm vụ, chiếm %(percent)s."),
    ),
)
_LEVEL_DEFINITIONS = {
    "result_excellent": _(
        "Số người đang sinh hoạt (không tính miễn sinh hoạt) có bản đăng ký của năm được xếp loại hoàn thành xuất "
        "sắc nhiệm vụ đến hết kỳ, trên số người đó có bản đăng ký của năm đã được nhận xét, xếp loại đến hết kỳ."
    ),
    "result_good": _(
        "Số người đang sinh hoạt (không tính miễn sinh hoạt) có bản đăng ký của năm được xếp loại hoàn thành tốt "
        "nhiệm vụ đến hết kỳ, trên số người đó có bản đăng ký của năm đã được nhận xét, xếp loại đến hết kỳ."
    ),
    "result_done": _(
        "Số người đang sinh hoạt (không tính miễn sinh hoạt) có bản đăng ký của năm được xếp loại hoàn thành "
        "nhiệm vụ đến hết kỳ, trên số người đó có bản đăng ký của năm đã được nhận xét, xếp loại đến hết kỳ."
    ),
    "result_not_done": _(
        "Số người đang sinh hoạt (không tính miễn sinh hoạt) có bản đăng ký của năm bị xếp loại không hoàn thành "
        "nhiệm vụ đến hết kỳ, trên số người đó có bản đăng ký của năm đã được nhận xét, xếp loại đến hết kỳ."
    ),
}
# Of the levels, a report says the ones someone was rated at, and that no one failed when no one did.
_LEVEL_NONE = {"result_not_done": _("%(scope)s không có người bị xếp loại không hoàn thành nhiệm vụ.")}
_LEVEL_PENDING = _(
    "Việc nhận xét, xếp loại kết quả thực hiện bản đăng ký học tập và làm theo được tiến hành vào cuối năm, cùng "
    "với kiểm điểm, đánh giá, xếp loại đảng viên."
)
# Indicator code -> Pledge.Level value.
LEVEL_CODES = {
    "result_excellent": "xuat_sac",
    "result_good": "tot",
    "result_done": "hoan_thanh",
    "result_not_done": "khong_hoan_thanh",
}

_ALL = [
    Indicator(
        "people",
        _("Đảng viên, cán bộ, công chức, viên chức"),
        "people",
        _("Số người đang sinh hoạt (kể cả miễn sinh hoạt) trong đơn vị và các đơn vị trực thuộc"),
        "",
        splits=PEOPLE_SPLITS,
        period=_TODAY,
        report_phrase=_(
            "%(scope)s có %(members)s đảng viên (kể cả đảng viên được miễn sinh hoạt) và %(non_members)s cán bộ, "
            "công chức, viên chức chưa là đảng viên."
        ),
        report_phrase_none=_("%(scope)s có %(members)s đảng viên (kể cả đảng viên được miễn sinh hoạt)."),
        source="people",
        count="people",
        definition=_(
            "Số người đang sinh hoạt hôm nay (kể cả miễn sinh hoạt) ở đơn vị và các đơn vị trực thuộc, tính theo "
            "nơi sinh hoạt hiện tại."
        ),
    ),
    Indicator(
        "study_sessions",
        _("Lớp, hội nghị học tập chuyên đề đã tổ chức"),
        "study",
        _("Số lớp, hội nghị học tập chuyên đề (kể cả học bù) đã tổ chức trong kỳ"),
        "",
        period=_("Ngày học trong kỳ, đến hôm nay."),
        report_phrase=_("%(scope)s đã mở được %(count)s lớp, hội nghị học tập chuyên đề (kể cả học bù)."),
        report_phrase_none=_("%(during)s, %(subject)s không tổ chức học tập chuyên đề."),
        source="sessions",
        count="sessions",
        month_source="sessions",
        definition=_(
            "Số lớp, hội nghị học tập chuyên đề (kể cả học bù) do đơn vị và các đơn vị trực thuộc tổ chức có ngày "
            "học trong kỳ, đến hôm nay."
        ),
    ),
    Indicator(
        "studied_topic",
        _("Học tập chuyên đề năm"),
        "study",
        _("Số người có mặt ở ít nhất một buổi học chuyên đề năm, từ đầu năm đến cuối kỳ"),
        _("Số người đang sinh hoạt (không tính miễn sinh hoạt)"),
        splits=PEOPLE_SPLITS,
        period=_(
            "Buổi học chuyên đề năm của năm, từ đầu năm đến cuối kỳ (cộng dồn); danh sách người hiện tại."
        ),
        report_phrase=_("%(scope)s có %(ratio)s người tham gia học tập chuyên đề năm, đạt %(percent)s."),
        report_phrase_none=_("%(scope)s chưa có người tham gia học tập chuyên đề năm."),
        source="people",
        count="studied",
        over="active",
        definition=_(
            "Số người đang sinh hoạt (không tính miễn sinh hoạt) đã có mặt ở ít nhất một buổi học chuyên đề năm "
            "của năm đó, từ đầu năm đến cuối kỳ, trên tổng số người đang sinh hoạt không miễn sinh hoạt: cộng dồn, "
            "không tính lại theo từng tháng."
        ),
    ),
    Indicator(
        "registered",
        _("Viết bản đăng ký học tập và làm theo"),
        "registrations",
        _("Số người đã nộp bản đăng ký của năm (đến cuối kỳ)"),
        _("Số người đang sinh hoạt (không tính miễn sinh hoạt)"),
        splits=PEOPLE_SPLITS,
        period=_("Bản đăng ký của năm của ngày cuối kỳ, nộp lần đầu trước khi kỳ kết thúc."),
        report_phrase=_(
            "%(scope)s có %(ratio)s người đã viết bản đăng ký học tập và làm theo, chiếm %(percent)s."
        ),
        report_phrase_none=_("%(scope)s chưa có người viết bản đăng ký học tập và làm theo."),
        source="people",
        count="registered",
        over="active",
        definition=_(
            "Số người đang sinh hoạt (không tính miễn sinh hoạt) đã nộp bản đăng ký học tập và làm theo của năm "
            "trước khi kỳ kết thúc (bản nháp chưa nộp không tính), trên tổng số người đang sinh hoạt không miễn "
            "sinh hoạt."
        ),
    ),
    Indicator(
        "registrations_reviewed",
        _("Bản đăng ký đã được chi bộ xem xét"),
        "registrations",
        _("Số bản đăng ký chi bộ đã xem xét, chấp nhận"),
        _("Số người đã nộp bản đăng ký của năm (đến cuối kỳ)"),
        splits=PEOPLE_SPLITS,
        period=_YEAR,
        report_phrase=_(
            "%(scope)s có %(ratio)s bản đăng ký đã được chi bộ xem xét, chấp nhận, đạt %(percent)s."
        ),
        report_phrase_none=_("Các bản đăng ký đã nộp chưa được chi bộ xem xét, chấp nhận."),
        source="people",
        count="reviewed",
        over="registered",
        definition=_(
            "Số người đang sinh hoạt (không tính miễn sinh hoạt) có bản đăng ký đã được chi bộ xem xét, chấp nhận "
            "trước khi kỳ kết thúc, trên số người đó đã nộp bản đăng ký trước khi kỳ kết thúc."
        ),
    ),
    *(
        Indicator(
            code,
            name,
            "registrations",
            numerator,
            _("Số bản đăng ký đã được nhận xét, xếp loại (đến hết kỳ)"),
            higher_is_better=code != "result_not_done",
            splits=PEOPLE_SPLITS,
            period=_YEAR,
            report_phrase=phrase,
            report_phrase_none=_LEVEL_NONE.get(code, ""),
            report_phrase_pending=_LEVEL_PENDING,
            source="people",
            count=f"level_{LEVEL_CODES[code]}",
            over="rated",
            definition=_LEVEL_DEFINITIONS[code],
        )
        for code, name, numerator, phrase in _LEVELS
    ),
    Indicator(
        "conduct_adopted",
        _("Đơn vị có chuẩn mực đạo đức riêng"),
        "conduct",
        _("Số cấp ủy, chi bộ có chuẩn mực đạo đức đang áp dụng trong năm"),
        _("Số cấp ủy, chi bộ đang hoạt động"),
        period=_YEAR,
        report_phrase=_(
            "%(scope)s có %(ratio)s cấp ủy, chi bộ có chuẩn mực đạo đức riêng đang áp dụng, đạt %(percent)s."
        ),
        report_phrase_cell=_("Chi bộ có chuẩn mực đạo đức riêng đang áp dụng trong năm."),
        report_phrase_none=_("%(scope)s chưa có chuẩn mực đạo đức riêng đang áp dụng."),
        source="conduct",
        count="adopted",
        over="expected",
        definition=_(
            "Số cấp ủy, chi bộ đang hoạt động có chuẩn mực đạo đức riêng áp dụng trong năm của kỳ, trên tổng số "
            "cấp ủy, chi bộ đang hoạt động."
        ),
    ),
    Indicator(
        "conduct_copied",
        _("Chuẩn mực đạo đức bị đánh dấu sao chép"),
        "conduct",
        _("Số đơn vị có chuẩn mực đạo đức đang áp dụng bị đánh dấu sao chép nguyên văn"),
        _("Số đơn vị có chuẩn mực đạo đức đang áp dụng"),
        higher_is_better=False,
        period=_YEAR,
        report_phrase=_(
            "%(scope)s có %(ratio)s đơn vị có chuẩn mực đạo đức bị đánh dấu sao chép nguyên văn, chiếm %(percent)s."
        ),
        report_phrase_cell=_(
            "Chuẩn mực đạo đức của chi bộ bị đánh dấu sao chép nguyên văn, cần xây dựng lại cho sát với chi bộ."
        ),
        report_phrase_none=_("%(scope)s không có chuẩn mực đạo đức bị đánh dấu sao chép nguyên văn."),
        source="conduct",
        count="copied",
        over="adopted",
        definition=_(
            "Số đơn vị có chuẩn mực đạo đức đang áp dụng bị đánh dấu sao chép nguyên văn, trên số đơn vị có chuẩn "
            "mực đạo đức đang áp dụng."
        ),
    ),
    Indicator(
        "meetings_held",
        _("Chi bộ sinh hoạt thường kỳ hằng tháng"),
        "meetings",
        _("Số lượt chi bộ đã họp sinh hoạt thường kỳ hằng tháng (không tính buổi đã hủy)"),
        _("Số lượt chi bộ phải họp (chi bộ đang hoạt động × số tháng)"),
        bar=100,
        period=_MONTHS,
        report_phrase=_(
            "%(scope)s có %(ratio)s lượt chi bộ sinh hoạt thường kỳ hằng tháng, đạt %(percent)s."
        ),
        report_phrase_cell=_("%(scope)s đã sinh hoạt thường kỳ %(ratio)s tháng, đạt %(percent)s."),
        report_phrase_none=_("%(during)s, %(subject)s chưa sinh hoạt thường kỳ."),
        month_phrase=_("%(scope)s có %(ratio)s chi bộ sinh hoạt thường kỳ trong tháng, đạt %(percent)s."),
        month_phrase_cell=_("Chi bộ đã sinh hoạt thường kỳ trong tháng."),
        source="meetings",
        count="held",
        over="expected",
        month_source="meeting_months",
        definition=_(
            "Số lượt chi bộ đã họp sinh hoạt thường kỳ trong tháng, trên số lượt chi bộ phải họp: mỗi tháng đã "
            "kết thúc mà chi bộ đang hoạt động từ ngày đầu tháng, cộng tháng đang diễn ra ở chi bộ đã họp (một "
            "việc chỉ tính là đến hạn khi đã qua hạn hoặc đã làm)."
        ),
    ),
    Indicator(
        "meetings_required",
        _("Sinh hoạt có nội dung bắt buộc"),
        "meetings",
        _("Số lượt chi bộ có buổi sinh hoạt thường kỳ đủ nội dung bắt buộc"),
        _("Số lượt chi bộ đã họp sinh hoạt thường kỳ"),
        bar=100,
        period=_MONTHS,
        report_phrase=_(
            "%(scope)s có %(ratio)s lượt chi bộ sinh hoạt thường kỳ đủ nội dung bắt buộc, đạt %(percent)s."
        ),
        report_phrase_cell=_(
            "%(scope)s có %(ratio)s tháng sinh hoạt thường kỳ đủ nội dung bắt buộc, đạt %(percent)s."
        ),
        source="meetings",
        month_phrase=_(
            "%(scope)s có %(ratio)s chi bộ sinh hoạt thường kỳ đủ nội dung bắt buộc, đạt %(percent)s."
        ),
        month_phrase_cell=_("Buổi sinh hoạt thường kỳ trong tháng có đủ nội dung bắt buộc."),
        month_phrase_none=_("Trong tháng, chưa có chi bộ nào sinh hoạt thường kỳ đủ nội dung bắt buộc."),
        month_phrase_cell_none=_("Buổi sinh hoạt thường kỳ trong tháng chưa đủ nội dung bắt buộc."),
        count="required",
        over="held",
        month_source="meeting_months",
        definition=_(
            "Số lượt chi bộ có buổi sinh hoạt thường kỳ ghi được nội dung bắt buộc (có diễn biến hoặc kết luận "
            "ghi dưới nội dung đó, không chỉ có tên trong chương trình), trên số lượt chi bộ đã họp."
        ),
    ),
    Indicator(
        "attendance_rate",
        _("Tỷ lệ đảng viên dự sinh hoạt"),
        "meetings",
        _("Số lượt có mặt (kể cả đến muộn) ở các buổi sinh hoạt thường kỳ"),
        _("Số lượt phải dự (danh sách trừ miễn sinh hoạt)"),
        bar=80,
        period=_MONTHS,
        report_phrase=_(
            "%(scope)s có %(ratio)s lượt có mặt ở các buổi sinh hoạt thường kỳ, tỷ lệ dự sinh hoạt đạt %(percent)s."
        ),
        source="meetings",
        month_phrase_cell=_(
            "Buổi sinh hoạt thường kỳ trong tháng có %(ratio)s đảng viên dự, đạt %(percent)s."
        ),
        count="present",
        over="listed",
        month_source="attendance_months",
        definition=_(
            "Số lượt có mặt (kể cả đến muộn) ở các buổi sinh hoạt thường kỳ đã họp trong kỳ, trên số lượt phải dự "
            "(danh sách mời trừ người miễn sinh hoạt)."
        ),
    ),
    Indicator(
        "thematic_meetings",
        _("Sinh hoạt chuyên đề hằng quý"),
        "meetings",
        _("Số lượt chi bộ có ít nhất một buổi sinh hoạt chuyên đề trong quý"),
        _("Số lượt chi bộ phải sinh hoạt chuyên đề (chi bộ đang hoạt động × số quý)"),
        bar=100,
        period=_("Các quý có trong kỳ, đến quý hiện tại."),
        report_phrase=_("%(scope)s có %(ratio)s lượt chi bộ sinh hoạt chuyên đề hằng quý, đạt %(percent)s."),
        report_phrase_cell=_("%(scope)s đã sinh hoạt chuyên đề %(ratio)s quý, đạt %(percent)s."),
        report_phrase_none=_("%(during)s, %(subject)s chưa sinh hoạt chuyên đề."),
        month_phrase=_("%(scope)s có %(ratio)s chi bộ đã sinh hoạt chuyên đề trong quý, đạt %(percent)s."),
        month_phrase_cell=_("Chi bộ đã sinh hoạt chuyên đề trong quý."),
        source="meetings",
        count="thematic_held",
        over="thematic_expected",
        definition=_(
            "Số lượt chi bộ có ít nhất một buổi sinh hoạt chuyên đề trong quý, trên số lượt chi bộ phải sinh hoạt "
            "chuyên đề: mỗi quý đã kết thúc, cộng quý đang diễn ra ở chi bộ đã sinh hoạt."
        ),
    ),
    Indicator(
        "assignments_on_time",
        _("Việc đã giao hoàn thành đúng hạn"),
        "meetings",
        _("Số việc hoàn thành trong hạn"),
        _("Số việc đã hoàn thành"),
        period=_("Việc có thời hạn trong kỳ."),
        report_phrase=_(
            "%(scope)s có %(ratio)s việc đã giao (qua các cuộc họp của mình) hoàn thành đúng hạn, đạt %(percent)s."
        ),
        source="assignments",
        count="on_time",
        over="done",
        month_source="assignments",
        definition=_(
            "Việc đã giao: số việc do các cuộc họp của đơn vị và các đơn vị trực thuộc giao, có hạn trong kỳ, "
            "hoàn thành trước hết ngày hạn, trên số việc đó đã hoàn thành."
        ),
    ),
    Indicator(
        "assignments_overdue",
        _("Việc đã giao quá hạn"),
        "meetings",
        _("Số việc chưa hoàn thành đã quá hạn"),
        _("Số việc đã đến hạn hoặc đã hoàn thành"),
        higher_is_better=False,
        period=_("Việc có thời hạn trong kỳ."),
        report_phrase=_(
            "%(scope)s còn %(ratio)s việc đã giao (qua các cuộc họp của mình) chưa hoàn thành đã quá hạn, "
            "chiếm %(percent)s."
        ),
        report_phrase_none=_("Không có việc đã giao (qua các cuộc họp) quá hạn."),
        source="assignments",
        count="overdue",
        over="total",
        month_source="assignments",
        definition=_(
            "Việc đã giao: số việc do các cuộc họp của đơn vị và các đơn vị trực thuộc giao, có hạn trong kỳ, đã "
            "quá hạn mà chưa hoàn thành, trên số việc đó đã đến hạn hoặc đã hoàn thành."
        ),
    ),
    Indicator(
        "assignments_received_on_time",
        _("Việc được giao hoàn thành đúng hạn"),
        "meetings",
        _("Số việc được giao hoàn thành trong hạn"),
        _("Số việc được giao đã hoàn thành"),
        period=_("Việc có thời hạn trong kỳ."),
        report_phrase=_(
            "%(scope)s có %(ratio)s việc được cấp trên hoặc chi bộ giao hoàn thành đúng hạn, đạt %(percent)s."
        ),
        source="assignments_received",
        count="on_time",
        over="done",
        definition=_(
            "Việc được giao: số việc giao cho đơn vị, cho người của đơn vị và các đơn vị trực thuộc (từ cuộc họp "
            "của bất kỳ cấp nào), có hạn trong kỳ, hoàn thành trước hết ngày hạn, trên số việc đó đã hoàn thành."
        ),
    ),
    Indicator(
        "assignments_received_overdue",
        _("Việc được giao quá hạn"),
        "meetings",
        _("Số việc được giao chưa hoàn thành đã quá hạn"),
        _("Số việc được giao đã đến hạn hoặc đã hoàn thành"),
        higher_is_better=False,
        period=_("Việc có thời hạn trong kỳ."),
        report_phrase=_(
            "%(scope)s còn %(ratio)s việc được cấp trên hoặc chi bộ giao chưa hoàn thành đã quá hạn, "
            "chiếm %(percent)s."
        ),
        report_phrase_none=_("Không có việc được giao quá hạn."),
        source="assignments_received",
        count="overdue",
        over="total",
        definition=_(
            "Việc được giao: số việc giao cho đơn vị, cho người của đơn vị và các đơn vị trực thuộc (từ cuộc họp "
            "của bất kỳ cấp nào), có hạn trong kỳ, đã quá hạn mà chưa hoàn thành, trên số việc đó đã đến hạn hoặc "
            "đã hoàn thành."
        ),
    ),
    Indicator(
        "documents_deployed",
        _("Cấp ủy triển khai chuyên đề đúng hạn"),
        "documents",
        _("Số cấp ủy ban hành kế hoạch triển khai chuyên đề đúng hạn"),
        _("Số cấp ủy cấp dưới phải triển khai chuyên đề có hạn triển khai trong kỳ"),
        bar=100,
        period=_("Chuyên đề có hạn triển khai trong kỳ."),
        report_phrase=_(
            "%(scope)s có %(ratio)s cấp ủy cấp dưới ban hành kế hoạch triển khai chuyên đề đúng hạn, "
            "đạt %(percent)s."
        ),
        source="deployment",
        count="on_time",
        over="expected",
        definition=_(
            "Số lượt cấp ủy cấp dưới ban hành kế hoạch triển khai chuyên đề đến hết ngày hạn triển khai, trên số "
            "lượt cấp ủy cấp dưới phải triển khai các chuyên đề có hạn triển khai trong kỳ."
        ),
    ),
    Indicator(
        "initiatives",
        _("Mô hình, nội dung đột phá đang thực hiện"),
        "initiatives",
        _("Số mô hình, nội dung đột phá do đơn vị phát động, thực hiện trong kỳ (không tính nơi nhân rộng)"),
        "",
        period=_("Mô hình có thời gian thực hiện giao với kỳ."),
        report_phrase=_(
            "%(scope)s có %(count)s mô hình, nội dung đột phá học tập và làm theo đang thực hiện."
        ),
        report_phrase_none=_(
            "%(during)s, %(subject)s chưa có mô hình, nội dung đột phá học tập và làm theo."
        ),
        source="initiatives",
        count="initiatives",
        definition=_(
            "Số mô hình, nội dung đột phá do đơn vị và các đơn vị trực thuộc phát động, có thời gian thực hiện "
            "giao với kỳ; các nơi nhân rộng một mô hình không tính ở đây mà ở chỉ tiêu nhân rộng."
        ),
    ),
    Indicator(
        "initiative_replicas",
        _("Nơi nhân rộng mô hình"),
        "initiatives",
        _("Số nơi thực hiện một mô hình nhân rộng từ cấp trên trong kỳ"),
        "",
        period=_("Nơi nhân rộng có thời gian thực hiện giao với kỳ."),
        report_phrase=_("%(scope)s có %(count)s nơi thực hiện mô hình được nhân rộng."),
        report_phrase_cell=_("%(scope)s thực hiện %(count)s mô hình được nhân rộng từ cấp trên."),
        report_phrase_none=_("%(during)s, %(subject)s chưa có nơi nhân rộng mô hình."),
        source="initiatives",
        count="replicas",
        definition=_(
            "Số lượt đơn vị (đơn vị và các đơn vị trực thuộc) thực hiện một mô hình nhân rộng từ mô hình của đơn "
            "vị khác, có thời gian thực hiện giao với kỳ."
        ),
    ),
    Indicator(
        "goals_reached",
        _("Chỉ tiêu của mô hình đạt mục tiêu"),
        "initiatives",
        _("Số chỉ tiêu của các tổ có giá trị mới nhất đạt mục tiêu"),
        _("Số chỉ tiêu của các tổ đã có giá trị (đến cuối kỳ)"),
        period=_("Giá trị tháng mới nhất đến cuối kỳ, của mô hình thực hiện trong kỳ."),
        report_phrase=_(
            "%(scope)s có %(ratio)s chỉ tiêu của các tổ thực hiện mô hình đạt mục tiêu đề ra, chiếm %(percent)s."
        ),
        report_phrase_none=_("Các chỉ tiêu của các tổ thực hiện mô hình chưa đạt mục tiêu đề ra."),
        source="initiatives",
        count="reached",
        over="goals",
        definition=_(
            "Số chỉ tiêu của các tổ (mô hình và nơi nhân rộng thực hiện trong kỳ, ở đơn vị và các đơn vị trực "
            "thuộc) có giá trị tháng mới nhất đến cuối kỳ đạt mục tiêu (hoặc giảm đến mục tiêu khi mục tiêu thấp "
            "hơn mức khởi điểm), trên số chỉ tiêu đó đã có ít nhất một giá trị."
        ),
    ),
    Indicator(
        "exemplars_recognised",
        _("Gương điển hình được khen"),
        "exemplars",
        _("Số gương điển hình (tập thể, cá nhân) được biểu dương, khen thưởng trong kỳ"),
        "",
        period=_("Ngày khen trong kỳ, đến hôm nay."),
        report_phrase=_(
            "%(scope)s có %(count)s gương điển hình (tập thể, cá nhân) được cấp ủy biểu dương, khen thưởng."
        ),
        report_phrase_none=_("%(during)s, %(subject)s chưa biểu dương, khen thưởng gương điển hình."),
        source="exemplars",
        count="recognised",
        definition=_(
            "Số gương điển hình (tập thể, cá nhân) được cấp ủy của đơn vị và các đơn vị trực thuộc biểu dương, "
            "tặng giấy khen, bằng khen, có ngày khen trong kỳ, đến hôm nay; một gương được khen ở hai cấp tính "
            "hai lần, mỗi cấp một lần."
        ),
    ),
    Indicator(
        "exemplars_collectives",
        _("Gương điển hình là tập thể"),
        "exemplars",
        _("Số tập thể được khen"),
        _("Số gương điển hình được khen"),
        period=_("Ngày khen trong kỳ, đến hôm nay."),
        report_phrase=_("%(scope)s có %(ratio)s gương điển hình được khen là tập thể, chiếm %(percent)s."),
        report_phrase_none=_("Các gương điển hình được khen đều là cá nhân."),
        source="exemplars",
        count="collectives",
        over="recognised",
        definition=_(
            "Số tập thể được cấp ủy của đơn vị và các đơn vị trực thuộc biểu dương, khen thưởng là gương điển hình "
            "trong kỳ, trên tổng số gương điển hình (tập thể và cá nhân) được khen trong kỳ."
        ),
    ),
    Indicator(
        "exemplars_members",
        _("Cá nhân được khen là đảng viên"),
        "exemplars",
        _("Số cá nhân được khen là đảng viên"),
        _("Số cá nhân được khen"),
        period=_("Ngày khen trong kỳ, đến hôm nay; đảng viên hay chưa tính theo hồ sơ hiện tại."),
        report_phrase=_("%(scope)s có %(ratio)s cá nhân được khen là đảng viên, chiếm %(percent)s."),
        report_phrase_none=_(
            "Các cá nhân được khen đều là cán bộ, công chức, viên chức, người lao động chưa là đảng viên."
        ),
        source="exemplars",
        count="members",
        over="individuals",
        definition=_(
            "Trong các cá nhân được cấp ủy của đơn vị và các đơn vị trực thuộc biểu dương, khen thưởng là gương "
            "điển hình trong kỳ: số người là đảng viên (chính thức, dự bị) theo hồ sơ hiện tại, trên tổng số cá "
            "nhân được khen; phần còn lại là người chưa là đảng viên."
        ),
    ),
    Indicator(
        "emulation_drives",
        _("Phong trào thi đua đã phát động"),
        "emulation",
        _("Số phong trào thi đua do đơn vị phát động, diễn ra trong kỳ"),
        "",
        period=_("Phong trào có thời gian thi đua giao với kỳ."),
        report_phrase=_("%(scope)s đã phát động %(count)s phong trào thi đua."),
        report_phrase_none=_("%(during)s, %(subject)s chưa phát động phong trào thi đua."),
        source="emulation",
        count="drives",
        definition=_(
            "Số phong trào thi đua do đơn vị và các đơn vị trực thuộc phát động, có thời gian thi đua giao với kỳ "
            "(đang thi đua hoặc đã tổng kết)."
        ),
    ),
    Indicator(
        "emulation_scored",
        _("Lượt được chấm điểm, xếp hạng thi đua"),
        "emulation",
        _("Số lượt cá nhân, đơn vị được chấm điểm trong các phong trào thi đua của kỳ"),
        "",
        period=_("Phong trào có thời gian thi đua giao với kỳ."),
        report_phrase=_("%(scope)s có %(count)s lượt cá nhân, đơn vị được chấm điểm, xếp hạng thi đua."),
        report_phrase_none=_("%(during)s, %(subject)s chưa có cá nhân, đơn vị được chấm điểm thi đua."),
        source="emulation",
        count="scored",
        definition=_(
            "Số lượt người (tính ở chi bộ nơi người đó sinh hoạt) và đơn vị (tính ở chính đơn vị) được chấm điểm "
            "ít nhất một tiêu chí trong một phong trào thi đua có thời gian giao với kỳ, mỗi phong trào một lượt."
        ),
    ),
    Indicator(
        "model_cells",
        _("Chi bộ được công nhận chi bộ mẫu"),
        "emulation",
        _("Số chi bộ được cấp ủy công nhận chi bộ mẫu của năm"),
        _("Số chi bộ đang hoạt động"),
        period=_("Tiêu chí chi bộ mẫu của năm của ngày cuối kỳ, công nhận đến hết kỳ."),
        report_phrase=_("%(scope)s có %(ratio)s chi bộ được công nhận chi bộ mẫu, chiếm %(percent)s."),
        report_phrase_cell=_("Chi bộ được cấp ủy công nhận chi bộ mẫu của năm."),
        report_phrase_none=_("Chưa có chi bộ được công nhận chi bộ mẫu của năm."),
        source="model_cells",
        count="model_cells",
        over="cells",
        definition=_(
            "Số chi bộ đang hoạt động của đơn vị và các đơn vị trực thuộc được một cấp ủy công nhận chi bộ mẫu "
            "theo tiêu chí của năm (năm của ngày cuối kỳ) đến hết kỳ, mỗi chi bộ một lần, trên tổng số chi bộ "
            "đang hoạt động."
        ),
    ),
]

INDICATORS: dict[str, Indicator] = {indicator.code: indicator for indicator in _ALL}


def register(indicator: Indicator) -> Indicator:
    """Add an indicator (an app's, or a test's): the dashboard, the reports and the exports list it from here."""
    INDICATORS[indicator.code] = indicator
    return indicator


def unregister(code: str) -> None:
    INDICATORS.pop(code, None)


def get(code: str) -> Indicator:
    """The indicator named `code`; KeyError for an unknown one."""
    return INDICATORS[code]


def in_section(section: str) -> list[Indicator]:
    return [indicator for indicator in INDICATORS.values() if indicator.section == section]
