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
    people = len({deed.person_id for deed in deeds if deed.person_id})
    collectives = len({deed.collective for deed in deeds if not deed.person_id})
    recognised = sum(1 for e in exemplars if e.status == Exemplar.Status.RECOGNISED)
    if deeds:
        values = {
            "year": year,
            "unit": unit.name,
            "deeds": ngettext("%(count)s việc tốt", "%(count)s việc tốt", len(deeds))
            % {"count": vn.count(len(deeds))},
            "people": ngettext("%(count)s người", "%(count)s người", people) % {"count": vn.count(people)},
            "collectives": ngettext("%(count)s tập thể", "%(count)s tập thể", collectives)
            % {"count": vn.count(collectives)},
        }
        if people and collectives:
            opening = (
                _("Năm %(year)s, %(unit)s ghi nhận %(deeds)s của %(people)s và %(collectives)s.") % values
            )
        elif collectives:
            opening = _("Năm %(year)s, %(unit)s ghi nhận %(deeds)s của %(collectives)s.") % values
        else:
            opening = _("Năm %(year)s, %(unit)s ghi nhận %(deeds)s của %(people)s.") % values
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
                [_("Ngày"), _("Người, tập thể"), _("Việc tốt")],
                [[vn.short_date(d.date), d.doer, d.description] for d in deeds],
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


def _addressed(exemplar: Exemplar) -> str:
    """`đồng chí Nguyễn Thị Kim Ngọc, đảng viên Chi bộ Ấp Long Hòa`, `bà Trần Thị Ánh, Chi bộ Ấp Long Hòa`, or the
    collective's name."""
    person = exemplar.person
    if person is None:
        return exemplar.collective
    values = {"name": person.full_name, "unit": person.unit.name}
    if person.is_member:
        return _("đồng chí %(name)s, đảng viên %(unit)s") % values
    if person.gender == person.Gender.FEMALE:
        return _("bà %(name)s, %(unit)s") % values
    return _("ông %(name)s, %(unit)s") % values


def _named(exemplar: Exemplar) -> str:
    person = exemplar.person
    if person is None:
        return exemplar.collective
    if person.is_member:
        return _("đồng chí %(name)s") % {"name": person.full_name}
    if person.gender == person.Gender.FEMALE:
        return _("bà %(name)s") % {"name": person.full_name}
    return _("ông %(name)s") % {"name": person.full_name}


def decision_document(exemplar: Exemplar) -> PartyDocument:
    """The verifier's quyết định khen thưởng (or biểu dương) of a recognised exemplar, in HD 36's layout: the legal
    bases, the formula, Điều 1 (who, which honour, for what), Điều 2 (in force), Điều 3 (who carries it out).
    Numbered as its decision document when one is linked, else with the number left blank to fill by hand."""
    verifier = exemplar.verifier
    profile = profile_for(verifier)
    decision = exemplar.decision
    deciding = profile.signing_form.removeprefix("T/M ").strip() or _("BAN THƯỜNG VỤ")
    achievement = exemplar.summary.strip().rstrip(".")
    honour = exemplar.get_honour_display()
    values = {
        "honour": honour,
        "who": _addressed(exemplar),
        "year": exemplar.year,
        "achievement": achievement[:1].lower() + achievement[1:],
    }
    if exemplar.honour == Exemplar.Honour.PRAISE:
        article1 = _("Biểu dương %(who)s, đã có thành tích tiêu biểu năm %(year)s: %(achievement)s.") % values
        subject = _("về việc biểu dương gương điển hình năm %(year)s") % values
    else:
        article1 = (
            _("Tặng %(honour)s cho %(who)s, đã có thành tích tiêu biểu năm %(year)s: %(achievement)s.")
            % values
        )
        subject = _("về việc tặng %(honour)s gương điển hình năm %(year)s") % {
            "honour": honour,
            "year": exemplar.year,
        }
    body = "\n".join(
        [
            _("Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
            _("Căn cứ Quy chế làm việc của %(body)s;") % {"body": verifier.name},
            _("Xét đề nghị của %(unit)s,") % {"unit": exemplar.unit.name},
            _("%(deciding)s %(body)s QUYẾT ĐỊNH:") % {"deciding": deciding, "body": profile.issuing_body},
            _("Điều 1. %(article)s") % {"article": article1},
            _("Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
            _("Điều 3. Văn phòng %(verifier)s, %(unit)s và %(who)s chịu trách nhiệm thi hành Quyết định này.")
            % {"verifier": verifier.name, "unit": exemplar.unit.name, "who": _named(exemplar)},
        ]
    )
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code=decision.code if decision is not None and decision.code else "",
        type_code="QĐ",
        issuer_code=profile.issuer_code,
        place=profile.place,
        date=(decision.date if decision is not None and decision.date else None) or exemplar.recognised_on,
        type_name=_("QUYẾT ĐỊNH"),
        summary=subject,
        body=body,
        signing_form=profile.signing_form,
        signer_title=_("BÍ THƯ"),
        signer_name=secretary_name(verifier),
        recipients=[_("Như Điều 3"), _("Lưu Văn phòng")],
    )


@party_language
def render_decision(exemplar: Exemplar) -> bytes:
    return docx.render(decision_document(exemplar))
