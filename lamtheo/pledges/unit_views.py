"""A unit's registrations: the secretary's page for a chi bộ (who is missing, late, waiting for review; reminders;
the list of those missing and the book of the year), the figures of a unit and the units below it, the registrations
leaders published there, and the deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.lib import vn
from lamtheo.lib.web import attachment, attempt, refuse
from lamtheo.lib.xlsx import xlsx_response
from lamtheo.pledges import actions
from lamtheo.pledges.cell import Group, cell_overview, mark_review_rights
from lamtheo.pledges.figures import figures_for
from lamtheo.pledges.forms import DeadlineForm
from lamtheo.pledges.models import Pledge, RegistrationDeadline, ancestor_paths
from lamtheo.pledges.rendering import render_book
from lamtheo.pledges.views import year_asked
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user


def _unit_for_staff(request, unit_pk) -> Unit:
    """The unit if the user follows its registrations: 404 outside their scope, 403 inside without a staff role."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "pledges.manage", unit)
    return unit


@login_required
def cell(request, unit_pk):
    """The secretary's page for a chi bộ and a year."""
    unit = _unit_for_staff(request, unit_pk)
    year = year_asked(request)
    overview = cell_overview(unit, year, today=timezone.localdate())
    mark_review_rights(overview, request.user)
    titles = [
        (Group.WAITING, _("Chờ xem xét"), _("Đã nộp, chờ chi bộ chấp nhận hoặc trả lại để sửa.")),
        (Group.SELF_ASSESSED, _("Chờ nhận xét, xếp loại"), _("Đã tự đánh giá cuối năm.")),
        (Group.RETURNED, _("Đã trả lại để sửa"), _("Người đăng ký đang sửa theo nhận xét.")),
        (Group.MISSING, _("Chưa có bản đăng ký"), ""),
        (Group.DRAFT, _("Đang soạn, chưa nộp"), ""),
        (Group.ACCEPTED, _("Đã chấp nhận, đang thực hiện"), ""),
        (Group.DONE, _("Đã nhận xét, xếp loại"), ""),
    ]
    context = {
        "unit": unit,
        "year": year,
        "overview": overview,
        "sections": [(key, title, help, overview.groups[key]) for key, title, help in titles],
        "waiting": overview.count(Group.WAITING),
        "not_submitted": len(overview.not_submitted),
        "can_enter_for_unit": allows(request.user, "pledges.enter_at", unit),
        "breadcrumbs": breadcrumbs_for(request, unit),
        "years": _years(),
    }
    return render(request, "pledges/cell.html", context)


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year + 1, this_year, this_year - 1, this_year - 2]


@login_required
@require_POST
def remind(request, unit_pk):
    unit = _unit_for_staff(request, unit_pk)
    if not request.POST.get("nam"):
        message = _("Thiếu năm cần nhắc; hãy tải lại trang rồi thử lại.")
        return refuse(request, reverse("pledges:cell", args=[unit.pk]), message)
    year = year_asked(request)
    result = actions.remind_missing(unit, year, actor=request.user)
    if not result.missing:
        messages.success(request, _("Mọi người đã nộp bản đăng ký năm %(year)s.") % {"year": year})
    else:
        messages.success(
            request,
            _(
                "%(missing)s người chưa nộp. Đã gửi thông báo trong hệ thống cho %(notified)s người có tài khoản (kèm "
                "thư điện tử nếu có địa chỉ). Đã ghi %(recorded)s lời nhắc qua thư điện tử hoặc tin nhắn vào danh sách "
                "cần gửi (hệ thống chưa tự gửi tin nhắn); %(unreachable)s người không có thư điện tử, số điện thoại cần "
                "nhắc trực tiếp: %(names)s."
            )
            % {
                "missing": vn.number(len(result.missing)),
                "notified": vn.number(len(result.notified)),
                "recorded": vn.number(len(result.recorded)),
                "unreachable": vn.number(len(result.unreachable)),
                "names": ", ".join(p.full_name for p in result.unreachable) or "—",
            },
        )
    return redirect(f"{reverse('pledges:cell', args=[unit.pk])}?nam={year}")


@login_required
def missing_export(request, unit_pk):
    unit = _unit_for_staff(request, unit_pk)
    year = year_asked(request)
    overview = cell_overview(unit, year, today=timezone.localdate())
    headers = [
        _("STT"),
        _("Họ và tên"),
        _("Đảng tịch"),
        _("Chức danh"),
        _("Điện thoại"),
        _("Thư điện tử"),
        _("Tình trạng"),
        _("Quá hạn"),
    ]
    rows = [
        [
            index,
            row.person.full_name,
            row.person.get_party_status_display(),
            row.person.job_title,
            row.person.phone,
            row.person.email,
            row.pledge.get_status_display() if row.pledge else _("Chưa có bản đăng ký"),
            _("Quá hạn") if row.late else "",
        ]
        for index, row in enumerate(overview.not_submitted, 1)
    ]
    filename = f"chua-nop-ban-dang-ky-{year}-{vn.fold(unit.name).replace(' ', '-')}.xlsx"
    return xlsx_response(filename, headers, rows, sheet_title=_("Chưa nộp %(year)s") % {"year": year})


