"""Codes of conduct for the demo province: the Tỉnh ủy's term-long code, each committee's made from the one above
it with rules of its own, most chi bộ with their own code for the year fitted to their kind of work, a few copied word for
word (flagged), a few still drafts and about one in ten with none.

`build_conduct(units, rng)` is called by the demo builder once the units exist; it writes in bulk through the codes'
write function (conduct.actions.write_codes, which create_code calls too), level by level (a template's rules
need their ids before the codes made from them), with a seeded generator: the same units and
seed give the same codes, row for row. Every adopted code shares one small minutes PDF. `delete_conduct(units)`
removes it all again (for `lamtheo demo --reset`), before the units go.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import Q

from lamtheo.audit import actions as audit
from lamtheo.audit.models import AuditEvent
from lamtheo.conduct.actions import default_title, write_codes
from lamtheo.conduct.models import EXPECTED_KINDS, ConductCode, ConductRule
from lamtheo.demo.population import AS_OF
from lamtheo.indicators import freshness
from lamtheo.lib import vn
from lamtheo.units.models import Unit

YEAR = (
    AS_OF.year
)  # the year of the codes the tests build (on AS_OF); `build_conduct(as_of=...)` takes another
# The Tỉnh ủy's term-long code, adopted after the 2025 congress.
PROVINCE_YEARS, PROVINCE_ADOPTED = (2025, 2030), datetime.date(2025, 10, 15)
MINUTES_NAME = "conduct/demo/bien-ban-hop-chi-bo-thong-qua-chuan-muc.pdf"

# Shares of the units that should have a code (rounded by the seeded draw, so about these).
CELL_NONE, CELL_DRAFT, CELL_COPIED = 0.10, 0.05, 0.08
COMMITTEE_NONE, COMMITTEE_COPIED = 0.05, 0.08

# The province's code: the common models of the campaign and the seeds' own words.
PROVINCE_RULES = (
    "Trung thành – Trách nhiệm – Liêm chính – Gương mẫu",
    "Nói đi đôi với làm, nói ít làm nhiều",
    "Gần dân, trọng dân, hiểu dân, học dân, có trách nhiệm với dân",
    "Cần, kiệm, liêm, chính, chí công vô tư",
    "Tận tụy, sáng tạo, hiệu quả",
    "Đoàn kết, kỷ cương, dân chủ, đổi mới",
    "Nêu gương, tự phê bình và phê bình nghiêm túc",
)

# What a commune committee adds to the rules it keeps from the province's code.
COMMUNE_RULES = (
    "Đúng hẹn với dân, không để dân chờ lâu",
    "Giải quyết hồ sơ nhanh, gọn, đúng luật",
    "Lắng nghe dân nói, nói dân hiểu, làm dân tin",
    "Không gây phiền hà, sách nhiễu người dân",
    "Sâu sát cơ sở, bám ấp, bám dân",
    "Chung sức xây dựng nông thôn mới kiểu mẫu",
    "Việc gì có lợi cho dân thì hết sức làm",
    "Công khai, minh bạch trong mọi việc",
    "Cán bộ đi trước, làng nước theo sau",
    "Mỗi ngày một việc tốt vì dân",
)
AGENCY_RULES = (
    "Kỷ luật, kỷ cương, đúng giờ, đúng việc",
    "Tham mưu trúng, kịp thời, hiệu quả",
    "Phục vụ nhân dân, doanh nghiệp tận tình",
    "Nói không với tiêu cực, lãng phí",
    "Làm việc có kế hoạch, có kết quả cụ thể",
    "Đổi mới, sáng tạo, dám nghĩ, dám làm",
)

# Rules each kind of chi bộ writes for itself. The key is found in the chi bộ's name (accents folded).
WORK_RULES = {
    "residential": (
        "Gần dân, hiểu dân, giúp dân",
        "Mỗi đảng viên gắn bó với mười hộ dân",
        "Họp ấp đúng giờ, nói ngắn, làm ngay",
        "Giữ xóm ấp xanh, sạch, đẹp, an toàn",
        "Đảng viên đi trước, xóm làng theo sau",
        "Không để hộ nghèo nào bị bỏ lại phía sau",
        "Hòa giải từ gốc, không để mâu thuẫn kéo dài",
        "Nghe dân nói, giúp dân làm, làm dân tin",
        "Xóm ấp đoàn kết, nghĩa tình",
        "Vận động con em đến trường đầy đủ",
    ),
    "preschool": (
        "Cô giáo như mẹ hiền",
        "An toàn cho trẻ là trên hết",
        "Yêu thương trẻ như con",
        "Bữa ăn của trẻ đủ chất, sạch, an toàn",
        "Mỗi ngày đến trường là một ngày vui",
        "Đón trẻ niềm nở, trả trẻ chu đáo",
        "Mỗi cô giáo là một tấm gương cho trẻ noi theo",
    ),
    "school": (
        "Mỗi thầy cô là một tấm gương đạo đức, tự học và sáng tạo",
        "Tất cả vì học sinh thân yêu",
        "Dạy chữ đi đôi với dạy người",
        "Không dạy thêm trái quy định",
        "Đúng giờ lên lớp, tận tâm từng bài giảng",
        "Thương yêu, tôn trọng học sinh",
        "Nói không với tiêu cực trong thi cử",
        "Nhà trường xanh, sạch, đẹp, an toàn",
    ),
    "health": (
        "Lương y như từ mẫu",
        "Thay đổi phong cách, thái độ phục vụ, hướng tới sự hài lòng của người bệnh",
        "Đón tiếp niềm nở, chăm sóc tận tình",
        "Không nhận phong bì của người bệnh",
        "Khám đúng giờ, kê đơn đúng thuốc",
        "Trực đủ 24/24 giờ, cấp cứu kịp thời",
        "Cơ sở y tế sạch, đẹp, thân thiện",
    ),
    "police": (
        "Vì nước quên thân, vì dân phục vụ",
        "Bám cơ sở, gần dân, giữ bình yên xóm ấp",
        "Kỷ cương, danh dự, tình thương",
        "Tiếp dân lịch sự, giải quyết đúng luật",
        "Không để tội phạm lộng hành trên địa bàn",
        "Làm thủ tục cư trú đúng hẹn, không phiền hà",
    ),
    "military": (
        "Trung với Đảng, hiếu với dân",
        "Sẵn sàng chiến đấu, sẵn sàng giúp dân",
        "Kỷ luật nghiêm, huấn luyện giỏi",
        "Đâu cần bộ đội có, đâu khó có bộ đội",
        "Đoàn kết quân dân như cá với nước",
        "Chính quy, mẫu mực, gương mẫu",
    ),
    "border": (
        "Đồn là nhà, biên giới là quê hương, đồng bào các dân tộc là anh em ruột thịt",
        "Giữ vững chủ quyền, an ninh biên giới",
        "Bám đồn, bám dân, bám địa bàn",
        "Trung với Đảng, hiếu với dân",
        "Kỷ luật nghiêm, huấn luyện giỏi",
    ),
    "party": (
        "Tham mưu trúng, kịp thời, hiệu quả",
        "Tuyệt đối giữ bí mật của Đảng",
        "Công tâm, khách quan, đúng nguyên tắc",
        "Văn bản đúng thể thức, đúng hạn",
        "Mẫu mực trong công tác, gương mẫu trong lối sống",
        "Đi đầu trong học tập và làm theo",
    ),
    "government": (
        "Đúng hẹn với dân",
        "Một cửa, một lần, không phiền hà",
        "Không để hồ sơ trễ hạn",
        "Phục vụ người dân, doanh nghiệp tận tình",
        "Công khai, minh bạch, đúng quy định",
        "Trả lời đúng hạn mọi kiến nghị của dân",
    ),
    "front": (
        "Lắng nghe tiếng nói của nhân dân",
        "Đoàn kết mọi tầng lớp nhân dân",
        "Gần dân, sát dân, vì dân",
        "Giám sát công khai, phản biện xây dựng",
        "Vận động hộ nghèo vươn lên",
    ),
    "press": (
        "Trung thực, khách quan, kịp thời",
        "Mỗi tác phẩm là một thông điệp tốt",
        "Không đưa tin sai sự thật",
        "Tôn trọng bạn đọc, tôn trọng nhân vật",
        "Đi nhanh, viết chắc, đưa tin đúng",
    ),
    "other": (
        "Tận tụy với công việc",
        "Đoàn kết, thân ái, giúp đỡ nhau",
        "Đúng giờ, đúng việc, đúng hẹn",
        "Nói đi đôi với làm",
        "Học tập suốt đời, làm việc hết mình",
    ),
}
# (kind of work, words of the folded name), the first match wins.
_WORK_BY_NAME = (
    ("preschool", ("mam non",)),
    ("school", ("truong tieu hoc", "truong thcs", "truong thpt", "truong trung hoc", "truong chinh tri")),
    ("health", ("y te", "benh vien", "khoa ", "trung tam kiem soat benh tat")),
    ("border", ("bien phong",)),
    ("police", ("cong an",)),
    ("military", ("quan su", "dai doi", "ban chi huy", "phong tham muu", "phong chinh tri", "hau can")),
    ("press", ("bao ", "phat thanh", "truyen hinh")),
    ("front", ("mat tran", "doan the", "hoi ")),
    ("party", ("co quan dang uy", "dang uy cac co quan", "tinh uy", "uy ban kiem tra")),
    ("government", ("uy ban nhan dan", "so ", "thanh tra", "trung tam phuc vu", "hoi dong nhan dan")),
    ("residential", ("chi bo ap", "chi bo khom", "chi bo khu pho", "chi bo to dan pho", "chi bo thon")),
)


def work_of(unit: Unit) -> str:
    """The kind of work of a chi bộ, read from its name: `Chi bộ Trạm Y tế xã ...` -> `health`."""
    name = vn.fold(unit.name) + " "
    for work, words in _WORK_BY_NAME:
        if any(word in name for word in words):
            return work
    return "other"


@dataclass
class Result:
    codes: int = 0
    adopted: int = 0
    copied: int = 0
    drafts: int = 0
    missing: int = 0
    rules: int = 0


@dataclass
class _Plan:
    unit: Unit
    template: tuple | None  # (code, its rules) of the nearest unit above with an adopted code
    rules: list[str]
    status: str
    start_year: int
    end_year: int
    adopted_on: datetime.date | None


def _minutes_pdf() -> bytes:
    """A one-page PDF standing in for the minutes of the chi bộ meeting (ASCII text: no font to embed)."""
    text = "BIEN BAN HOP CHI BO - thong qua chuan muc dao duc (du lieu trinh dien)"
    stream = f"BT /F1 14 Tf 60 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _store_minutes() -> str:
    storage = ConductCode._meta.get_field("minutes").storage
    if not storage.exists(MINUTES_NAME):
        return storage.save(MINUTES_NAME, ContentFile(_minutes_pdf()))
    return MINUTES_NAME


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A day from `first` to `last`; `first` when `last` comes before it."""
    return first + datetime.timedelta(days=rng.randrange(max((last - first).days, 0) + 1))


