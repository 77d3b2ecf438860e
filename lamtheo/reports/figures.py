"""The figures a report quotes, read from lamtheo.indicators and written as committees write them.

`build_figures(report)` returns a JSON-able snapshot: headline sentences by section, a table of the units directly
below, the units that lag (completeness), and the rows of the two charts. A draft report computes it afresh each
time; an issued report keeps the snapshot it was issued with (Report.frozen_figures) and never recomputes it.
"""

import datetime
import re

from django.utils.translation import gettext as _

from lamtheo.lib import vn
from lamtheo.units.models import Unit

TABLE_COLUMNS = 6  # ratio indicators shown per unit below: more does not fit an A4 page
# What the table of units below shows first, and what the two charts draw (bars per unit, trend by month).
TABLE_CODES = (
    "studied_topic",
    "registered",
    "conduct_adopted",
    "meetings_held",
    "attendance_rate",
    "thematic_meetings",
)
BARS_CODE = "studied_topic"
CHART_UNITS = 25  # bars that still read on an A4 page
TREND_CODE = "attendance_rate"
LAGGING_NAMES = 20  # unit names listed per requirement; the rest are counted
SNAPSHOT_VERSION = 1
SPLITS = (
    "members",
    "non_members",
)  # reported apart, as committees do ("... đảng viên; ... cán bộ, công chức")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def scope_word(unit: Unit) -> str:
    """How a report names the whole of its unit: "Toàn tỉnh", "Toàn Đảng bộ", "Chi bộ"."""
    if unit.kind == Unit.Kind.PROVINCE_COMMITTEE:
        return _("Toàn tỉnh")
    if unit.is_committee:
        return _("Toàn Đảng bộ")
    return _("Chi bộ")


def _what(indicator) -> str:
    """What an indicator counts, as a report says it: its numerator without "Số " ("người có mặt ..."), or its
    name when the description does not start so."""
    numerator = re.sub(r"\s*\([^)]*\)$", "", str(indicator.numerator))  # a closing remark stays in the table
    if numerator.startswith("Số "):
        return numerator[len("Số ") :]
    return _lower_first(str(indicator.name))


def sentence(scope: str, indicator, value, splits: dict | None = None) -> str:
    """`Toàn tỉnh có 40.539/41.324 người có mặt ở ít nhất một buổi học chuyên đề năm trong kỳ, đạt 98,1%; trong
    đó đảng viên: ...` from an indicator, its Value and the Values of its splits."""
    name = str(indicator.name)
    if value.denominator is None:
        text = _("%(scope)s có %(count)s %(what)s") % {
            "scope": scope,
            "count": value.text,
            "what": _what(indicator),
        }
    elif not value.denominator:
        return _("%(name)s: chưa có số liệu trong kỳ.") % {"name": name}
    elif name.lower().startswith(("tỷ lệ", "tỉ lệ")):
        text = _("%(name)s của %(scope)s đạt %(percent)s (%(ratio)s)") % {
            "name": name,
            "scope": _lower_first(scope),
            "percent": value.percent_text,
            "ratio": value.text,
        }
    else:
        text = _("%(scope)s có %(ratio)s %(what)s, đạt %(percent)s") % {
            "scope": scope,
            "ratio": value.text,
            "what": _what(indicator),
            "percent": value.percent_text,
        }
    parts = [
        f"{_lower_first(str(label))}: {split_value}"
        for label, split_value in (splits or {}).items()
        if split_value.numerator or split_value.denominator
    ]
    if parts:
        text += "; " + _("trong đó %(parts)s") % {"parts": "; ".join(parts)}
    return text + "."


def _value_json(value) -> dict:
    return {
        "numerator": value.numerator,
        "denominator": value.denominator,
        "text": value.text,
        "percent": value.percent,
        "percent_text": value.percent_text,
    }


def _cell(value) -> str:
    if value.denominator is None:
        return value.text
    if not value.denominator:
        return "—"
    return f"{value.text} ({value.percent_text})"


def _percent(value) -> float | None:
    return None if value is None else value.percent


def _preferred(indicators, preferred: tuple[str, ...], limit: int) -> list[str]:
    """The preferred codes that exist, then the other ratios, up to `limit`."""
    codes = [code for code in preferred if code in indicators]
    codes += [code for code, ind in indicators.items() if ind.is_ratio and code not in codes]
    return codes[:limit]


def _lagging(unit: Unit, period, today) -> list[dict]:
    from lamtheo.indicators.completeness import completeness

    rows = []
    for item in completeness(unit, period, today=today):
        if not (item.missing or item.late):
            continue
        missing = [u.name for u in item.missing_units]
        late = [u.name for u in item.late_units]
        rows.append(
            {
                "code": item.requirement.code,
                "name": str(item.requirement.name),
                "expected": item.expected,
                "on_time": item.on_time,
                "late": item.late,
                "missing": item.missing,
                "missing_units": missing[:LAGGING_NAMES],
                "late_units": late[:LAGGING_NAMES],
                "more_missing": max(0, len(missing) - LAGGING_NAMES),
                "more_late": max(0, len(late) - LAGGING_NAMES),
            }
        )
    return rows


