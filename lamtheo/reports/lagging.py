"""The units a report names as lagging, counted and named as a committee writes it.

From lamtheo.indicators.completeness (which chi bộ have not done, or recorded late, what they must), per
requirement: "Còn 04/541 chi bộ chưa tổ chức học tập chuyên đề: Chi bộ Ấp Cây Gòn (xã Hòa Lạc), ...". A committee
counts chi bộ, not chi bộ-months; the number announced is the number of chi bộ named (or counted per unit below when
there are too many to name). A chi bộ's own report says what it has not done, in its own words.
"""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.lib import vn
from lamtheo.units.models import Unit

LAGGING_NAMES = 20  # chi bộ named one by one; beyond, they are counted per unit below

# Per requirement (lamtheo.indicators.completeness.REQUIREMENTS): the sentence of a committee, with the number of
# chi bộ concerned over the number expected, and the sentence of a chi bộ about itself.
MISSING = {
    "monthly_meeting": gettext_lazy("Còn %(n)s/%(total)s chi bộ có tháng chưa sinh hoạt thường kỳ"),
    "study_session": gettext_lazy("Còn %(n)s/%(total)s chi bộ chưa tổ chức học tập chuyên đề"),
    "registrations": gettext_lazy(
        "Còn %(n)s/%(total)s chi bộ chưa có đủ bản đăng ký học tập và làm theo của đảng viên, cán bộ"
    ),
}
LATE = {
    "monthly_meeting": gettext_lazy(
        "%(n)s chi bộ cập nhật kết quả sinh hoạt thường kỳ lên phần mềm chậm (quá 5 ngày sau khi hết tháng)."
    ),
    "study_session": gettext_lazy(
        "%(n)s chi bộ cập nhật kết quả học tập chuyên đề lên phần mềm chậm (quá 5 ngày sau buổi học)."
    ),
    "registrations": gettext_lazy("%(n)s chi bộ có bản đăng ký nộp sau thời hạn."),
}
CELL_MISSING = {
    "monthly_meeting": gettext_lazy("Chi bộ còn %(n)s tháng chưa sinh hoạt thường kỳ."),
    "study_session": gettext_lazy("Chi bộ chưa tổ chức học tập chuyên đề."),
    "registrations": gettext_lazy("Chi bộ còn người chưa nộp bản đăng ký học tập và làm theo."),
}
CELL_LATE = {
    "monthly_meeting": gettext_lazy(
        "Chi bộ cập nhật kết quả sinh hoạt thường kỳ lên phần mềm chậm (quá 5 ngày sau khi hết tháng)."
    ),
    "study_session": gettext_lazy(
        "Chi bộ cập nhật kết quả học tập chuyên đề lên phần mềm chậm (quá 5 ngày sau buổi học)."
    ),
    "registrations": gettext_lazy("Chi bộ có bản đăng ký nộp sau thời hạn."),
}


def place_of(unit: Unit) -> str:
    """How a list names the unit above a chi bộ: "xã Hòa Lạc" for "Đảng ủy xã Hòa Lạc", the whole name otherwise."""
    name = unit.name
    for lead in ("Đảng ủy ", "Đảng bộ "):
        rest = name[len(lead) :]
        if name.startswith(lead) and rest[:1].islower():
            return rest
    return name


def _labels(cells: list[Unit], unit: Unit) -> list[str]:
    """Each chi bộ's name, with the unit above it when that is not `unit` ("Chi bộ Ấp Cây Gòn (xã Hòa Lạc)"); a name
    shared by several is said once with their count and places ("02 chi bộ Công an xã (xã Óc Eo, xã Tri Tôn)")."""
    parent_paths = {cell.path[: -Unit.steplen] for cell in cells}
    parents = {u.path: u for u in Unit.objects.filter(path__in=parent_paths)}
    places: dict[str, list[str]] = {}
    for cell in cells:
        parent = parents.get(cell.path[: -Unit.steplen])
        place = "" if parent is None or parent.pk == unit.pk else place_of(parent)
        places.setdefault(cell.name, []).append(place)
    labels = []
    for name, where in places.items():
        named = list(dict.fromkeys(place for place in where if place))
        if len(where) == 1:
            labels.append(f"{name} ({named[0]})" if named else name)
        else:
            label = f"{vn.count(len(where))} {name[:1].lower()}{name[1:]}"
            labels.append(f"{label} ({', '.join(named)})" if named else label)
    return labels