def _own_rules(rng, pool, template_rules, *, count, kept) -> list[str]:
    """`kept` rules of the template word for word, then rules of the unit's own pool, in a drawn order."""
    kept_rules = rng.sample(list(template_rules), min(kept, len(template_rules)))
    own = rng.sample(list(pool), min(count - len(kept_rules), len(pool)))
    rules = list(dict.fromkeys([*kept_rules, *own]))
    rng.shuffle(rules)
    return rules


def _plan(
    unit: Unit, template, rng: random.Random, *, is_root: bool, as_of: datetime.date = AS_OF
) -> _Plan | None:
    """What `unit` has on `as_of`: the province its term-long code; committees and chi bộ a code for the year,
    adopted before `as_of` (committees from December to January, chi bộ since 10 January; a chi bộ whose day has
    not come yet still has a draft)."""
    adopted, year = ConductCode.Status.ADOPTED, as_of.year
    last = as_of - datetime.timedelta(days=1)
    if is_root:
        return _Plan(unit, None, list(PROVINCE_RULES), adopted, *PROVINCE_YEARS, PROVINCE_ADOPTED)
    template_rules = [rule.text for rule in template[1]] if template else []
    draw = rng.random()
    if unit.is_committee:
        if draw < COMMITTEE_NONE:
            return None
        if template_rules and draw < COMMITTEE_NONE + COMMITTEE_COPIED:
            rules = list(template_rules)
        else:
            pool = COMMUNE_RULES if unit.kind == Unit.Kind.COMMUNE_COMMITTEE else AGENCY_RULES
            rules = _own_rules(rng, pool, template_rules, count=rng.randint(6, 7), kept=rng.randint(2, 3))
        on = _day(rng, datetime.date(year - 1, 12, 1), min(datetime.date(year, 1, 31), last))
        return _Plan(unit, template, rules, adopted, year, year, on)
    if draw < CELL_NONE:
        return None
    on = _day(rng, datetime.date(year, 1, 10), last)
    if on > last:  # too early in the year: still being discussed
        adopted, on = ConductCode.Status.DRAFT, None
    if template_rules and draw < CELL_NONE + CELL_COPIED:
        return _Plan(unit, template, list(template_rules), adopted, year, year, on)
    rules = _own_rules(
        rng, WORK_RULES[work_of(unit)], template_rules, count=rng.randint(4, 6), kept=rng.randint(0, 1)
    )
    if draw < CELL_NONE + CELL_COPIED + CELL_DRAFT:
        return _Plan(unit, template, rules, ConductCode.Status.DRAFT, year, year, None)
    return _Plan(unit, template, rules, adopted, year, year, on)


