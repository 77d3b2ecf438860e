"""The unit's book of good deeds (sổ người tốt, việc tốt) for a year, printed in the Party format through the one
renderer in lamtheo.lib.docx: the year's deeds of its subtree, then the exemplars it nominated and what became of
them, signed for the unit."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lamtheo.accounts.scoping import subtree_q
from lamtheo.documents.actions import profile_for
from lamtheo.exemplars.models import Exemplar
from lamtheo.lib import docx, vn
from lamtheo.lib.docx import PartyDocument, Table, party_language
from lamtheo.people.leaders import secretary_name
from lamtheo.pledges.models import Deed
from lamtheo.units.models import Unit

WIDTHS = ((2.3, 4.0, 9.1), (3.9, 6.8, 4.7))  # the STT column (1,1 cm) before each: 16,5 cm in all


def _outcome(exemplar: Exemplar) -> str:
    if exemplar.status == Exemplar.Status.RECOGNISED:
        return _("%(honour)s của %(unit)s, %(date)s") % {
            "honour": exemplar.get_honour_display(),
            "unit": exemplar.verifier.name,
            "date": vn.short_date(exemplar.recognised_on),
        }
    return _("%(status)s (%(unit)s)") % {
        "status": exemplar.get_status_display(),
        "unit": exemplar.verifier.name,
    }


def book_document(unit: Unit, year: int, *, today: datetime.date | None = None) -> PartyDocument:
    profile = profile_for(unit)
    deeds = list(
        Deed.objects.filter(subtree_q(unit.path, "unit__path"), date__year=year)
        .select_related("person")
        .order_by("date", "pk")
    )
    exemplars = list(
        Exemplar.objects.filter(subtree_q(unit.path, "unit__path"), year=year)
        .select_related("person", "verifier")
        .order_by("pk")
    )
    people = len({deed.person_id for deed in deeds})
    recognised = sum(1 for e in exemplars if e.status == Exemplar.Status.RECOGNISED)
    if deeds:
        opening = _("Năm %(year)s, %(unit)s ghi nhận %(deeds)s của %(people)s.") % {
            "year": year,
            "unit": unit.name,
            "deeds": ngettext("%(count)s việc tốt", "%(count)s việc tốt", len(deeds))
            % {"count": vn.count(len(deeds))},
            "people": ngettext("%(count)s người", "%(count)s người", people) % {"count": vn.count(people)},
        }
    else:
        opening = _("Năm %(year)s, %(unit)s chưa ghi nhận việc tốt nào.") % {"year": year, "unit": unit.name}
    if exemplars and recognised:
        nominated = _("Đơn vị đã đề nghị %(count)s gương điển hình, trong đó %(recognised)s được khen.") % {
            "count": vn.count(len(exemplars)),
            "recognised": vn.count(recognised),
        }
    elif exemplars:
        nominated = _("Đơn vị đã đề nghị %(count)s gương điển hình, chưa có trường hợp nào được khen.") % {
            "count": vn.count(len(exemplars))
        }
    else:
        nominated = _("Trong năm, đơn vị chưa đề nghị gương điển hình nào.")
    cell = unit.kind in Unit.CELL_KINDS
    tables = (
        [
            Table(
                [_("Ngày"), _("Họ và tên"), _("Việc tốt")],
                [[vn.short_date(d.date), d.person.full_name, d.description] for d in deeds],
                _("NHỮNG VIỆC TỐT ĐƯỢC GHI NHẬN"),
                WIDTHS[0],
                numbered=True,
            )
        ]
        if deeds
        else []
    )
    if exemplars:
        tables.append(
            Table(
                [_("Gương điển hình"), _("Thành tích, việc tốt"), _("Kết quả")],
                [[e.name, e.summary, _outcome(e)] for e in exemplars],
                _("GƯƠNG ĐIỂN HÌNH ĐƯỢC ĐỀ NGHỊ"),
                WIDTHS[1],
                numbered=True,
            )
        )
    parent = Unit.objects.get_parent(unit)
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        place=profile.place,
        date=today or timezone.localdate(),
        type_name=_("SỔ NGƯỜI TỐT, VIỆC TỐT"),
        summary=_("năm %(year)s") % {"year": year},
        body=f"{opening} {nominated}",
        signing_form=_("T/M CHI BỘ") if cell else profile.signing_form,
        signer_title=_("BÍ THƯ"),
        signer_name=secretary_name(unit),
        recipients=[
            *([_("%(unit)s (để báo cáo)") % {"unit": parent.name}] if parent else []),
            _("Lưu Văn phòng"),
        ],
        tables=tables,
        numbered=False,
    )


@party_language
def render_book(unit: Unit, year: int) -> bytes:
    return docx.render(book_document(unit, year))