@login_required
def book(request, unit_pk):
    """The chi bộ's book (sổ đăng ký) of a year, as one DOCX."""
    unit = _unit_for_staff(request, unit_pk)
    year = year_asked(request)
    return attachment(
        render_book(unit, year), f"so-dang-ky-{year}-{vn.fold(unit.name).replace(' ', '-')}.docx"
    )


@login_required
def published(request, unit_pk):
    """The registrations leaders made public to this unit and to the units above it."""
    unit = get_unit_for_user(request, unit_pk)
    year = year_asked(request)
    pledges = list(
        Pledge.objects.visible_to(request.user)
        .filter(
            year=year,
            published=True,
            published_to__path__in=ancestor_paths([unit.path], unit.steplen),
        )
        .select_related("person", "published_to")
        .prefetch_related("items")
        .order_by("published_to__depth", "person__sort_key")
    )
    context = {
        "unit": unit,
        "year": year,
        "pledges": pledges,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "years": _years(),
    }
    return render(request, "pledges/published.html", context)


@login_required
def figures(request, unit_pk):
    unit = _unit_for_staff(request, unit_pk)
    year = year_asked(request)
    table = figures_for(unit, year, request.user)
    context = {
        "unit": unit,
        "year": year,
        "table": table,
        "breadcrumbs": breadcrumbs_for(request, unit),
        "years": _years(),
    }
    return render(request, "pledges/figures.html", context)


def _ratio(numerator: int, denominator: int):
    return round(numerator * 100 / denominator, 1) if denominator else None


@login_required
def figures_export(request, unit_pk):
    unit = _unit_for_staff(request, unit_pk)
    year = year_asked(request)
    table = figures_for(unit, year, request.user)
    headers = [
        _("STT"),
        _("Đơn vị"),
        _("Tổng số người"),
        _("Đã đăng ký"),
        _("Tỷ lệ (%)"),
        _("Đảng viên"),
        _("Đảng viên đã đăng ký"),
        _("Tỷ lệ đảng viên (%)"),
        _("Chưa là đảng viên"),
        _("Chưa là đảng viên đã đăng ký"),
        _("Tỷ lệ chưa là đảng viên (%)"),
        _("Cán bộ chủ chốt"),
        _("Cán bộ chủ chốt đã đăng ký"),
        _("Tỷ lệ cán bộ chủ chốt (%)"),
        _("Đã được chi bộ chấp nhận"),
        _("Tỷ lệ đã xem xét / đã nộp (%)"),
        *[str(label) for label in Pledge.Level.labels],
    ]

    def line(index, name, f):
        return [
            index,
            name,
            f.people,
            f.registered,
            _ratio(f.registered, f.people),
            f.members,
            f.registered_members,
            _ratio(f.registered_members, f.members),
            f.non_members,
            f.registered_non_members,
            _ratio(f.registered_non_members, f.non_members),
            f.key_cadres,
            f.registered_key_cadres,
            _ratio(f.registered_key_cadres, f.key_cadres),
            f.reviewed,
            _ratio(f.reviewed, f.registered),
            *[f.levels[level] for level in Pledge.Level.values],
        ]

    rows = [line(index, f.unit.name, f) for index, f in enumerate(table.rows, 1)]
    if table.own is not None:
        rows.append(line("", _("Trực thuộc trực tiếp %(unit)s") % {"unit": unit.name}, table.own))
    rows.append(line("", _("Tổng cộng"), table.total))
    filename = f"so-lieu-dang-ky-{year}-{vn.fold(unit.name).replace(' ', '-')}.xlsx"
    return xlsx_response(filename, headers, rows, sheet_title=_("Đăng ký %(year)s") % {"year": year})


@login_required
@require_http_methods(["GET", "POST"])
def deadline(request, unit_pk):
    unit = _unit_for_staff(request, unit_pk)
    year = year_asked(request)
    current = RegistrationDeadline.objects.for_unit(unit, year)
    initial = {"year": year, "due_date": current.due_date if current else None}
    form = DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            actions.set_deadline(
                unit, form.cleaned_data["year"], form.cleaned_data["due_date"], actor=request.user
            )
        if outcome:
            messages.success(
                request,
                _(
                    "Đã đặt hạn nộp bản đăng ký năm %(year)s: %(date)s; các đơn vị trực thuộc áp dụng hạn này trừ khi tự đặt hạn riêng."
                )
                % {"year": form.cleaned_data["year"], "date": vn.short_date(form.cleaned_data["due_date"])},
            )
            return redirect(f"{reverse('pledges:cell', args=[unit.pk])}?nam={form.cleaned_data['year']}")
    context = {
        "unit": unit,
        "year": year,
        "form": form,
        "current": current,
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "pledges/deadline.html", context)