def _minutes_name(plan: _Plan) -> str:
    if plan.unit.is_committee:
        return f"Biên bản hội nghị Ban Chấp hành {plan.adopted_on:%d-%m-%Y}.pdf"
    return f"Biên bản họp chi bộ {plan.adopted_on:%d-%m-%Y}.pdf"


def _nearest(adopted: dict, unit: Unit):
    for depth in range(unit.depth - 1, 0, -1):
        found = adopted.get(unit.path[: depth * Unit.steplen])
        if found is not None:
            return found
    return None


def build_conduct(
    units: Iterable[Unit], rng: random.Random, *, actor=None, as_of: datetime.date = AS_OF
) -> Result:
    """Codes of conduct for the active committees and chi bộ among `units` (e.g. `Unit.objects.subtree_of(root)`),
    as they stand on `as_of`, the shallowest unit's being the province's template; one bulk insert of codes and
    one of rules per level."""
    result = Result()
    expected = sorted(
        (u for u in units if u.kind in EXPECTED_KINDS and u.active_to is None),
        key=lambda u: (u.depth, u.path),
    )
    if not expected:
        return result
    minutes = _store_minutes()
    top = expected[0].depth
    adopted: dict[str, tuple[ConductCode, list[ConductRule]]] = {}
    levels = defaultdict(list)
    for unit in expected:
        levels[unit.depth].append(unit)
    for depth in sorted(levels):
        plans = []
        for unit in levels[depth]:
            is_root = depth == top and unit is expected[0]
            plan = _plan(unit, _nearest(adopted, unit), rng, is_root=is_root, as_of=as_of)
            if plan is None:
                result.missing += 1
            else:
                plans.append(plan)
        entries, events = [], []
        for plan in plans:
            code = ConductCode(
                unit=plan.unit,
                title=default_title(plan.unit, plan.start_year, plan.end_year),
                start_year=plan.start_year,
                end_year=plan.end_year,
                template=plan.template[0] if plan.template else None,
                status=plan.status,
                adopted_on=plan.adopted_on,
                minutes=minutes if plan.adopted_on else "",
                minutes_name=_minutes_name(plan) if plan.adopted_on else "",
                created_by=actor,
                adopted_by=actor if plan.adopted_on else None,
            )
            entries.append((code, plan.rules, plan.template[1] if plan.template else []))
        write_codes(entries)
        codes = [code for code, _texts, _template in entries]
        rules = [rule for code in codes for rule in code.rule_list]
        for code in codes:
            action = "conduct.adopt" if code.adopted_on else "conduct.create"
            events.append(audit.build(code, action, actor=actor, changes={"status": [None, code.status]}))
        audit.record_many(events)
        for code in codes:
            if code.status == ConductCode.Status.ADOPTED:
                adopted[code.unit.path] = (code, code.rule_list)
                result.adopted += 1
                result.copied += code.is_copied
            else:
                result.drafts += 1
        result.codes += len(codes)
        result.rules += len(rules)
    freshness.changed("conduct")  # written in bulk: the codes' figures recompute
    return result


def delete_conduct(units) -> int:
    """Delete the codes of `units` (a queryset or a list), their rules, history and minutes; returns how many."""
    codes = ConductCode.objects.filter(unit__in=units)
    files = set(codes.exclude(minutes="").values_list("minutes", flat=True))
    ids = list(codes.values_list("pk", flat=True))
    if not ids:
        return 0
    # Links between codes first, so the deletes below need no cascade of updates.
    ConductRule.objects.filter(Q(code__in=ids) | Q(template_rule__code__in=ids)).update(template_rule=None)
    ConductCode.objects.filter(Q(pk__in=ids) | Q(template__in=ids)).update(template=None)
    AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(ConductCode), target_id__in=ids
    ).delete()
    ConductRule.objects.filter(code__in=ids).delete()
    deleted = ConductCode.objects.filter(pk__in=ids).delete()[1].get(ConductCode._meta.label, 0)
    storage = ConductCode._meta.get_field("minutes").storage
    for name in files:
        if not ConductCode.objects.filter(minutes=name).exists():
            storage.delete(name)
    freshness.changed("conduct")
    return deleted
