"""The figures a report quotes, read from lamtheo.indicators and written as committees write them.

`build_figures(report)` returns a JSON-able snapshot: headline sentences by section, a table of the units directly
below, the units that lag (completeness), and the rows of the two charts. A draft report computes it afresh each
time; an issued report keeps the snapshot it was issued with (Report.frozen_figures) and never recomputes it.

Each figure is said in the sentence its indicator declares (lamtheo.indicators.registry, `report_phrase`), so
the wording lives with the indicator and is translated as a whole sentence.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def sentence(scope: str, indicator, value, splits: dict | None = None, *, units_below: bool = True) -> str:
    """`Toàn tỉnh có 40.539/41.324 người tham gia học tập chuyên đề năm, đạt 98,1%. Trong đó đảng viên: ...` from
    an indicator's report phrase, its Value and the Values of its splits; a unit with no units below (a chi bộ)
    gets the indicator's phrase for a single unit when it has one."""
    if value.denominator is not None and not value.denominator:
        return _("%(name)s: chưa có số liệu trong kỳ.") % {"name": indicator.name}
    text = indicator.phrase(units_below=units_below) % {
        "scope": scope,
        "count": value.text,
        "ratio": value.text,
        "percent": value.percent_text,
    }
    parts = [
        _("%(label)s: %(value)s") % {"label": _lower_first(str(label)), "value": split_value}
        for label, split_value in (splits or {}).items()
        if split_value.numerator or split_value.denominator
    ]
    if parts:
        text += " " + _("Trong đó %(parts)s.") % {"parts": "; ".join(parts)}
    return text


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


def _lagging(unit: Unit, period, today, *, units_below: bool) -> list[dict]:
    """The requirements some units missed or met late, with the names of those units (none for a unit with no
    units below: it would only name itself)."""
    from lamtheo.indicators.completeness import completeness

    rows = []
    for item in completeness(unit, period, today=today):
        if not (item.missing or item.late):
            continue
        missing = [u.name for u in item.missing_units] if units_below else []
        late = [u.name for u in item.late_units] if units_below else []
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
        more = row["more_missing"]
        text += " " + _units_named(
            row["missing_units"],
            more,
            _("Chưa thực hiện: %(names)s."),
            ngettext(
                "Chưa thực hiện: %(names)s và %(n)s đơn vị khác.",
                "Chưa thực hiện: %(names)s và %(n)s đơn vị khác.",
                more,
            ),
        )
    if row["late_units"]:
        more = row["more_late"]
        text += " " + _units_named(
            row["late_units"],
            more,
            _("Thực hiện chậm: %(names)s."),
            ngettext(
                "Thực hiện chậm: %(names)s và %(n)s đơn vị khác.",
                "Thực hiện chậm: %(names)s và %(n)s đơn vị khác.",
                more,
            ),
        )
    return text


def _units_named(names: list[str], more: int, all_named: str, some_named: str) -> str:
    """`all_named` with the units' names, or `some_named` when `more` of them are left unnamed."""
    return (some_named if more else all_named) % {"names": ", ".join(names), "n": vn.number(more)}


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
                        units_below=bool(children),
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
        # The table's last row: the unit's own figures over its whole subtree ("Toàn tỉnh", "Toàn Đảng bộ").
        "total": [
            scope,
            *(_cell(own[c]) if c in own else "—" for c in columns),
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
        "lagging": _lagging(unit, period, today, units_below=bool(children)),
        "charts": charts,
    }
