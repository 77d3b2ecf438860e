"""The summary of a decided review (tổng hợp kết quả xếp loại), printed in the Party format through the one renderer
in lamtheo.lib.docx: the results in one sentence as committees write them, then a table by chi bộ (its people by
level, and the chi bộ's own level), signed for the committee."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.appraisal.actions import round_people
from lamtheo.appraisal.models import AppraisalRound, Level
from lamtheo.documents.actions import profile_for
from lamtheo.lib import docx, vn
from lamtheo.lib.docx import PartyDocument, Table, party_language
from lamtheo.people.leaders import secretary_name
from lamtheo.units.models import Unit


def results_sentence(counts: dict[str, int], total: int) -> str:
    """ "… 40 đồng chí được xếp loại: Hoàn thành xuất sắc nhiệm vụ 04 đồng chí (10,0%), …" — every level said."""
    parts = [
        _("%(level)s %(count)s đồng chí (%(percent)s)")
        % {
            "level": label,
            "count": vn.count(counts[level]) or "0",
            "percent": vn.percent(counts[level], total),
        }
        for level, label in Level.choices
    ]
    return _("Tổng số %(total)s đồng chí được đánh giá, xếp loại: %(parts)s.") % {
        "total": vn.count(total),
        "parts": "; ".join(parts),
    }


def summary_document(round_: AppraisalRound, *, today: datetime.date | None = None) -> PartyDocument:
    appraisals = round_people(round_)
    cells = {c.unit_id: c.get_level_display() for c in round_.cell_appraisals.all()}
    counts = {level: 0 for level in Level.values}
    by_unit: dict[int, tuple[Unit, dict[str, int]]] = {}
    for appraisal in appraisals:
        counts[appraisal.level] = counts.get(appraisal.level, 0) + 1
        _unit, theirs = by_unit.setdefault(
            appraisal.unit_id, (appraisal.unit, {level: 0 for level in Level.values})
        )
        theirs[appraisal.level] = theirs.get(appraisal.level, 0) + 1
    rows = [
        [unit.name, vn.number(sum(theirs.values()))]
        + [vn.number(theirs[level]) for level in Level.values]
        + [cells.get(unit.pk, "")]
        for unit, theirs in by_unit.values()
    ]
    total = [_("Cộng"), vn.number(len(appraisals)), *(vn.number(counts[level]) for level in Level.values), ""]
    profile = profile_for(round_.unit)
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        place=profile.place,
        date=today or timezone.localdate(),
        type_name=_("TỔNG HỢP"),
        summary=_("kết quả đánh giá, xếp loại: %(round)s") % {"round": round_.title},
        body=results_sentence(counts, len(appraisals)),
        signing_form=profile.signing_form,
        signer_title=_("BÍ THƯ"),
        signer_name=secretary_name(round_.unit),
        recipients=[_("Các chi bộ trực thuộc"), _("Lưu Văn phòng")],
        tables=[
            Table(
                [
                    _("Chi bộ"),
                    _("Số người"),
                    _("Xuất sắc"),
                    _("Tốt"),
                    _("Hoàn thành"),
                    _("Không hoàn thành"),
                    _("Xếp loại chi bộ"),
                ],
                rows,
                _("KẾT QUẢ XẾP LOẠI THEO CHI BỘ"),
                total=total,
                numbered=True,
            )
        ],
        numbered=False,
    )


@party_language
def render_summary(round_: AppraisalRound) -> bytes:
    return docx.render(summary_document(round_))