def _by_unit_below(cells: list[Unit], children: list[Unit]) -> list[list]:
    """[name of the unit below, number of `cells` under it], most first: how a long list is said."""
    counts = Counter()
    for cell in cells:
        child = next((c for c in children if cell.path.startswith(c.path)), None)
        counts[child.name if child is not None else cell.name] += 1
    return [[name, n] for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def lagging_rows(unit: Unit, period, today, children: list[Unit]) -> list[dict]:
    """The requirements some chi bộ missed or met late (see the module), as JSON-able rows of the snapshot."""
    from lamtheo.indicators.completeness import completeness

    units_below = bool(children)
    cells_total = None
    rows = []
    for item in completeness(unit, period, today=today):
        if not (item.missing or item.late):
            continue
        code = item.requirement.code
        if code == "monthly_meeting":  # counted in chi bộ-months: the chi bộ are counted apart
            if cells_total is None:
                cells_total = Unit.objects.subtree_of(unit).filter(kind__in=Unit.CELL_KINDS).active().count()
            total = cells_total
        else:
            total = item.expected
        missing = list(item.missing_units)
        row = {
            "code": code,
            "name": str(item.requirement.name),
            "units_below": units_below,
            "total": total,
            "missing": len(missing) if units_below else item.missing,
            "late": len(item.late_units) if units_below else item.late,
            "missing_units": [],
            "missing_by_unit": [],
        }
        if units_below and len(missing) <= LAGGING_NAMES:
            row["missing_units"] = _labels(missing, unit)
        elif units_below:
            row["missing_by_unit"] = _by_unit_below(missing, children)
        rows.append(row)
    return rows


def lagging_sentence(row: dict) -> str:
    """The row's sentences: what is still not done, by whom, and how many recorded it late."""
    if "total" not in row:  # a snapshot frozen before version 2 keeps its wording
        return _(
            "%(name)s: %(on_time)s/%(expected)s đúng hạn, %(late)s chậm, %(missing)s chưa thực hiện."
        ) % {key: vn.number(value) if isinstance(value, int) else value for key, value in row.items()}
    code = row["code"]
    if not row.get("units_below", True):
        parts = []
        if row["missing"] and code in CELL_MISSING:
            parts.append(str(CELL_MISSING[code]) % {"n": vn.count(row["missing"])})
        if row["late"] and code in CELL_LATE:
            parts.append(str(CELL_LATE[code]))
        return " ".join(parts)
    parts = []
    if row["missing"]:
        lead = str(MISSING.get(code, gettext_lazy("Còn %(n)s/%(total)s chi bộ chưa thực hiện"))) % {
            "n": vn.count(row["missing"]),
            "total": vn.count(row["total"]),
        }
        if row["missing_units"]:
            parts.append(_("%(lead)s: %(names)s.") % {"lead": lead, "names": ", ".join(row["missing_units"])})
        elif row["missing_by_unit"]:
            groups = ", ".join(
                _("%(unit)s (%(n)s chi bộ)") % {"unit": name, "n": vn.count(n)}
                for name, n in row["missing_by_unit"]
            )
            parts.append(_("%(lead)s, gồm: %(groups)s.") % {"lead": lead, "groups": groups})
        else:
            parts.append(lead + ".")
    if row["late"]:
        late = str(LATE.get(code, gettext_lazy("%(n)s chi bộ thực hiện chậm."))) % {
            "n": vn.count(row["late"])
        }
        parts.append(_("Có %(rest)s") % {"rest": late})
    return " ".join(parts)