def lagging_sentence(row: dict) -> str:
    text = _("%(name)s: %(on_time)s/%(expected)s đúng hạn, %(late)s chậm, %(missing)s chưa thực hiện.") % {
        "name": row["name"],
        "on_time": vn.number(row["on_time"]),
        "expected": vn.number(row["expected"]),
        "late": vn.number(row["late"]),
        "missing": vn.number(row["missing"]),
    }
    if row["missing_units"]:
        names = ", ".join(row["missing_units"])
        if row["more_missing"]:
            names += _(" và %(n)s đơn vị khác") % {"n": vn.number(row["more_missing"])}
        text += " " + _("Chưa thực hiện: %(names)s.") % {"names": names}
    if row["late_units"]:
        names = ", ".join(row["late_units"])
        if row["more_late"]:
            names += _(" và %(n)s đơn vị khác") % {"n": vn.number(row["more_late"])}
        text += " " + _("Thực hiện chậm: %(names)s.") % {"names": names}
    return text


def build_figures(unit: Unit, period, *, today: datetime.date | None = None, cache: bool = True) -> dict:
    """Every figure of `unit`'s report for `period` (see the module), in a bounded number of queries, as seen on
    `today` (the local date when None). `cache=False` has the indicators computed afresh (benchmarks)."""
    from lamtheo.indicators import engine, registry

    indicators = registry.INDICATORS
    codes = list(indicators)
    children = list(Unit.objects.children_of(unit).active().sorted())
    values = engine.figures([unit.pk, *(c.pk for c in children)], period, codes, today=today, cache=cache)
    own = values.get(unit.pk, {})
    split_codes = [code for code, ind in indicators.items() if set(SPLITS) <= set(ind.splits)]
    by_split = {
        split: engine.figures([unit.pk], period, split_codes, split=split, today=today, cache=cache).get(
            unit.pk, {}
        )
        for split in SPLITS
    }
    scope = scope_word(unit)
    sections = []
    for section_code, title in registry.SECTIONS.items():
        rows = []
        for code, indicator in indicators.items():
            if indicator.section != section_code or code not in own:
                continue
            value = own[code]
            rows.append(
                {
                    "code": code,
                    "name": str(indicator.name),
                    "sentence": sentence(
                        scope,
                        indicator,
                        value,
                        {registry.SPLITS[k]: by_split[k][code] for k in SPLITS if code in by_split[k]},
                    ),
                    **_value_json(value),
                }
            )
        if rows:
            sections.append({"code": section_code, "title": str(title), "figures": rows})

    columns = _preferred(indicators, TABLE_CODES, TABLE_COLUMNS)
    table = {
        "headers": [_("Đơn vị"), *(str(indicators[c].name) for c in columns)],
        "rows": [
            [
                child.name,
                *(_cell(values[child.pk][c]) if c in values.get(child.pk, {}) else "—" for c in columns),
            ]
            for child in children
        ],
    }
    charts = {}
    bars_code = (_preferred(indicators, (BARS_CODE,), 1) or [None])[0]
    if bars_code is not None and children:
        rows = [[child.name, _percent(values.get(child.pk, {}).get(bars_code))] for child in children]
        name = str(indicators[bars_code].name)
        title = _("%(name)s theo đơn vị") % {"name": name}
        if len(rows) > CHART_UNITS:  # a page holds so many bars: show the units that lag most
            rows = sorted(rows, key=lambda row: (row[1] is None, row[1] or 0))[:CHART_UNITS]
            title = _("%(name)s: %(n)s đơn vị thấp nhất trong %(total)s") % {
                "name": name,
                "n": CHART_UNITS,
                "total": vn.number(len(children)),
            }
        charts["bars"] = {"title": title, "bar": indicators[bars_code].bar, "rows": rows}
    trend_code = (_preferred(indicators, (TREND_CODE,), 1) or [None])[0]
    if trend_code is not None:
        points = engine.trend(unit.pk, period, [trend_code], today=today, cache=cache).get(trend_code, [])
        if points:
            charts["trend"] = {
                "title": str(indicators[trend_code].name),
                "rows": [[month.label, value.percent] for month, value in points],
            }
    return {
        "version": SNAPSHOT_VERSION,
        "unit": {"id": unit.pk, "name": unit.name},
        "period": {
            "kind": period.kind,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
        },
        "scope": scope,
        "sections": sections,
        "table": table if children else None,
        "lagging": _lagging(unit, period, today),
        "charts": charts,
    }
